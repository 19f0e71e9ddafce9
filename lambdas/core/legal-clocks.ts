import { z } from 'zod';
import type { TimelineEntry } from './incident.ts';

/**
 * Legal clocks: once an analyst marks an incident as a personal-data breach, each configured jurisdiction's
 * reports fall due a fixed time after the moment the organisation became aware of it. Pure: times are passed in.
 */

const id = (max: number) =>
  z
    .string()
    .regex(new RegExp(`^[a-z0-9-]{1,${max}}$`), `lower-case letters, digits and dashes, at most ${max}`);

const ReportSchema = z
  .object({
    report: id(12),
    /** Who receives it, e.g. the Personal Information Protection Commission. */
    authority: z.string().min(1),
    /** The deadline, counted from awareness. */
    withinHours: z
      .number()
      .positive()
      .max(24 * 366),
    /** Where the rule says "promptly" with a usual range: the start of that range (a reminder is sent then). */
    expectedFromHours: z
      .number()
      .positive()
      .max(24 * 366)
      .optional(),
    /** The rule the deadline comes from, for the record. */
    basis: z.string().min(1),
  })
  .strict();

const JurisdictionSchema = z
  .object({ name: z.string().min(1), reports: z.array(ReportSchema).min(1).max(5) })
  .strict();
export type Jurisdiction = z.output<typeof JurisdictionSchema>;

/** The defaults: Japan's APPI (and its 60-day case) and the GDPR; any other is configuration. */
export const DEFAULT_JURISDICTIONS: Record<string, z.input<typeof JurisdictionSchema>> = {
  appi: {
    name: 'Japan APPI',
    reports: [
      {
        report: 'preliminary',
        authority: 'Personal Information Protection Commission (PPC)',
        expectedFromHours: 72,
        withinHours: 120,
        basis: 'APPI Art. 26(1), Enforcement Rules Art. 8(1): promptly (guidelines: about 3-5 days)',
      },
      {
        report: 'final',
        authority: 'Personal Information Protection Commission (PPC)',
        withinHours: 30 * 24,
        basis: 'APPI Enforcement Rules Art. 8(2): within 30 days',
      },
    ],
  },
  'appi-wrongful': {
    name: 'Japan APPI (leak that may be for a wrongful purpose)',
    reports: [
      {
        report: 'preliminary',
        authority: 'Personal Information Protection Commission (PPC)',
        expectedFromHours: 72,
        withinHours: 120,
        basis: 'APPI Art. 26(1), Enforcement Rules Art. 8(1): promptly (guidelines: about 3-5 days)',
      },
      {
        report: 'final',
        authority: 'Personal Information Protection Commission (PPC)',
        withinHours: 60 * 24,
        basis: 'APPI Enforcement Rules Art. 7(iii), 8(2): within 60 days',
      },
    ],
  },
  gdpr: {
    name: 'EU GDPR',
    reports: [
      {
        report: 'notification',
        authority: 'lead supervisory authority',
        withinHours: 72,
        basis: 'GDPR Art. 33(1): without undue delay and, where feasible, within 72 hours',
      },
    ],
  },
};

export const LegalConfigSchema = z
  .object({
    /**
     * Jurisdictions by id (at most 10 characters) beside the defaults, or replacing one of them. Kept apart
     * from the defaults so the configuration the functions receive stays small (see `jurisdictionsOf`).
     */
    jurisdictions: z.record(id(10), JurisdictionSchema).default({}),
    /** Jurisdictions `riposte breach` starts when none are named. */
    defaultJurisdictions: z.array(id(10)).min(1).default(['appi', 'gdpr']),
    /** Reminders paged this many hours before each deadline (a time already past is skipped). */
    remindBeforeHours: z
      .array(
        z
          .number()
          .positive()
          .max(24 * 30),
      )
      .max(5)
      .default([24, 4]),
  })
  .strict()
  .prefault({});
export type LegalConfig = z.output<typeof LegalConfigSchema>;

/** The jurisdictions in force: the defaults, replaced or extended by the configured ones. */
export function jurisdictionsOf(config: LegalConfig): Record<string, Jurisdiction> {
  const defaults = Object.entries(DEFAULT_JURISDICTIONS).map(([k, v]) => [k, JurisdictionSchema.parse(v)]);
  return { ...Object.fromEntries(defaults), ...config.jurisdictions };
}

export interface Reminder {
  at: string;
  /** Hours before the deadline, or `expected` for the start of a "promptly" range. */
  before: number | 'expected';
}

