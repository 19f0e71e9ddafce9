import { Readable } from 'node:stream';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { EventBridgeDetectionBus } from '../../lambdas/adapters/events/eventbridge.ts';
import { LocalDetectionBus } from '../../lambdas/adapters/events/local.ts';
import type { Detection } from '../../lambdas/core/alerts.ts';

const detection = (id: string, sourceIps: string[] = ['203.0.113.7']): Detection => ({
  id,
  type: 'password-spray',
  technique: 'T1110.003',
  severity: 60,
  observedAt: '2026-11-20T03:12:00.000Z',
  sourceIps,
  sourceHosts: [],
  targetedUsers: ['alice'],
  compromisedUsers: [],
  reasons: ['7 accounts failed'],
});

type Answer = (entries: unknown[]) => { ErrorCode?: string; ErrorMessage?: string; EventId?: string }[];

/** A real EventBridge client whose HTTP layer records PutEvents requests and answers them (no network). */
function fakeEventBridge(answer: Answer = (entries) => entries.map((_, i) => ({ EventId: `ev-${i}` }))) {
  const requests: { target: string; body: { Entries: Record<string, unknown>[] } }[] = [];
  const client = new EventBridgeClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: { headers: Record<string, string>; body?: unknown }) {
        const body = JSON.parse(
          typeof request.body === 'string'
            ? request.body
            : new TextDecoder().decode(request.body as Uint8Array),
        );
        requests.push({ target: request.headers['x-amz-target'] ?? '', body });
        const results = answer(body.Entries);
        const payload = { FailedEntryCount: results.filter((r) => r.ErrorCode).length, Entries: results };
        return {
          response: {
            statusCode: 200,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: Readable.from([Buffer.from(JSON.stringify(payload))]),
          },
        };
      },
    },
  });
  return { requests, bus: new EventBridgeDetectionBus(client, 'default', async () => {}) };
}

describe('EventBridgeDetectionBus (real SDK requests)', () => {
  it('sends riposte.detection events with the detection as detail, at most 10 per PutEvents call', async () => {
    const { requests, bus } = fakeEventBridge();
    const detections = Array.from({ length: 12 }, (_, i) => detection(`d-${i}`));
    expect(await bus.publish(detections)).toEqual({ failed: [] });
    expect(requests.map((r) => r.target)).toEqual(['AWSEvents.PutEvents', 'AWSEvents.PutEvents']);
    expect(requests.map((r) => r.body.Entries.length)).toEqual([10, 2]);
    const [entry] = requests[0]?.body.Entries ?? [];
    expect(entry).toMatchObject({
      Source: 'riposte.detection',
      DetailType: 'Identity attack detected',
      EventBusName: 'default',
    });
    expect(JSON.parse(String(entry?.Detail))).toEqual(detections[0]);
  });

  it('sends again only the entries EventBridge refused, and reports those it keeps refusing', async () => {
    let call = 0;
    const { requests, bus } = fakeEventBridge((entries) => {
      call++;
      return entries.map((e, i) => {
        const id = JSON.parse(String((e as { Detail: string }).Detail)).id;
        if (id === 'd-bad') return { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' };
        if (id === 'd-flaky' && call === 1)
          return { ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' };
        return { EventId: `ev-${i}` };
      });
    });
    const result = await bus.publish([detection('d-ok'), detection('d-flaky'), detection('d-bad')]);
    expect(result.failed).toEqual([{ id: 'd-bad', error: 'InternalFailure: try again' }]);
    expect(requests.map((r) => r.body.Entries.length)).toEqual([3, 2, 1]);
  });

  it('refuses, without sending, a detection larger than an event may be', async () => {
    const { requests, bus } = fakeEventBridge();
    const huge = detection(
      'd-huge',
      Array.from({ length: 10_000 }, (_, i) => `2001:db8:1234:5678:abcd:ef01:${i.toString(16)}:1`),
    );
    const result = await bus.publish([huge, detection('d-small')]);
    expect(result.failed).toEqual([
      { id: 'd-huge', error: expect.stringMatching(/bytes; EventBridge takes at most 262144/) },
    ]);
    expect(requests.flatMap((r) => r.body.Entries).length).toBe(1);
  });
});

describe('LocalDetectionBus', () => {
  it('hands each detection, as its EventBridge event, to the alert entry and reports what it refused', async () => {
    const delivered: unknown[] = [];
    const bus = new LocalDetectionBus(async (event) => {
      delivered.push(event);
      if ((event as { detail: Detection }).detail.id === 'd-2') throw new Error('no playbook');
    });
    const result = await bus.publish([detection('d-1'), detection('d-2')]);
    expect(delivered[0]).toEqual({
      source: 'riposte.detection',
      'detail-type': 'Identity attack detected',
      detail: detection('d-1'),
    });
    expect(result.failed).toEqual([{ id: 'd-2', error: 'Error: no playbook' }]);
  });
});
