import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../lib/cli/simulate.ts';
import { loadConfig } from '../../lib/local/config-source.ts';
import { NOW } from '../support/local.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The bundled scenario of a playbook, run as `riposte simulate scenarios/<id>.jsonl --json` would. */
async function run(id: string) {
  const result = await simulate({
    file: path.join(ROOT, 'scenarios', `${id}.jsonl`),
    stateDir: mkdtempSync(path.join(tmpdir(), `riposte-${id}-`)),
    config: loadConfig(),
    clock: () => NOW,
  });
  expect(result.rejected).toEqual([]);
  for (const incident of result.incidents) expect(incident.execution.status).toBe('SUCCEEDED');
  return result.incidents;
}

describe('the bundled attack scenarios, through riposte simulate', { timeout: 120_000 }, () => {
  it('password-spray: blocks the outside sprayer, contains dave only; WORKSTATION5 is investigated, not blocked', async () => {
    const [outside, inside] = await run('password-spray');
    expect(outside).toMatchObject({
      blocked: ['203.0.113.7/32'],
      passwordResets: ['dave'],
      hostsToInvestigate: [],
    });
    expect(inside?.blocked).toEqual([]);
    expect(inside?.passwordResets).toEqual([]);
    expect(inside?.hostsToInvestigate.find((h) => h.host === 'WORKSTATION5')?.failures).toBe(7);
  });

  it('brute-force: without a success the password stays and the owner is told; with one, the account is contained', async () => {
    const [missed, success] = await run('brute-force');
    expect(missed).toMatchObject({
      blocked: ['203.0.113.50/32'],
      passwordResets: [],
      ownerNotified: ['alice'],
    });
    expect(success).toMatchObject({
      blocked: ['198.51.100.61/32'],
      passwordResets: ['bob'],
      sessionsRevoked: ['bob'],
    });
  });

  it('account-lockout: the stale service is reported with its caller and never reset; the attacker is blocked', async () => {
    const [stale, attacker] = await run('account-lockout');
    expect(stale).toMatchObject({ blocked: [], passwordResets: [], sessionsRevoked: [] });
    expect(stale?.lockout).toMatchObject({
      verdict: 'stale-credentials',
      callers: [{ computer: 'SRV-APP01' }],
    });
    expect(readFileSync(stale?.report ?? '', 'utf8')).toContain('| Which caller computer | SRV-APP01 |');
    expect(attacker).toMatchObject({
      blocked: ['198.51.100.80/32'],
      passwordResets: [],
      ownerNotified: ['carol'],
    });
    expect(attacker?.lockout).toMatchObject({ verdict: 'attacker', callers: [{ computer: 'KALI' }] });
    expect(readFileSync(attacker?.report ?? '', 'utf8')).toContain('| Which caller computer | KALI |');
  });

  it('risky-signin: 20 watches, 55 steps up, 90 contains and blocks, a password change revokes sessions', async () => {
    const [low, medium, high, changed] = await run('risky-signin');
    expect(low).toMatchObject({
      risk: { tier: 'low', stepUp: [] },
      sessionsRevoked: [],
      blocked: [],
      pages: 0,
    });
    expect(medium).toMatchObject({
      risk: { tier: 'medium', stepUp: ['frank'] },
      passwordResets: [],
      blocked: [],
    });
    expect(high).toMatchObject({
      risk: { tier: 'high' },
      passwordResets: ['grace'],
      blocked: ['203.0.113.90/32'],
    });
    expect(changed).toMatchObject({ risk: { identityEvent: 'password-change', stepUp: ['heidi'] } });
  });
});
