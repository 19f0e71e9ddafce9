import { createHash } from 'node:crypto';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { parseCidr } from './cidr.ts';

export class InvalidEvidenceKeyError extends Error {
  override name = 'InvalidEvidenceKey';
}

export interface TimeWindow {
  start: Date;
  end: Date;
}

/** Windows are stored as ISO strings so the manifest bytes do not depend on how dates serialize. */
export interface IsoWindow {
  start: string;
  end: string;
}

export interface EvidenceObject {
  key: string;
  /** Hex SHA-256 of the stored bytes. */
  sha256: string;
  size: number;
  /** Number of log records in the object. */
  records: number;
  source: string;
  contentType: string;
  window: IsoWindow;
}

/** The generation sealed just before this one on the chain of custody: what a generation links to. */
export interface GenerationLink {
  generation: number;
  /** Key of that generation's manifest. */
  manifest: string;
  manifestSha256: string;
}

export interface Manifest {
  incidentId: string;
  /**
   * Each alert that opens or joins the incident seals its own generation, numbered by its place among the
   * incident's alerts (1 = the alert that opened it). Manifests sealed before generations existed have none
   * and are generation 1.
   */
  generation?: number;
  alertId?: string;
  /** The generation sealed before this one; absent for the first seal of the incident. */
  previous?: GenerationLink;
  sealedAt: string;
  sealedBy: string;
  window: IsoWindow;
  objects: EvidenceObject[];
}

/**
 * One JSON document per line, gzipped. Node writes mtime 0 in the gzip header; the OS byte is pinned too
 * so the same records give the same bytes (and hash) on any platform with the same zlib.
 */
export function gzipJsonLines(records: unknown[]): Uint8Array {
  const text = records.map((r) => `${JSON.stringify(r) ?? 'null'}\n`).join('');
  const gz = gzipSync(text, { level: constants.Z_DEFAULT_COMPRESSION });
  gz[9] = 3; // OS = Unix
  return new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength);
}

