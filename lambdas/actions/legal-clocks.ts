import { NamedError } from '../adapters/named-error.ts';
import type { ReminderScheduler } from '../adapters/scheduler/port.ts';
import {
  CLOCK_ACTIONS,
  type ClockView,
  clockEntryId,
  clocksOf,
  closeClock,
  closeEntryId,
  type LegalClock,
  planClocks,
  type Reminder,
} from '../core/legal-clocks.ts';
import type { Deps } from '../platform/deps.ts';
import { describe } from './posture.ts';

/** What the clocks need: the same locally and from the CLI on AWS. */
export type ClockDeps = Pick<Deps, 'incidents' | 'clock' | 'config'> & { reminders: ReminderScheduler };

export interface BreachRequest {
  incidentId: string;
  /** When the organisation became aware of the breach: every deadline counts from here. */
  awareAt: Date;
  /** Empty: the configured default jurisdictions. */
  jurisdictions: readonly string[];
  by: string;
}

export interface BreachResult {
  /** The breach had been marked before: its first awareness time stands. */
  alreadyMarked: boolean;
  awareAt: string;
  started: string[];
  clocks: ClockView[];
  /** Reminders that could not be scheduled, per schedule name. */
  reminderFailures: { schedule: string; error: string }[];
}

/** Scheduler names: 1-64 of letters, digits, '-', '_' and '.'. */
export const reminderName = (incidentId: string, clock: LegalClock, reminder: Reminder) =>
  `riposte-${incidentId}-${clock.jurisdiction}-${clock.report}-${reminder.before === 'expected' ? 'x' : `${reminder.before}h`}`;

/**
 * Mark an incident as a personal-data breach: start one clock per report of each jurisdiction, each with
 * reminders paged before its deadline. Marked twice, the first awareness time stands and no clock starts twice.
 */
export async function markBreach(request: BreachRequest, deps: ClockDeps): Promise<BreachResult> {
  const { incidentId, by } = request;
  if (!(await deps.incidents.get(incidentId)))
    throw new NamedError('IncidentNotFound', `no incident ${incidentId}`);
  const now = deps.clock();
  if (Number.isNaN(request.awareAt.getTime()))
    throw new NamedError(
      'InvalidInput',
      '--aware-at is not a time (ISO 8601, e.g. 2026-11-20T09:00:00+09:00)',
    );
  if (request.awareAt.getTime() > now.getTime() + 60_000)
    throw new NamedError('InvalidInput', `--aware-at ${request.awareAt.toISOString()} is in the future`);
  const jurisdictions =
    request.jurisdictions.length > 0 ? [...request.jurisdictions] : deps.config.legal.defaultJurisdictions;
  // Plan first: an unknown jurisdiction is refused before anything is written.
  planClocks(deps.config.legal, jurisdictions, request.awareAt, now);
  const marked = await deps.incidents.append(incidentId, CLOCK_ACTIONS.marked, {
    at: now.toISOString(),
    actor: `operator/${by}`,
    action: CLOCK_ACTIONS.marked,
    outcome: 'ok',
    detail: `marked as a personal-data breach, aware since ${request.awareAt.toISOString()} (${jurisdictions.join(', ')})`,
    data: { awareAt: request.awareAt.toISOString(), jurisdictions, by },
  });
  const timeline = await deps.incidents.timeline(incidentId);
  const awareAt = marked
    ? request.awareAt
    : new Date(String(timeline.find((e) => e.action === CLOCK_ACTIONS.marked)?.data?.awareAt));
  const existing = new Set(clocksOf(timeline, now).map((c) => c.id));
  const started: string[] = [];
  const reminderFailures: BreachResult['reminderFailures'] = [];
  for (const clock of planClocks(deps.config.legal, jurisdictions, awareAt, now)) {
    if (existing.has(clock.id)) continue;
    const schedules = [];
    for (const reminder of clock.reminders) {
      const name = reminderName(incidentId, clock, reminder);
      try {
        await deps.reminders.createReminder({
          name,
          at: reminder.at,
          page: reminderPage(incidentId, clock, reminder),
        });
        schedules.push({ ...reminder, schedule: name });
      } catch (error) {
        reminderFailures.push({ schedule: name, error: describe(error) });
      }
    }
    const written = await deps.incidents.append(incidentId, clockEntryId(clock.id), {
      at: now.toISOString(),
      actor: `operator/${by}`,
      action: CLOCK_ACTIONS.started,
      outcome: schedules.length === clock.reminders.length ? 'ok' : 'failed',
      detail: `${clock.name} ${clock.report} report to the ${clock.authority} due ${clock.dueAt}; reminders at ${schedules.map((s) => s.at).join(', ') || 'none (all past)'}`,
      data: { clock: { ...clock, reminders: schedules } },
    });
    if (written) started.push(clock.id);
  }
  return {
    alreadyMarked: !marked,
    awareAt: awareAt.toISOString(),
    started,
    clocks: clocksOf(await deps.incidents.timeline(incidentId), now),
    reminderFailures,
  };
}

