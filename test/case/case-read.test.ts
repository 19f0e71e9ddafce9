import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listIncidents, readIncident } from '../../lambdas/case/index.ts';
import type { LocalRuntime } from '../../lib/local/runtime.ts';
import { detection, startRuntime } from '../support/local.ts';

let runtime: LocalRuntime;
const ids: string[] = [];

beforeAll(async () => {
  runtime = await startRuntime({ correlate: false });
  for (const [n, ip] of ['198.51.100.10', '198.51.100.11', '198.51.100.12'].entries()) {
    const { started } = await runtime.deliver(
      detection(`det-read-${n}`, { sourceIps: [ip], targetedUsers: [`user${n}`], compromisedUsers: [] }),
    );
    ids.push(String(started[0]?.incidentId));
  }
});

afterAll(async () => {
  await runtime.close();
});

describe('listIncidents', () => {
  it('lists the incidents the playbooks opened, from the ByMonth index, with status and no owner yet', async () => {
    const rows = await listIncidents(runtime.deps);
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    for (const row of rows) {
      expect(row).toMatchObject({
        playbook: 'credential-stuffing',
        owner: null,
        verdict: null,
        openApprovals: 0,
      });
      expect(row.status).toBe(row.outcome);
    }
  });

  it('filters by status and by --since, and names a status it does not know', async () => {
    const [first] = await listIncidents(runtime.deps);
    const status = String(first?.status);
    expect((await listIncidents(runtime.deps, { status })).every((r) => r.status === status)).toBe(true);
    expect(await listIncidents(runtime.deps, { status: 'closed' })).toEqual([]);
    // The runtime's clock is fixed; incidents opened at that instant are not older than a minute.
    expect(await listIncidents(runtime.deps, { since: '2027-01-01' })).toEqual([]);
    expect((await listIncidents(runtime.deps, { since: '1m' })).length).toBe(3);
    await expect(listIncidents(runtime.deps, { status: 'resolved' })).rejects.toThrow(
      /--status takes .* not "resolved"/,
    );
    await expect(listIncidents(runtime.deps, { since: 'yesterday' })).rejects.toMatchObject({
      name: 'InvalidInput',
    });
  });

  it('reads the ByMonth index with a Query, never a Scan', async () => {
    const sent: string[] = [];
    const doc = (runtime.deps.incidents as unknown as { client: DynamoDBDocumentClient }).client;
    doc.middlewareStack.add(
      (next, context) => (args) => {
        sent.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'recordCommands' },
    );
    try {
      await listIncidents(runtime.deps, { limit: 2 });
    } finally {
      doc.middlewareStack.remove('recordCommands');
    }
    expect(sent).toContain('QueryCommand');
    expect(sent).not.toContain('ScanCommand');
  });
});

describe('readIncident', () => {
  it('returns the incident with its timeline', async () => {
    const view = await readIncident(runtime.deps, String(ids[0]));
    expect(view.incident.id).toBe(ids[0]);
    expect(view.timeline.some((e) => e.action === 'open-incident')).toBe(true);
  });

  it('names an unknown incident', async () => {
    await expect(readIncident(runtime.deps, 'INC-20261120-nothere')).rejects.toMatchObject({
      name: 'IncidentNotFound',
      message: expect.stringContaining('INC-20261120-nothere'),
    });
  });
});
