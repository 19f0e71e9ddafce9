import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBridgeNoticeSender } from '../../lambdas/adapters/notices/eventbridge.ts';
import { SesNoticeSender } from '../../lambdas/adapters/notices/ses.ts';
import { parseConfig } from '../../lambdas/core/config.ts';
import { checkNotice } from '../../lambdas/core/notices.ts';
import { noticesOf } from '../../lib/cli/notices.ts';
import { loadConfig } from '../../lib/local/config-source.ts';
import { LocalRuntime } from '../../lib/local/runtime.ts';
import { offlineClient } from '../support/aws-sdk.ts';
import { detection, NOW } from '../support/local.ts';

const SITE = 'https://www.example.com';
const base = loadConfig();
const config = parseConfig({
  ...base,
  notices: {
    officialSite: SITE,
    serviceName: 'Example',
    contact: 'support@example.com',
    from: 'security@example.com',
    recipients: { bob: { email: 'bob@example.com', locale: 'en-US' } },
  },
});
let runtime: LocalRuntime;
let incidentId: string;

/** The .eml as a mail client reads it: headers, and the base64 body decoded. */
function readEml(file: string) {
  const [head = '', body = ''] = readFileSync(file, 'utf8').split('\r\n\r\n');
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mu').exec(head)?.[1] ?? '';
  const subject = header('Subject').replace(/^=\?UTF-8\?B\?(.*)\?=$/u, (_, b64) =>
    Buffer.from(b64, 'base64').toString('utf8'),
  );
  return {
    to: header('To'),
    subject,
    language: header('Content-Language'),
    body: Buffer.from(body.replace(/\s/gu, ''), 'base64').toString('utf8'),
  };
}

beforeAll(async () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'riposte-notices-'));
  runtime = await LocalRuntime.start({ stateDir, config, clock: () => NOW, inMemory: true });
  for (const name of ['alice', 'bob', 'carol']) await runtime.seedUser({ name, sessions: 1, enabled: true });
  runtime.adapters.userPool.seed('alice', { email: 'alice@example.jp', locale: 'ja-JP', refreshTokens: 1 });
  runtime.adapters.userPool.seed('carol', { email: 'carol@example.fr', locale: 'fr', refreshTokens: 1 });
  const { started } = await runtime.deliver(
    detection('notices-1', {
      targetedUsers: ['alice', 'bob', 'carol', 'dave'],
      compromisedUsers: ['alice', 'bob', 'carol'],
    }),
  );
  incidentId = String(started[0]?.incidentId);
});
afterAll(() => runtime.close());

const timeline = () => runtime.deps.incidents.timeline(incidentId);

