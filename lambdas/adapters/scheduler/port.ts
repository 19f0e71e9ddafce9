import type { Page } from '../pager/port.ts';

/** A one-time schedule that starts one execution of a state machine, then deletes itself. */
export interface OneTimeSchedule {
  /** Deterministic: a re-delivered step asks for the same name and creates nothing twice. */
  name: string;
  /** When it fires (ISO 8601, UTC; Scheduler keeps whole seconds). */
  at: string;
  /** The execution it starts: deterministic too, so a re-fired schedule starts nothing twice. */
  executionName: string;
  input: unknown;
}

/** EventBridge Scheduler (one-time schedules). Errors keep Scheduler's names, e.g. ValidationException. */
export interface Scheduler {
  /** created: false when a schedule of that name already exists (the request was a re-delivery). */
  createOnce(schedule: OneTimeSchedule): Promise<{ created: boolean }>;
  /** Delete a schedule before it fires; deleted: false when it had fired (and deleted itself) or never existed. */
  cancel(name: string): Promise<{ deleted: boolean }>;
}

/** A one-time schedule that publishes one page to the response team's topic, then deletes itself. */
export interface PageSchedule {
  name: string;
  at: string;
  page: Page & { incidentId: string };
}

/** Reminders (the legal clocks): schedules whose target is the page topic itself, deleted when moot. */
export interface ReminderScheduler {
  createReminder(schedule: PageSchedule): Promise<{ created: boolean }>;
  /** deleted: false when it had fired (and deleted itself) or never existed. */
  deleteReminder(name: string): Promise<{ deleted: boolean }>;
}

/** Scheduler's rules for names: 1–64 of letters, digits, '-', '_' and '.'. */
export const SCHEDULE_NAME = /^[0-9a-zA-Z-_.]{1,64}$/;

/** at() expressions take yyyy-mm-ddThh:mm:ss, no zone suffix (the zone is ScheduleExpressionTimezone). */
export function atExpression(at: string): string {
  return `at(${new Date(at).toISOString().slice(0, 19)})`;
}
