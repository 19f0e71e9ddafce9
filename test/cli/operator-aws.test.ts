import { Readable } from 'node:stream';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config.ts';
import type { AwsClients } from '../../lib/cli/aws-stack.ts';
import { answerApproval, runOperatorPlaybook, setKillSwitch } from '../../lib/cli/operator.ts';
import { offlineClient, stackOutputsXml } from '../support/aws-sdk.ts';

const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:riposte-block-ips';
const TABLE = 'Riposte-StateIncidents-ABC';

interface Seen {
  service: string;
  action: string;
  body: string;
}

/** Real SDK clients whose HTTP layer records every request and answers like the service would: no network. */
function recordingClients(answer: (seen: Seen) => { status?: number; type: string; body: string }) {
  const seen: Seen[] = [];
  const handler = (service: string) => ({
    async handle(request: { headers: Record<string, string>; body?: unknown }) {
      const body =
        typeof request.body === 'string'
          ? request.body
          : new TextDecoder().decode(request.body as Uint8Array);
      const target = Object.entries(request.headers).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1];
      const action = target?.split('.').pop() ?? new URLSearchParams(body).get('Action') ?? '?';
      const entry = { service, action, body };
      seen.push(entry);
      const reply = answer(entry);
      return {
        response: {
          statusCode: reply.status ?? 200,
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
  };
  return { clients, seen };
}

const outputsXml = stackOutputsXml({ PlaybookBlockIpsArn: STATE_MACHINE, IncidentsTableName: TABLE });

function awsLike(seen: Seen) {
  const json = (body: unknown) => ({ type: 'application/x-amz-json-1.0', body: JSON.stringify(body) });
  if (seen.service === 'cloudformation') return { type: 'text/xml', body: outputsXml };
  if (seen.action === 'StartExecution')
    return json({
      executionArn: `${STATE_MACHINE.replace(':stateMachine:', ':execution:')}:x`,
      startDate: 0,
    });
  if (seen.action === 'DescribeExecution') {
    return json({
      executionArn: 'arn:x',
      stateMachineArn: STATE_MACHINE,
      status: 'SUCCEEDED',
      startDate: 0,
      output: JSON.stringify({ incidentId: 'INC-20261120-abcdef12' }),
    });
  }
  if (seen.action === 'GetItem')
    return json({ Item: { pk: { S: 'APPROVAL' }, incidentId: { S: 'INC-20261120-abcdef12' } } });
  return json({});
}

const options = (clients: AwsClients) => ({
  aws: true,
  clients,
  stateDir: '/nonexistent',
  config: parseConfig({}),
  progress: () => {},
});

describe('the CLI against a deployed stack (--aws)', () => {
  it('starts block-ips by its stack output, named after the request, and reports the outcome', async () => {
    const { clients, seen } = recordingClients(awsLike);
    const result = await runOperatorPlaybook(
      'block-ips',
      { requestId: 'ops-42', ips: ['203.0.113.7'], reason: 'ticket SEC-1', requestedBy: 'alice' },
      options(clients),
    );
    expect(seen.map((s) => `${s.service}:${s.action}`)).toEqual([
      'cloudformation:DescribeStacks',
      'states:StartExecution',
      'states:DescribeExecution',
    ]);
    expect(new URLSearchParams(seen[0]?.body).get('StackName')).toBe('Riposte');
    const start = JSON.parse(seen[1]?.body ?? '{}');
    expect(start).toMatchObject({ stateMachineArn: STATE_MACHINE, name: 'block-ips-ops-42' });
    expect(JSON.parse(start.input)).toEqual({
      requestId: 'ops-42',
      ips: ['203.0.113.7'],
      reason: 'ticket SEC-1',
      requestedBy: 'alice',
    });
    expect(result).toMatchObject({ where: 'aws', status: 'SUCCEEDED', incidentId: 'INC-20261120-abcdef12' });
  });

  it('switches the kill switch by writing the control item to the incidents table', async () => {
    const { clients, seen } = recordingClients(awsLike);
    await setKillSwitch(true, 'bob', 'office blocked', options(clients));
    const put = seen.find((s) => s.action === 'PutItem');
    expect(JSON.parse(put?.body ?? '{}')).toMatchObject({
      TableName: TABLE,
      Item: {
        pk: { S: 'CONTROL' },
        sk: { S: 'blocking' },
        on: { BOOL: true },
        by: { S: 'bob' },
        reason: { S: 'office blocked' },
      },
    });
  });

  it('answers an approval with SendTaskSuccess / SendTaskFailure and writes who answered on the incident', async () => {
    const { clients, seen } = recordingClients(awsLike);
    expect(await answerApproval('token-123', false, 'carol', 'too broad', clients)).toBe(true);
    const failure = JSON.parse(seen.find((s) => s.action === 'SendTaskFailure')?.body ?? '{}');
    expect(failure).toEqual({
      taskToken: 'token-123',
      error: 'ApprovalDenied',
      cause: 'denied by carol: too broad',
    });
    const entry = JSON.parse(seen.filter((s) => s.action === 'PutItem').at(-1)?.body ?? '{}');
    expect(entry.Item).toMatchObject({
      pk: { S: 'INCIDENT#INC-20261120-abcdef12' },
      actor: { S: 'human/carol' },
      action: { S: 'deny' },
    });

    const approved = recordingClients(awsLike);
    await answerApproval('token-456', true, 'carol', 'reviewed', approved.clients);
    const success = JSON.parse(approved.seen.find((s) => s.action === 'SendTaskSuccess')?.body ?? '{}');
    expect(JSON.parse(success.output)).toEqual({ approved: true, by: 'carol', reason: 'reviewed' });
  });

  it('answers an approval with SendTaskSuccess first, even when the caller may not call DescribeStacks', async () => {
    const { clients, seen } = recordingClients((entry) =>
      entry.service === 'cloudformation'
        ? {
            status: 403,
            type: 'text/xml',
            body: '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform: cloudformation:DescribeStacks</Message></Error><RequestId>r</RequestId></ErrorResponse>',
          }
        : awsLike(entry),
    );
    expect(await answerApproval('token-789', true, 'dave', 'reviewed', clients)).toBe(false);
    expect(seen[0]?.action).toBe('SendTaskSuccess');
  });

  it('says what to do when the stack cannot be read', async () => {
    const { clients } = recordingClients((seen) =>
      seen.service === 'cloudformation'
        ? {
            status: 400,
            type: 'text/xml',
            body: '<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id Riposte does not exist</Message></Error><RequestId>r</RequestId></ErrorResponse>',
          }
        : { type: 'application/x-amz-json-1.0', body: '{}' },
    );
    await expect(
      runOperatorPlaybook(
        'block-ips',
        { ips: ['203.0.113.7'], reason: 'r', requestedBy: 'a' },
        options(clients),
      ),
    ).rejects.toThrow(/Stack with id Riposte does not exist.*drop --aws/);
  });
});
