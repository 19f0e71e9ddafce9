import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectInLogs } from '../../lambdas/actions/detect.ts';
import { DetectionStateStore } from '../../lambdas/adapters/dynamo/detection-state.ts';
import type { DetectionBus } from '../../lambdas/adapters/events/port.ts';
import { LocalParameterStore } from '../../lambdas/adapters/parameters/local.ts';
import { parameterName } from '../../lambdas/adapters/posture/controls.ts';
import type { Detection } from '../../lambdas/core/alerts.ts';
import type { AuthEvent, ParsedLog } from '../../lambdas/core/auth-event.ts';
import { parseConfig } from '../../lambdas/core/config.ts';
import type { SubscriptionPayload } from '../../lambdas/core/log-subscription.ts';
import type { Deps } from '../../lambdas/platform/deps.ts';
import { createTables, type LocalDynamo, startDynamo } from '../../lib/local/dynamo.ts';
import { attempt, MINUTE, T0 } from '../support/auth-events.ts';

// Built sequences: a spray from one address, delivered by CloudWatch Logs in several batches.
let dynamo: LocalDynamo;
let tables = 0;
beforeAll(async () => {
  dynamo = await startDynamo();
});
afterAll(() => dynamo?.close());

/** The records of the delivery are AuthEvent JSON lines: this tests the window state, not the parsers. */
const parse = (text: string): ParsedLog => {
  try {
    return { events: [JSON.parse(text) as AuthEvent], rejected: [] };
  } catch {
    return { events: [], rejected: [{ line: 1, reason: 'not JSON', text }] };
  }
};
const delivery = (events: AuthEvent[], extra: string[] = []): SubscriptionPayload => ({
  messageType: 'DATA_MESSAGE',
  logGroup: 'app-signins',
  logStream: 's',
  logEvents: [...events.map((e) => JSON.stringify(e)), ...extra].map((message, i) => ({
    id: String(i),
    timestamp: T0,
    message,
  })),
});
const spray = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) =>
    attempt(`user${from + i}`, 'failure', T0 + (from + i) * MINUTE, { ip: '203.0.113.9' }),
  );

async function world() {
  const table = `DetectionState${++tables}`;
  await createTables(dynamo.client, {
    Resources: {
      [table]: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
        },
      },
    },
  });
  const published: Detection[] = [];
  let failing = false;
  const bus: DetectionBus = {
    async publish(detections) {
      if (failing) return { failed: detections.map((d) => ({ id: d.id, error: 'InternalFailure: down' })) };
      published.push(...detections);
      return { failed: [] };
    },
  };
  let now = T0 + 30 * MINUTE;
  const parameters = new LocalParameterStore();
  const deps = {
    config: parseConfig({}),
    clock: () => new Date(now),
    logger: new Logger({ logLevel: 'SILENT' }),
    detectionState: new DetectionStateStore(dynamo.doc, table),
    detections: bus,
    parameters,
  } as unknown as Deps;
  return {
    published,
    parameters,
    run: (payload: SubscriptionPayload) => detectInLogs(payload, parse, deps),
    setNow: (ms: number) => {
      now = ms;
    },
    fail: (on: boolean) => {
      failing = on;
    },
  };
}

describe('detect: the emergency posture lowers the thresholds', () => {
  // Built: two accounts sprayed from one address; the configured spray needs 5 accounts.
  const twoAccounts = () => spray(0, 2);

  it('finds nothing at the baseline, and a spray once an incident holds the detection threshold down', async () => {
    const calm = await world();
    expect((await calm.run(delivery(twoAccounts()))).detections).toBe(0);

    const tight = await world();
    // What tighten-posture publishes at the emergency level (5 failures / hour against a baseline of 20).
    await tight.parameters.put(parameterName('detection-threshold'), '5');
    const result = await tight.run(delivery(twoAccounts()));
    expect(result.published).toHaveLength(1);
    expect(tight.published[0]).toMatchObject({ type: 'password-spray', sourceIps: ['203.0.113.9'] });
  });
});