describe('notices to the owners of contained accounts', { timeout: 60_000 }, () => {
  it('drafts one notice per contained account in its locale, with no link but the official site, and sends none', async () => {
    expect((await runtime.deps.incidents.get(incidentId))?.status).toBe('contained');
    await runtime.invokeHandler('draft-notices', { incidentId });
    await runtime.invokeHandler('draft-notices', { incidentId });
    const { notices, waiting, stakeholders } = noticesOf(incidentId, await timeline());
    expect(notices.map((n) => [n.user, n.template, n.to, n.status, n.unknownLocale])).toEqual([
      ['alice', 'account-secured-ja', 'a***@example.jp', 'waiting', undefined],
      ['bob', 'account-secured-en', 'b***@example.com', 'waiting', undefined],
      // No French template: the default, and the unknown locale recorded.
      ['carol', 'account-secured-en', 'c***@example.fr', 'waiting', 'fr'],
    ]);
    expect(waiting.map((w) => [w.template, w.count])).toEqual([
      ['account-secured-en', 2],
      ['account-secured-ja', 1],
    ]);
    const ja = waiting.find((w) => w.template === 'account-secured-ja');
    expect(ja?.sample).toContain('リスト型攻撃');
    expect(ja?.sample).toContain(`公式サイトのアドレスをご自身で入力してアクセスしてください: ${SITE}`);
    for (const w of waiting) {
      expect(() => checkNotice(`${w.subject}\n${w.sample}`, SITE)).not.toThrow();
      expect([...w.sample.matchAll(/https?:\/\/\S+/gu)].map((m) => m[0])).toEqual([SITE]);
    }
    expect(runtime.adapters.notices.files(incidentId)).toEqual([]);
    expect(stakeholders.map((s) => s.audience)).toEqual(['employees', 'partners', 'press']);
    expect(stakeholders.find((s) => s.audience === 'press')?.blanks).toContain(
      'number of customers whose personal data was viewed',
    );
  });

  it('sends each exactly once after one approval per template; a rejected address is recorded and the others still go', async () => {
    runtime.adapters.notices.reject('carol@example.fr');
    runtime.approvalPolicy = 'approve';
    runtime.approver = 'hanako';
    const before = runtime.approvals.length;
    const first = await runtime.run('notify-users', 'notices-1', { incidentId });
    expect(first.status).toBe('SUCCEEDED');
    expect(runtime.approvals.length - before).toBe(2);
    const files = runtime.adapters.notices.files(incidentId).sort();
    expect(files.map((f) => path.basename(f))).toEqual([
      'account-secured-en-bob.eml',
      'account-secured-ja-alice.eml',
    ]);
    const alice = readEml(files[1] as string);
    expect(alice).toMatchObject({ to: 'alice@example.jp', language: 'ja' });
    expect(alice.subject).toBe('【Example】お客様のアカウント保護に関する重要なお知らせ');
    expect(alice.body).toContain(`受付番号: ${incidentId}`);

    const second = await runtime.run('notify-users', 'notices-2', { incidentId });
    expect(second.status).toBe('SUCCEEDED');
    expect(runtime.adapters.notices.files(incidentId)).toHaveLength(2);
    const t = await timeline();
    expect(
      t.filter((e) => e.action === 'notice-sent').map((e) => [e.data?.user, e.data?.approvedBy]),
    ).toEqual([
      ['bob', 'hanako'],
      ['alice', 'hanako'],
    ]);
    const failed = t.filter((e) => e.action === 'notice-failed');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(
      failed.every((e) => e.data?.user === 'carol' && String(e.data?.error).startsWith('MessageRejected')),
    ).toBe(true);
    expect(
      t.filter((e) => e.action === 'approve' && e.actor === 'human/hanako').length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('records an SES bounce on the incident, once', async () => {
    const sent = (await timeline()).find((e) => e.action === 'notice-sent' && e.data?.user === 'bob');
    const event = {
      source: 'aws.ses',
      'detail-type': 'Email Bounced',
      detail: {
        eventType: 'Bounce',
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'General',
          bouncedRecipients: [
            { emailAddress: 'bob@example.com', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
          ],
        },
        mail: {
          messageId: sent?.data?.messageId,
          tags: { incident: [incidentId], template: ['account-secured-en'] },
        },
      },
    };
    await runtime.invokeHandler('record-notice-event', event);
    await runtime.invokeHandler('record-notice-event', event);
    const bounces = (await timeline()).filter((e) => e.action === 'notice-bounced');
    expect(bounces.map((e) => [e.data?.user, e.data?.bounceType])).toEqual([['bob', 'Permanent']]);
    expect(noticesOf(incidentId, await timeline()).notices.find((n) => n.user === 'bob')?.status).toBe(
      'bounced',
    );
  });
});

describe('the SES adapter', () => {
  it("sends SES v2 SendEmail in riposte's configuration set, UTF-8, tagged; SES's MessageRejected keeps its name", async () => {
    const seen: { path: string; body: Record<string, unknown> }[] = [];
    let reject = false;
    const client = new SESv2Client({
      ...offlineClient,
      requestHandler: {
        handle: async (request: { path: string; body?: unknown }) => {
          seen.push({ path: request.path, body: JSON.parse(String(request.body)) });
          const [status, headers, body] = reject
            ? [400, { 'x-amzn-errortype': 'MessageRejected' }, { message: 'Email address is not verified.' }]
            : [200, {}, { MessageId: '0100018c-abc' }];
          return {
            response: {
              statusCode: status,
              headers: { 'content-type': 'application/json', ...headers },
              body: Readable.from([Buffer.from(JSON.stringify(body))]),
            },
          };
        },
      },
    });
    const sender = new SesNoticeSender({
      client,
      from: 'security@example.com',
      configurationSet: 'riposte-notices',
    });
    const notice = {
      incidentId: 'INC-20261120-abcdef12',
      user: 'alice',
      to: 'alice@example.jp',
      template: 'account-secured-ja',
      locale: 'ja',
      subject: '件名',
      body: '本文',
    };
    expect(await sender.send(notice)).toEqual({ messageId: '0100018c-abc' });
    expect(seen[0]?.path).toBe('/v2/email/outbound-emails');
    expect(seen[0]?.body).toEqual({
      FromEmailAddress: 'security@example.com',
      Destination: { ToAddresses: ['alice@example.jp'] },
      Content: {
        Simple: {
          Subject: { Data: '件名', Charset: 'UTF-8' },
          Body: { Text: { Data: '本文', Charset: 'UTF-8' } },
        },
      },
      ConfigurationSetName: 'riposte-notices',
      EmailTags: [
        { Name: 'incident', Value: 'INC-20261120-abcdef12' },
        { Name: 'template', Value: 'account-secured-ja' },
      ],
    });
    reject = true;
    await expect(sender.send(notice)).rejects.toMatchObject({ name: 'MessageRejected' });
  });
});

describe('the EventBridge channel', () => {
  it('hands the approved notice to the application as one riposte.notice event', async () => {
    const seen: Record<string, unknown>[] = [];
    const client = new EventBridgeClient({
      ...offlineClient,
      requestHandler: {
        handle: async (request: { body?: unknown }) => {
          seen.push(JSON.parse(String(request.body)));
          return {
            response: {
              statusCode: 200,
              headers: { 'content-type': 'application/x-amz-json-1.1' },
              body: Readable.from([
                Buffer.from(JSON.stringify({ FailedEntryCount: 0, Entries: [{ EventId: 'ev-1' }] })),
              ]),
            },
          };
        },
      },
    });
    const notice = {
      incidentId: 'INC-1',
      user: 'alice',
      template: 'account-secured-en',
      locale: 'en',
      subject: 's',
      body: 'b',
    };
    expect(await new EventBridgeNoticeSender(client).send(notice)).toEqual({ messageId: 'ev-1' });
    const [entry] = (seen[0]?.Entries ?? []) as Record<string, string>[];
    expect(entry).toMatchObject({
      Source: 'riposte.notice',
      DetailType: 'User notice approved',
      EventBusName: 'default',
    });
    expect(JSON.parse(String(entry?.Detail))).toEqual(notice);
  });
});

describe('notices --aws', { timeout: 60_000 }, () => {
  it('starts notify-users on the deployed stack, and with --approve answers its open approvals in the analyst’s name', async () => {
    const { CloudFormationClient } = await import('@aws-sdk/client-cloudformation');
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const { SFNClient } = await import('@aws-sdk/client-sfn');
    const { awsNotices } = await import('../../lib/cli/notices.ts');
    const { stackOutputsXml } = await import('../support/aws-sdk.ts');
    // An approval asked and never answered locally: its task token is on the timeline, as on AWS.
    await runtime.seedUser({ name: 'erin', sessions: 1, enabled: true });
    runtime.adapters.userPool.seed('erin', { email: 'erin@example.com', refreshTokens: 1 });
    const { started } = await runtime.deliver(
      detection('notices-aws', {
        sourceIps: ['198.51.100.8'],
        targetedUsers: ['erin'],
        compromisedUsers: ['erin'],
      }),
    );
    const id = String(started[0]?.incidentId);
    runtime.approvalPolicy = 'timeout';
    await runtime.run('notify-users', 'notices-aws-1', { incidentId: id });
    const reply = (body: string, type: string) => ({
      response: {
        statusCode: 200,
        headers: { 'content-type': type },
        body: Readable.from([Buffer.from(body)]),
      },
    });
    const sfnCalls: { target: string; body: Record<string, unknown> }[] = [];
    const clients = {
      cfn: new CloudFormationClient({
        ...offlineClient,
        requestHandler: {
          handle: async () =>
            reply(
              stackOutputsXml({
                IncidentsTableName: (runtime.deps.incidents as unknown as { tableName: string }).tableName,
                PlaybookNotifyUsersArn:
                  'arn:aws:states:us-east-1:123456789012:stateMachine:riposte-notify-users',
              }),
              'text/xml',
            ),
        },
      }),
      dynamo: new DynamoDBClient({
        ...offlineClient,
        endpoint: (runtime as unknown as { dynamo: { endpoint: string } }).dynamo.endpoint,
      }),
      sfn: new SFNClient({
        ...offlineClient,
        requestHandler: {
          handle: async (request: { headers: Record<string, string>; body?: unknown }) => {
            sfnCalls.push({
              target: String(request.headers['x-amz-target']).split('.').pop() ?? '',
              body: JSON.parse(String(request.body)),
            });
            return reply(
              JSON.stringify({ executionArn: 'arn:x', startDate: 0 }),
              'application/x-amz-json-1.0',
            );
          },
        },
      }),
    };
    const startedOnAws = await awsNotices(id, { approve: false, by: 'hanako' }, clients);
    expect(sfnCalls[0]).toMatchObject({
      target: 'StartExecution',
      body: {
        stateMachineArn: expect.stringContaining('riposte-notify-users'),
        input: JSON.stringify({ incidentId: id }),
      },
    });
    expect(startedOnAws.did[0]).toContain('nothing is sent before approval');
    const approved = await awsNotices(id, { approve: true, by: 'hanako' }, clients);
    const answer = sfnCalls.find((c) => c.target === 'SendTaskSuccess');
    expect(String(answer?.body.taskToken)).toMatch(/^local-token-notices-aws-1/);
    expect(JSON.parse(String(answer?.body.output))).toMatchObject({ approved: true, by: 'hanako' });
    expect(approved.did).toEqual(['approved 1 notice text(s): the execution sends them']);
    const t = await runtime.deps.incidents.timeline(id);
    expect(t.some((e) => e.action === 'approve' && e.actor === 'human/hanako')).toBe(true);
  });
});
