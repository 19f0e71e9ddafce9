import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type BreachRequest,
  type BreachResult,
  type ClockDeps,
  type CloseRequest,
  closeLegalClock,
  markBreach,
} from '../../lambdas/actions/legal-clocks.ts';
import { IncidentStore } from '../../lambdas/adapters/dynamo/incidents.ts';
import { AwsReminderScheduler } from '../../lambdas/adapters/scheduler/aws-reminders.ts';
import { systemClock } from '../../lambdas/core/clock.ts';
import type { RiposteConfig } from '../../lambdas/core/config.ts';
import { type ClockView, clocksOf, timeLeft } from '../../lambdas/core/legal-clocks.ts';
import { LocalRuntime } from '../local/runtime.ts';
import { type AwsClients, defaultAwsClients, stackOutputs } from './aws-stack.ts';

export type BreachCommand =
  | ({ kind: 'mark' } & BreachRequest)
  | ({ kind: 'close' } & CloseRequest)
  | { kind: 'show'; incidentId: string };

export interface BreachOutput {
  incidentId: string;
  where: 'local' | 'aws';
  /** mark: what marking did; close: the clock closed. */
  marked?: Omit<BreachResult, 'clocks'>;
  closed?: ClockView;
  clocks: ClockView[];
  now: string;
}

async function run(command: BreachCommand, deps: ClockDeps, where: 'local' | 'aws'): Promise<BreachOutput> {
  const base = { incidentId: command.incidentId, where, now: deps.clock().toISOString() } as const;
  if (command.kind === 'mark') {
    const { clocks, ...marked } = await markBreach(command, deps);
    return { ...base, marked, clocks };
  }
  const closed = command.kind === 'close' ? await closeLegalClock(command, deps) : undefined;
  if (command.kind === 'show' && !(await deps.incidents.get(command.incidentId)))
    throw new Error(`no incident ${command.incidentId}`);
  const clocks = clocksOf(await deps.incidents.timeline(command.incidentId), deps.clock());
  return { ...base, clocks, ...(closed ? { closed } : {}) };
}

/** On the local state: reminders go to the local scheduler and page the local topic when they fall due. */
export async function localBreach(command: BreachCommand, stateDir: string, config: RiposteConfig) {
  const runtime = await LocalRuntime.start({ stateDir, config });
  try {
    const { incidents, clock } = runtime.deps;
    return await run(command, { incidents, clock, config, reminders: runtime.adapters.scheduler }, 'local');
  } finally {
    await runtime.close();
  }
}

/** On the deployed stack: the incidents table, and reminders in riposte's schedule group paging its topic. */
export async function awsBreach(
  command: BreachCommand,
  config: RiposteConfig,
  clients: AwsClients = defaultAwsClients(),
): Promise<BreachOutput> {
  const outputs = await stackOutputs(clients.cfn);
  const need = (key: string) => {
    const value = outputs[key];
    if (!value)
      throw new Error(`the deployed stack has no ${key} output; deploy this version of riposte first`);
    return value;
  };
  const deps: ClockDeps = {
    incidents: new IncidentStore(DynamoDBDocumentClient.from(clients.dynamo), need('IncidentsTableName')),
    clock: systemClock,
    config,
    get reminders() {
      if (!clients.scheduler) throw new Error('no Scheduler client: breach --aws needs one');
      return new AwsReminderScheduler({
        client: clients.scheduler,
        groupName: need('RelaxScheduleGroup'),
        topicArn: need('PageTopicArn'),
        roleArn: need('RelaxSchedulerRoleArn'),
      });
    },
  };
  return run(command, deps, 'aws');
}

export function renderBreach(out: BreachOutput): string {
  const now = new Date(out.now);
  const lines: string[] = [];
  if (out.marked)
    lines.push(
      out.marked.alreadyMarked
        ? `${out.incidentId} was already marked as a personal-data breach (aware since ${out.marked.awareAt}): that time stands; ${out.marked.started.length ? `started ${out.marked.started.join(', ')}` : 'no clock started twice'}`
        : `${out.incidentId} marked as a personal-data breach, aware since ${out.marked.awareAt}: started ${out.marked.started.join(', ') || 'no clock'}`,
      ...out.marked.reminderFailures.map((f) => `  ✗ reminder ${f.schedule} not scheduled: ${f.error}`),
    );
  if (out.closed)
    lines.push(
      `${out.closed.id} closed with reference ${out.closed.closed?.reference}: ${out.closed.status === 'met' ? 'met the deadline' : 'LATE'} (due ${out.closed.dueAt})`,
    );
  if (out.clocks.length === 0) lines.push(`${out.incidentId} has no legal clocks`);
  for (const c of out.clocks) {
    const state =
      c.status === 'met' || c.status === 'late'
        ? `${c.status} (submitted ${c.closed?.closedAt}, reference ${c.closed?.reference})`
        : `${c.status}, due ${timeLeft(c.dueAt, now)}`;
    const next = c.status === 'open' ? c.reminders.find((r) => Date.parse(r.at) > now.getTime()) : undefined;
    lines.push(
      `  ${c.id.padEnd(20)} ${c.dueAt}  ${state}`,
      `    ${c.name}: ${c.report} report to the ${c.authority}${next ? `; next reminder ${next.at}` : ''}`,
    );
  }
  lines.push(
    out.where === 'local'
      ? '(local simulation: reminders page the local topic when `simulate --until` reaches them)'
      : '(deployed stack: reminders are EventBridge Scheduler schedules paging the response topic)',
  );
  return lines.join('\n');
}
