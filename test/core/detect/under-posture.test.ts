import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION, underPosture } from '../../../lambdas/core/detect/thresholds.ts';

describe('underPosture: the thresholds while the posture holds detection down', () => {
  it('keeps the configured thresholds at or above the baseline', () => {
    expect(underPosture(DEFAULT_DETECTION, 20, 20)).toBe(DEFAULT_DETECTION);
    expect(underPosture(DEFAULT_DETECTION, 40, 20)).toBe(DEFAULT_DETECTION);
    expect(underPosture(DEFAULT_DETECTION, Number.NaN, 20)).toBe(DEFAULT_DETECTION);
  });

  it('scales every count threshold by in-force / baseline, never below 2, and leaves windows alone', () => {
    const tight = underPosture(DEFAULT_DETECTION, 5, 20);
    expect(tight.bruteForce).toEqual({ ...DEFAULT_DETECTION.bruteForce, minFailures: 3 });
    expect(tight.spray.minAccounts).toBe(2);
    expect(tight.stuffing).toMatchObject({ minAccounts: 5, minSources: 5, minPairs: 5 });
    expect(tight.spray.windowMinutes).toBe(DEFAULT_DETECTION.spray.windowMinutes);
    expect(underPosture(DEFAULT_DETECTION, 1, 1000).bruteForce.minFailures).toBe(2);
  });
});