describe('detect: window state between deliveries (dynalite)', () => {
  it('finds a spray split over two deliveries, and publishes it once however often they come again', async () => {
    const w = await world();
    expect(await w.run(delivery(spray(0, 4)))).toMatchObject({ events: 4, detections: 0, published: [] });
    const second = await w.run(delivery(spray(4, 7)));
    expect(second.published).toHaveLength(1);
    expect(w.published[0]).toMatchObject({ type: 'password-spray', sourceIps: ['203.0.113.9'] });
    expect(w.published[0]?.targetedUsers).toHaveLength(7);

    expect((await w.run(delivery(spray(4, 7)))).published).toEqual([]);
    expect((await w.run(delivery(spray(0, 7)))).published).toEqual([]);
    expect(w.published).toHaveLength(1);
  });

  it('publishes the campaign again, under a new id, when it grows', async () => {
    const w = await world();
    await w.run(delivery(spray(0, 7)));
    await w.run(delivery(spray(7, 9)));
    expect(w.published.map((d) => d.targetedUsers.length)).toEqual([7, 9]);
    const [a, b] = w.published;
    expect(a?.id).not.toBe(b?.id);
    expect(a?.id.slice(0, -9)).toBe(b?.id.slice(0, -9));
  });

  it('counts unparsable records with their reasons and still detects in the others', async () => {
    const w = await world();
    const result = await w.run(delivery(spray(0, 7), ['{broken', 'also broken']));
    expect(result).toMatchObject({
      records: 9,
      events: 7,
      rejected: 2,
      rejectedSamples: [
        { line: 8, reason: 'not JSON' },
        { line: 9, reason: 'not JSON' },
      ],
    });
    expect(result.published).toHaveLength(1);
  });

  it('forgets records once they expire, comparing expiry itself (dynalite has no TTL)', async () => {
    const w = await world();
    await w.run(delivery(spray(0, 4)));
    w.setNow(T0 + 3 * 24 * 60 * MINUTE);
    expect((await w.run(delivery(spray(4, 7)))).detections).toBe(0);
  });

  it('fails the delivery when a detection cannot be published, so the retry publishes it', async () => {
    const w = await world();
    w.fail(true);
    await expect(w.run(delivery(spray(0, 7)))).rejects.toMatchObject({ name: 'DetectionsNotPublished' });
    w.fail(false);
    expect((await w.run(delivery(spray(0, 7)))).published).toHaveLength(1);
  });
});

describe('detect: repeated lockouts across deliveries', () => {
  // Built: the 4740 a domain controller writes each time gus locks out, the caller computer LAPTOP-9,
  // as the Windows reader turns it into an AuthEvent; each in a delivery of its own, 50 minutes apart.
  const lockout = (at: number): AuthEvent => ({
    time: at,
    format: 'windows',
    eventCode: '4740',
    activity: 'lockout',
    outcome: 'success',
    user: 'gus',
    sourceHost: 'LAPTOP-9',
    destination: 'DC01.corp.example',
    reporter: 'DC01',
  });

  it('counts lockouts older than the failure window: the third, 100 minutes after the first, is published', async () => {
    const w = await world();
    for (const m of [0, 50]) {
      w.setNow(T0 + m * MINUTE + 1000);
      expect((await w.run(delivery([lockout(T0 + m * MINUTE)]))).published).toEqual([]);
    }
    w.setNow(T0 + 100 * MINUTE + 1000);
    const third = await w.run(delivery([lockout(T0 + 100 * MINUTE)]));
    expect(third.published).toHaveLength(1);
    expect(w.published[0]).toMatchObject({
      type: 'account-lockout',
      targetedUsers: ['gus'],
      sourceHosts: ['LAPTOP-9'],
    });
    expect(w.published[0]?.reasons[0]).toMatch(/^3 lockout\(s\) of gus name LAPTOP-9/);
  });
});
