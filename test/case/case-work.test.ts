import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addNote,
  assignIncident,
  closeIncident,
  decideSuppression,
  listIncidents,
  listSuppressions,
  readIncident,
  recordVerdict,
  revertIncident,
} from '../../lambdas/case/index.ts';
import type { Deps } from '../../lambdas/platform/deps.ts';
import type { LocalRuntime } from '../../lib/local/runtime.ts';
import { detection, startRuntime } from '../support/local.ts';

let runtime: LocalRuntime;
let deps: Deps;
const jane = { id: 'jane@example.com', via: 'cli' };

beforeAll(async () => {
  runtime = await startRuntime({ correlate: false });
  // Responders known to this deployment: only they may own a case.
  deps = {
    ...runtime.deps,
    config: { ...runtime.deps.config, responders: ['jane@example.com', 'Raj@Example.com'] },
  };
  Object.setPrototypeOf(deps, Object.getPrototypeOf(runtime.deps));
  await runtime.seedUser({ name: 'alice', sessions: 2, enabled: true });
});

afterAll(async () => {
  await runtime.close();
});

async function incident(n: string, ip: string, compromised: string[] = []) {
  const { started } = await runtime.deliver(
    detection(`det-work-${n}`, {
      sourceIps: [ip],
      targetedUsers: ['alice', 'bob'],
      compromisedUsers: compromised,
    }),
  );
  await runtime.drainQueue();
  return String(started[0]?.incidentId);
}

describe('case work round trip', () => {
  it('assigns, notes, judges and closes, each on the timeline with who did it; closed shows in the list', async () => {
    const id = await incident('a', '198.51.100.20');
    await assignIncident(deps, jane, id, 'raj@example.com');
    await addNote(deps, jane, id, 'called the app team; they saw the spike too');
    await recordVerdict(deps, jane, id, { verdict: 'true-positive', reason: 'botnet, SEC-42' });
    await closeIncident(deps, jane, id, { reason: 'contained, SEC-42 done' });

    const view = await readIncident(deps, id);
    expect(view.status).toBe('closed');
    expect(view.incident).toMatchObject({
      owner: 'Raj@Example.com',
      verdict: { value: 'true-positive', reason: 'botnet, SEC-42', by: 'jane@example.com' },
      closure: { reason: 'contained, SEC-42 done', by: 'jane@example.com' },
    });
    const human = view.timeline.filter((e) => e.actor === 'human/jane@example.com').map((e) => e.action);
    // Every entry carries the same instant on this fixed clock: compare what was done, not the order.
    expect(human.sort()).toEqual(['assign', 'close', 'note', 'verdict']);
    expect(view.timeline.find((e) => e.action === 'note')?.detail).toContain('called the app team');

    const [row] = (await listIncidents(deps, { status: 'closed' })).filter((r) => r.id === id);
    expect(row).toMatchObject({ status: 'closed', owner: 'Raj@Example.com', verdict: 'true-positive' });
    expect(row?.outcome).not.toBe('closed');
  });

  it('refuses bad input and a closed case, naming it, and changes nothing', async () => {
    const id = await incident('b', '198.51.100.21');
    await expect(assignIncident(deps, jane, id, 'mallory@example.com')).rejects.toMatchObject({
      name: 'UnknownResponder',
      message: expect.stringContaining('mallory@example.com'),
    });
    await expect(
      assignIncident(deps, jane, 'INC-20261120-00000000', 'raj@example.com'),
    ).rejects.toMatchObject({
      name: 'IncidentNotFound',
    });
    await expect(recordVerdict(deps, jane, id, { verdict: 'maybe', reason: 'x' })).rejects.toMatchObject({
      name: 'InvalidInput',
      message: expect.stringContaining('"maybe"'),
    });
    await expect(closeIncident(deps, jane, id, { reason: '   ' })).rejects.toMatchObject({
      name: 'InvalidInput',
    });
    const before = (await readIncident(deps, id)).timeline.length;
    expect((await readIncident(deps, id)).incident.owner).toBeUndefined();

    await closeIncident(deps, jane, id, { reason: 'duplicate of another case' });
    await expect(closeIncident(deps, jane, id, { reason: 'again' })).rejects.toMatchObject({
      name: 'IncidentClosed',
      message: expect.stringMatching(new RegExp(`${id} was closed by jane@example.com`)),
    });
    await expect(recordVerdict(deps, jane, id, { verdict: 'benign', reason: 'late' })).rejects.toMatchObject({
      name: 'IncidentClosed',
    });
    await expect(assignIncident(deps, jane, id, 'raj@example.com')).rejects.toMatchObject({
      name: 'IncidentClosed',
    });
    const after = await readIncident(deps, id);
    expect(after.timeline.length).toBe(before + 1);
    expect(after.incident.verdict).toBeUndefined();
    // A closed case still takes notes.
    await addNote(deps, jane, id, 'the other case is INC-x');
    expect((await readIncident(deps, id)).timeline.filter((e) => e.action === 'note')).toHaveLength(1);
  });
});

