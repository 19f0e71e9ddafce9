import { readFileSync } from 'node:fs';
import { appendLogRecords } from '../../lambdas/adapters/logs/local.ts';
import type { AuthLogFormat } from '../../lambdas/core/auth-event.ts';
import type { Clock } from '../../lambdas/core/clock.ts';
import type { RiposteConfig } from '../../lambdas/core/config.ts';
import { type CostEstimate, estimateCost } from '../cost/estimate.ts';
import { readControls } from '../local/dynamo.ts';
import { runSchedulesUntil } from '../local/ladder.ts';
import { LocalRuntime } from '../local/runtime.ts';
import { eventTime, parseScenario, type SeedUser, usersNamedBy } from '../local/scenario.ts';
import { resetState, statePaths } from '../local/state-dir.ts';
import { acquireState } from '../local/state-lock.ts';
import { addUsage, emptyUsage, type Usage, usageBetween } from '../local/usage.ts';
import { VirtualClock } from '../local/virtual-clock.ts';
import { logScenario, type Unparsable } from './log-scenario.ts';
import { relaxationOf, type StageReport } from './relaxation.ts';
import { writeReport } from './report.ts';
import { type DetectionSummary, type IncidentSummary, summarizeIncident } from './summary.ts';

export interface SimulateOptions {
  file: string;
  stateDir: string;
  config: RiposteConfig;
  resume?: boolean;
  /** How approval requests are answered during the run (deny blocks nothing: the safe default). */
  approvals?: 'approve' | 'deny' | 'timeout';
  clock?: Clock;
  /** Progress lines (to stderr in the CLI). */
  progress?: (line: string) => void;
  /** The file holds raw sign-in logs (format detected unless named): detections found in them are the events. */
  logs?: { format?: AuthLogFormat };
  /**
   * Play the scenario on a virtual clock from its first event, each event at its own time, and run every
   * relaxation stage due within this many milliseconds of the start.
   */
  untilMs?: number;
}

export interface SimulationResult {
  incidents: (IncidentSummary & {
    report: string;
    relaxation: StageReport[];
    /** What the alerts of this incident used in the local runtime, counted as AWS would bill it. */
    usage: Usage;
    cost: CostEstimate;
  })[];
  /** The whole run's usage (relaxation stages and ignored alerts included) and its cost estimate. */
  usage?: Usage;
  cost?: CostEstimate;
  rejected: { line: number; error: string }[];
  ignored: { line: number; reason: string }[];
  duplicates: { line: number; incidentId: string; executionName: string }[];
  events: number;
  elapsedMs: number;
  /** simulate --logs: sign-in records read, and those that could not be, with the reasons. */
  records?: number;
  unparsable?: Unparsable;
  /** simulate --logs: every detection found in the logs, whether or not its playbook ran. */
  detections?: DetectionSummary[];
}

/** Replay a scenario through the local runtime exactly as alerts would arrive in AWS. */
export async function simulate(options: SimulateOptions): Promise<SimulationResult> {
  // One run at a time on a folder: held from before the reset until the runtime is closed.
  const release = acquireState(options.stateDir);
  try {
    return await simulateHeld(options);
  } finally {
    release();
  }
}

