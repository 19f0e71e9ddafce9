import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { AlarmReading } from '../../core/relax-gate.ts';
import type { AlarmStates } from './port.ts';

type State = Exclude<AlarmReading['state'], 'MISSING' | 'UNKNOWN'>;

/** CloudWatch alarms, locally: states set by a scenario or test (alarms.json); an alarm never set is MISSING. */
export class LocalAlarmStates implements AlarmStates {
  private states: Record<string, State>;

  constructor(private readonly file?: string) {
    this.states = file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  }

  /** Like PutMetricAlarm then SetAlarmState: the alarm exists in this state. */
  set(name: string, state: State): void {
    this.states[name] = state;
    if (!this.file) return;
    writeFileSync(`${this.file}.tmp`, JSON.stringify(this.states));
    renameSync(`${this.file}.tmp`, this.file);
  }

  async read(names: readonly string[]): Promise<AlarmReading[]> {
    return names.map((name) => ({ name, state: this.states[name] ?? 'MISSING' }));
  }
}
