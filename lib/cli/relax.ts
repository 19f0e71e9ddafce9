import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  advanceInput,
  holdLadder,
  type LadderDeps,
  type LadderRequest,
  resumeLadder,
} from '../../lambdas/actions/relax-control.ts';
import { relaxExecutionName } from '../../lambdas/actions/schedule-relaxation.ts';
import { IncidentStore } from '../../lambdas/adapters/dynamo/incidents.ts';
import { AwsScheduler } from '../../lambdas/adapters/scheduler/aws.ts';
import { systemClock } from '../../lambdas/core/clock.ts';
import type { RiposteConfig } from '../../lambdas/core/config.ts';
import { LocalRuntime } from '../local/runtime.ts';
import { playbookOutputKey } from '../names.ts';
import { type AwsClients, defaultAwsClients, stackOutputs } from './aws-stack.ts';
import { relaxationOf, type StageReport, stageLine } from './relaxation.ts';

export type LadderCommand = 'hold' | 'resume' | 'advance';

export interface LadderResult {
  incidentId: string;
  command: LadderCommand;
  where: 'local' | 'aws';
  relaxation: StageReport[];
  /** advance: the relax execution started. */
  execution?: string;
}

/** hold, resume or advance an incident's ladder in the local state; advance runs the stage to its end. */
export async function localLadder(
  command: LadderCommand,
  request: LadderRequest,
  stateDir: string,
  config: RiposteConfig,
): Promise<LadderResult> {
  const runtime = await LocalRuntime.start({ stateDir, config });
  try {
    const execution = await applyLadderCommand(command, request, runtime.deps, async (name, input) => {
      const { duplicate } = await runtime.start('relax', name, input);
      const record = runtime.executions.get(name);
      if (!duplicate && record?.status === 'FAILED')
        throw new Error(`${name} failed: ${record.error}: ${record.cause}`);
    });
    const timeline = await runtime.deps.incidents.timeline(request.incidentId);
    return { ...request, command, where: 'local', relaxation: relaxationOf(timeline), ...execution };
  } finally {
    await runtime.close();
  }
}

/** The same on the deployed stack: the incidents table, riposte's schedule group, StartExecution of relax. */
export async function awsLadder(
  command: LadderCommand,
  request: LadderRequest,
  clients: AwsClients = defaultAwsClients(),
): Promise<LadderResult> {
  const outputs = await stackOutputs(clients.cfn);
  const need = (key: string) => {
    const value = outputs[key];
    if (!value)
      throw new Error(`the deployed stack has no ${key} output; deploy this version of riposte first`);
    return value;
  };
  const relaxArn = need(playbookOutputKey('relax'));
  const incidents = new IncidentStore(
    DynamoDBDocumentClient.from(clients.dynamo),
    need('IncidentsTableName'),
  );
  const deps: LadderDeps = {
    incidents,
    clock: systemClock,
    get scheduler() {
      if (!clients.scheduler) throw new Error('no Scheduler client: relax resume --aws needs one');
      return new AwsScheduler({
        client: clients.scheduler,
        groupName: need('RelaxScheduleGroup'),
        stateMachineArn: relaxArn,
        roleArn: need('RelaxSchedulerRoleArn'),
      });
    },
  };
  const execution = await applyLadderCommand(command, request, deps, async (name, input) => {
    await clients.sfn.send(
      new StartExecutionCommand({ stateMachineArn: relaxArn, name, input: JSON.stringify(input) }),
    );
  });
  const timeline = await incidents.timeline(request.incidentId);
  return { ...request, command, where: 'aws', relaxation: relaxationOf(timeline), ...execution };
}

async function applyLadderCommand(
  command: LadderCommand,
  request: LadderRequest,
  deps: LadderDeps,
  startRelax: (executionName: string, input: unknown) => Promise<void>,
): Promise<{ execution?: string }> {
  if (command === 'hold') await holdLadder(deps, request);
  if (command === 'resume') await resumeLadder(deps, request);
  if (command !== 'advance') return {};
  const input = await advanceInput(deps, request);
  const execution = relaxExecutionName(input.incidentId, input.stage, `advance-${input.attempt}`);
  await startRelax(execution, input);
  return { execution };
}

export function renderLadder(result: LadderResult): string {
  return [
    `${result.command} ${result.incidentId} (${result.where})${result.execution ? `: started ${result.execution}` : ''}`,
    ...result.relaxation.map((s) => `  ${stageLine(s)}`),
  ].join('\n');
}
