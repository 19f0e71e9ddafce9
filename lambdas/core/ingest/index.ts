// PLACEHOLDER until the ingest module of issue 7 (part 1) lands on main: it reads JSON lines that are
// already AuthEvents. Replaced by the real parsers at the merge.
import type { AuthEvent, AuthLogFormat, ParsedLog } from '../auth-event.ts';

export function parseAuthLog(text: string, _format?: AuthLogFormat): ParsedLog {
  const result: ParsedLog = { events: [], rejected: [] };
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    try {
      const event = JSON.parse(line) as AuthEvent;
      if (typeof event.time !== 'number' || typeof event.user !== 'string')
        throw new Error('not an AuthEvent');
      result.events.push(event);
    } catch (error) {
      result.rejected.push({ line: i + 1, reason: (error as Error).message, text: line.slice(0, 1000) });
    }
  }
  return result;
}