describe('false positive with revert', () => {
  it('leaves nothing of the incident in force: WAF, accounts, posture, schedules; records it and proposes suppressions', async () => {
    const id = await incident('fp', '198.51.100.30', ['alice']);
    const timeline = (await readIncident(deps, id)).timeline;
    expect(runtime.liveAddresses()).toContain('198.51.100.30/32');
    expect(timeline.some((e) => e.action === 'force-password-reset' && e.outcome === 'ok')).toBe(true);
    const needsBefore = Object.values(await deps.posture.all()).filter((s) => s && id in s.needs);
    expect(needsBefore.length).toBeGreaterThan(0);
    expect(runtime.adapters.scheduler.pending().some((s) => s.name.includes(id.slice(4)))).toBe(true);

    await recordVerdict(deps, jane, id, { verdict: 'false-positive', reason: 'pen test, SEC-50' });
    const result = await revertIncident(deps, jane, id, { reason: 'pen test, SEC-50' });
    await runtime.drainQueue();

    expect(result.lines.filter((l) => l.outcome === 'failed')).toEqual([]);
    expect(runtime.liveAddresses()).not.toContain('198.51.100.30/32');
    expect(runtime.adapters.userPool.user('alice')?.enabled).toBe(true);
    expect(Object.values(await deps.posture.all()).filter((s) => s && id in s.needs)).toEqual([]);
    expect(runtime.adapters.scheduler.pending().filter((s) => s.name.includes(id.slice(4)))).toEqual([]);

    const after = await readIncident(deps, id);
    const revert = after.timeline.find((e) => e.action === 'revert');
    expect(revert).toMatchObject({ actor: 'human/jane@example.com', outcome: 'ok' });
    // Revoked sessions and a replaced password cannot come back: each undo says so, none claims success.
    const undo = after.timeline.filter((e) => e.action === 'undo');
    expect(undo.length).toBeGreaterThan(0);
    expect(undo.every((e) => e.outcome === 'skipped' && /NotRestorable/.test(e.detail))).toBe(true);
    expect(after.incident.verdict?.value).toBe('false-positive');

    const candidates = await listSuppressions(deps, 'candidate');
    expect(candidates.map((s) => `${s.kind}:${s.value}`)).toEqual(
      expect.arrayContaining(['address:198.51.100.30/32', 'account:alice']),
    );
    const accepted = await decideSuppression(deps, jane, 'address:198.51.100.30/32', {
      accept: true,
      reason: 'our scanner',
    });
    expect(accepted).toMatchObject({ state: 'accepted', decidedBy: 'jane@example.com' });
    await expect(
      decideSuppression(deps, jane, 'address:198.51.100.30/32', { accept: false, reason: 'again' }),
    ).rejects.toMatchObject({
      name: 'SuppressionNotFound',
      message: expect.stringContaining('was accepted by'),
    });
  });

  it('re-enables an account the incident disabled, from its recorded prior state', async () => {
    await runtime.seedUser({ name: 'carol', sessions: 1, enabled: true });
    const record = await runtime.run('contain-user', 'contain-user-carol', {
      requestId: 'ops-carol',
      users: ['carol'],
      providers: ['cognito'],
      actions: ['disable'],
      reason: 'phished, SEC-60',
      requestedBy: 'oncall@example.com',
    });
    const id = String(record.incidentId);
    expect(runtime.adapters.userPool.user('carol')?.enabled).toBe(false);
    const result = await revertIncident(deps, jane, id, { reason: 'not phished after all' });
    expect(result.lines).toContainEqual(
      expect.objectContaining({ layer: 'accounts', target: 'disable:carol@cognito', outcome: 'ok' }),
    );
    expect(runtime.adapters.userPool.user('carol')?.enabled).toBe(true);
  });

  it('leaves an address blocked when another incident still holds it', async () => {
    const first = await incident('share-1', '198.51.100.40');
    await incident('share-2', '198.51.100.40');
    const result = await revertIncident(deps, jane, first, { reason: 'one of two was noise' });
    await runtime.drainQueue();
    expect(result.lines.find((l) => l.target === '198.51.100.40/32')).toMatchObject({
      outcome: 'skipped',
      detail: expect.stringContaining('still hold it'),
    });
    expect(runtime.liveAddresses()).toContain('198.51.100.40/32');
  });
});
