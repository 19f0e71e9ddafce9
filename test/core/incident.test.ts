import { describe, expect, it } from 'vitest';
import {
  type BranchFailure,
  type BranchSuccess,
  describeCause,
  type Incident,
  statusFromBranches,
} from '../../lambdas/core/incident.ts';
import { composePage } from '../../lambdas/core/page.ts';

const ok = (step: string, failures: BranchSuccess['failures'] = []): BranchSuccess => ({
  step,
  ok: true,
  summary: `${step} done`,
  failures,
});
const failed = (step: string, cause = 'boom'): BranchFailure => ({
  step,
  ok: false,
  error: 'States.TaskFailed',
  cause,
});

const incident: Incident = {
  id: 'INC-20261120-3f9a1c2b',
  playbook: 'credential-stuffing',
  title: 'credential-stuffing against 2 account(s)',
  severity: 80,
  status: 'open',
  openedAt: '2026-11-20T03:12:05.000Z',
  updatedAt: '2026-11-20T03:12:05.000Z',
  alertIds: ['det-1'],
  sourceIps: ['203.0.113.7'],
  targetedUsers: ['alice', 'bob'],
  compromisedUsers: ['alice'],
};

describe('statusFromBranches', () => {
  it('is contained when every branch succeeded without target failures', () => {
    expect(statusFromBranches([ok('block-ips'), ok('contain-accounts'), ok('seal-evidence')])).toBe(
      'contained',
    );
  });

  it('is partial when one branch failed', () => {
    expect(statusFromBranches([ok('block-ips'), failed('contain-accounts'), ok('seal-evidence')])).toBe(
      'partial',
    );
  });

  it('is failed when every branch failed', () => {
    expect(
      statusFromBranches([failed('block-ips'), failed('contain-accounts'), failed('seal-evidence')]),
    ).toBe('failed');
    expect(statusFromBranches([failed('block-ips')])).toBe('failed');
  });

  it('is partial when branches succeeded but some targets failed', () => {
    const withFailure = ok('contain-accounts', [{ target: 'bob', error: 'UserNotFoundException' }]);
    expect(statusFromBranches([ok('block-ips'), withFailure])).toBe('partial');
    expect(statusFromBranches([withFailure])).toBe('partial');
  });

  it('is partial, not failed, when a branch failed and another had target failures', () => {
    expect(
      statusFromBranches([failed('block-ips'), ok('contain-accounts', [{ target: 'bob', error: 'x' }])]),
    ).toBe('partial');
  });
});

describe('describeCause', () => {
  it('extracts errorMessage from a Lambda JSON cause', () => {
    const cause = JSON.stringify({
      errorType: 'WAFLimitsExceededException',
      errorMessage: 'IP set is full',
      trace: ['WAFLimitsExceededException: IP set is full', '    at Runtime.handler (index.js:1:1)'],
    });
    expect(describeCause(cause)).toBe('IP set is full');
  });

  it('returns plain text unchanged', () => {
    expect(describeCause('Task timed out after 30.00 seconds')).toBe('Task timed out after 30.00 seconds');
    expect(describeCause('')).toBe('');
  });

  it('returns JSON without an errorMessage unchanged', () => {
    expect(describeCause('{"errorType":"Error"}')).toBe('{"errorType":"Error"}');
    expect(describeCause('42')).toBe('42');
    expect(describeCause('null')).toBe('null');
  });
});

describe('composePage', () => {
  it('puts the incident id and the status in the subject', () => {
    const { subject } = composePage(incident, 'partial', [ok('block-ips'), failed('contain-accounts')]);
    expect(subject).toContain(incident.id);
    expect(subject).toContain('PARTIALLY CONTAINED');
    expect(subject).toContain('credential-stuffing');
    expect(composePage(incident, 'contained', [ok('block-ips')]).subject).toContain('CONTAINED');
    expect(composePage(incident, 'failed', [failed('block-ips')]).subject).toContain('CONTAINMENT FAILED');
  });

  it('lists what was done and names each failed step and target', () => {
    const { message } = composePage(incident, 'partial', [
      ok('block-ips'),
      failed('seal-evidence', 'S3 access denied'),
      ok('contain-accounts', [{ target: 'bob', error: 'UserNotFoundException' }]),
    ]);
    expect(message).toContain('✓ block-ips: block-ips done');
    expect(message).toContain('✗ seal-evidence FAILED: States.TaskFailed: S3 access denied');
    expect(message).toContain('✗ contain-accounts bob: UserNotFoundException');
    expect(message).toContain('Failed:');
    expect(message).toContain(`status partial`);
    expect(message).toContain('Sources: 203.0.113.7');
    expect(message).toContain('Compromised accounts: alice');
    expect(message).toContain(`finish the failed steps by hand`);
    expect(message).toContain(`npx riposte incident ${incident.id}`);
  });

  it('has no Failed section when nothing failed', () => {
    const { message } = composePage(incident, 'contained', [ok('block-ips'), ok('contain-accounts')]);
    expect(message).not.toContain('Failed:');
    expect(message).not.toContain('✗');
    expect(message).toContain('Next: review the timeline');
  });

  it('writes (none) for empty lists', () => {
    const { message } = composePage({ ...incident, compromisedUsers: [] }, 'contained', []);
    expect(message).toContain('Compromised accounts: (none)');
  });

  it('truncates long address and account lists with "… and N more"', () => {
    const sourceIps = Array.from({ length: 25 }, (_, i) => `203.0.113.${i + 1}`);
    const targetedUsers = Array.from({ length: 120 }, (_, i) => `user${i}`);
    const { message } = composePage({ ...incident, sourceIps, targetedUsers }, 'contained', []);
    expect(message).toContain('203.0.113.20 … and 5 more');
    expect(message).not.toContain('203.0.113.21');
    expect(message).toContain('user19 … and 100 more');
    expect(message).not.toContain('user20');
  });

  it('truncates a long list of failures with "… and N more"', () => {
    const failures = Array.from({ length: 30 }, (_, i) => ({ target: `user${i}`, error: 'throttled' }));
    const { message } = composePage(incident, 'partial', [
      ok('contain-accounts', failures),
      failed('block-ips'),
    ]);
    const failedLines = message.split('\n').filter((line) => line.includes('✗'));
    expect(failedLines).toHaveLength(20);
    expect(message).toContain('… and 11 more');
    expect(message).not.toContain('user20:');
  });

  it('does not add "more" at exactly the limit', () => {
    const sourceIps = Array.from({ length: 20 }, (_, i) => `203.0.113.${i + 1}`);
    const { message } = composePage({ ...incident, sourceIps }, 'contained', []);
    expect(message).toContain('203.0.113.20');
    expect(message).not.toContain('more');
  });
});
