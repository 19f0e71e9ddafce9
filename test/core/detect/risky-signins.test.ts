import { describe, expect, it } from 'vitest';
import type { AuthEvent } from '../../../lambdas/core/auth-event.ts';
import { detect, type SigninProfiles } from '../../../lambdas/core/detect/index.ts';
import { distanceKm } from '../../../lambdas/core/detect/risky-signins.ts';
import { DetectionConfigSchema } from '../../../lambdas/core/detect/thresholds.ts';
import { attempt, MINUTE, T0 } from '../../support/auth-events.ts';

// Built sequences: sign-ins with the locations an identity provider (Entra, Okta) attaches.
const PARIS = { country: 'FR', city: 'Paris', latitude: 48.8566, longitude: 2.3522 };
const NEW_YORK = { country: 'US', city: 'New York', latitude: 40.7128, longitude: -74.006 };
const SYDNEY = { country: 'AU', city: 'Sydney', latitude: -33.8688, longitude: 151.2093 };
const LYON = { country: 'FR', city: 'Lyon', latitude: 45.764, longitude: 4.8357 };
const HOUR = 60 * MINUTE;

const config = DetectionConfigSchema.parse({ riskySignin: { anonymizingNetworks: ['185.220.101.0/24'] } });
const signin = (at: number, location: AuthEvent['location'], ip = '203.0.113.80') =>
  attempt('carol', 'success', at, { ip }, { format: 'entra', location });

describe('risky sign-ins (T1078)', () => {
  it('measures great-circle distance', () => {
    expect(Math.round(distanceKm(PARIS, NEW_YORK))).toBeGreaterThan(5800);
    expect(Math.round(distanceKm(PARIS, NEW_YORK))).toBeLessThan(5900);
  });

  it('scores Paris then Sydney an hour later as high risk: impossible travel and a new country', () => {
    const [d, ...rest] = detect([signin(T0, PARIS), signin(T0 + HOUR, SYDNEY, '198.51.100.61')], config);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ type: 'risky-signin', technique: 'T1078', riskScore: 90, severity: 90 });
    expect(d?.sourceIps).toEqual(['198.51.100.61']);
    expect(d?.reasons.join(' ')).toMatch(/impossible travel: 169\d\d km from Paris, FR in 60 min/);
    expect(d?.reasons.join(' ')).toContain('first sign-in from AU; seen before from FR');
  });

  it('scores a sign-in through a listed anonymizing network as medium', () => {
    const [d] = detect([signin(T0, PARIS, '185.220.101.33')], config);
    expect(d).toMatchObject({ riskScore: 45, compromisedUsers: ['carol'] });
    expect(d?.title).toContain('medium');
  });

  it('remembers countries across calls through the profiles it is given', () => {
    const profiles: SigninProfiles = new Map();
    expect(detect([signin(T0, PARIS)], config, profiles)).toEqual([]);
    // A week later from New York: a new country (30) alone stays below the step-up threshold (40).
    expect(detect([signin(T0 + 7 * 24 * HOUR, NEW_YORK)], config, profiles)).toEqual([]);
    expect(profiles.get('carol')?.countries).toEqual(['FR', 'US']);
  });

  it('does not flag a real flight, a train ride, or the first sign-in of a user', () => {
    expect(
      detect([signin(T0, PARIS), signin(T0 + 9 * HOUR, PARIS), signin(T0 + 11 * HOUR, LYON)], config),
    ).toEqual([]);
    const profiles: SigninProfiles = new Map([['carol', { countries: ['FR', 'US'] }]]);
    expect(detect([signin(T0, PARIS), signin(T0 + 9 * HOUR, NEW_YORK)], config, profiles)).toEqual([]);
  });
});
