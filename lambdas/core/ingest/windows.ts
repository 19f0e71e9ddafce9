import type { AuthActivity, AuthEvent, FailureReason } from '../auth-event.ts';
import {
  account,
  ip,
  isObject,
  type Json,
  notAuthentication,
  obj,
  type ReasonTable,
  required,
  text,
  time,
  UnparsableRecordError,
  withOptional,
} from './fields.ts';

/**
 * Windows Security events as shipped to CloudWatch Logs: the flat NXLog/Mordor JSON (EventData fields at the
 * top level), the Event/System/EventData JSON rendering, Winlogbeat's `winlog`, and the XML form (a string).
 */

interface WindowsRecord {
  id: string;
  time: number;
  /** The computer that wrote the event: a domain controller, or the workstation itself for local logons. */
  computer?: string;
  data: Json;
}

const ACTIVITY: Readonly<Record<string, AuthActivity>> = {
  '4624': 'logon',
  '4625': 'logon',
  '4634': 'logoff',
  '4647': 'logoff',
  '4648': 'logon',
  '4723': 'password-change',
  '4724': 'password-change',
  '4725': 'account-disabled',
  '4740': 'lockout',
  '4768': 'authentication-ticket',
  '4769': 'service-ticket',
  '4771': 'authentication-ticket',
  '4776': 'credential-validation',
};

/** NTSTATUS codes of 4625 (SubStatus, else Status) and 4776 (Status), lowercase hex. */
const NTSTATUS: ReasonTable = {
  '0xc000006a': 'wrong-password',
  '0xc0000064': 'unknown-user',
  '0xc0000072': 'disabled',
  '0xc0000234': 'locked',
  '0xc0000071': 'expired',
  '0xc0000193': 'expired',
  '0xc0000224': 'expired',
};

/** Kerberos result codes of 4768 and 4771. 0x12 (client revoked) covers disabled, expired and locked. */
const KERBEROS: ReasonTable = {
  '0x6': 'unknown-user',
  '0x12': 'locked',
  '0x17': 'expired',
  '0x18': 'wrong-password',
};

export function normalizeWindows(record: unknown): AuthEvent {
  const w = typeof record === 'string' ? fromXml(record) : fromJson(record);
  const activity = ACTIVITY[w.id];
  if (!activity) throw notAuthentication(`Windows event ${w.id}`);
  const d = w.data;
  const name = required(d, 'TargetUserName');
  const { user, domain } = account(name, 'TargetUserName');
  // 4648 is written on the machine that used the credentials; its IpAddress is the *target* server's.
  const explicit = w.id === '4648';
  const address = ip(text(d, 'IpAddress'), 'IpAddress');
  const sourceIp = explicit ? undefined : address;
  const workstation = text(d, 'WorkstationName') ?? text(d, 'Workstation');
  const status = statusOf(w.id, d);
  const failed = status !== undefined || w.id === '4625' || w.id === '4771';
  const event: AuthEvent = {
    time: w.time,
    format: 'windows',
    eventCode: w.id,
    activity,
    // 4648 records the attempt, not its result: the target logs whether it worked.
    outcome: failed ? 'failure' : explicit ? 'unknown' : 'success',
    user,
  };
  const logonType = text(d, 'LogonType');
  const reporter = hostName(w.computer);
  const subject = explicit ? text(d, 'SubjectUserName') : undefined;
  return withOptional(event, {
    domain: w.id === '4740' ? text(d, 'SubjectDomainName') : (domain ?? text(d, 'TargetDomainName')),
    failureReason: failed ? reasonOf(w.id, status) : undefined,
    statusCode: status,
    sourceIp,
    // 4740 names the caller computer in TargetDomainName (CallerComputerName in some renderings); a logon
    // without an address, and every 4648, came from the reporting host.
    sourceHost:
      w.id === '4740'
        ? hostName(text(d, 'TargetDomainName') ?? text(d, 'CallerComputerName'))
        : explicit
          ? reporter
          : (hostName(workstation) ?? (sourceIp ? undefined : reporter)),
    destination:
      text(d, 'TargetServerName') ?? (explicit ? address : undefined) ?? text(d, 'ServiceName') ?? w.computer,
    reporter,
    actor: subject === undefined ? undefined : account(subject, 'SubjectUserName').user,
    process: text(d, 'ProcessName') ?? text(d, 'CallerProcessName'),
    logonType: logonType === undefined ? undefined : Number(logonType) || undefined,
  });
}

