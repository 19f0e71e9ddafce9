import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeLegalClock, markBreach } from '../../lambdas/actions/legal-clocks.ts';
import { clocksOf } from '../../lambdas/core/legal-clocks.ts';
import { awsBreach } from '../../lib/cli/breach.ts';
import { loadConfig } from '../../lib/local/config-source.ts';
import { runSchedulesUntil } from '../../lib/local/ladder.ts';
import { LocalRuntime } from '../../lib/local/runtime.ts';
import { VirtualClock } from '../../lib/local/virtual-clock.ts';
import { offlineClient, stackOutputsXml } from '../support/aws-sdk.ts';
import { detection } from '../support/local.ts';

const T0 = new Date('2026-11-20T03:30:00Z');
const H = 3_600_000;
const clock = new VirtualClock(T0);
let runtime: LocalRuntime;
let incidentId: string;
const config = loadConfig();

beforeAll(async () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'riposte-legal-'));
  runtime = await LocalRuntime.start({ stateDir, config, clock: clock.now, inMemory: true });
  const { started } = await runtime.deliver(detection('legal-1'));
  incidentId = String(started[0]?.incidentId);
});
afterAll(() => runtime.close());

const deps = () => ({
  incidents: runtime.deps.incidents,
  clock: runtime.deps.clock,
  config: runtime.deps.config,
  reminders: runtime.adapters.scheduler,
});

describe('legal clocks on the local runtime', { timeout: 60_000 }, () => {
  it('a breach starts the APPI and GDPR deadlines with reminder schedules; marked twice, one set', async () => {
    const awareAt = new Date('2026-11-20T01:00:00Z');
    const first = await markBreach(
      { incidentId, awareAt, jurisdictions: ['appi', 'gdpr'], by: 'alice' },
      deps(),
    );
    expect(first.alreadyMarked).toBe(false);
    expect(first.clocks.map((c) => [c.id, c.dueAt, c.status])).toEqual([
      ['gdpr:notification', '2026-11-23T01:00:00.000Z', 'open'],
      ['appi:preliminary', '2026-11-25T01:00:00.000Z', 'open'],
      ['appi:final', '2026-12-20T01:00:00.000Z', 'open'],
    ]);
    const names = runtime.adapters.scheduler.pending().map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining([
        `riposte-${incidentId}-appi-preliminary-x`,
        `riposte-${incidentId}-appi-preliminary-24h`,
        `riposte-${incidentId}-gdpr-notification-4h`,
        `riposte-${incidentId}-appi-final-24h`,
      ]),
    );
    const before = runtime.adapters.scheduler.pending().length;

    const again = await markBreach(
      { incidentId, awareAt: new Date('2026-11-20T02:00:00Z'), jurisdictions: ['appi'], by: 'bob' },
      deps(),
    );
    expect(again).toMatchObject({ alreadyMarked: true, awareAt: awareAt.toISOString(), started: [] });
    expect(again.clocks).toHaveLength(3);
    expect(runtime.adapters.scheduler.pending()).toHaveLength(before);
    const timeline = await runtime.deps.incidents.timeline(incidentId);
    expect(timeline.filter((e) => e.action === 'legal-clock-started')).toHaveLength(3);
  });

  it('refuses an unknown jurisdiction and writes nothing', async () => {
    const { started } = await runtime.deliver(
      detection('legal-2', { sourceIps: ['198.51.100.9'], targetedUsers: ['carol'], compromisedUsers: [] }),
    );
    const other = String(started[0]?.incidentId);
    await expect(
      markBreach({ incidentId: other, awareAt: T0, jurisdictions: ['appi', 'mars'], by: 'alice' }, deps()),
    ).rejects.toThrow(/unknown jurisdiction\(s\) mars/);
    const timeline = await runtime.deps.incidents.timeline(other);
    expect(timeline.some((e) => e.action === 'breach-marked')).toBe(false);
  });

  it('reminders page before the deadline; a closed clock records met or late and pages no more', async () => {
    // Day 2 after awareness: the GDPR reminders (24 h and 4 h before) fire; then GDPR is closed late.
    await runSchedulesUntil(runtime, clock, new Date('2026-11-23T00:00:00Z'));
    const reminders = runtime.adapters.topic.pages().filter((p) => p.key.startsWith(`${incidentId}:legal:`));
    expect(reminders.map((p) => p.key)).toEqual([
      `${incidentId}:legal:gdpr:notification:24`,
      `${incidentId}:legal:gdpr:notification:4`,
    ]);
    expect(reminders[0]?.message).toContain('Deadline: 2026-11-23T01:00:00.000Z');

    const met = await closeLegalClock(
      { incidentId, clockId: 'gdpr:notification', reference: 'DPA-2026-0042', by: 'alice' },
      deps(),
    );
    expect(met).toMatchObject({
      status: 'met',
      closed: { reference: 'DPA-2026-0042', met: true, by: 'alice' },
    });
    await expect(
      closeLegalClock({ incidentId, clockId: 'gdpr:notification', reference: 'again', by: 'bob' }, deps()),
    ).rejects.toThrow(/was closed at .* by alice/);
    await expect(
      closeLegalClock({ incidentId, clockId: 'ccpa:notice', reference: 'x', by: 'bob' }, deps()),
    ).rejects.toThrow(/no clock ccpa:notice; its clocks: gdpr:notification, appi:preliminary, appi:final/);

    // The APPI preliminary report goes in a day late: recorded as late; its remaining reminders are gone.
    clock.advanceTo(new Date(Date.parse('2026-11-25T01:00:00Z') + 24 * H));
    const pendingBefore = runtime.adapters.scheduler.pending().map((s) => s.name);
    const late = await closeLegalClock(
      { incidentId, clockId: 'appi:final', reference: 'PPC-77', by: 'alice' },
      deps(),
    );
    expect(late.status).toBe('met');
    expect(runtime.adapters.scheduler.pending().map((s) => s.name)).not.toContain(
      `riposte-${incidentId}-appi-final-24h`,
    );
    expect(pendingBefore).toContain(`riposte-${incidentId}-appi-final-24h`);
    const views = clocksOf(await runtime.deps.incidents.timeline(incidentId), clock.now());
    expect(views.map((c) => [c.id, c.status])).toEqual([
      ['gdpr:notification', 'met'],
      ['appi:preliminary', 'overdue'],
      ['appi:final', 'met'],
    ]);
    const lateClose = await closeLegalClock(
      { incidentId, clockId: 'appi:preliminary', reference: 'PPC-76', by: 'alice' },
      deps(),
    );
    expect(lateClose).toMatchObject({ status: 'late', closed: { met: false } });
  });
});

