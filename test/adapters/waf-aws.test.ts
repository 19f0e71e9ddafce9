import { Readable } from 'node:stream';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { describe, expect, it } from 'vitest';
import { AwsWafIpSets } from '../../lambdas/adapters/waf/aws.ts';
import type { IpSetRef } from '../../lambdas/adapters/waf/port.ts';

interface Recorded {
  method: string;
  target: string | undefined;
  body: Record<string, unknown>;
}

interface Canned {
  status: number;
  body: unknown;
}

interface SdkRequest {
  method: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** The SDK hands over the JSON body as a string or bytes depending on version. */
function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array)
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  throw new Error(`unexpected request body ${typeof body}`);
}

const ref: IpSetRef = {
  name: 'riposte-blocklist-v4',
  id: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
  scope: 'REGIONAL',
};

/** A real client whose HTTP layer records each signed request and answers from a script: no network. */
function fakeWaf(responses: Canned[]) {
  const requests: Recorded[] = [];
  const requestHandler = {
    async handle(request: SdkRequest) {
      const target = Object.entries(request.headers).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1];
      requests.push({ method: request.method, target, body: JSON.parse(bodyText(request.body)) });
      const canned = responses.shift();
      if (canned === undefined) throw new Error(`unexpected request ${target}`);
      const json = JSON.stringify(canned.body);
      return {
        response: {
          statusCode: canned.status,
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-1' },
          body: Readable.from([Buffer.from(json)]),
        },
      };
    },
  };
  const client = new WAFV2Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fake-secret' },
    maxAttempts: 1,
    requestHandler,
  });
  return { waf: new AwsWafIpSets(client), requests };
}

const getResponse = (addresses: string[], lockToken: string, description?: string): Canned => ({
  status: 200,
  body: {
    IPSet: {
      Name: ref.name,
      Id: ref.id,
      ARN: `arn:aws:wafv2:us-east-1:123456789012:regional/ipset/${ref.name}/${ref.id}`,
      IPAddressVersion: 'IPV4',
      Addresses: addresses,
      ...(description === undefined ? {} : { Description: description }),
    },
    LockToken: lockToken,
  },
});

describe('AwsWafIpSets', () => {
  it('GetIPSet sends Name, Scope and Id and maps Addresses and LockToken', async () => {
    const { waf, requests } = fakeWaf([getResponse(['192.0.2.44/32', '198.51.100.0/24'], 'token-1')]);
    const snapshot = await waf.get(ref);
    expect(snapshot).toEqual({ addresses: ['192.0.2.44/32', '198.51.100.0/24'], lockToken: 'token-1' });
    expect(requests).toEqual([
      {
        method: 'POST',
        target: 'AWSWAF_20190729.GetIPSet',
        body: { Name: ref.name, Scope: 'REGIONAL', Id: ref.id },
      },
    ]);
  });

  it('UpdateIPSet sends the full list, lock token and unchanged description, and resolves to NextLockToken', async () => {
    const { waf, requests } = fakeWaf([
      getResponse([], 'token-1', 'riposte blocklist, managed by automation'),
      { status: 200, body: { NextLockToken: 'token-2' } },
    ]);
    const { lockToken } = await waf.get(ref);
    await expect(waf.update(ref, ['192.0.2.44/32'], lockToken)).resolves.toBe('token-2');
    expect(requests[1]).toEqual({
      method: 'POST',
      target: 'AWSWAF_20190729.UpdateIPSet',
      body: {
        Name: ref.name,
        Id: ref.id,
        Scope: 'REGIONAL',
        Description: 'riposte blocklist, managed by automation',
        Addresses: ['192.0.2.44/32'],
        LockToken: 'token-1',
      },
    });
  });

  it('reads the set first when updating one it never read, so the description survives', async () => {
    const { waf, requests } = fakeWaf([
      getResponse(['192.0.2.1/32'], 'token-9', 'keep me'),
      { status: 200, body: { NextLockToken: 'token-10' } },
    ]);
    await expect(waf.update(ref, [], 'token-from-elsewhere')).resolves.toBe('token-10');
    expect(requests.map((r) => r.target)).toEqual([
      'AWSWAF_20190729.GetIPSet',
      'AWSWAF_20190729.UpdateIPSet',
    ]);
    // The caller's token is sent, not the one the description read returned.
    expect(requests[1]?.body).toMatchObject({
      Description: 'keep me',
      Addresses: [],
      LockToken: 'token-from-elsewhere',
    });
  });

  it('omits Description when the set has none', async () => {
    const { waf, requests } = fakeWaf([
      getResponse([], 'token-1'),
      { status: 200, body: { NextLockToken: 'token-2' } },
    ]);
    await waf.update(ref, ['192.0.2.44/32'], (await waf.get(ref)).lockToken);
    expect(requests[1]?.body).not.toHaveProperty('Description');
  });

  it('surfaces a stale lock token as WAFOptimisticLockException, unwrapped', async () => {
    const { waf } = fakeWaf([
      getResponse([], 'token-1'),
      {
        status: 400,
        body: {
          __type: 'WAFOptimisticLockException',
          Message:
            'AWS WAF couldn’t save your changes because someone changed the resource after you started to edit it.',
        },
      },
    ]);
    await waf.get(ref);
    const err = await waf.update(ref, ['192.0.2.44/32'], 'token-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ name: 'WAFOptimisticLockException' });
    expect((err as Error).message).toContain('someone changed the resource');
  });

  it('keeps the AWS name of errors the SDK does not model, such as ThrottlingException', async () => {
    const { waf } = fakeWaf([
      { status: 400, body: { __type: 'ThrottlingException', Message: 'Rate exceeded' } },
    ]);
    await expect(waf.get(ref)).rejects.toMatchObject({ name: 'ThrottlingException' });
  });
});
