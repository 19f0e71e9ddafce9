import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BlockEntry, BlocklistStore } from '../../lambdas/adapters/dynamo/blocklist.ts';
import { IncidentStore } from '../../lambdas/adapters/dynamo/incidents.ts';
import type { Incident, TimelineEntry } from '../../lambdas/core/incident.ts';
import { createTables, type LocalDynamo, startDynamo } from '../../lib/local/dynamo.ts';

const incidentsTable = {
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
};
const blocklistTable = {
  Type: 'AWS::DynamoDB::Table',
  Properties: {
    KeySchema: [{ AttributeName: 'cidr', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'cidr', AttributeType: 'S' }],
  },
};
const TEMPLATE = { Resources: { Incidents: incidentsTable, Blocklist: blocklistTable } };

let dynamo: LocalDynamo;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynamo();
  await createTables(dynamo.client, TEMPLATE);
});

afterAll(async () => {
  await dynamo?.close();
});

/** A table of its own, for checks that read the whole table. */
async function freshTable(kind: 'Incidents' | 'Blocklist'): Promise<string> {
  const name = `${kind}${++tables}`;
  await createTables(dynamo.client, {
    Resources: { [name]: kind === 'Incidents' ? incidentsTable : blocklistTable },
  });
  return name;
}

const T0 = new Date('2026-11-20T03:12:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function incident(id: string, overrides: Partial<Incident> = {}): Incident {
  return {
    id,
    playbook: 'credential-stuffing',
    title: `incident ${id}`,
    severity: 80,
    status: 'open',
    openedAt: T0.toISOString(),
    updatedAt: T0.toISOString(),
    alertIds: ['det-1'],
    sourceIps: ['203.0.113.7'],
    targetedUsers: ['alice', 'bob'],
    compromisedUsers: ['alice'],
    ...overrides,
  };
}

function entry(minutes: number, action: string, data?: Record<string, unknown>): TimelineEntry {
  return {
    at: at(minutes).toISOString(),
    actor: 'riposte/test',
    action,
    outcome: 'ok',
    detail: `${action} at +${minutes}m`,
    ...(data ? { data } : {}),
  };
}

