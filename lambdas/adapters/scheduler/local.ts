import { renameSync, writeFileSync } from 'node:fs';
import { NamedError } from '../named-error.ts';
import { readStateFile } from '../state-file.ts';
import {
  type OneTimeSchedule,
  type PageSchedule,
  type ReminderScheduler,
  SCHEDULE_NAME,
  type Scheduler,
} from './port.ts';

/**
 * EventBridge Scheduler's one-time schedules, locally: the same name rules and ConflictException; a fired
 * schedule is deleted (ActionAfterCompletion DELETE). The runtime fires them on its virtual clock.
 */
export class LocalScheduler implements Scheduler, ReminderScheduler {
  private readonly schedules = new Map<string, OneTimeSchedule | PageSchedule>();

  constructor(private readonly file?: string) {
    if (file)
      for (const s of readStateFile<(OneTimeSchedule | PageSchedule)[]>(
        file,
        'the local EventBridge Scheduler schedules',
        'array',
      ) ?? [])
        this.schedules.set(s.name, s);
  }

  async createOnce(schedule: OneTimeSchedule): Promise<{ created: boolean }> {
    return this.create(schedule);
  }

  async createReminder(schedule: PageSchedule): Promise<{ created: boolean }> {
    return this.create(schedule);
  }

  async cancel(name: string): Promise<{ deleted: boolean }> {
    return this.deleteReminder(name);
  }

  async deleteReminder(name: string): Promise<{ deleted: boolean }> {
    const deleted = this.schedules.delete(name);
    if (deleted) this.save();
    return { deleted };
  }

  private async create(schedule: OneTimeSchedule | PageSchedule): Promise<{ created: boolean }> {
    if (!SCHEDULE_NAME.test(schedule.name))
      throw new NamedError(
        'ValidationException',
        `schedule name "${schedule.name}" must be 1-64 letters, digits, '-', '_' or '.'`,
      );
    if (Number.isNaN(Date.parse(schedule.at)))
      throw new NamedError('ValidationException', `"${schedule.at}" is not a time for at()`);
    if (this.schedules.has(schedule.name)) return { created: false };
    this.schedules.set(schedule.name, { ...schedule, at: new Date(schedule.at).toISOString() });
    this.save();
    return { created: true };
  }

  /** Pending schedules, earliest first (ties by name, so runs are reproducible). */
  pending(): (OneTimeSchedule | PageSchedule)[] {
    return [...this.schedules.values()].sort(
      (a, b) => a.at.localeCompare(b.at) || a.name.localeCompare(b.name),
    );
  }

  /** The earliest schedule due at or before `until`, removed as Scheduler deletes it after it fires. */
  takeNextDue(until: Date): OneTimeSchedule | PageSchedule | undefined {
    const next = this.pending()[0];
    if (!next || Date.parse(next.at) > until.getTime()) return undefined;
    this.schedules.delete(next.name);
    this.save();
    return next;
  }

  private save() {
    if (!this.file) return;
    writeFileSync(`${this.file}.tmp`, JSON.stringify([...this.schedules.values()]));
    renameSync(`${this.file}.tmp`, this.file);
  }
}
