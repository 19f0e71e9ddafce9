import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KILL_SWITCH } from '../../lambdas/actions/kill-switch.ts';
import { parseConfig } from '../../lambdas/core/config.ts';
import { LocalRuntime } from '../../lib/local/runtime.ts';

let runtime: LocalRuntime;
let now = new Date('2026-11-20T04:00:00Z');
const hours = (h: number) => {
  now = new Date(now.getTime() + h * 3_600_000);
};

beforeAll(async () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'riposte-manual-'));
  const config = parseConfig({ allowList: ['192.0.2.0/24'], waf: { approvalThreshold: 3 } });
  runtime = await LocalRuntime.start({ stateDir, config, clock: () => now, inMemory: true });
});
afterAll(() => runtime.close());

let n = 0;
function request(ips: string[], extra: Record<string, unknown> = {}) {
  n++;
  return {
    requestId: `ops-${n}`,
    ips,
    reason: 'test block by hand',
    requestedBy: 'alice@example.com',
    ...extra,
  };
}

async function blocklistEntry(cidr: string) {
  const [entry] = await runtime.deps.blocklist.get([cidr]);
  return entry;
}

describe('manual block-ips and unblock-ips playbooks', () => {
  it('blocks by hand through the same guardrails and records who asked', async () => {
    const record = await runtime.run(
      'block-ips',
      'manual-1',
      request(['203.0.113.10', '192.0.2.7', '10.0.0.9']),
    );
    expect(record.status).toBe('SUCCEEDED');
    expect(runtime.liveAddresses()).toContain('203.0.113.10/32');
    expect(runtime.liveAddresses()).not.toContain('192.0.2.7/32');
    const incidentId = (record.output as { incidentId: string }).incidentId;
    const incident = await runtime.deps.incidents.get(incidentId);
    expect(incident?.title).toContain('alice@example.com');
    const timeline = await runtime.deps.incidents.timeline(incidentId);
    expect(timeline.filter((e) => e.outcome === 'refused').map((e) => e.data?.input)).toEqual([
      '10.0.0.9',
      '192.0.2.7',
    ]);
    expect(timeline.find((e) => e.action === 'waf-sync')?.detail).toMatch(
      /live in WAF: 203\.0\.113\.10\/32 until/,
    );
  });

  it('rejects a malformed request in its first state, naming the field', async () => {
    const record = await runtime.run('block-ips', 'manual-bad', {
      requestId: 'x',
      ips: [],
      reason: 'r',
      requestedBy: 'a',
    });
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('InvalidInput');
    expect(record.cause).toMatch(/^ips: /);
  });

  it('escalates a repeat offender: 24 hours, then 7 days after the first block expired', async () => {
    await runtime.run('block-ips', 'manual-esc-1', request(['203.0.113.20']));
    const first = await blocklistEntry('203.0.113.20/32');
    expect(first).toMatchObject({ strikes: 1 });
    expect(Date.parse(first?.expiresAt ?? '') - now.getTime()).toBe(24 * 3_600_000);
    hours(25);
    await runtime.drainQueue();
    await runtime.invokeHandler('sync-waf', {}); // the scheduled sweep
    expect(runtime.liveAddresses()).not.toContain('203.0.113.20/32');
    await runtime.run('block-ips', 'manual-esc-2', request(['203.0.113.20']));
    const second = await blocklistEntry('203.0.113.20/32');
    expect(second).toMatchObject({ strikes: 2 });
    expect(Date.parse(second?.expiresAt ?? '') - now.getTime()).toBe(168 * 3_600_000);
    expect(runtime.liveAddresses()).toContain('203.0.113.20/32');
  });

  it('unblocks by hand and keeps the history', async () => {
    await runtime.run('block-ips', 'manual-u-1', request(['198.51.100.30']));
    expect(runtime.liveAddresses()).toContain('198.51.100.30/32');
    const record = await runtime.run('unblock-ips', 'manual-u-2', request(['198.51.100.30', 'garbage']));
    expect(record.status).toBe('SUCCEEDED');
    expect(runtime.liveAddresses()).not.toContain('198.51.100.30/32');
    expect((await blocklistEntry('198.51.100.30/32'))?.unblockedAt).toBeDefined();
    const incidentId = (record.output as { incidentId: string }).incidentId;
    const timeline = await runtime.deps.incidents.timeline(incidentId);
    expect(timeline.some((e) => e.action === 'unblock-ip' && e.outcome === 'refused')).toBe(true);
    expect(timeline.find((e) => e.action === 'waf-sync')?.detail).toContain(
      'removed from WAF: 198.51.100.30/32',
    );
  });

  it('plans without writing in dry-run mode', async () => {
    const writes = runtime.adapters.waf.writes;
    const record = await runtime.run('block-ips', 'manual-dry', request(['203.0.113.40'], { dryRun: true }));
    expect(record.status).toBe('SUCCEEDED');
    expect(runtime.adapters.waf.writes).toBe(writes);
    expect(runtime.liveAddresses()).not.toContain('203.0.113.40/32');
    expect(await blocklistEntry('203.0.113.40/32')).toBeUndefined();
  });

  it('waits for a human above the approval threshold (task token): a denial blocks nothing, an approval blocks', async () => {
    const ips = ['203.0.113.51', '203.0.113.52', '203.0.113.53', '203.0.113.54'];
    const denied = await runtime.run('block-ips', 'manual-appr-1', request(ips));
    expect(denied.status).toBe('SUCCEEDED');
    for (const ip of ips) expect(runtime.liveAddresses()).not.toContain(`${ip}/32`);
    const asked = runtime.adapters.topic.pages().find((p) => p.subject.includes('APPROVAL NEEDED'));
    expect(asked?.message).toContain('npx riposte approve local-token-manual-appr-1');
    const deniedIncident = await runtime.deps.incidents.get(
      (denied.output as { incidentId: string }).incidentId,
    );
    expect(deniedIncident?.status).toBe('partial');
    const answers = (await runtime.deps.incidents.timeline(deniedIncident?.id ?? '')).filter(
      (e) => e.action === 'deny',
    );
    expect(answers.map((e) => e.detail)).toEqual(['denied by the local approval policy']);
    expect(runtime.approvals).toContainEqual({ token: 'local-token-manual-appr-1', decision: 'deny' });

    runtime.approvalPolicy = 'approve';
    const approved = await runtime.run('block-ips', 'manual-appr-2', request(ips));
    runtime.approvalPolicy = 'deny';
    expect(approved.status).toBe('SUCCEEDED');
    for (const ip of ips) expect(runtime.liveAddresses()).toContain(`${ip}/32`);
    const approvedIncident = await runtime.deps.incidents.get(
      (approved.output as { incidentId: string }).incidentId,
    );
    expect(approvedIncident?.status).toBe('blocked');
  });

  it('lets an operator pre-approve a large request', async () => {
    const ips = ['203.0.113.151', '203.0.113.152', '203.0.113.153', '203.0.113.154'];
    await runtime.run('block-ips', 'manual-appr-3', request(ips, { approved: true }));
    for (const ip of ips) expect(runtime.liveAddresses()).toContain(`${ip}/32`);
  });

  it('pauses all blocking with the kill switch, records why, and still unblocks', async () => {
    await runtime.deps.incidents.setControl(KILL_SWITCH, {
      on: true,
      by: 'bob@example.com',
      at: now.toISOString(),
      reason: 'our own office got blocked',
    });
    const record = await runtime.run('block-ips', 'manual-kill-1', request(['203.0.113.60']));
    expect(runtime.liveAddresses()).not.toContain('203.0.113.60/32');
    const timeline = await runtime.deps.incidents.timeline(
      (record.output as { incidentId: string }).incidentId,
    );
    expect(timeline.find((e) => e.action === 'waf-sync')?.detail).toMatch(/kill switch \(bob@example\.com/);
    await runtime.run('unblock-ips', 'manual-kill-2', request(['203.0.113.10']));
    expect(runtime.liveAddresses()).not.toContain('203.0.113.10/32');
    await runtime.deps.incidents.setControl(KILL_SWITCH, {
      on: false,
      by: 'bob@example.com',
      at: now.toISOString(),
      reason: 'fixed',
    });
  });
});

describe('dry runs change nothing and say so', () => {
  it('keeps the incident open after a dry-run block, and a dry-run unblock leaves WAF as it was', async () => {
    const blocked = await runtime.run('block-ips', 'dry-1', request(['203.0.113.90'], { dryRun: true }));
    const incident = await runtime.deps.incidents.get((blocked.output as { incidentId: string }).incidentId);
    expect(incident?.status).toBe('open');
    await runtime.run('block-ips', 'dry-2', request(['203.0.113.91']));
    expect(runtime.liveAddresses()).toContain('203.0.113.91/32');
    const unblocked = await runtime.run('unblock-ips', 'dry-3', request(['203.0.113.91'], { dryRun: true }));
    expect(unblocked.status).toBe('SUCCEEDED');
    expect(runtime.liveAddresses()).toContain('203.0.113.91/32');
  });
});

describe('attaching to an incident', () => {
  it('refuses an incident id that does not exist, naming the field', async () => {
    const record = await runtime.run(
      'unblock-ips',
      'attach-bad',
      request(['203.0.113.7'], { incidentId: 'INC-20990101-nothere' }),
    );
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('InvalidInput');
    expect(record.cause).toMatch(/^incidentId: no incident INC-20990101-nothere/);
  });
});
