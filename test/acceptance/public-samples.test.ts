import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detect } from '../../lambdas/core/detect/index.ts';
import { DEFAULT_DETECTION } from '../../lambdas/core/detect/thresholds.ts';
import { parseAuthLog } from '../../lambdas/core/ingest/index.ts';

// Real public samples (test/fixtures/SOURCES.md), with the ground truth their sources give.
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('acceptance on public samples', () => {
  it('finds the Mordor spray: WORKSTATION5 against its 7 accounts, nothing blocked, nothing else', () => {
    const parsed = parseAuthLog(fixture('security-auth-subset.jsonl'));
    expect(parsed.rejected).toEqual([]);
    const detections = detect(parsed.events, DEFAULT_DETECTION);
    expect(detections).toHaveLength(1);
    expect(detections[0]).toMatchObject({
      type: 'password-spray',
      technique: 'T1110.003',
      sourceIps: [],
      targetedUsers: ['lrodriguez', 'mscott', 'nxlogsvc', 'pbeesly', 'pgustavo', 'sbeavers', 'sysmonsvc'],
      compromisedUsers: [],
    });
    expect(detections[0]?.sourceHosts).toContain('WORKSTATION5');
    expect(detections[0]?.window?.start).toBe('2020-10-22T08:29:55.210Z');
  });

  it('finds nothing in the CloudTrail console sign-ins (successes, a few failures, MFA, a password change)', () => {
    const parsed = parseAuthLog(fixture('consolelogin_examples.jsonl'));
    expect(parsed.events.length).toBeGreaterThan(0);
    expect(detect(parsed.events, DEFAULT_DETECTION)).toEqual([]);
  });

  it('finds nothing in one Entra ID failed sign-in (error 50126)', () => {
    const parsed = parseAuthLog(fixture('signin-failure-50126.json'));
    expect(parsed.events).toHaveLength(1);
    expect(detect(parsed.events, DEFAULT_DETECTION)).toEqual([]);
  });
});
