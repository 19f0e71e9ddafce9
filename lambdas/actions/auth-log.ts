import type { Indicators, LogRecord, LogWindow } from '../adapters/logs/port.ts';
import type { Alert } from '../core/alerts.ts';
import type { AuthEvent } from '../core/auth-event.ts';
import { attackWindow } from '../core/evidence.ts';
import { normalizeRecord, UnparsableRecordError } from '../core/ingest/index.ts';
import type { Deps } from '../platform/deps.ts';

/** The stretch of logs an investigation reads: the detection's own window, else the evidence window. */
export function investigationWindow(alert: Alert, deps: Deps): LogWindow {
  if (alert.window) return { start: new Date(alert.window.start), end: new Date(alert.window.end) };
  return attackWindow(new Date(alert.observedAt), deps.config.evidence.windowMinutesBefore, deps.clock());
}

/** Log records as sign-in events; records that are not sign-ins (or unreadable) are counted, not lost. */
export function toAuthEvents(records: readonly LogRecord[]): { events: AuthEvent[]; unreadable: number } {
  const events: AuthEvent[] = [];
  let unreadable = 0;
  for (const { record } of records) {
    try {
      events.push(normalizeRecord(record));
    } catch (error) {
      if (!(error instanceof UnparsableRecordError)) throw error;
      unreadable++;
    }
  }
  return { events, unreadable };
}

/** Read the window's records for the indicators and normalize them. */
export async function readAuthEvents(deps: Deps, window: LogWindow, indicators: Indicators) {
  return toAuthEvents(await deps.logs.read(window, indicators));
}