async function simulateHeld(options: SimulateOptions): Promise<SimulationResult> {
  const progress = options.progress ?? (() => {});
  const started = performance.now();
  const text = readFileSync(options.file, 'utf8');
  const fromLogs = options.logs
    ? logScenario(text, options.file, options.logs.format, options.config.detection)
    : undefined;
  const items = fromLogs?.items ?? parseScenario(text);
  const controls = options.resume ? [] : await keptControls(options.stateDir, progress);
  if (!options.resume) {
    const kept = resetState(options.stateDir);
    if (kept.length > 0)
      progress(`starting fresh in ${options.stateDir}: kept ${kept.length} file(s) riposte did not write`);
  }
  progress('synthesizing the stack and starting the local runtime…');
  const virtual =
    options.untilMs === undefined ? undefined : new VirtualClock(firstTime(items, options.clock));
  const runtime = await LocalRuntime.start({
    stateDir: options.stateDir,
    config: options.config,
    clock: virtual?.now ?? options.clock,
  });
  const start = virtual?.now();
  /** On the virtual clock, time moves to each timed line, firing the schedules due on the way. */
  const reach = async (at: string) => {
    if (virtual) await runSchedulesUntil(runtime, virtual, new Date(at));
  };
  runtime.approvalPolicy = options.approvals ?? 'deny';
  try {
    for (const { name, control } of controls) await runtime.deps.incidents.setControl(name, control);
    await seedIdentities(runtime, items);
    await recordLogs(runtime, items);
    const result: SimulationResult = {
      incidents: [],
      rejected: [],
      ignored: [],
      duplicates: [],
      events: 0,
      elapsedMs: 0,
      ...(fromLogs
        ? { records: fromLogs.events, unparsable: fromLogs.unparsable, detections: fromLogs.detections }
        : {}),
    };
    const touched = new Map<string, string>();
    const usageOf = new Map<string, Usage>();
    const events = items.filter(
      (i) => i.kind === 'event' || i.kind === 'invalid' || i.kind === 'fault' || i.kind === 'password-change',
    );
    for (const [n, item] of events.entries()) {
      const where = `${fromLogs ? 'detection' : 'line'} ${item.line}`;
      const prefix = `[${n + 1}/${events.length}] ${where}`;
      if (item.kind === 'invalid') {
        result.rejected.push({ line: item.line, error: item.error });
        progress(`${prefix}: rejected: ${item.error}`);
        continue;
      }
      if (item.kind === 'password-change') {
        await reach(item.at);
        runtime.adapters.userPool.completePasswordChange(item.user);
        progress(`${prefix}: ${item.user} changed the password`);
        continue;
      }
      if (item.kind === 'fault') {
        runtime.adapters.faults.failNext(item.provider, item.error, item.times);
        progress(
          `${prefix}: ${item.provider} will answer ${item.error} (${item.times === Number.MAX_SAFE_INTEGER ? 'from now on' : `${item.times} time(s)`})`,
        );
        continue;
      }
      if (item.kind !== 'event') continue;
      result.events++;
      await reach(eventTime(item.event, runtime.deps.clock()));
      const t0 = performance.now();
      const before = runtime.usage.snapshot();
      try {
        const { started: starts } = await runtime.deliver(item.event);
        const owner = starts.find((s) => !('ignored' in s))?.incidentId;
        if (owner !== undefined) {
          const used = usageBetween(before, runtime.usage.snapshot());
          usageOf.set(String(owner), addUsage(usageOf.get(String(owner)) ?? emptyUsage(), used));
        }
        for (const s of starts) {
          if ('ignored' in s) {
            result.ignored.push({ line: item.line, reason: String(s.ignored) });
            progress(`${prefix}: ignored: ${s.ignored}`);
            continue;
          }
          const incidentId = String(s.incidentId);
          const executionName = String(s.executionName);
          if (s.duplicate) result.duplicates.push({ line: item.line, incidentId, executionName });
          if (!touched.has(incidentId)) touched.set(incidentId, executionName);
          const execution = runtime.executions.get(executionName);
          const outcome = s.duplicate ? 'duplicate alert, nothing done twice' : (execution?.status ?? '?');
          progress(
            `${prefix}: ${s.playbook} ${incidentId}: ${outcome} (${Math.round(performance.now() - t0)} ms)`,
          );
        }
      } catch (error) {
        const message = `${where}: ${(error as Error).name}: ${(error as Error).message}`;
        result.rejected.push({ line: item.line, error: message });
        progress(`${prefix}: rejected: ${message}`);
      }
    }
    if (virtual && start && options.untilMs !== undefined) {
      progress(`running the relaxation ladder on the virtual clock to +${options.untilMs / 86_400_000} d…`);
      await runSchedulesUntil(runtime, virtual, new Date(start.getTime() + options.untilMs));
    }
    const reports = runtime.paths.incidents;
    for (const [incidentId, executionName] of touched) {
      const incident = await runtime.deps.incidents.get(incidentId);
      if (!incident) {
        const execution = runtime.executions.get(executionName);
        result.rejected.push({
          line: 0,
          error: `${executionName} failed before opening an incident: ${execution?.error}: ${execution?.cause}`,
        });
        continue;
      }
      const summary = await summarizeIncident(runtime, incident, executionName);
      const timeline = await runtime.deps.incidents.timeline(incidentId);
      const usage = usageOf.get(incidentId) ?? emptyUsage();
      result.incidents.push({
        ...summary,
        usage,
        cost: estimateCost(usage),
        relaxation: relaxationOf(timeline),
        report: writeReport(reports, incident, summary, timeline),
      });
    }
    result.usage = runtime.usage.snapshot();
    result.cost = estimateCost(result.usage);
    result.elapsedMs = Math.round(performance.now() - started);
    return result;
  } finally {
    await runtime.close();
  }
}

/** The kill switch of the previous run: kept across the reset, and said so when it is on. */
async function keptControls(stateDir: string, progress: (line: string) => void) {
  try {
    const controls = await readControls(statePaths(stateDir).dynamodb);
    for (const { name, control } of controls.filter((c) => c.control.on))
      progress(
        `kill switch "${name}" is ON (${control.by} at ${control.at}: ${control.reason}), kept from the previous run: no new blocks; \`riposte kill-switch off --reason …\` resumes blocking`,
      );
    return controls;
  } catch (error) {
    progress(
      `could not read the kill switch of the previous run (${(error as Error).message}); it is off in this run`,
    );
    return [];
  }
}

/** Where the virtual clock starts: the scenario's earliest timed line. */
function firstTime(items: ReturnType<typeof parseScenario>, clock: Clock | undefined): Date {
  const fallback = (clock ?? (() => new Date()))();
  const times = items.flatMap((i) =>
    i.kind === 'event' ? [eventTime(i.event, fallback)] : i.kind === 'password-change' ? [i.at] : [],
  );
  return new Date(times.length > 0 ? Math.min(...times.map(Date.parse)) : fallback.getTime());
}

/** Explicit seed lines decide who exists; without them, every user an event names exists with a session. */
async function seedIdentities(runtime: LocalRuntime, items: ReturnType<typeof parseScenario>) {
  const seeds = items.flatMap((i) => (i.kind === 'seed' ? i.users : []));
  const explicit = items.some((i) => i.kind === 'seed');
  const users: SeedUser[] = explicit
    ? seeds
    : [...new Set(items.flatMap((i) => (i.kind === 'event' ? usersNamedBy(i.event) : [])))].map((name) => ({
        name,
        sessions: 1,
        enabled: true,
      }));
  for (const user of users) await runtime.seedUser(user);
}

async function recordLogs(runtime: LocalRuntime, items: ReturnType<typeof parseScenario>) {
  const fallback = runtime.deps.clock();
  const records = items.flatMap((i) => {
    if (i.kind === 'log') return [{ source: i.source, timestamp: i.timestamp, record: i.record }];
    if (i.kind === 'event') {
      const source = (i.event as { source?: unknown })?.source;
      return [
        {
          source: typeof source === 'string' ? source : 'event',
          timestamp: eventTime(i.event, fallback),
          record: i.event,
        },
      ];
    }
    return [];
  });
  if (records.length > 0) await appendLogRecords(runtime.paths.logs, records);
}