export function gunzipJsonLines(bytes: Uint8Array): unknown[] {
  const text = gunzipSync(bytes).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function isoWindow(w: TimeWindow): IsoWindow {
  return { start: w.start.toISOString(), end: w.end.toISOString() };
}

export interface ManifestInput {
  incidentId: string;
  generation?: number;
  alertId?: string;
  previous?: GenerationLink;
  sealedAt: Date;
  sealedBy: string;
  window: TimeWindow;
  objects: EvidenceObject[];
}

/** Objects are sorted by key so the manifest does not depend on the order collection finished in. */
export function buildManifest(input: ManifestInput): Manifest {
  const objects = [...input.objects].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (let i = 1; i < objects.length; i++) {
    if (objects[i]?.key === objects[i - 1]?.key) {
      throw new InvalidEvidenceKeyError(`evidence key "${objects[i]?.key}" appears twice in the manifest`);
    }
  }
  return {
    incidentId: input.incidentId,
    generation: input.generation,
    alertId: input.alertId,
    previous: input.previous,
    sealedAt: input.sealedAt.toISOString(),
    sealedBy: input.sealedBy,
    window: isoWindow(input.window),
    objects,
  };
}

/** The value with object keys sorted and undefined members dropped: one JSON text per value. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

/** Canonical JSON (sorted keys, 2-space indent, trailing newline): its SHA-256 is reproducible by anyone. */
export function manifestBytes(manifest: Manifest): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(canonical(manifest), null, 2)}\n`);
}

// Anything that could escape the incident's prefix or smuggle a path through S3 keys and local folders.
const UNSAFE_SEGMENT = /[/\\\p{Cc}]|\.\./u;

function checkSegment(what: string, value: string): void {
  if (value === '' || value === '.' || UNSAFE_SEGMENT.test(value)) {
    throw new InvalidEvidenceKeyError(`${what} ${JSON.stringify(value)} is not a safe evidence key segment`);
  }
}

export function evidenceKey(incidentId: string, name: string): string {
  checkSegment('incident id', incidentId);
  checkSegment('object name', name);
  return `incidents/${incidentId}/${name}`;
}

/**
 * Where a generation's objects and seal live: generation 1 (the alert that opened the incident) in
 * `incidents/<id>/`, each later one in `incidents/<id>/generation-NNNN/`, so nothing sealed is rewritten.
 */
export function generationPrefix(incidentId: string, generation: number): string {
  if (!Number.isInteger(generation) || generation < 1) {
    throw new InvalidEvidenceKeyError(`evidence generation must be a positive integer, got ${generation}`);
  }
  const root = evidenceKey(incidentId, 'x').slice(0, -1);
  return generation === 1 ? root : `${root}generation-${String(generation).padStart(4, '0')}/`;
}

export function generationKey(incidentId: string, generation: number, name: string): string {
  checkSegment('object name', name);
  return `${generationPrefix(incidentId, generation)}${name}`;
}

/** The generation a key of this incident belongs to (1 for keys directly under the incident). */
export function generationOfKey(incidentId: string, key: string): number | undefined {
  const root = generationPrefix(incidentId, 1);
  if (!key.startsWith(root)) return undefined;
  const rest = key.slice(root.length);
  if (!rest.includes('/')) return 1;
  const match = /^generation-(\d{4,})\/[^/]+$/.exec(rest);
  return match ? Number(match[1]) : undefined;
}

/**
 * From `minutesBefore` the first observation up to now. An observation stamped after `now` (clock skew
 * between the alert source and us) stretches the end so the window is never inverted.
 */
export function attackWindow(observedAt: Date, minutesBefore: number, now: Date): TimeWindow {
  if (!Number.isFinite(minutesBefore) || minutesBefore < 0) {
    throw new RangeError(`minutesBefore must be a non-negative number, got ${minutesBefore}`);
  }
  const start = new Date(observedAt.getTime() - minutesBefore * 60_000);
  const end = new Date(Math.max(now.getTime(), observedAt.getTime()));
  return { start, end };
}

const MAX_DEPTH = 8;
// Cheap pre-check so only strings shaped like an address pay for a parse.
const IP_LIKE = /^[0-9a-fA-F:.[\]/%]{3,64}$/;

/** Canonical single-host form (`a.b.c.d/32`, mapped IPv6 folded to IPv4), or undefined for non-addresses. */
function hostKey(text: string): string | undefined {
  if (!IP_LIKE.test(text)) return undefined;
  try {
    const c = parseCidr(text);
    return c.prefix === (c.version === 4 ? 32 : 128) ? c.cidr : undefined;
  } catch {
    return undefined;
  }
}

export interface IndicatorSet {
  ips: string[];
  users: string[];
}

/**
 * A predicate that is true when any string anywhere in the record (down to depth 8) is one of the IPs
 * (`a.b.c.d` also matching `::ffff:a.b.c.d` and `a.b.c.d/32`) or one of the users (case-insensitive).
 * With no indicators at all every record matches. Build it once per read, not per record.
 */
export function indicatorMatcher(indicators: IndicatorSet): (record: unknown) => boolean {
  if (indicators.ips.length === 0 && indicators.users.length === 0) return () => true;
  const ips = new Set(indicators.ips.map(hostKey).filter((k): k is string => k !== undefined));
  const users = new Set(indicators.users.map((u) => u.toLowerCase()));
  const visit = (value: unknown, depth: number): boolean => {
    if (typeof value === 'string') {
      if (users.has(value.toLowerCase())) return true;
      if (ips.size === 0) return false;
      const key = hostKey(value);
      return key !== undefined && ips.has(key);
    }
    if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return false;
    const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
    return children.some((child) => visit(child, depth + 1));
  };
  return (record) => visit(record, 0);
}

export function matchesIndicators(record: unknown, indicators: IndicatorSet): boolean {
  return indicatorMatcher(indicators)(record);
}
