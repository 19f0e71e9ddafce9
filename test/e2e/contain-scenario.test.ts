import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SimulationResult, simulate } from '../../lib/cli/simulate.ts';
import { loadConfig, PROJECT_ROOT } from '../../lib/local/config-source.ts';

let result: SimulationResult;
const byAlert = (n: number) => result.incidents[n - 1];

beforeAll(async () => {
  result = await simulate({
    file: path.join(PROJECT_ROOT, 'scenarios/contain-accounts.jsonl'),
    stateDir: mkdtempSync(path.join(tmpdir(), 'riposte-contain-scenario-')),
    config: loadConfig(),
    clock: () => new Date('2026-11-20T04:30:00Z'),
  });
}, 120_000);

describe('the account containment scenario through riposte simulate', () => {
  it('holds the VIP for approval and contains the other account, with its residual window', () => {
    expect(byAlert(1)).toMatchObject({
      held: ['vera'],
      accounts: [{ user: 'alice', providers: ['cognito', 'app-sessions'], residualAccessSeconds: 3600 }],
    });
  });

  it('holds every account of a step over the cap and changes none', () => {
    expect(byAlert(2)?.held).toHaveLength(11);
    expect(byAlert(2)?.accounts).toEqual([]);
  });

  it('names the unknown account', () => {
    expect(byAlert(3)?.failures).toEqual([
      { action: 'contain-account', detail: expect.stringContaining('UnknownUser: ghost exists in none of') },
    ]);
  });

  it('waits out a throttled provider and contains the account', () => {
    expect(byAlert(4)).toMatchObject({ status: 'contained', passwordResets: ['bob'], failures: [] });
  });

  it('names the provider that is down while the other still contains', () => {
    expect(byAlert(5)).toMatchObject({
      status: 'partial',
      accounts: [{ user: 'carol', providers: ['cognito'] }],
      failures: [
        {
          action: 'contain-account',
          detail: expect.stringContaining('carol@app-sessions: ProviderUnavailable'),
        },
      ],
    });
  });
});
