import { Readable } from 'node:stream';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../lib/cli/aws-stack.ts';
import { awsLadder } from '../../lib/cli/relax.ts';
import { offlineClient, stackOutputsXml } from '../support/aws-sdk.ts';

const RELAX = 'arn:aws:states:us-east-1:123456789012:stateMachine:riposte-relax';
const ROLE = 'arn:aws:iam::123456789012:role/Riposte-SchedulerRole';
const TABLE = 'Riposte-StateIncidents-ABC';
const INCIDENT = 'INC-20261120-abcdef12';

interface Seen {
  service: string;
  action: string;
  path: string;
  body: string;
}

const outputsXml = stackOutputsXml({
  PlaybookRelaxArn: RELAX,
  IncidentsTableName: TABLE,
  RelaxScheduleGroup: 'riposte-relax',
  RelaxSchedulerRoleArn: ROLE,
});

const s = (value: string) => ({ S: value });
/** The incident's timeline as DynamoDB returns it: the ladder's plan, and the countries stage held. */
const timelineItems = [
  {
    pk: s(`INCIDENT#${INCIDENT}`),
    sk: s('E#schedule-relaxation'),
    at: s('2026-11-20T03:00:00.000Z'),
    actor: s('riposte/schedule-relaxation'),
    action: s('schedule-relaxation'),
    outcome: s('ok'),
    detail: s('ladder'),
    data: {
      M: {
        stages: {
          L: [
            { M: { stage: s('countries'), at: s('2026-11-22T03:00:00.000Z') } },
            { M: { stage: s('sessions'), at: s('2026-11-23T03:00:00.000Z') } },
          ],
        },
      },
    },
  },
  {
    pk: s(`INCIDENT#${INCIDENT}`),
    sk: s('E#relax-stage:countries:1'),
    at: s('2026-11-22T03:00:00.000Z'),
    actor: s('riposte/relax'),
    action: s('relax-stage'),
    outcome: s('skipped'),
    detail: s('held'),
    data: { M: { stage: s('countries'), attempt: { N: '1' }, outcome: s('held') } },
  },
];

/** Real SDK clients whose HTTP layer records every request and answers like the service would: no network. */
function recordingClients() {
  const seen: Seen[] = [];
  const handler = (service: string) => ({
    async handle(request: { path: string; headers: Record<string, string>; body?: unknown }) {
      const body =
        typeof request.body === 'string'
          ? request.body
          : new TextDecoder().decode(request.body as Uint8Array);
      const target = Object.entries(request.headers).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1];
      const action = target?.split('.').pop() ?? new URLSearchParams(body).get('Action') ?? request.path;
      seen.push({ service, action, path: request.path, body });
      const json = (value: unknown) => ({ type: 'application/x-amz-json-1.0', body: JSON.stringify(value) });
      const reply =
        service === 'cloudformation'
          ? { type: 'text/xml', body: outputsXml }
          : action === 'GetItem'
            ? json({ Item: { pk: s(`INCIDENT#${INCIDENT}`), sk: s('META'), id: s(INCIDENT) } })
            : action === 'Query'
              ? json({ Items: timelineItems })
              : action === 'StartExecution'
                ? json({ executionArn: 'arn:x', startDate: 0 })
                : service === 'scheduler'
                  ? { type: 'application/json', body: JSON.stringify({ ScheduleArn: 'arn:s' }) }
                  : json({});
      return {
        response: {
          statusCode: 200,
          headers: { 'content-type': reply.type },
          body: Readable.from([Buffer.from(reply.body)]),
        },
      };
    },
  });
  const common = offlineClient;
  const clients: AwsClients = {
    cfn: new CloudFormationClient({ ...common, requestHandler: handler('cloudformation') }),
    sfn: new SFNClient({ ...common, requestHandler: handler('states') }),
    dynamo: new DynamoDBClient({ ...common, requestHandler: handler('dynamodb') }),
    scheduler: new SchedulerClient({ ...common, requestHandler: handler('scheduler') }),
  };
  return { clients, seen };
}

const request = { incidentId: INCIDENT, by: 'alice', reason: 'pen test' };

describe('riposte relax --aws', () => {
  it("hold sets the incident's hold switch and writes it on the timeline", async () => {
    const { clients, seen } = recordingClients();
    await awsLadder('hold', request, clients);
    const puts = seen.filter((r) => r.action === 'PutItem').map((r) => JSON.parse(r.body));
    expect(puts[0]).toMatchObject({
      TableName: TABLE,
      Item: { pk: s('CONTROL'), sk: s(`relax-hold:${INCIDENT}`), on: { BOOL: true }, by: s('alice') },
    });
    expect(puts[1]).toMatchObject({ Item: { action: s('relax-hold'), actor: s('operator/alice') } });
  });

  it("resume lifts the switch and schedules the held stage again in riposte's group", async () => {
    const { clients, seen } = recordingClients();
    await awsLadder('resume', request, clients);
    const schedule = seen.find((r) => r.service === 'scheduler');
    expect(schedule?.path).toBe(`/schedules/riposte-${INCIDENT}-countries-2`);
    const body = JSON.parse(String(schedule?.body));
    expect(body).toMatchObject({
      GroupName: 'riposte-relax',
      ActionAfterCompletion: 'DELETE',
      Target: { RoleArn: ROLE },
    });
    expect(JSON.parse(body.Target.Input)).toMatchObject({
      StateMachineArn: RELAX,
      Name: `relax-${INCIDENT}-countries-2`,
    });
    expect(seen.filter((r) => r.service === 'scheduler')).toHaveLength(1);
  });

  it("advance starts relax for the next pending stage, forced, in the analyst's name", async () => {
    const { clients, seen } = recordingClients();
    const result = await awsLadder('advance', request, clients);
    const start = JSON.parse(String(seen.find((r) => r.action === 'StartExecution')?.body));
    expect(start).toMatchObject({ stateMachineArn: RELAX, name: `relax-${INCIDENT}-countries-advance-2` });
    expect(JSON.parse(start.input)).toMatchObject({
      incidentId: INCIDENT,
      stage: 'countries',
      attempt: 2,
      force: true,
      by: 'alice',
    });
    expect(result.relaxation.map((r) => r.outcome)).toEqual(['held', 'pending']);
  });
});
