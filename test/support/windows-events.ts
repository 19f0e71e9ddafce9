import type { LogRecord } from '../../lambdas/adapters/logs/port.ts';
import type { AuthEvent } from '../../lambdas/core/auth-event.ts';
import { normalizeRecord } from '../../lambdas/core/ingest/index.ts';

/**
 * A Windows Security event as a domain controller writes it (Event/System/EventData, per Microsoft's security
 * auditing reference), read by riposte's own Windows reader. For built sequences no public sample covers.
 */
export function dcEvent(id: number, at: number, data: Record<string, string>): AuthEvent {
  return normalizeRecord({
    Event: {
      System: {
        EventID: id,
        Computer: 'DC01.corp.example',
        TimeCreated: { SystemTime: new Date(at).toISOString() },
      },
      EventData: data,
    },
  });
}

/** A Windows Security event as NXLog ships it to CloudWatch Logs (flat JSON), wrapped as a stored log record. */
export function windowsEvent(eventId: number, at: Date, fields: Record<string, string>): LogRecord {
  return {
    source: 'windows-security',
    timestamp: at.toISOString(),
    record: {
      '@timestamp': at.toISOString(),
      EventID: eventId,
      Channel: 'Security',
      Hostname: 'DC01.corp.example',
      ...fields,
    },
  };
}

/** `count` events starting at `start`, `everySeconds(i)` apart. */
export function series(
  start: string,
  count: number,
  everySeconds: (i: number) => number,
  make: (at: Date, i: number) => LogRecord,
): LogRecord[] {
  const out: LogRecord[] = [];
  let t = Date.parse(start);
  for (let i = 0; i < count; i++) {
    out.push(make(new Date(t), i));
    t += everySeconds(i) * 1000;
  }
  return out;
}