/** One report that must reach an authority by a deadline. */
export interface LegalClock {
  /** `<jurisdiction>:<report>`, e.g. `appi:preliminary`. */
  id: string;
  jurisdiction: string;
  name: string;
  report: string;
  authority: string;
  basis: string;
  awareAt: string;
  dueAt: string;
  expectedFrom?: string;
  reminders: Reminder[];
}

export interface ClosedClock {
  closedAt: string;
  reference: string;
  by: string;
  /** Submitted at or before the deadline. */
  met: boolean;
}

export type ClockView = LegalClock & { status: 'open' | 'overdue' | 'met' | 'late'; closed?: ClosedClock };

export class UnknownJurisdictionError extends Error {
  override name = 'UnknownJurisdiction';
}

/** The clocks a breach starts: one per report of each named jurisdiction, with the reminders still ahead. */
export function planClocks(
  config: LegalConfig,
  jurisdictions: readonly string[],
  awareAt: Date,
  now: Date,
): LegalClock[] {
  const known = jurisdictionsOf(config);
  const unknown = jurisdictions.filter((j) => !known[j]);
  if (unknown.length > 0)
    throw new UnknownJurisdictionError(
      `unknown jurisdiction(s) ${unknown.join(', ')}; configured: ${Object.keys(known).join(', ')} (add others under legal.jurisdictions)`,
    );
  const hours = (h: number) => new Date(awareAt.getTime() + h * 3_600_000);
  return [...new Set(jurisdictions)].flatMap((j) => {
    const jurisdiction = known[j] as Jurisdiction;
    return jurisdiction.reports.map((r) => {
      const due = hours(r.withinHours);
      const reminders: Reminder[] = [
        ...(r.expectedFromHours !== undefined
          ? [{ at: hours(r.expectedFromHours).toISOString(), before: 'expected' as const }]
          : []),
        ...config.remindBeforeHours.map((b) => ({
          at: new Date(due.getTime() - b * 3_600_000).toISOString(),
          before: b,
        })),
      ]
        .filter((m) => Date.parse(m.at) > now.getTime() && Date.parse(m.at) > awareAt.getTime())
        .sort((a, b) => a.at.localeCompare(b.at));
      return {
        id: `${j}:${r.report}`,
        jurisdiction: j,
        name: jurisdiction.name,
        report: r.report,
        authority: r.authority,
        basis: r.basis,
        awareAt: awareAt.toISOString(),
        dueAt: due.toISOString(),
        ...(r.expectedFromHours !== undefined
          ? { expectedFrom: hours(r.expectedFromHours).toISOString() }
          : {}),
        reminders,
      };
    });
  });
}

/** Timeline actions of the legal clocks (docs/legal-clocks.md describes their data). */
export const CLOCK_ACTIONS = {
  marked: 'breach-marked',
  started: 'legal-clock-started',
  closed: 'legal-clock-closed',
} as const;

export const clockEntryId = (clockId: string) => `legal-clock:${clockId}`;
export const closeEntryId = (clockId: string) => `legal-clock-closed:${clockId}`;

/** Every clock on the incident, earliest deadline first, with whether (and when) it was met. */
export function clocksOf(timeline: readonly TimelineEntry[], now: Date): ClockView[] {
  const closed = new Map(
    timeline
      .filter((e) => e.action === CLOCK_ACTIONS.closed)
      .map((e) => [String(e.data?.clockId), e.data?.closed as ClosedClock]),
  );
  return timeline
    .filter((e) => e.action === CLOCK_ACTIONS.started)
    .map((e) => e.data?.clock as LegalClock)
    .map((clock): ClockView => {
      const c = closed.get(clock.id);
      const status: ClockView['status'] = c
        ? c.met
          ? 'met'
          : 'late'
        : Date.parse(clock.dueAt) < now.getTime()
          ? 'overdue'
          : 'open';
      return { ...clock, status, ...(c ? { closed: c } : {}) };
    })
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
}

/** What a close records: met when the report went in by the deadline. */
export function closeClock(clock: LegalClock, reference: string, by: string, at: Date): ClosedClock {
  return { closedAt: at.toISOString(), reference, by, met: at.getTime() <= Date.parse(clock.dueAt) };
}

/** "in 2 d 4 h" / "5 h ago": how far a deadline is. */
export function timeLeft(dueAt: string, now: Date): string {
  const ms = Date.parse(dueAt) - now.getTime();
  const h = Math.floor(Math.abs(ms) / 3_600_000);
  const text =
    h >= 24
      ? `${Math.floor(h / 24)} d ${h % 24} h`
      : `${h} h ${Math.floor((Math.abs(ms) % 3_600_000) / 60_000)} min`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}
