import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config.ts';
import { closeClock, planClocks, timeLeft } from '../../lambdas/core/legal-clocks.ts';

const aware = new Date('2026-11-20T00:00:00Z');

describe('legal clocks', () => {
  it('APPI: preliminary expected from day 3 and due by day 5, final in 30 days (60 for a wrongful-purpose leak)', () => {
    const { legal } = parseConfig({});
    const clocks = planClocks(legal, ['appi', 'appi-wrongful'], aware, aware);
    expect(clocks.map((c) => [c.id, c.expectedFrom, c.dueAt])).toEqual([
      ['appi:preliminary', '2026-11-23T00:00:00.000Z', '2026-11-25T00:00:00.000Z'],
      ['appi:final', undefined, '2026-12-20T00:00:00.000Z'],
      ['appi-wrongful:preliminary', '2026-11-23T00:00:00.000Z', '2026-11-25T00:00:00.000Z'],
      ['appi-wrongful:final', undefined, '2027-01-19T00:00:00.000Z'],
    ]);
    expect(clocks[0]?.reminders.map((r) => [r.before, r.at])).toEqual([
      ['expected', '2026-11-23T00:00:00.000Z'],
      [24, '2026-11-24T00:00:00.000Z'],
      [4, '2026-11-24T20:00:00.000Z'],
    ]);
  });

  it('GDPR: 72 hours; reminders already past when the breach is marked are skipped', () => {
    const { legal } = parseConfig({});
    const [gdpr] = planClocks(legal, ['gdpr'], aware, new Date('2026-11-22T12:00:00Z'));
    expect(gdpr?.dueAt).toBe('2026-11-23T00:00:00.000Z');
    expect(gdpr?.reminders).toEqual([{ at: '2026-11-22T20:00:00.000Z', before: 4 }]);
  });

  it('any other jurisdiction is data', () => {
    const { legal } = parseConfig({
      legal: {
        jurisdictions: {
          ccpa: {
            name: 'California',
            reports: [
              {
                report: 'ag',
                authority: 'Attorney General',
                withinHours: 24 * 15,
                basis: 'Civ. Code 1798.82',
              },
            ],
          },
        },
        remindBeforeHours: [48],
      },
    });
    const [clock] = planClocks(legal, ['ccpa'], aware, aware);
    expect(clock).toMatchObject({ id: 'ccpa:ag', dueAt: '2026-12-05T00:00:00.000Z' });
    expect(clock?.reminders).toEqual([{ at: '2026-12-03T00:00:00.000Z', before: 48 }]);
    expect(() => planClocks(legal, ['gdpr', 'lgpd'], aware, aware)).toThrow(
      'unknown jurisdiction(s) lgpd; configured: appi, appi-wrongful, gdpr, ccpa',
    );
  });

  it('a clock closed after its deadline is late', () => {
    const { legal } = parseConfig({});
    const [gdpr] = planClocks(legal, ['gdpr'], aware, aware);
    if (!gdpr) throw new Error('no clock');
    expect(closeClock(gdpr, 'R-1', 'alice', new Date('2026-11-22T23:59:59Z')).met).toBe(true);
    expect(closeClock(gdpr, 'R-1', 'alice', new Date('2026-11-23T00:00:01Z')).met).toBe(false);
    expect(timeLeft(gdpr.dueAt, new Date('2026-11-21T22:00:00Z'))).toBe('in 1 d 2 h');
    expect(timeLeft(gdpr.dueAt, new Date('2026-11-23T05:30:00Z'))).toBe('5 h 30 min ago');
  });
});