describe('IncidentStore', () => {
  const store = () => new IncidentStore(dynamo.doc, 'Incidents');

  it('opens an incident once; a second open returns the first one with created: false', async () => {
    const first = incident('INC-open');
    expect(await store().open(first)).toEqual({ incident: first, created: true });
    const second = await store().open(incident('INC-open', { title: 'a re-delivered alert', severity: 10 }));
    expect(second.created).toBe(false);
    expect(second.incident).toEqual(first);
    expect(await store().get('INC-open')).toEqual(first);
  });

  it('returns undefined for an unknown incident', async () => {
    expect(await store().get('INC-missing')).toBeUndefined();
  });

  it('appends idempotently per entry id', async () => {
    await store().open(incident('INC-append'));
    expect(await store().append('INC-append', 'block-ips', entry(1, 'block-ips'))).toBe(true);
    expect(await store().append('INC-append', 'block-ips', entry(1, 'block-ips'))).toBe(false);
    expect(await store().timeline('INC-append')).toEqual([entry(1, 'block-ips')]);
  });

  it('appends idempotently when a re-run step writes the same entry id at a later time', async () => {
    await store().open(incident('INC-rerun'));
    expect(await store().append('INC-rerun', 'status:contained', entry(5, 'set-status'))).toBe(true);
    expect(await store().append('INC-rerun', 'status:contained', entry(9, 'set-status'))).toBe(false);
    expect(await store().timeline('INC-rerun')).toEqual([entry(5, 'set-status')]);
  });

  it('returns the timeline in time order, with data, without storage keys', async () => {
    await store().open(incident('INC-order'));
    await store().append('INC-order', 'c', entry(30, 'third'));
    await store().append('INC-order', 'a', entry(10, 'first', { blocked: ['203.0.113.7/32'] }));
    await store().append('INC-order', 'b', entry(20, 'second'));
    await store().open(incident('INC-order-2'));
    await store().append('INC-order-2', 'x', entry(15, 'other incident'));
    const timeline = await store().timeline('INC-order');
    expect(timeline.map((e) => e.action)).toEqual(['first', 'second', 'third']);
    // Exact equality: no pk, sk or entryId leaks into the entries.
    expect(timeline).toStrictEqual([
      entry(10, 'first', { blocked: ['203.0.113.7/32'] }),
      entry(20, 'second'),
      entry(30, 'third'),
    ]);
  });

  it('orders entries of the same instant by entry id, the same on every read', async () => {
    await store().open(incident('INC-tie'));
    await store().append('INC-tie', 'status:partial', entry(3, 'set-status'));
    await store().append('INC-tie', 'branch-failed:block-ips', entry(3, 'block-ips'));
    await store().append('INC-tie', 'alert:det-1', entry(0, 'open-incident'));
    const actions = ['open-incident', 'block-ips', 'set-status'];
    expect((await store().timeline('INC-tie')).map((e) => e.action)).toEqual(actions);
    expect((await store().timeline('INC-tie')).map((e) => e.action)).toEqual(actions);
  });

  it('sets the status and the update time', async () => {
    await store().open(incident('INC-status'));
    await store().setStatus('INC-status', 'partial', at(7));
    const stored = await store().get('INC-status');
    expect(stored?.status).toBe('partial');
    expect(stored?.updatedAt).toBe(at(7).toISOString());
    expect(stored?.openedAt).toBe(T0.toISOString());
  });

  it('refuses to set the status of an incident that does not exist', async () => {
    await expect(store().setStatus('INC-nowhere', 'contained', at(1))).rejects.toBeInstanceOf(
      ConditionalCheckFailedException,
    );
    expect(await store().get('INC-nowhere')).toBeUndefined();
  });

  it('claims a page once per status, and again after the claim is released', async () => {
    await store().open(incident('INC-page'));
    expect(await store().claimPage('INC-page', 'partial')).toBe(true);
    expect(await store().claimPage('INC-page', 'partial')).toBe(false);
    expect((await store().get('INC-page'))?.pagedStatus).toBe('partial');

    // Releasing another status leaves the claim in place.
    await store().releasePage('INC-page', 'contained');
    expect(await store().claimPage('INC-page', 'partial')).toBe(false);

    await store().releasePage('INC-page', 'partial');
    expect((await store().get('INC-page'))?.pagedStatus).toBeUndefined();
    expect(await store().claimPage('INC-page', 'partial')).toBe(true);
    expect(await store().claimPage('INC-page', 'partial')).toBe(false);

    // A new status is news: it may be paged.
    expect(await store().claimPage('INC-page', 'contained')).toBe(true);
    expect(await store().claimPage('INC-page', 'contained')).toBe(false);
  });

  it('never claims a page for an incident that does not exist', async () => {
    expect(await store().claimPage('INC-ghost', 'failed')).toBe(false);
    expect(await store().get('INC-ghost')).toBeUndefined();
  });

  it('lists incidents (not timeline entries) by opening time', async () => {
    const listed = new IncidentStore(dynamo.doc, await freshTable('Incidents'));
    await listed.open(incident('INC-b', { openedAt: at(20).toISOString() }));
    await listed.open(incident('INC-a', { openedAt: at(10).toISOString() }));
    await listed.append('INC-a', 'alert', entry(10, 'open-incident'));
    await listed.append('INC-b', 'alert', entry(20, 'open-incident'));
    const incidents = await listed.list();
    expect(incidents.map((i) => i.id)).toEqual(['INC-a', 'INC-b']);
    expect(incidents[0]).toEqual(incident('INC-a', { openedAt: at(10).toISOString() }));
  });
});

describe('BlocklistStore', () => {
  const store = () => new BlocklistStore(dynamo.doc, 'Blocklist');
  const entry = (cidr: string, overrides: Partial<BlockEntry> = {}): BlockEntry => ({
    cidr,
    version: cidr.includes(':') ? 6 : 4,
    incidentIds: ['INC-2', 'INC-1'],
    reason: 'credential stuffing',
    severity: 80,
    createdAt: at(0).toISOString(),
    updatedAt: at(1).toISOString(),
    expiresAt: at(24 * 60).toISOString(),
    strikes: 1,
    ...overrides,
  });

  it('round-trips entries through batch writes and batch reads, incident ids as a sorted set', async () => {
    await store().putAll([
      entry('203.0.113.1/32'),
      entry('2001:db8:1::/48', { unblockedAt: at(3).toISOString() }),
    ]);
    const [v6, v4] = await store().get(['2001:db8:1::/48', '203.0.113.1/32', '203.0.113.250/32']);
    expect(v4).toEqual({ ...entry('203.0.113.1/32'), incidentIds: ['INC-1', 'INC-2'] });
    expect(v6).toMatchObject({ version: 6, unblockedAt: at(3).toISOString() });
  });

  it('writes and reads more than one batch (25 writes, 100 reads a call)', async () => {
    const many = Array.from({ length: 260 }, (_, i) => entry(`198.51.${Math.floor(i / 250)}.${i % 250}/32`));
    await store().putAll(many);
    expect(await store().get(many.map((e) => e.cidr))).toHaveLength(260);
    expect((await store().all()).length).toBeGreaterThanOrEqual(260);
  });

  it('overwrites an entry when the writer decides a new state for it', async () => {
    await store().putAll([entry('203.0.113.9/32', { strikes: 1 })]);
    await store().putAll([entry('203.0.113.9/32', { strikes: 2, incidentIds: ['INC-3'] })]);
    const [stored] = await store().get(['203.0.113.9/32']);
    expect(stored).toMatchObject({ strikes: 2, incidentIds: ['INC-3'] });
  });
});