/** The failure code of the event, lowercase; undefined on success (0x0) or when the event has none. */
function statusOf(id: string, d: Json): string | undefined {
  const sub = id === '4625' ? text(d, 'SubStatus')?.toLowerCase() : undefined;
  const status = sub && sub !== '0x0' ? sub : text(d, 'Status')?.toLowerCase();
  return status === undefined || status === '0x0' || status === '0x00000000' ? undefined : status;
}

function reasonOf(id: string, status: string | undefined): FailureReason {
  if (status === undefined) return 'other';
  return (id === '4768' || id === '4771' ? KERBEROS[status] : NTSTATUS[status]) ?? 'other';
}

/** Uppercased NetBIOS-style name: `\\WIN81` and `workstation5.theshire.local` give WIN81 and WORKSTATION5. */
function hostName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const bare = name.startsWith('\\\\') ? name.slice(2) : name;
  const dot = bare.indexOf('.');
  const first = bare.charCodeAt(0);
  const isAddress = first >= 48 && first <= 57;
  return (dot > 0 && !isAddress ? bare.slice(0, dot) : bare).toUpperCase() || undefined;
}

function fromJson(record: unknown): WindowsRecord {
  if (!isObject(record)) throw new UnparsableRecordError('Windows event: not a JSON object');
  if (record.EventID !== undefined) {
    return {
      id: eventId(record.EventID, 'EventID'),
      time: time(record['@timestamp'] ?? record.TimeCreated ?? record.EventTime, '@timestamp'),
      computer: text(record, 'Hostname') ?? text(record, 'Computer') ?? text(record, 'host'),
      data: record,
    };
  }
  const winlog = obj(record, 'winlog');
  if (winlog) {
    return {
      id: eventId(winlog.event_id, 'winlog.event_id'),
      time: time(record['@timestamp'], '@timestamp'),
      computer: text(winlog, 'computer_name'),
      data: obj(winlog, 'event_data') ?? {},
    };
  }
  const event = obj(record, 'Event') ?? record;
  const system = obj(event, 'System');
  if (!system) throw new UnparsableRecordError('Windows event: no EventID, winlog or Event.System');
  const created = system.TimeCreated;
  return {
    id: eventId(system.EventID, 'System.EventID'),
    time: time(isObject(created) ? systemTime(created) : created, 'TimeCreated'),
    computer: text(system, 'Computer'),
    data: eventData(event.EventData),
  };
}

/** TimeCreated's SystemTime: an attribute as `SystemTime`, `@SystemTime`, or evtx_dump's `#attributes`. */
function systemTime(created: Json): unknown {
  const attributes = obj(created, '#attributes');
  return created.SystemTime ?? created['@SystemTime'] ?? attributes?.SystemTime;
}

/** EventData as `{ Name: value }`, from either an object or a list of `{ Name, #text }` pairs. */
function eventData(value: unknown): Json {
  if (!isObject(value)) return {};
  const list = value.Data;
  if (!Array.isArray(list)) return value;
  const data: Json = {};
  for (const item of list) {
    if (!isObject(item)) continue;
    const name = item.Name ?? item['@Name'];
    if (typeof name === 'string') data[name] = item['#text'] ?? item.text ?? item.Value;
  }
  return data;
}

function eventId(value: unknown, at: string): string {
  const id = isObject(value) ? value['#text'] : value;
  if ((typeof id === 'number' || typeof id === 'string') && /^\d+$/.test(String(id))) return String(id);
  throw new UnparsableRecordError(`${at}: ${JSON.stringify(id) ?? 'missing'} is not an event ID`);
}

const XML_DATA = /<Data Name=['"]([^'"]+)['"]\s*(?:\/>|>([^<]*)<\/Data>)/g;

/** One `<Event>` in Windows XML; only EventID, TimeCreated, Computer and the named Data fields are read. */
function fromXml(xml: string): WindowsRecord {
  const id = /<EventID[^>]*>\s*(\d+)\s*<\/EventID>/.exec(xml)?.[1];
  if (!id) throw new UnparsableRecordError('Windows XML event: no <EventID>');
  const created = /<TimeCreated\s+SystemTime=['"]([^'"]+)['"]/.exec(xml)?.[1];
  const data: Json = {};
  for (const [, name = '', value] of xml.matchAll(XML_DATA))
    data[name] = value === undefined ? '' : unescapeXml(value);
  return {
    id,
    time: time(created, 'TimeCreated/@SystemTime'),
    computer: /<Computer>([^<]+)<\/Computer>/.exec(xml)?.[1],
    data,
  };
}

function unescapeXml(value: string): string {
  return value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}
