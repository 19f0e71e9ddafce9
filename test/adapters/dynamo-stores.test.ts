import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BlocklistStore,
  type BlockRequest,
  desiredAddresses,
} from '../../lambdas/adapters/dynamo/blocklist.ts';
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
  const store = (table = 'Blocklist') => new BlocklistStore(dynamo.doc, table);
  const request = (cidr: string, overrides: Partial<BlockRequest> = {}): BlockRequest => ({
    cidr,
    version: cidr.includes(':') ? 6 : 4,
    incidentId: 'INC-1',
    reason: 'credential stuffing',
    severity: 80,
    expiresAt: at(24 * 60).toISOString(),
    ...overrides,
  });
  async function entryFor(cidr: string, table = 'Blocklist') {
    return (await store(table).all()).find((e) => e.cidr === cidr);
  }

  it('merges the same address recorded by two incidents into one entry', async () => {
    const cidr = '203.0.113.1/32';
    await store().record(request(cidr, { incidentId: 'INC-2' }), at(0));
    await store().record(request(cidr, { incidentId: 'INC-1', severity: 90 }), at(5));
    const entries = (await store().all()).filter((e) => e.cidr === cidr);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      cidr,
      version: 4,
      incidentIds: ['INC-1', 'INC-2'],
      severity: 90,
      createdAt: at(0).toISOString(),
      updatedAt: at(5).toISOString(),
      expiresAt: at(24 * 60).toISOString(),
    });
  });

  it('keeps one incident id when the same incident records twice', async () => {
    const cidr = '203.0.113.2/32';
    await store().record(request(cidr), at(0));
    await store().record(request(cidr), at(1));
    expect((await entryFor(cidr))?.incidentIds).toEqual(['INC-1']);
  });

  it('never shortens an expiry, but still adds the incident', async () => {
    const cidr = '203.0.113.3/32';
    await store().record(request(cidr, { expiresAt: at(48 * 60).toISOString() }), at(0));
    await store().record(request(cidr, { incidentId: 'INC-9', expiresAt: at(60).toISOString() }), at(1));
    const stored = await entryFor(cidr);
    expect(stored?.expiresAt).toBe(at(48 * 60).toISOString());
    expect(stored?.incidentIds).toEqual(['INC-1', 'INC-9']);
    expect(stored?.updatedAt).toBe(at(1).toISOString());
  });

  it('extends the expiry when a later block lasts longer', async () => {
    const cidr = '2001:db8:1::/48';
    await store().record(request(cidr, { expiresAt: at(60).toISOString() }), at(0));
    await store().record(request(cidr, { expiresAt: at(7 * 24 * 60).toISOString() }), at(2));
    const stored = await entryFor(cidr);
    expect(stored?.expiresAt).toBe(at(7 * 24 * 60).toISOString());
    expect(stored?.version).toBe(6);
    expect(stored?.createdAt).toBe(at(0).toISOString());
  });

  it('removes an entry', async () => {
    const cidr = '203.0.113.4/32';
    await store().record(request(cidr), at(0));
    expect(await entryFor(cidr)).toBeDefined();
    await store().remove(cidr);
    expect(await entryFor(cidr)).toBeUndefined();
  });

  it('desiredAddresses keeps live entries only and separates IPv4 and IPv6, sorted', async () => {
    const table = await freshTable('Blocklist');
    const live = at(24 * 60).toISOString();
    await store(table).record(request('203.0.113.9/32', { expiresAt: live }), at(0));
    await store(table).record(request('198.51.100.0/24', { expiresAt: live }), at(0));
    await store(table).record(request('2001:db8:2::1/128', { expiresAt: live }), at(0));
    await store(table).record(request('2001:db8:1::/48', { expiresAt: live }), at(0));
    await store(table).record(request('192.0.2.7/32', { expiresAt: at(30).toISOString() }), at(0));
    await store(table).record(request('2001:db8:3::1/128', { expiresAt: at(30).toISOString() }), at(0));
    const entries = await store(table).all();
    expect(entries).toHaveLength(6);

    expect(desiredAddresses(entries, at(10))).toEqual({
      4: ['192.0.2.7/32', '198.51.100.0/24', '203.0.113.9/32'],
      6: ['2001:db8:1::/48', '2001:db8:2::1/128', '2001:db8:3::1/128'],
    });
    // Expired (and expiring at exactly now) entries are left out, though still stored.
    expect(desiredAddresses(entries, at(30))).toEqual({
      4: ['198.51.100.0/24', '203.0.113.9/32'],
      6: ['2001:db8:1::/48', '2001:db8:2::1/128'],
    });
    expect(desiredAddresses(entries, at(48 * 60))).toEqual({ 4: [], 6: [] });
    expect(await store(table).all()).toHaveLength(6);
  });
});
