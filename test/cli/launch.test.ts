import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../lib/cli/aws-stack.ts';
import { inputSummary, launchPlaybook } from '../../lib/cli/launch.ts';
import { loadConfig } from '../../lib/local/config-source.ts';
import { PLAYBOOKS } from '../../playbooks/index.ts';
import { offlineClient, stackOutputsXml } from '../support/aws-sdk.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'riposte-launch-'));
const inputFile = (name: string, value: unknown) => {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
};
const example = PLAYBOOKS.find((p) => p.id === 'credential-stuffing')?.example as Record<string, unknown>;
const options = (extra: object = {}) => ({
  stateDir: path.join(dir, 'state'),
  config: loadConfig(),
  progress: () => {},
  ...extra,
});

describe('riposte launch', () => {
  it('runs a playbook locally from its published example, under a name derived from the incident', async () => {
    const result = await launchPlaybook('credential-stuffing', inputFile('example.json', example), options());
    expect(result).toMatchObject({
      where: 'local',
      status: 'SUCCEEDED',
      incidentId: expect.stringMatching(/^INC-20261120-/),
    });
    expect(result.execution).toBe(`credential-stuffing-${result.incidentId}`);
    expect(result.timeline?.map((e) => e.action)).toContain('open-incident');
    // The same alert launched again starts nothing twice.
    await expect(
      launchPlaybook('credential-stuffing', inputFile('again.json', example), options()),
    ).rejects.toThrow(/already run/);
  }, 60_000);

  it('refuses bad input before starting anything, naming the file and the field', async () => {
    const bad = inputFile('bad.json', { ...example, severity: 'high' });
    await expect(launchPlaybook('credential-stuffing', bad, options())).rejects.toThrow(
      /bad\.json: severity: /,
    );
    await expect(launchPlaybook('password-sprays', bad, options())).rejects.toThrow(
      /no playbook "password-sprays"; there are: credential-stuffing/,
    );
  });

  it('starts it on the deployed stack with --aws: StartExecution on the ARN from the stack outputs', async () => {
    const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:riposte-credential-stuffing';
    const started: Record<string, unknown>[] = [];
    const handler = (service: string) => ({
      async handle(request: { headers: Record<string, string>; body?: unknown }) {
        const body =
          typeof request.body === 'string'
            ? request.body
            : new TextDecoder().decode(request.body as Uint8Array);
        const target =
          Object.entries(request.headers).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1] ?? '';
        let reply: string;
        if (service === 'cloudformation') {
          reply = stackOutputsXml({ PlaybookCredentialStuffingArn: arn });
        } else if (target.endsWith('StartExecution')) {
          started.push(JSON.parse(body));
          reply = JSON.stringify({
            executionArn: `${arn.replace(':stateMachine:', ':execution:')}:x`,
            startDate: 0,
          });
        } else {
          reply = JSON.stringify({
            executionArn: 'x',
            stateMachineArn: arn,
            status: 'SUCCEEDED',
            startDate: 0,
            output: '{"incidentId":"INC-20261120-00000000"}',
          });
        }
        const type = service === 'cloudformation' ? 'text/xml' : 'application/x-amz-json-1.0';
        return {
          response: {
            statusCode: 200,
            headers: { 'content-type': type },
            body: Readable.from([Buffer.from(reply)]),
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
    const result = await launchPlaybook(
      'credential-stuffing',
      inputFile('aws.json', example),
      options({ aws: true, clients }),
    );
    expect(result).toMatchObject({ where: 'aws', status: 'SUCCEEDED', incidentId: 'INC-20261120-00000000' });
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({
      stateMachineArn: arn,
      name: expect.stringMatching(/^credential-stuffing-INC-20261120-[0-9a-f]{8}$/),
    });
    expect(JSON.parse(String(started[0]?.input))).toEqual(example);
  });
});

describe('riposte playbooks: input summary', () => {
  it('names each input field with its type, required ones starred', () => {
    const summary = inputSummary(PLAYBOOKS.find((p) => p.id === 'block-ips') as (typeof PLAYBOOKS)[number]);
    expect(summary).toContain('ips*: string[]');
    expect(summary).toContain('dryRun: boolean');
  });
});
