import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WAF_ERROR_NAMES, WafError, wafError } from '../../lambdas/adapters/waf/errors.ts';
import { LocalWaf } from '../../lambdas/adapters/waf/local.ts';
import { type IpSetRef, MAX_ADDRESSES_PER_IP_SET } from '../../lambdas/adapters/waf/port.ts';

function ipv4Addresses(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`);
}

describe('wafError', () => {
  it('carries the AWS error name', () => {
    const err = wafError('WAFOptimisticLockException', 'stale');
    expect(err).toBeInstanceOf(WafError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('WAFOptimisticLockException');
    expect(err.message).toBe('stale');
    expect(WAF_ERROR_NAMES).toContain('ThrottlingException');
  });
});

describe('LocalWaf', () => {
  it('creates sets idempotently by id or by name', () => {
    const waf = new LocalWaf();
    const a = waf.createIpSet('blocklist-v4', 4, 'REGIONAL');
    expect(waf.createIpSet('blocklist-v4', 4, 'REGIONAL')).toEqual(a);
    expect(waf.createIpSet('blocklist-v4', 4, 'REGIONAL', a.id)).toEqual(a);
    const fixed = waf.createIpSet('blocklist-v6', 6, 'CLOUDFRONT', 'fixed-id');
    expect(fixed).toEqual({ name: 'blocklist-v6', id: 'fixed-id', scope: 'CLOUDFRONT' });
    expect(waf.addresses(a)).toEqual([]);
  });

  describe('lock tokens', () => {
    it('accepts the fresh token, changes it, and rejects the stale one', async () => {
      const waf = new LocalWaf();
      const ref = waf.createIpSet('blocklist', 4, 'REGIONAL');
      const { lockToken: first, addresses } = await waf.get(ref);
      expect(addresses).toEqual([]);

      const next = await waf.update(ref, ['192.0.2.44/32'], first);
      expect(next).not.toBe(first);
      expect(await waf.get(ref)).toEqual({ addresses: ['192.0.2.44/32'], lockToken: next });

      await expect(waf.update(ref, ['198.51.100.0/24'], first)).rejects.toMatchObject({
        name: 'WAFOptimisticLockException',
      });
      expect(waf.addresses(ref)).toEqual(['192.0.2.44/32']);
      expect(waf.writes).toBe(1);
      expect(waf.conflicts).toBe(1);

      const third = await waf.update(ref, ['192.0.2.44/32', '198.51.100.0/24'], next);
      expect(third).not.toBe(next);
      expect(waf.writes).toBe(2);
    });

    it('leaves the token unchanged on get', async () => {
      const waf = new LocalWaf();
      const ref = waf.createIpSet('blocklist', 4, 'REGIONAL');
      const a = await waf.get(ref);
      const b = await waf.get(ref);
      expect(a.lockToken).toBe(b.lockToken);
      await waf.update(ref, [], b.lockToken);
    });
  });

  it('keeps addresses as given and drops exact duplicates only', async () => {
    const waf = new LocalWaf();
    const ref = waf.createIpSet('blocklist', 6, 'REGIONAL');
    const given = [
      '2001:DB8::1/128',
      '2001:db8::1/128',
      '2001:0db8:0000:0000:0000:0000:0000:0001/128',
      '2001:DB8::1/128',
    ];
    await waf.update(ref, given, (await waf.get(ref)).lockToken);
    expect(waf.addresses(ref)).toEqual(given.slice(0, 3));
  });

  it('holds 10,000 addresses and rejects 10,001', async () => {
    const waf = new LocalWaf();
    const ref = waf.createIpSet('blocklist', 4, 'REGIONAL');
    const token = (await waf.get(ref)).lockToken;
    await expect(waf.update(ref, ipv4Addresses(MAX_ADDRESSES_PER_IP_SET + 1), token)).rejects.toMatchObject({
      name: 'WAFLimitsExceededException',
    });
    await waf.update(ref, ipv4Addresses(MAX_ADDRESSES_PER_IP_SET), token);
    expect(waf.addresses(ref)).toHaveLength(10_000);
  });

  describe('invalid parameters', () => {
    const cases: Array<[string, 4 | 6, string]> = [
      ['IPv6 in an IPv4 set', 4, '2001:db8::1/128'],
      ['IPv4 in an IPv6 set', 6, '192.0.2.44/32'],
      ['missing prefix', 4, '192.0.2.44'],
      ['missing IPv6 prefix', 6, '2001:db8::1'],
      ['/0', 4, '0.0.0.0/0'],
      ['IPv6 /0', 6, '::/0'],
      ['prefix too long', 4, '192.0.2.44/33'],
      ['garbage', 4, 'not-an-ip/32'],
      ['empty string', 4, ''],
      ['zero-padded octets', 4, '192.000.002.044/32'],
      ['whitespace', 4, ' 192.0.2.44/32'],
      ['zone index', 6, 'fe80::1%eth0/128'],
    ];
    it.each(cases)('rejects %s', async (_label, version, bad) => {
      const waf = new LocalWaf();
      const ref = waf.createIpSet('blocklist', version, 'REGIONAL');
      const token = (await waf.get(ref)).lockToken;
      const good = version === 4 ? '198.51.100.0/24' : '2001:db8::/32';
      const err = await waf.update(ref, [good, bad], token).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'WAFInvalidParameterException' });
      expect((err as Error).message).toContain(`parameter: ${bad}`);
      expect(waf.addresses(ref)).toEqual([]);
      expect(waf.writes).toBe(0);
    });

    it('accepts valid IPv4 and IPv6 CIDRs in any RFC 5952-compatible form', async () => {
      const waf = new LocalWaf();
      const v4 = waf.createIpSet('v4', 4, 'REGIONAL');
      const v6 = waf.createIpSet('v6', 6, 'REGIONAL');
      await waf.update(v4, ['192.0.2.44/32', '198.51.100.0/24', '0.0.0.0/1'], (await waf.get(v4)).lockToken);
      const six = [
        '2001:db8::1/128',
        '1111:0000:0000:0000:0000:0000:0000:0111/128',
        '2001:DB8::/32',
        '::ffff:192.0.2.1/128',
      ];
      await waf.update(v6, six, (await waf.get(v6)).lockToken);
      expect(waf.addresses(v6)).toEqual(six);
    });
  });

  it('reports a nonexistent set, including a name that does not match the id', async () => {
    const waf = new LocalWaf();
    const ref = waf.createIpSet('blocklist', 4, 'REGIONAL');
    const missing: IpSetRef = { name: 'nope', id: 'no-such-id', scope: 'REGIONAL' };
    await expect(waf.get(missing)).rejects.toMatchObject({ name: 'WAFNonexistentItemException' });
    await expect(waf.update(missing, [], 'token')).rejects.toMatchObject({
      name: 'WAFNonexistentItemException',
    });
    await expect(waf.get({ ...ref, name: 'other' })).rejects.toMatchObject({
      name: 'WAFNonexistentItemException',
    });
    await expect(waf.get({ ...ref, scope: 'CLOUDFRONT' })).rejects.toMatchObject({
      name: 'WAFNonexistentItemException',
    });
    expect(() => waf.addresses(missing)).toThrow(
      expect.objectContaining({ name: 'WAFNonexistentItemException' }),
    );
  });

  it('throttles updates beyond writesPerSecond within one second of a virtual clock', async () => {
    let clock = 1_700_000_000_000;
    const waf = new LocalWaf({ writesPerSecond: 1, now: () => clock });
    const ref = waf.createIpSet('blocklist', 4, 'REGIONAL');
    const first = await waf.update(ref, ['192.0.2.1/32'], (await waf.get(ref)).lockToken);
    await expect(waf.update(ref, ['192.0.2.2/32'], first)).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
    expect(waf.addresses(ref)).toEqual(['192.0.2.1/32']);
    clock += 1000;
    await waf.update(ref, ['192.0.2.2/32'], first);
    expect(waf.addresses(ref)).toEqual(['192.0.2.2/32']);
    expect(waf.writes).toBe(2);
  });

  it('does not throttle by default', async () => {
    const waf = new LocalWaf({ now: () => 0 });
    const ref = waf.createIpSet('blocklist', 4, 'REGIONAL');
    let token = (await waf.get(ref)).lockToken;
    for (let i = 0; i < 50; i++) token = await waf.update(ref, [`192.0.2.${i}/32`], token);
    expect(waf.writes).toBe(50);
  });

  it('injects faults into the next calls, then recovers', async () => {
    const waf = new LocalWaf();
    const ref = waf.createIpSet('blocklist', 4, 'REGIONAL');
    waf.failNext('WAFInternalErrorException', 2);
    await expect(waf.get(ref)).rejects.toMatchObject({ name: 'WAFInternalErrorException' });
    await expect(waf.update(ref, [], 'any')).rejects.toMatchObject({ name: 'WAFInternalErrorException' });
    const { lockToken } = await waf.get(ref);

    waf.failNext('ServiceUnavailable');
    await expect(waf.update(ref, ['192.0.2.1/32'], lockToken)).rejects.toMatchObject({
      name: 'ServiceUnavailable',
    });
    expect(waf.writes).toBe(0);
    await waf.update(ref, ['192.0.2.1/32'], lockToken);
    expect(waf.writes).toBe(1);
  });

  describe('persistence', () => {
    const dirs: string[] = [];
    afterEach(() => {
      for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('round-trips sets, addresses and lock tokens through the state file', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'riposte-waf-'));
      dirs.push(dir);
      const file = path.join(dir, 'state', 'waf.json');

      const before = new LocalWaf({ file });
      const ref = before.createIpSet('blocklist', 4, 'REGIONAL');
      const token = await before.update(
        ref,
        ['192.0.2.44/32', '198.51.100.0/24'],
        (await before.get(ref)).lockToken,
      );
      expect(fs.existsSync(file)).toBe(true);
      expect(fs.readdirSync(path.dirname(file))).toEqual(['waf.json']);

      const after = new LocalWaf({ file });
      expect(after.createIpSet('blocklist', 4, 'REGIONAL')).toEqual(ref);
      expect(await after.get(ref)).toEqual({
        addresses: ['192.0.2.44/32', '198.51.100.0/24'],
        lockToken: token,
      });
      const next = await after.update(ref, [], token);
      const again = new LocalWaf({ file });
      expect(again.addresses(ref)).toEqual([]);
      await expect(again.update(ref, ['203.0.113.9/32'], token)).rejects.toMatchObject({
        name: 'WAFOptimisticLockException',
      });
      await again.update(ref, ['203.0.113.9/32'], next);
    });

    it('starts empty when the file does not exist yet', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'riposte-waf-'));
      dirs.push(dir);
      const waf = new LocalWaf({ file: path.join(dir, 'missing.json') });
      expect(() => waf.addresses({ name: 'x', id: 'x', scope: 'REGIONAL' })).toThrow();
    });
  });
});
