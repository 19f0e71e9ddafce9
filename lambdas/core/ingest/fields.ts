import type { AuthEvent, AuthLocation, FailureReason } from '../auth-event.ts';
import { InvalidAddressError, parseCidr } from '../cidr.ts';
import { isPlausibleTime, TIME_RANGE } from '../clock.ts';

/** A record no adapter can read; the message names the field and value at fault. */
export class UnparsableRecordError extends Error {
  override name = 'UnparsableRecord';
}

/** The reason a record that is valid but says nothing about authentication is set aside. */
export const NOT_AUTHENTICATION = 'not an authentication event';

export function notAuthentication(what: string): UnparsableRecordError {
  return new UnparsableRecordError(`${NOT_AUTHENTICATION}: ${what}`);
}

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The field as an object, or undefined. */
export function obj(record: Json | undefined, key: string): Json | undefined {
  const value = record?.[key];
  return isObject(value) ? value : undefined;
}

/** The field as non-empty text (numbers become text); "-" and blanks count as absent, as Windows writes them. */
export function text(record: Json | undefined, key: string, at = key): string | undefined {
  const value = record?.[key];
  if (typeof value === 'string') return value === '' || value === '-' ? undefined : value;
  if (typeof value === 'number') return String(value);
  if (value === undefined || value === null) return undefined;
  // `IpAddress: ["1.2.3.4"]` is not an absent address: a record is never read without a field it has.
  throw new UnparsableRecordError(`${at}: expected text, got ${kindOf(value)} ${quote(value)}`);
}

function kindOf(value: unknown): string {
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A field the record cannot be read without. */
export function required(record: Json, key: string, at = key): string {
  const value = text(record, key);
  if (value === undefined) throw new UnparsableRecordError(`${at}: missing`);
  return value;
}

/**
 * Epoch milliseconds from ISO 8601 text, epoch seconds or milliseconds (number or digits), or a zone-less
 * "YYYY-MM-DD hh:mm:ss" (read as UTC: the zone is not in the record).
 */
export function time(value: unknown, at: string): number {
  // ISO text is longer than 13 characters: the length check spares it the regex.
  if (
    typeof value === 'number' ||
    (typeof value === 'string' && value.length <= 13 && /^\d{9,13}$/.test(value))
  ) {
    const n = Number(value);
    if (Number.isFinite(n) && n > 0) return plausible(n < 1e11 ? n * 1000 : n, value, at);
  } else if (typeof value === 'string') {
    const ms = utcTime(value) ?? Date.parse(value);
    if (!Number.isNaN(ms)) return plausible(ms, value, at);
  }
  if (value === undefined || value === null || value === '')
    throw new UnparsableRecordError(`${at}: missing`);
  throw new UnparsableRecordError(`${at}: ${quote(value)} is not a time`);
}

function plausible(ms: number, value: unknown, at: string): number {
  if (isPlausibleTime(ms)) return ms;
  throw new UnparsableRecordError(`${at}: ${quote(value)} is not a time ${TIME_RANGE}`);
}

/**
 * `YYYY-MM-DD[T ]hh:mm:ss[.fff][Z]` read by hand, zone-less as UTC: Date.parse was the costliest step of a
 * record. Undefined for any other shape (offsets, a date alone), which Date.parse then reads.
 */
function utcTime(s: string): number | undefined {
  const n = s.length;
  const sep = s.charCodeAt(10);
  if (n < 19 || (sep !== 84 && sep !== 32)) return undefined;
  if (
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58
  ) {
    return undefined;
  }
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour < 24 && minute < 60 && second < 60)) {
    return Number.NaN;
  }
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    for (let scale = 100, c = s.charCodeAt(++i); c >= 48 && c <= 57; c = s.charCodeAt(++i), scale /= 10) {
      ms += (c - 48) * scale;
    }
  }
  if (i < n && !(i === n - 1 && s.charCodeAt(i) === 90)) return undefined;
  return Date.UTC(digits(s, 0, 4), month - 1, day, hour, minute, second, Math.floor(ms));
}

/** The decimal number in s[start, start + length), NaN when a character is not a digit. */
function digits(s: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    value = value * 10 + c;
  }
  return value;
}

const DOTTED_QUAD =
  /^(?:::ffff:)?((?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})$/i;

/**
 * A source address in canonical form (`::ffff:` dropped, IPv6 compressed), undefined when the record has
 * none ("-", empty). Plain IPv4 takes a fast path: this runs once per record.
 */
export function ip(value: string | undefined, at: string): string | undefined {
  if (value === undefined) return undefined;
  const quad = DOTTED_QUAD.exec(value);
  if (quad) return quad[1];
  try {
    const c = parseCidr(value);
    if (c.prefix !== (c.version === 4 ? 32 : 128)) throw new InvalidAddressError('a network, not an address');
    return c.address.toString();
  } catch {
    throw new UnparsableRecordError(`${at}: ${quote(value)} is not an IP address`);
  }
}

/** Account name lowercased without its domain: `CONTOSO\Alice` and `alice@contoso.com` both give `alice`. */
export function account(name: string, field = 'user'): { user: string; domain?: string } {
  const slash = name.indexOf('\\');
  const sign = name.lastIndexOf('@');
  const parsed =
    slash >= 0
      ? { user: name.slice(slash + 1).toLowerCase(), domain: name.slice(0, slash) }
      : sign > 0
        ? { user: name.slice(0, sign).toLowerCase(), domain: name.slice(sign + 1) }
        : { user: name.toLowerCase() };
  // `CONTOSO\` names a domain and no account: never an event of user "".
  if (parsed.user.trim() === '') throw new UnparsableRecordError(`${field}: ${quote(name)} names no account`);
  return parsed;
}

/** An ISO 3166-1 alpha-2 code, uppercased; anything else (a country's name) is left out. */
export function countryCode(value: string | undefined): string | undefined {
  return value !== undefined && /^[A-Za-z]{2}$/.test(value) ? value.toUpperCase() : undefined;
}

export function location(
  country: string | undefined,
  city: string | undefined,
  latitude: unknown,
  longitude: unknown,
): AuthLocation | undefined {
  const loc: AuthLocation = {};
  const code = countryCode(country);
  if (code) loc.country = code;
  if (city) loc.city = city;
  if (typeof latitude === 'number' && typeof longitude === 'number') {
    loc.latitude = latitude;
    loc.longitude = longitude;
  }
  return code || city || loc.latitude !== undefined ? loc : undefined;
}

/** The event with only the optional fields that have a value (no `key: undefined` left in the output). */
export function withOptional(event: AuthEvent, optional: Partial<AuthEvent>): AuthEvent {
  const target = event as unknown as Json;
  for (const key in optional) {
    const value = (optional as Json)[key];
    if (value !== undefined) target[key] = value;
  }
  return event;
}

export function quote(value: unknown): string {
  const s = typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? value);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

export type ReasonTable = Readonly<Record<string, FailureReason>>;
