import { describe, expect, it } from 'vitest';
import { composePage } from '../../lambdas/core/page.ts';
import {
  type BranchSuccess,
  combineStatus,
  STATUS_NAMES,
  STATUSES,
  statusFromBranches,
} from '../../lambdas/core/status.ts';

const ok = (step: string, extra: Partial<BranchSuccess> = {}): BranchSuccess => ({
  step,
  ok: true,
  summary: `${step} done`,
  failures: [],
  ...extra,
});

describe('the status words', () => {
  it('each has one headline and one meaning', () => {
    for (const name of STATUS_NAMES) {
      expect(STATUSES[name].headline.length).toBeGreaterThan(0);
      expect(STATUSES[name].meaning.length).toBeGreaterThan(20);
    }
    expect(new Set(STATUS_NAMES.map((n) => STATUSES[n].headline)).size).toBe(STATUS_NAMES.length);
  });

  it('is no-action when the guardrails refused every address and there was no account to contain', () => {
    const results = [
      ok('block-ips', { blocked: [] }),
      ok('contain-accounts', { accounts: [] }),
      ok('seal-evidence'),
    ];
    expect(statusFromBranches(results, 'credential-stuffing')).toBe('no-action');
    // One address live is containment.
    expect(
      statusFromBranches(
        [ok('block-ips', { blocked: ['203.0.113.7/32'] }), ok('seal-evidence')],
        'credential-stuffing',
      ),
    ).toBe('contained');
  });

  it('ends the manual playbooks in their own words, and a refused manual block is not one', () => {
    expect(statusFromBranches([ok('block-ips', { blocked: ['203.0.113.7/32'] })], 'block-ips')).toBe(
      'blocked',
    );
    expect(statusFromBranches([ok('block-ips', { blocked: [] })], 'block-ips')).toBe('no-action');
    expect(statusFromBranches([ok('unblock-ips', { unblocked: ['203.0.113.7/32'] })], 'unblock-ips')).toBe(
      'unblocked',
    );
  });

  it('keeps the worst outcome across a campaign, and an alert that could do nothing changes nothing', () => {
    expect(combineStatus('contained', 'no-action', false)).toBe('contained');
    expect(combineStatus('partial', 'contained', false)).toBe('partial');
    expect(combineStatus('contained', 'failed', false)).toBe('partial');
    expect(combineStatus('failed', 'failed', false)).toBe('failed');
    expect(combineStatus('contained', 'open', false)).toBe('open');
    // The first alert's execution sets the status the incident opened with.
    expect(combineStatus('open', 'no-action', true)).toBe('no-action');
  });
});

describe('the page', () => {
  const incident = {
    id: 'INC-1',
    playbook: 'credential-stuffing',
    title: 't',
    severity: 80,
    status: 'partial' as const,
    openedAt: '',
    updatedAt: '',
    alertIds: ['a'],
    sourceIps: [],
    targetedUsers: [],
    compromisedUsers: ['bob'],
  };

  it('does not tick a step that contained nothing, and says who needs a person, why and what to do', () => {
    const contain = ok('contain-accounts', {
      summary: '0 account(s) contained, 1 failure(s)',
      failures: [{ target: 'bob', error: 'ApprovalDenied: a human denied containing this account' }],
      accounts: [],
    });
    const { subject, message } = composePage(incident, 'partial', [contain]);
    expect(subject).toBe('[riposte] INC-1 PARTIALLY CONTAINED, action needed: credential-stuffing');
    expect(message).not.toContain('✓ contain-accounts');
    expect(message).toContain('Needs a person:');
    expect(message).toMatch(/account bob: ApprovalDenied.*contain it by hand/);
  });

  it('says NO ACTION POSSIBLE and UNBLOCKED, never CONTAINED, for those outcomes', () => {
    expect(composePage(incident, 'no-action', []).subject).toContain('NO ACTION POSSIBLE');
    expect(composePage({ ...incident, playbook: 'unblock-ips' }, 'unblocked', []).subject).toBe(
      '[riposte] INC-1 UNBLOCKED: unblock-ips',
    );
  });
});
