import type { AlarmReading } from '../../core/relax-gate.ts';

/** CloudWatch alarms' states, for the relaxation gate. */
export interface AlarmStates {
  /** One reading per name: MISSING when no alarm has it. */
  read(names: readonly string[]): Promise<AlarmReading[]>;
}
