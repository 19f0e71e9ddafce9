import type { LogRecord } from '../../lambdas/adapters/logs/port.ts';

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