describe('breach --aws', { timeout: 60_000 }, () => {
  it('writes the clocks to the incidents table and creates Scheduler schedules that publish to the page topic', async () => {
    const { started } = await runtime.deliver(
      detection('legal-aws', {
        sourceIps: ['198.51.100.77'],
        targetedUsers: ['dave'],
        compromisedUsers: ['dave'],
      }),
    );
    const id = String(started[0]?.incidentId);
    const requests: { path: string; body: string }[] = [];
    const reply = (body: string, type: string) => ({
      response: {
        statusCode: 200,
        headers: { 'content-type': type },
        body: Readable.from([Buffer.from(body)]),
      },
    });
    const tableName = (runtime.deps.incidents as unknown as { tableName: string }).tableName;
    const dynamo = (runtime as unknown as { dynamo: { endpoint: string } }).dynamo.endpoint;
    const clients = {
      cfn: new CloudFormationClient({
        ...offlineClient,
        requestHandler: {
          handle: async () =>
            reply(
              stackOutputsXml({
                IncidentsTableName: tableName,
                RelaxScheduleGroup: 'riposte-relax',
                RelaxSchedulerRoleArn: 'arn:aws:iam::123456789012:role/Riposte-SchedulerRole',
                PageTopicArn: 'arn:aws:sns:us-east-1:123456789012:Riposte-PageTopic',
              }),
              'text/xml',
            ),
        },
      }),
      sfn: new SFNClient(offlineClient),
      dynamo: new DynamoDBClient({ ...offlineClient, endpoint: dynamo }),
      scheduler: new SchedulerClient({
        ...offlineClient,
        requestHandler: {
          handle: async (request: { path: string; body?: unknown }) => {
            requests.push({ path: request.path, body: String(request.body ?? '') });
            return reply(
              JSON.stringify({ ScheduleArn: 'arn:aws:scheduler:::schedule/x' }),
              'application/json',
            );
          },
        },
      }),
    };
    const out = await awsBreach(
      {
        kind: 'mark',
        incidentId: id,
        // The CLI on AWS runs on the wall clock.
        awareAt: new Date(Date.now() - H),
        jurisdictions: ['gdpr'],
        by: 'alice',
      },
      config,
      clients,
    );
    expect(out.clocks.map((c) => c.id)).toEqual(['gdpr:notification']);
    expect(requests.map((r) => r.path)).toEqual([
      `/schedules/riposte-${id}-gdpr-notification-24h`,
      `/schedules/riposte-${id}-gdpr-notification-4h`,
    ]);
    const body = JSON.parse(requests[0]?.body ?? '{}');
    expect(body).toMatchObject({
      GroupName: 'riposte-relax',
      ActionAfterCompletion: 'DELETE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: 'arn:aws:scheduler:::aws-sdk:sns:publish',
        RoleArn: expect.stringContaining('SchedulerRole'),
      },
    });
    expect(body.ScheduleExpression).toMatch(/^at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\)$/);
    const input = JSON.parse(body.Target.Input);
    expect(input).toMatchObject({
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:Riposte-PageTopic',
      MessageAttributes: {
        kind: { DataType: 'String', StringValue: 'page' },
        incidentId: { StringValue: id },
      },
    });
    expect(input.Subject).toContain('REMINDER: gdpr notification report due in 24 h');
  });
});
