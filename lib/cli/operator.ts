import { randomUUID } from 'node:crypto';
import {
  DescribeExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { KILL_SWITCH } from '../../lambdas/actions/kill-switch.ts';
import { IncidentStore } from '../../lambdas/adapters/dynamo/incidents.ts';
import type { RiposteConfig } from '../../lambdas/core/config.ts';
import type { IncidentStatus, TimelineEntry } from '../../lambdas/core/incident.ts';
import { LocalRuntime } from '../local/runtime.ts';
import { playbookOutputKey } from '../names.ts';
import { type AwsClients, defaultAwsClients, stackOutputs } from './aws-stack.ts';

export interface OperatorOptions {
  /** Clients for --aws (default: from the environment's credentials and region). */
  clients?: AwsClients;
  aws?: boolean;
  stateDir: string;
  config: RiposteConfig;
  progress: (line: string) => void;
}

export interface OperatorResult {
  playbook: string;
  where: 'local' | 'aws';
  execution: string;
  status: string;
  incidentId?: string;
  /** Local only: the incident's status after the request (lambdas/core/status.ts). */
  incidentStatus?: IncidentStatus;
  error?: string;
  cause?: string;
  /** Local only: what the incident timeline says this request did. */
  timeline?: Pick<TimelineEntry, 'action' | 'outcome' | 'detail'>[];
}

/** Start block-ips or unblock-ips with an operator request, locally or on the deployed stack, and wait. */
export async function runOperatorPlaybook(
  playbook: 'block-ips' | 'unblock-ips',
  request: Record<string, unknown> & { requestId?: string },
  options: OperatorOptions,
): Promise<OperatorResult> {
  const requestId =
    request.requestId ??
    `cli-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}-${randomUUID().slice(0, 8)}`;
  const input = { ...request, requestId };
  const name = `${playbook}-${requestId}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80);
  return options.aws ? runOnAws(playbook, name, input, options) : runLocally(playbook, name, input, options);
}

export async function runLocally(
  playbook: string,
  name: string,
  input: unknown,
  options: OperatorOptions,
): Promise<OperatorResult> {
  options.progress(`starting the local runtime (state in ${options.stateDir})…`);
  const runtime = await LocalRuntime.start({ stateDir: options.stateDir, config: options.config });
  try {
    if (runtime.executions.has(name)) {
      throw new Error(`request ${name} was already run; use a new --request-id to act again`);
    }
    options.progress(`running ${playbook} as ${name}…`);
    const record = await runtime.run(playbook, name, input);
    const incidentId = (record.output as { incidentId?: string } | undefined)?.incidentId;
    const timeline = incidentId ? await runtime.deps.incidents.timeline(incidentId) : [];
    const incident = incidentId ? await runtime.deps.incidents.get(incidentId) : undefined;
    return {
      playbook,
      where: 'local',
      execution: name,
      status: record.status,
      incidentId,
      ...(incident ? { incidentStatus: incident.status } : {}),
      ...(record.error ? { error: record.error, cause: record.cause } : {}),
      timeline: timeline
        .filter((e) => e.at >= record.startedAt)
        .map(({ action, outcome, detail }) => ({ action, outcome, detail })),
    };
  } finally {
    await runtime.close();
  }
}

export async function runOnAws(
  playbook: string,
  name: string,
  input: unknown,
  options: OperatorOptions,
): Promise<OperatorResult> {
  const clients = options.clients ?? defaultAwsClients();
  const outputs = await stackOutputs(clients.cfn);
  const stateMachineArn = outputs[playbookOutputKey(playbook)];
  if (!stateMachineArn)
    throw new Error(`the deployed stack has no ${playbook} playbook; deploy this version first`);
  const { sfn } = clients;
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
  );
  options.progress(`started ${executionArn}; waiting for it to finish…`);
  for (let waited = 0; waited < 120; waited += 2) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING') {
      const output = execution.output ? (JSON.parse(execution.output) as { incidentId?: string }) : undefined;
      return {
        playbook,
        where: 'aws',
        execution: executionArn ?? name,
        status: execution.status ?? 'UNKNOWN',
        incidentId: output?.incidentId,
        ...(execution.error ? { error: execution.error, cause: execution.cause } : {}),
      };
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
  return { playbook, where: 'aws', execution: executionArn ?? name, status: 'RUNNING' };
}

/** Turn the blocking kill switch on or off: the WAF writer refuses every new block while it is on. */
export async function setKillSwitch(on: boolean, by: string, reason: string, options: OperatorOptions) {
  const control = { on, by, reason, at: new Date().toISOString() };
  if (options.aws) {
    const clients = options.clients ?? defaultAwsClients();
    const table = (await stackOutputs(clients.cfn)).IncidentsTableName;
    if (!table)
      throw new Error('the deployed stack has no IncidentsTableName output; deploy this version first');
    await new IncidentStore(DynamoDBDocumentClient.from(clients.dynamo), table).setControl(
      KILL_SWITCH,
      control,
    );
    return control;
  }
  const runtime = await LocalRuntime.start({ stateDir: options.stateDir, config: options.config });
  try {
    await runtime.deps.incidents.setControl(KILL_SWITCH, control);
    return control;
  } finally {
    await runtime.close();
  }
}

/**
 * Answer a task-token approval on the deployed stack: the waiting execution continues or gives up, and the
 * answer (who, why) is written on the incident's timeline.
 */
export async function answerApproval(
  taskToken: string,
  approve: boolean,
  by: string,
  reason: string,
  clients: AwsClients = defaultAwsClients(),
) {
  const { sfn } = clients;
  // The answer needs only SendTaskSuccess/SendTaskFailure (as documented): it goes first, and recording it on
  // the timeline, which needs the stack's outputs and the incidents table, is best effort afterwards.
  if (approve) {
    await sfn.send(
      new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ approved: true, by, reason }) }),
    );
  } else {
    await sfn.send(
      new SendTaskFailureCommand({ taskToken, error: 'ApprovalDenied', cause: `denied by ${by}: ${reason}` }),
    );
  }
  const table = await stackOutputs(clients.cfn).then(
    (outputs) => outputs.IncidentsTableName,
    () => undefined,
  );
  if (!table) return false;
  const incidents = new IncidentStore(DynamoDBDocumentClient.from(clients.dynamo), table);
  return incidents.recordApprovalAnswer(taskToken, {
    at: new Date().toISOString(),
    actor: `human/${by}`,
    action: approve ? 'approve' : 'deny',
    outcome: 'ok',
    detail: `${approve ? 'approved' : 'denied'} by ${by}: ${reason}`,
  });
}
