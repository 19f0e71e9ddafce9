import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterEach, describe, expect, it } from 'vitest';
import { MESSAGE_MAX_BYTES, sanitizeSubject } from '../../lambdas/adapters/pager/limits.ts';
import { LocalTopic } from '../../lambdas/adapters/pager/local.ts';
import { SnsPager } from '../../lambdas/adapters/pager/sns.ts';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:riposte-pages';
const PUBLISH_OK = `<PublishResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/">
  <PublishResult><MessageId>msg-123</MessageId></PublishResult>
  <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
</PublishResponse>`;

function bodyText(body: unknown): string {
  return typeof body === 'string' ? body : new TextDecoder().decode(body as Uint8Array);
}

/** A real SNS client whose HTTP layer records form bodies and answers Publish (no network). */
function fakeSns() {
  const forms: URLSearchParams[] = [];
  const client = new SNSClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: { method: string; body?: unknown }) {
        forms.push(new URLSearchParams(bodyText(request.body)));
        return {
          response: {
            statusCode: 200,
            headers: { 'content-type': 'text/xml' },
            body: Readable.from([Buffer.from(PUBLISH_OK)]),
          },
        };
      },
    },
  });
  return { forms, pager: new SnsPager({ client, topicArn: TOPIC }) };
}

describe('sanitizeSubject', () => {
  it('keeps a short printable subject', () => {
    expect(sanitizeSubject('[riposte] credential stuffing on app')).toBe(
      '[riposte] credential stuffing on app',
    );
  });

  it('replaces non-printables and newlines, and the unicode ellipsis', () => {
    expect(sanitizeSubject('Attack\non alice…\tnow é')).toBe('Attack?on alice...?now ?');
    expect(sanitizeSubject('emoji 🚨 once')).toBe('emoji ? once');
  });

  it('cuts to 100 characters ending in ...', () => {
    const s = sanitizeSubject('x'.repeat(150));
    expect(s).toHaveLength(100);
    expect(s.endsWith('x...')).toBe(true);
    expect(sanitizeSubject('y'.repeat(100))).toBe('y'.repeat(100));
  });

  it('never returns an empty subject', () => {
    expect(sanitizeSubject('   ')).toBe('(no subject)');
  });
});

describe('SnsPager', () => {
  it('publishes with the Query protocol form', async () => {
    const { forms, pager } = fakeSns();
    const out = await pager.publish({ subject: 'Incident\ninc-1', message: 'details…', key: 'inc-1#open' });
    expect(out).toEqual({ messageId: 'msg-123' });
    expect(forms).toHaveLength(1);
    const form = forms[0] as URLSearchParams;
    expect(form.get('Action')).toBe('Publish');
    expect(form.get('TopicArn')).toBe(TOPIC);
    expect(form.get('Subject')).toBe('Incident?inc-1');
    expect(form.get('Message')).toBe('details…');
    // The key is for idempotency upstream, not page text.
    expect([...form.values()].some((v) => v.includes('inc-1#open'))).toBe(false);
  });

  it('rejects a message over 256 KB before sending', async () => {
    const { forms, pager } = fakeSns();
    // 'é' is 2 bytes in UTF-8: under the limit in characters, over it in bytes.
    const message = 'é'.repeat(MESSAGE_MAX_BYTES / 2 + 1);
    await expect(pager.publish({ subject: 's', message, key: 'k' })).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Message too long',
    });
    expect(forms).toHaveLength(0);
  });

  it('accepts a message of exactly 256 KB', async () => {
    const { forms, pager } = fakeSns();
    await pager.publish({ subject: 's', message: 'a'.repeat(MESSAGE_MAX_BYTES), key: 'k' });
    expect(forms).toHaveLength(1);
  });
});

describe('LocalTopic', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tempFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-topic-'));
    dirs.push(dir);
    return join(dir, 'pages', 'topic.jsonl');
  };
  const now = () => new Date('2025-06-01T12:00:00.000Z');

  it('appends pages to its file and reads them back', async () => {
    const file = tempFile();
    const topic = new LocalTopic({ file, now });
    expect(topic.pages()).toEqual([]);
    const a = await topic.publish({ subject: 'first\n', message: 'one', key: 'k1' });
    const b = await topic.publish({ subject: 'second', message: 'two', key: 'k2' });
    expect(a.messageId).not.toBe(b.messageId);

    const again = new LocalTopic({ file });
    expect(again.pages()).toEqual([
      {
        messageId: a.messageId,
        at: '2025-06-01T12:00:00.000Z',
        subject: 'first?',
        message: 'one',
        key: 'k1',
      },
      {
        messageId: b.messageId,
        at: '2025-06-01T12:00:00.000Z',
        subject: 'second',
        message: 'two',
        key: 'k2',
      },
    ]);
  });

  it('applies the SNS size rule', async () => {
    const topic = new LocalTopic({ file: tempFile(), now });
    await expect(
      topic.publish({ subject: 's', message: 'a'.repeat(MESSAGE_MAX_BYTES + 1), key: 'k' }),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect(topic.pages()).toEqual([]);
  });

  it('injects faults for the next publishes only', async () => {
    const topic = new LocalTopic({ file: tempFile(), now });
    topic.failNext('ThrottledException', 2);
    for (let i = 0; i < 2; i++) {
      await expect(topic.publish({ subject: 's', message: 'm', key: 'k' })).rejects.toMatchObject({
        name: 'ThrottledException',
      });
    }
    await expect(topic.publish({ subject: 's', message: 'm', key: 'k' })).resolves.toHaveProperty(
      'messageId',
    );
    expect(topic.pages()).toHaveLength(1);
  });
});
