import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { undoContainment } from '../../lambdas/actions/undo-containment.ts';
import { parseConfig } from '../../lambdas/core/config.ts';
import { breakerWindow } from '../../lambdas/core/containment.ts';
import { summarizeIncident } from '../../lib/cli/summary.ts';
import { loadConfig } from '../../lib/local/config-source.ts';
import { LocalRuntime } from '../../lib/local/runtime.ts';
import { type FakeIdp, fakeUser, SECRET, startFakeIdp } from '../support/fake-idp.ts';
import { detection, NOW } from '../support/local.ts';

let runtime: LocalRuntime;
let okta: FakeIdp;
let entra: FakeIdp;
const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'vera'];

beforeAll(async () => {
  const seed = PEOPLE.map((name) =>
    fakeUser(`id-${name}`, name, name === 'vera' ? { groups: ['executives'] } : {}),
  );
  okta = await startFakeIdp('okta', seed);
  entra = await startFakeIdp('entra', seed);
  const stateDir = mkdtempSync(path.join(tmpdir(), 'riposte-contain-'));
  writeFileSync(
    path.join(stateDir, 'secrets.json'),
    JSON.stringify({ 'riposte/okta': SECRET, 'riposte/entra': SECRET }),
  );
  const base = loadConfig();
  const config = parseConfig({
    ...base,
    identity: {
      ...base.identity,
      providers: ['cognito', 'app-sessions', 'okta', 'entra', 'iam'],
      okta: { baseUrl: okta.url, secretId: 'riposte/okta' },
      entra: {
        tenantId: 'contoso',
        loginUrl: entra.url,
        graphUrl: `${entra.url}/v1.0`,
        secretId: 'riposte/entra',
      },
      iam: { roles: { deployer: 'DeployRole' }, users: {} },
      approvalCap: 3,
      breaker: { maxChanges: 40, windowMinutes: 60 },
    },
    // Each test is an alert of its own about the same people: no campaign correlation (ADR 0010).
    detection: { ...base.detection, correlationMinutes: 0 },
  });
  runtime = await LocalRuntime.start({ stateDir, config, clock: () => NOW, inMemory: true });
  for (const name of PEOPLE) await runtime.seedUser({ name, sessions: 2, enabled: true });
  runtime.adapters.userPool.seed('vera', { groups: ['executives'], refreshTokens: 2 });
});
afterAll(async () => {
  await runtime.close();
  await okta.close();
  await entra.close();
});

async function deliver(id: string, detail: Record<string, unknown>) {
  const { started } = await runtime.deliver(detection(id, detail));
  const incidentId = String(started[0]?.incidentId);
  const incident = await runtime.deps.incidents.get(incidentId);
  if (!incident) throw new Error(`no incident: ${JSON.stringify(started)}`);
  const summary = await summarizeIncident(runtime, incident, String(started[0]?.executionName));
  const timeline = await runtime.deps.incidents.timeline(incidentId);
  const page = runtime.adapters.topic
    .pages()
    .filter((p) => p.key.startsWith(`${incidentId}:`))
    .at(-1);
  return { incident, summary, timeline, page };
}

