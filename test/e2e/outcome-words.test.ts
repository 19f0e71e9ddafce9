import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../lib/local/runtime.ts';
import { deliverAndSummarize, detection, startRuntime } from '../support/local.ts';

// Outcome words as a responder reads them: the incident's status, its summary and its page.
let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startRuntime();
  for (const name of ['alice', 'bob', 'carol', 'dave'])
    await runtime.seedUser({ name, sessions: 1, enabled: true });
}, 60_000);
afterAll(async () => {
  await runtime.close();
});

const operator = async (playbook: 'block-ips' | 'unblock-ips', requestId: string, ips: string[]) => {
  const record = await runtime.run(playbook, `${playbook}-${requestId}`, {
    requestId,
    ips,
    reason: 'outcome words test',
    requestedBy: 'tester',
  });
  const incidentId = String((record.output as { incidentId?: string }).incidentId);
  return { incident: await runtime.deps.incidents.get(incidentId), incidentId };
};

describe('outcome words', { timeout: 60_000 }, () => {
  it('a manual block of 0.0.0.0/0 blocks nothing and its incident is not contained', async () => {
    const { incident, incidentId } = await operator('block-ips', 'oops', ['0.0.0.0/0']);
    expect(incident?.status).toBe('no-action');
    const pages = runtime.adapters.topic.pages().filter((p) => p.key.startsWith(`${incidentId}:`));
    expect(pages.map((p) => p.subject)).toEqual([`[riposte] ${incidentId} NO ACTION POSSIBLE: block-ips`]);
  });

  it('a manual unblock ends unblocked, and is paged as such', async () => {
    const { incident, incidentId } = await operator('unblock-ips', 'fp-1', ['203.0.113.99']);
    expect(incident?.status).toBe('unblocked');
    const pages = runtime.adapters.topic.pages().filter((p) => p.key.startsWith(`${incidentId}:`));
    expect(pages.map((p) => p.subject)).toEqual([`[riposte] ${incidentId} UNBLOCKED: unblock-ips`]);
  });

  it('a two-alert campaign with unblockable sources mixed in blocks exactly the public ones and is contained', async () => {
    const first = await deliverAndSummarize(
      runtime,
      detection('mix-1', {
        sourceIps: ['198.51.100.10', '10.0.0.5', '127.0.0.1', '0.0.0.0/0'],
        targetedUsers: ['carol'],
        compromisedUsers: ['carol'],
      }),
    );
    const second = await deliverAndSummarize(
      runtime,
      detection('mix-2', {
        observedAt: '2026-11-20T03:15:00Z',
        sourceIps: ['169.254.169.254', '198.51.100.11', 'fe80::1', '::/0'],
        targetedUsers: ['carol'],
        compromisedUsers: [],
      }),
    );
    expect(second.incident.id).toBe(first.incident.id);
    expect(second.incident.status).toBe('contained');
    expect(second.summary.failures).toEqual([]);
    expect(second.summary.blocked).toEqual(['198.51.100.10/32', '198.51.100.11/32']);
    expect(second.summary.refused.map((r) => r.address).sort()).toEqual(
      ['0.0.0.0/0', '10.0.0.5', '127.0.0.1', '169.254.169.254', '::/0', 'fe80::1'].sort(),
    );
  });

  it('accounts left uncontained are failures: partial, listed with what to do, paged under Needs a person', async () => {
    runtime.approvalPolicy = 'deny';
    const users = Array.from({ length: 11 }, (_, i) => `held${i}`);
    for (const name of users) await runtime.seedUser({ name, sessions: 1, enabled: true });
    const result = await deliverAndSummarize(
      runtime,
      detection('denied-11', { sourceIps: ['198.51.100.50'], targetedUsers: users, compromisedUsers: users }),
    );
    expect(result.incident.status).toBe('partial');
    expect(result.summary.uncontained.map((u) => u.who).sort()).toEqual([...users].sort());
    expect(result.summary.uncontained[0]?.todo).toContain('contain it by hand');
    const page = result.teamPages.at(-1);
    expect(page?.subject).toContain('PARTIALLY CONTAINED');
    expect(page?.message).not.toMatch(/✓ contain-accounts/);
    expect(page?.message).toContain('Needs a person:');
  });
});
