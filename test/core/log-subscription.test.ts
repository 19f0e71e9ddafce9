import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeSubscription, encodeSubscription } from '../../lambdas/core/log-subscription.ts';

describe('CloudWatch Logs subscription payloads', () => {
  it('decodes what CloudWatch Logs delivers: base64 of gzipped JSON', () => {
    const event = encodeSubscription('windows-security', [{ timestamp: 1, message: '{"EventID":4625}' }]);
    expect(decodeSubscription(event)).toEqual({
      messageType: 'DATA_MESSAGE',
      logGroup: 'windows-security',
      logStream: 'local',
      logEvents: [{ id: '0', timestamp: 1, message: '{"EventID":4625}' }],
    });
  });

  it('reads a control message (sent when the subscription is created) without log events', () => {
    const data = gzipSync(
      JSON.stringify({ messageType: 'CONTROL_MESSAGE', logGroup: '', logStream: '', logEvents: [] }),
    );
    expect(decodeSubscription({ awslogs: { data: data.toString('base64') } }).messageType).toBe(
      'CONTROL_MESSAGE',
    );
  });

  it('names awslogs.data when it is not gzipped JSON, or not a subscription payload', () => {
    expect(() => decodeSubscription({ awslogs: { data: 'bm90IGd6aXA=' } })).toThrow(
      /^awslogs\.data: not base64 of gzipped JSON/,
    );
    const wrong = gzipSync(
      JSON.stringify({ messageType: 'DATA_MESSAGE', logEvents: [{ message: 1 }] }),
    ).toString('base64');
    expect(() => decodeSubscription({ awslogs: { data: wrong } })).toThrow(
      /^awslogs\.data\.logEvents\[0\]\.timestamp: /,
    );
  });
});
