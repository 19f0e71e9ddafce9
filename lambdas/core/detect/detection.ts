import { createHash } from 'node:crypto';
import { DETECTION_TYPES, type Detection, type DetectionType } from '../alerts.ts';
import type { AuthEvent } from '../auth-event.ts';
import { type Source, splitSources } from './sources.ts';

/** What a detector found, before it becomes a `riposte.detection` event detail. */
export interface Finding {
  type: DetectionType;
  /** What identifies the campaign for this detector (a source, an account): part of the detection id. */
  key: string;
  events: readonly AuthEvent[];
  sources: Iterable<Source>;
  targetedUsers: Iterable<string>;
  compromisedUsers?: Iterable<string>;
  severity: number;
  title: string;
  reasons: string[];
  riskScore?: number;
  /** The stretch of logs the detection rests on, when wider than its events (failures before a lockout). */
  window?: { start: number; end: number };
}

/** A detection with a stable id: the same campaign seen again from the same start gets the same id. */
export function toDetection(f: Finding): Detection {
  const start = f.window?.start ?? f.events[0]?.time ?? 0;
  const end = f.window?.end ?? f.events.at(-1)?.time ?? start;
  const id = createHash('sha256').update(`${f.type}\n${f.key}\n${start}`).digest('hex').slice(0, 16);
  return {
    id: `${f.type}-${id}`,
    type: f.type,
    technique: DETECTION_TYPES[f.type],
    severity: Math.min(100, Math.max(0, Math.round(f.severity))),
    observedAt: new Date(end).toISOString(),
    title: f.title,
    ...splitSources(f.sources),
    targetedUsers: sorted(f.targetedUsers),
    compromisedUsers: sorted(f.compromisedUsers ?? []),
    window: { start: new Date(start).toISOString(), end: new Date(end).toISOString() },
    ...(f.riskScore === undefined ? {} : { riskScore: f.riskScore }),
    reasons: f.reasons,
  };
}

const sorted = (items: Iterable<string>) => [...new Set(items)].sort();

/** "2 min 5 s", "800 ms": a duration as a responder reads it. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
}

/** The source's name in words: its IP, or its host. */
export function sourceName(s: Source): string {
  return s.ip ? (s.host ? `${s.ip} (${s.host})` : s.ip) : (s.host ?? s.key);
}