export interface CloseRequest {
  incidentId: string;
  clockId: string;
  /** The report's reference at the authority (receipt number, case id). */
  reference: string;
  by: string;
}

/** Close a clock with the report's reference: met or late, recorded; the reminders still pending are deleted. */
export async function closeLegalClock(request: CloseRequest, deps: ClockDeps): Promise<ClockView> {
  const { incidentId, clockId, by } = request;
  const reference = request.reference.trim();
  if (!reference)
    throw new NamedError('InvalidInput', '--reference must name the report (its receipt or case number)');
  const now = deps.clock();
  const clocks = clocksOf(await deps.incidents.timeline(incidentId), now);
  const clock = clocks.find((c) => c.id === clockId);
  if (!clock)
    throw new NamedError(
      'UnknownClock',
      clocks.length === 0
        ? `incident ${incidentId} has no legal clocks (riposte breach ${incidentId} --aware-at T starts them)`
        : `incident ${incidentId} has no clock ${clockId}; its clocks: ${clocks.map((c) => c.id).join(', ')}`,
    );
  if (clock.closed)
    throw new NamedError(
      'ClockClosed',
      `${clockId} was closed at ${clock.closed.closedAt} by ${clock.closed.by} (reference ${clock.closed.reference}); nothing changed`,
    );
  const closed = closeClock(clock, reference, by, now);
  const deleted: string[] = [];
  const failures: { schedule: string; error: string }[] = [];
  for (const r of clock.reminders as (Reminder & { schedule?: string })[]) {
    if (!r.schedule || Date.parse(r.at) <= now.getTime()) continue;
    try {
      if ((await deps.reminders.deleteReminder(r.schedule)).deleted) deleted.push(r.schedule);
    } catch (error) {
      failures.push({ schedule: r.schedule, error: describe(error) });
    }
  }
  await deps.incidents.append(incidentId, closeEntryId(clockId), {
    at: now.toISOString(),
    actor: `operator/${by}`,
    action: CLOCK_ACTIONS.closed,
    outcome: 'ok',
    detail: `${clock.name} ${clock.report} report submitted (reference ${reference}): ${closed.met ? 'met' : 'LATE'}, due ${clock.dueAt}${failures.length ? `; reminders not deleted: ${failures.map((f) => `${f.schedule} (${f.error})`).join(', ')}` : ''}`,
    data: { clockId, dueAt: clock.dueAt, closed, remindersDeleted: deleted, failures },
  });
  return { ...clock, status: closed.met ? 'met' : 'late', closed };
}

function reminderPage(incidentId: string, clock: LegalClock, reminder: Reminder) {
  const when = reminder.before === 'expected' ? 'expected now' : `due in ${reminder.before} h`;
  return {
    incidentId,
    key: `${incidentId}:legal:${clock.id}:${reminder.before}`,
    subject: `[riposte] ${incidentId} REMINDER: ${clock.jurisdiction} ${clock.report} report ${when}`,
    message: [
      `${clock.name}: the ${clock.report} report to the ${clock.authority} is ${when}.`,
      `Deadline: ${clock.dueAt} (aware since ${clock.awareAt}).`,
      `Basis: ${clock.basis}`,
      clock.expectedFrom ? `Expected from: ${clock.expectedFrom}` : '',
      '',
      `When it is submitted: npx riposte breach ${incidentId} --close ${clock.id} --reference REF --aws`,
    ]
      .filter((l, i, all) => l !== '' || all[i - 1] !== '')
      .join('\n'),
  };
}
