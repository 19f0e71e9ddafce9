import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { LocalChangeQueue } from '../../lambdas/adapters/queue/local.ts';
import { MAX_CHANGES_PER_MESSAGE, toMessages } from '../../lambdas/adapters/queue/port.ts';
import { SqsChangeQueue } from '../../lambdas/adapters/queue/sqs.ts';
import type { BlocklistChange } from '../../lambdas/core/blocklist.ts';

const change = (i: number): BlocklistChange => ({
  op: 'block',
  cidr: `203.0.${Math.floor(i / 256)}.${i % 256}/32`,
  version: 4,
  incidentId: 'INC-1',
  reason: 'credential stuffing',
  severity: 80,
  requestedAt: '2026-11-20T03:12:00.000Z',
});

/** A real SQS client whose HTTP layer records each request and answers from a script: no network. */
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

function fakeSqs(answer: (body: { Entries: { Id: string; MessageBody: string }[] }) => unknown) {
  const requests: {
    target?: string;
    body: { QueueUrl: string; Entries: { Id: string; MessageBody: string }[] };
  }[] = [];
  const client = new SQSClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fake-secret' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: { headers: Record<string, string>; body?: unknown }) {
        const text =
          typeof request.body === 'string'
            ? request.body
            : new TextDecoder().decode(request.body as Uint8Array);
        const body = JSON.parse(text);
        const target = Object.entries(request.headers).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1];
        requests.push({ target, body });
        return {
          response: {
            statusCode: 200,
            headers: { 'content-type': 'application/x-amz-json-1.0' },
            body: Readable.from([Buffer.from(JSON.stringify(answer(body)))]),
          },
        };
      },
    },
  });
  return { client, requests };
}

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/riposte-blocklist-changes';

describe('SqsChangeQueue', () => {
  it('sends the changes of one step as messages of at most 1,000 changes, ten messages a call', async () => {
    // The SDK checks each message's MD5 in the answer, as SQS sends it.
    const { client, requests } = fakeSqs((body) => ({
      Successful: body.Entries.map((e) => ({
        Id: e.Id,
        MessageId: `m${e.Id}`,
        MD5OfMessageBody: md5(e.MessageBody),
      })),
    }));
    const changes = Array.from({ length: 11 * MAX_CHANGES_PER_MESSAGE + 5 }, (_, i) => change(i));
    await new SqsChangeQueue(client, QUEUE).send(changes);
    expect(requests.map((r) => r.target)).toEqual([
      'AmazonSQS.SendMessageBatch',
      'AmazonSQS.SendMessageBatch',
    ]);
    expect(requests[0]?.body.QueueUrl).toBe(QUEUE);
    expect(requests.map((r) => r.body.Entries.length)).toEqual([10, 2]);
    const sent = requests.flatMap((r) => r.body.Entries.flatMap((e) => JSON.parse(e.MessageBody).changes));
    expect(sent).toEqual(changes);
  });

  it('fails loudly, with the SQS error code, when SQS refuses any message of a batch', async () => {
    const { client } = fakeSqs((body) => ({
      Successful: body.Entries.slice(1).map((e) => ({
        Id: e.Id,
        MessageId: 'm',
        MD5OfMessageBody: md5(e.MessageBody),
      })),
      Failed: [
        {
          Id: body.Entries[0]?.Id,
          Code: 'KMS.AccessDeniedException',
          Message: 'no access to the key',
          SenderFault: true,
        },
      ],
    }));
    await expect(new SqsChangeQueue(client, QUEUE).send([change(1)])).rejects.toMatchObject({
      name: 'KMS.AccessDeniedException',
      message: expect.stringContaining('no access to the key'),
    });
  });
});

describe('LocalChangeQueue', () => {
  it('keeps messages in order until taken, and puts a failed batch back at the front', async () => {
    const queue = new LocalChangeQueue();
    let sends = 0;
    queue.onSend = () => sends++;
    await queue.send([change(1)]);
    await queue.send([change(2), change(3)]);
    expect(sends).toBe(2);
    const batch = queue.take(1);
    expect(queue.depth).toBe(1);
    queue.putBack(batch);
    expect(queue.take(10).map((m) => JSON.parse(m.body).changes.length)).toEqual([1, 2]);
  });

  it('injects a named fault for the next sends only', async () => {
    const queue = new LocalChangeQueue();
    queue.failNext('ServiceUnavailable');
    await expect(queue.send([change(1)])).rejects.toMatchObject({ name: 'ServiceUnavailable' });
    await queue.send([change(1)]);
    expect(queue.depth).toBe(1);
  });

  it('splits large sends the way SQS would need them', () => {
    expect(toMessages(Array.from({ length: 2_500 }, (_, i) => change(i)))).toHaveLength(3);
  });
});
