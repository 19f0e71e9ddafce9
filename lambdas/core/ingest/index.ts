import type { AuthEvent, AuthLogFormat, ParsedLog, RejectedRecord } from '../auth-event.ts';
import { normalizeApp } from './app.ts';
import { normalizeAuth0 } from './auth0.ts';
import { normalizeCloudTrail } from './cloudtrail.ts';
import { normalizeCognito } from './cognito.ts';
import { normalizeEntra } from './entra.ts';
import { isObject, type Json, UnparsableRecordError } from './fields.ts';
import { normalizeOkta } from './okta.ts';
import { normalizeWindows } from './windows.ts';

export { NOT_AUTHENTICATION, UnparsableRecordError } from './fields.ts';

const ADAPTERS: Readonly<Record<AuthLogFormat, (record: unknown) => AuthEvent>> = {
  windows: normalizeWindows,
  cloudtrail: normalizeCloudTrail,
  cognito: normalizeCognito,
  okta: normalizeOkta,
  entra: normalizeEntra,
  auth0: normalizeAuth0,
  app: normalizeApp,
};

/** The format of one raw record, from the fields only that format has; undefined when none fits. */
export function detectFormat(record: unknown): AuthLogFormat | undefined {
  if (typeof record === 'string') return record.includes('<EventID') ? 'windows' : undefined;
  if (!isObject(record)) return undefined;
  const r = unwrap(record);
  if (r.EventID !== undefined || isObject(r.winlog) || isObject(r.Event) || isObject(r.System))
    return 'windows';
  if (typeof r.eventSource === 'string')
    return r.eventSource === 'cognito-idp.amazonaws.com' ? 'cognito' : 'cloudtrail';
  if (typeof r.eventType === 'string' && r.published !== undefined) return 'okta';
  if (
    r.userPrincipalName !== undefined ||
    (isObject(r.properties) && r.properties.userPrincipalName !== undefined)
  )
    return 'entra';
  if (r.eventResponse !== undefined || r.EventResponse !== undefined) return 'cognito';
  if (typeof r.type === 'string' && r.date !== undefined) return 'auth0';
  if (typeof r.outcome === 'string' && r.user !== undefined) return 'app';
  return undefined;
}

/** One raw record as an AuthEvent; anything unreadable or unrelated to sign-ins throws UnparsableRecord. */
export function normalizeRecord(record: unknown, format?: AuthLogFormat): AuthEvent {
  const named = format ?? detectFormat(record);
  if (!named) throw new UnparsableRecordError(`format: ${describe(record)} matches no known log format`);
  const adapter = ADAPTERS[named];
  if (!adapter) throw new UnparsableRecordError(`format: "${String(named)}" is not one of the log formats`);
  try {
    return adapter(isObject(record) ? unwrap(record) : record);
  } catch (error) {
    if (error instanceof UnparsableRecordError) throw error;
    // An adapter bug on a strange record must still land in `rejected`, not stop the whole log.
    throw new UnparsableRecordError(
      `${named} record: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * A log file as events: JSON lines, a JSON array, one pretty-printed object, a CloudTrail `Records` file, a
 * CloudWatch Logs subscription payload (`logEvents`), or Windows XML events. Every record that is not an
 * event is in `rejected` with its line (or its index in an array) and the reason.
 */
export function parseAuthLog(text: string, format?: AuthLogFormat): ParsedLog {
  const out: ParsedLog = { events: [], rejected: [] };
  const trimmed = text.trimStart();
  if (trimmed.startsWith('<')) {
    for (const [line, xml] of xmlEvents(text)) add(out, xml, line, xml, format);
    if (out.events.length + out.rejected.length === 0)
      out.rejected.push(reject(1, 'no <Event> element', text));
    return out;
  }
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !firstLineIsJson(trimmed))) {
    const whole = tryParse(text);
    if (whole !== undefined) {
      const all = records(whole);
      for (let i = 0; i < all.length; i++) add(out, all[i], i + 1, undefined, format);
      return out;
    }
  }
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.charCodeAt(0) !== 123 && line.trim() === '') continue; // '{' starts almost every line: skip the trim
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      out.rejected.push(reject(i + 1, `not JSON: ${(error as Error).message}`, line));
      continue;
    }
    if (isObject(record) && (Array.isArray(record.Records) || Array.isArray(record.logEvents))) {
      const inner = records(record);
      if (inner.length === 0) out.rejected.push(reject(i + 1, 'no records in Records or logEvents', line));
      for (const r of inner) add(out, r, i + 1, undefined, format);
    } else add(out, record, i + 1, line, format);
  }
  return out;
}

function add(
  out: ParsedLog,
  record: unknown,
  line: number,
  raw: string | undefined,
  format?: AuthLogFormat,
): void {
  try {
    out.events.push(normalizeRecord(record, format));
  } catch (error) {
    out.rejected.push(
      reject(line, (error as Error).message, raw ?? JSON.stringify(record) ?? String(record)),
    );
  }
}

function reject(line: number, reason: string, text: string): RejectedRecord {
  return { line, reason, text: text.length > 1000 ? text.slice(0, 1000) : text };
}

/** The records a parsed file holds: array items, CloudTrail `Records`, CloudWatch Logs `logEvents` messages. */
function records(parsed: unknown): unknown[] {
  if (Array.isArray(parsed)) return parsed;
  if (isObject(parsed) && Array.isArray(parsed.Records)) return parsed.Records;
  if (isObject(parsed) && Array.isArray(parsed.logEvents)) {
    return parsed.logEvents.map((e) => {
      const message = isObject(e) ? e.message : undefined;
      if (typeof message !== 'string' || !message.trimStart().startsWith('{')) return message;
      return tryParse(message) ?? message;
    });
  }
  return [parsed];
}

/** EventBridge delivers CloudTrail and Auth0 records inside `detail` (Auth0: `detail.data`). */
function unwrap(record: Json): Json {
  if (typeof record['detail-type'] !== 'string' || !isObject(record.detail)) return record;
  const detail = record.detail;
  return isObject(detail.data) ? detail.data : detail;
}

function firstLineIsJson(text: string): boolean {
  const end = text.indexOf('\n');
  return tryParse(end < 0 ? text : text.slice(0, end)) !== undefined;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Each `<Event>…</Event>` with the line it starts on. */
function* xmlEvents(text: string): Generator<[number, string]> {
  const pattern = /<Event[\s>][\s\S]*?<\/Event>/g;
  let line = 1;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    for (let i = last; i < match.index; i++) if (text.charCodeAt(i) === 10) line++;
    last = match.index;
    yield [line, match[0]];
  }
}

function describe(record: unknown): string {
  if (!isObject(record))
    return record === null ? 'null' : Array.isArray(record) ? 'an array' : `a ${typeof record}`;
  const keys = Object.keys(record).slice(0, 6);
  return keys.length ? `a record with fields ${keys.join(', ')}` : 'an empty object';
}
