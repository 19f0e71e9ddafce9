import type { AuthEvent } from '../../lambdas/core/auth-event.ts';
import { normalizeRecord } from '../../lambdas/core/ingest/index.ts';
import type { Attempt } from '../pictures/attempts-svg.ts';
import type { EvidenceLogRecord } from './records.ts';

/** The sealed log records read as sign-in events (the detectors' own readers); the rest are counted, not lost. */
export function evidenceEvents(logs: readonly EvidenceLogRecord[]): {
  events: AuthEvent[];
  unreadable: number;
} {
  const events: AuthEvent[] = [];
  let unreadable = 0;
  for (const line of logs) {
    try {
      events.push(normalizeRecord(line.record));
    } catch {
      unreadable++;
    }
  }
  return { events, unreadable };
}

/** Sign-in attempts for the chart: each record's time and whether it failed. */
export function attemptsOf(events: readonly AuthEvent[]): Attempt[] {
  return events
    .filter(
      (e) =>
        e.activity === 'logon' ||
        e.activity === 'credential-validation' ||
        e.activity === 'authentication-ticket',
    )
    .map((e) => ({ time: e.time, outcome: e.outcome }));
}