describe('containing accounts across providers, end to end on the local runtime', () => {
  it('contains an account in every provider and reports the residual access window per account', async () => {
    const { incident, summary, page } = await deliver('c-1', {
      sourceIps: ['203.0.113.50'],
      compromisedUsers: ['alice'],
    });
    expect(incident.status).toBe('contained');
    expect(summary.accounts).toEqual([
      {
        user: 'alice',
        providers: ['cognito', 'app-sessions', 'okta', 'entra'],
        actions: ['revoke-sessions', 'force-password-reset'],
        // Entra's access tokens (up to 90 min) outlive a sign-in revocation.
        residualAccessSeconds: 5400,
      },
    ]);
    expect(okta.users.get('id-alice')).toMatchObject({ sessions: 0, mustChangePassword: true });
    expect(entra.users.get('id-alice')).toMatchObject({ sessions: 0, mustChangePassword: true });
    expect(runtime.adapters.userPool.user('alice')).toMatchObject({ status: 'FORCE_CHANGE_PASSWORD' });
    expect(page?.message).toContain('alice: up to 5400 s (cognito, app-sessions, okta, entra)');
    expect(runtime.deps.config.waf.blockTtlHours * 3600).toBeGreaterThanOrEqual(5400);
  });

  it('holds a VIP for approval, contains the others, and a denial leaves the VIP untouched', async () => {
    runtime.approvalPolicy = 'deny';
    const before = runtime.approvals.length;
    const { summary, timeline, incident } = await deliver('c-vip', {
      sourceIps: ['203.0.113.51'],
      compromisedUsers: ['bob', 'vera'],
    });
    expect(runtime.approvals.length).toBe(before + 1);
    const asked = timeline.find((e) => e.action === 'request-approval');
    expect(asked?.data?.planned).toEqual([
      expect.stringMatching(/^vera: revoke-sessions \+ force-password-reset in cognito/),
    ]);
    expect(asked?.data?.reasons).toEqual(['vera is privileged (executives)']);
    const request = runtime.adapters.topic.pages().find((p) => p.key.startsWith(`${incident.id}:approval`));
    expect(request?.subject).toContain('APPROVAL NEEDED');
    expect(request?.message).toContain('vera');
    expect(summary.accounts.map((a) => a.user)).toEqual(['bob']);
    expect(runtime.adapters.userPool.user('vera')).toMatchObject({ status: 'CONFIRMED', refreshTokens: 2 });
    expect(okta.users.get('id-vera')).toMatchObject({ sessions: 2, mustChangePassword: false });
    expect(timeline.find((e) => e.detail === 'vera not contained: approval denied')?.outcome).toBe('refused');
    const outcomePage = runtime.adapters.topic.pages().find((p) => p.key === `${incident.id}:partial`);
    expect(outcomePage?.message).toContain('✗ contain-accounts vera: ApprovalDenied');
  });

  it('contains the VIP once a human approves', async () => {
    runtime.approvalPolicy = 'approve';
    try {
      const { summary } = await deliver('c-vip-ok', {
        sourceIps: ['203.0.113.52'],
        compromisedUsers: ['vera'],
      });
      expect(summary.accounts.map((a) => a.user)).toEqual(['vera']);
      expect(runtime.adapters.userPool.user('vera')).toMatchObject({ status: 'FORCE_CHANGE_PASSWORD' });
    } finally {
      runtime.approvalPolicy = 'deny';
    }
  });

  it("revokes a VIP's sessions without asking when that is all the step does", async () => {
    const record = await runtime.run('contain-user', 'contain-user-vera-revoke', {
      requestId: 'ops-vera-revoke',
      users: ['vera'],
      providers: ['okta'],
      actions: ['revoke-sessions'],
      reason: 'step-up after a risky sign-in',
      requestedBy: 'oncall@example.com',
    });
    const timeline = await runtime.deps.incidents.timeline(String(record.incidentId));
    expect(timeline.some((e) => e.action === 'request-approval')).toBe(false);
    expect(timeline.find((e) => e.action === 'revoke-sessions')?.data).toMatchObject({
      user: 'vera',
      provider: 'okta',
    });
  });

  it('escalates an unanswered request with a second page, then only revokes the held sessions', async () => {
    runtime.approvalPolicy = 'timeout';
    try {
      const { incident, summary, timeline } = await deliver('c-vip-silent', {
        sourceIps: ['203.0.113.58'],
        compromisedUsers: ['vera'],
      });
      const asked = runtime.adapters.topic.pages().filter((p) => p.key.startsWith(`${incident.id}:approval`));
      expect(asked.map((p) => p.subject)).toEqual([
        expect.stringContaining(`${incident.id} APPROVAL NEEDED`),
        expect.stringContaining(`${incident.id} ESCALATION APPROVAL NEEDED`),
      ]);
      expect(summary.accounts).toEqual([
        expect.objectContaining({ user: 'vera', actions: ['revoke-sessions'] }),
      ]);
      expect(summary.passwordResets).toEqual([]);
      expect(incident.status).toBe('partial');
      expect(
        timeline.some((e) =>
          e.detail.startsWith('approval not answered in time: only revoking sessions of vera'),
        ),
      ).toBe(true);
    } finally {
      runtime.approvalPolicy = 'deny';
    }
  });

  it('holds every account of a step over the cap', async () => {
    const { summary, timeline } = await deliver('c-cap', {
      sourceIps: ['203.0.113.53'],
      compromisedUsers: ['carol', 'dave', 'erin', 'frank'],
    });
    expect(timeline.find((e) => e.action === 'request-approval')?.data?.reasons).toEqual([
      '4 accounts exceed the approval cap (3)',
    ]);
    expect(summary.accounts).toEqual([]);
    expect(runtime.adapters.userPool.user('carol')).toMatchObject({ status: 'CONFIRMED', refreshTokens: 2 });
  });

  it('names an unknown account on the incident and in the page', async () => {
    const { summary, page, incident } = await deliver('c-ghost', {
      sourceIps: ['203.0.113.54'],
      compromisedUsers: ['ghost'],
    });
    expect(incident.status).toBe('partial');
    expect(summary.failures).toContainEqual({
      action: 'contain-account',
      detail:
        'could not contain-account ghost: UnknownUser: ghost exists in none of cognito, app-sessions, okta, entra, iam',
    });
    expect(page?.message).toContain('✗ contain-accounts ghost: UnknownUser');
  });

  it('waits out a 429 and contains the account', async () => {
    okta.failNext(
      429,
      { code: 'E0000047', message: 'API call exceeded rate limit', headers: { 'retry-after': '30' } },
      1,
      /sessions$/,
    );
    const { summary, incident } = await deliver('c-429', {
      sourceIps: ['203.0.113.55'],
      compromisedUsers: ['grace'],
    });
    expect(incident.status).toBe('contained');
    expect(summary.accounts[0]?.providers).toContain('okta');
    expect(okta.users.get('id-grace')?.sessions).toBe(0);
  });

  it('disables and undo restores the prior state, recording both', async () => {
    const before = await Promise.all(runtime.deps.identityProviders.map((p) => p.getState('heidi')));
    const record = await runtime.run('contain-user', 'contain-user-heidi', {
      requestId: 'ops-heidi',
      users: ['heidi'],
      providers: ['cognito', 'okta', 'entra'],
      actions: ['revoke-sessions', 'disable'],
      reason: 'phished, ticket SEC-1',
      requestedBy: 'oncall@example.com',
    });
    expect(record.status).toBe('SUCCEEDED');
    const incidentId = String(record.incidentId);
    const incident = await runtime.deps.incidents.get(incidentId);
    const summary = await summarizeIncident(runtime, incident as never, 'contain-user-heidi');
    // Cognito's disable ends issued tokens; Okta's suspend and Entra's disable do not.
    expect(summary.accounts).toEqual([
      {
        user: 'heidi',
        providers: ['cognito', 'okta', 'entra'],
        actions: ['revoke-sessions', 'disable'],
        residualAccessSeconds: 5400,
      },
    ]);
    expect(runtime.adapters.userPool.user('heidi')?.enabled).toBe(false);
    expect(okta.users.get('id-heidi')?.enabled).toBe(false);
    expect(entra.users.get('id-heidi')?.enabled).toBe(false);

    const lines = await undoContainment(
      { incidentId, target: 'contain-accounts:heidi', by: 'oncall', reason: 'false positive' },
      runtime.deps,
    );
    expect(
      lines
        .filter((l) => l.action === 'disable')
        .map((l) => [l.provider, l.outcome])
        .sort(),
    ).toEqual([
      ['cognito', 'ok'],
      ['entra', 'ok'],
      ['okta', 'ok'],
    ]);
    expect(lines.filter((l) => l.action === 'revoke-sessions').every((l) => l.outcome === 'skipped')).toBe(
      true,
    );
    const after = await Promise.all(runtime.deps.identityProviders.map((p) => p.getState('heidi')));
    expect(after.map((s) => s.enabled)).toEqual(before.map((s) => s.enabled));
    const timeline = await runtime.deps.incidents.timeline(incidentId);
    expect(timeline.filter((e) => e.action === 'undo' && e.outcome === 'ok')).toHaveLength(3);
    // Undoing again changes nothing more.
    await expect(
      undoContainment({ incidentId, target: 'disable:heidi', by: 'oncall', reason: 'again' }, runtime.deps),
    ).resolves.toEqual([]);
  });

  it("revokes an IAM role's sessions with no residual window, and undo drops the deny policy", async () => {
    const record = await runtime.run('contain-user', 'contain-user-deployer', {
      requestId: 'ops-deployer',
      users: ['deployer'],
      actions: ['revoke-sessions', 'force-password-reset'],
      reason: 'leaked role session in CI logs',
      requestedBy: 'oncall@example.com',
    });
    const incidentId = String(record.incidentId);
    const incident = await runtime.deps.incidents.get(incidentId);
    const summary = await summarizeIncident(runtime, incident as never, 'contain-user-deployer');
    expect(summary.accounts).toEqual([
      { user: 'deployer', providers: ['iam'], actions: ['revoke-sessions'], residualAccessSeconds: 0 },
    ]);
    const iam = runtime.deps.identityProviders.find((p) => p.name === 'iam');
    expect((await iam?.getState('deployer'))?.restore).toMatchObject({ hadRevokePolicy: true });
    const lines = await undoContainment(
      {
        incidentId,
        target: 'revoke-sessions:deployer@iam',
        by: 'oncall',
        reason: 'rotated the role instead',
      },
      runtime.deps,
    );
    expect(lines.map((l) => [l.outcome, l.detail])).toEqual([
      ['ok', 'removed riposte-revoke-older-sessions'],
    ]);
    expect((await iam?.getState('deployer'))?.restore).toMatchObject({ hadRevokePolicy: false });
  });

  it('names a provider that is down as failed while the others still contain', async () => {
    await entra.close();
    const { summary, incident, page } = await deliver('c-down', {
      sourceIps: ['203.0.113.56'],
      compromisedUsers: ['ivan'],
    });
    expect(incident.status).toBe('partial');
    expect(summary.accounts).toEqual([
      expect.objectContaining({ user: 'ivan', providers: ['cognito', 'app-sessions', 'okta'] }),
    ]);
    expect(summary.failures).toEqual([
      {
        action: 'contain-account',
        detail: expect.stringMatching(
          /^could not contain-account ivan@entra: ProviderUnavailable: entra is unavailable/,
        ),
      },
    ]);
    expect(page?.message).toMatch(/✗ contain-accounts ivan@entra: ProviderUnavailable/);
  });

  it('stops automated resets when the circuit breaker is open, still revokes sessions, pages and says why', async () => {
    const window = breakerWindow(NOW, 60);
    while (await runtime.deps.breaker.take(window, 40)) {
      // fill the window as a spray of earlier containments would
    }
    const { summary, timeline, incident } = await deliver('c-breaker', {
      sourceIps: ['203.0.113.57'],
      compromisedUsers: ['frank'],
    });
    expect(summary.sessionsRevoked).toEqual(['frank']);
    expect(summary.passwordResets).toEqual([]);
    expect(runtime.adapters.userPool.user('frank')).toMatchObject({ status: 'CONFIRMED', refreshTokens: 0 });
    const refused = timeline.filter((e) => e.outcome === 'refused' && e.action === 'force-password-reset');
    expect(refused.map((e) => e.data?.provider).sort()).toEqual(['cognito', 'okta']);
    expect(refused[0]?.detail).toMatch(/circuit breaker open: 40 automated disables\/resets in 60 min/);
    const page = runtime.adapters.topic.pages().find((p) => p.key === `${incident.id}:circuit-breaker`);
    expect(page?.subject).toContain('CIRCUIT BREAKER');
  });
});
