import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuthEvent } from '../../lambdas/core/auth-event.ts';
import { detect } from '../../lambdas/core/detect/index.ts';
import { DEFAULT_DETECTION } from '../../lambdas/core/detect/thresholds.ts';
import { attempt, MINUTE, T0 } from '../support/auth-events.ts';

const event = fc
  .record({
    user: fc.constantFrom('alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'),
    failed: fc.boolean(),
    ip: fc.constantFrom('203.0.113.1', '203.0.113.2', '198.51.100.3', '10.0.0.4'),
    minute: fc.integer({ min: 0, max: 60 }),
  })
  .map(({ user, failed, ip, minute }) =>
    attempt(user, failed ? 'failure' : 'success', T0 + minute * MINUTE, { ip }),
  );

describe('detection properties', () => {
  it('finds the same detections whatever order the records arrive in', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 120 }), fc.integer(), (events, seed) => {
        const shuffled = [...events].sort((a, b) => ((a.time * 31 + seed) % 7) - ((b.time * 31 + seed) % 7));
        expect(detect(shuffled, DEFAULT_DETECTION)).toEqual(detect(events, DEFAULT_DETECTION));
      }),
      { numRuns: 200 },
    );
  });

  it('never detects anything in successful sign-ins alone, however many', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 300 }), (events) => {
        const successes: AuthEvent[] = events.map((e) => ({
          ...e,
          outcome: 'success',
          failureReason: undefined,
        }));
        expect(detect(successes, DEFAULT_DETECTION)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
