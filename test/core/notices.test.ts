import { describe, expect, it } from 'vitest';
import {
  checkNotice,
  renderNotice,
  renderStakeholderDraft,
  resolveLocale,
} from '../../lambdas/core/notices.ts';

const SITE = 'https://www.example.com';
const facts = {
  serviceName: 'Example',
  incidentId: 'INC-20261120-f009f3fa',
  detectedOn: '2026-11-20',
  actions: ['revoke-sessions', 'disable'] as const,
  officialSite: SITE,
  contact: 'support@example.com',
};

describe('user notices', () => {
  it('says what was done to this account, and asks to contact support when sign-in is suspended', () => {
    const en = renderNotice('en', facts);
    expect(en.body).toContain('- We signed your account out everywhere.');
    expect(en.body).toContain('- We suspended sign-in to your account for now.');
    expect(en.body).toContain('2. To get access back, contact us at the address below.');
    expect(en.body).not.toContain('new password at your next sign-in');
    expect(() => checkNotice(`${en.subject}\n${en.body}`, SITE)).not.toThrow();
  });

  it('refuses a link to any other host, plain http, and anything like a password, code or token', () => {
    expect(() => checkNotice('Sign in at https://www.example.com.evil.test/login', SITE)).toThrow(
      /only the official site/,
    );
    expect(() => checkNotice('Go to http://www.example.com', SITE)).toThrow(/only the official site/);
    expect(() => checkNotice('see www.examp1e.com', SITE)).toThrow(/only the official site/);
    expect(() => checkNotice('Your temporary password: Hunter22', SITE)).toThrow(/a secret after a label/);
    expect(() => checkNotice('確認コード：123456', SITE)).toThrow(/UnsafeNotice|secret|six-digit/);
    expect(() => checkNotice('code 482913 expires soon', SITE)).toThrow(/six-digit code/);
    expect(() => checkNotice('token eyJhbGciOiJIUzI1NiJ9abcdefghij', SITE)).toThrow(/token-like/);
    expect(() => checkNotice(`Visit ${SITE}/help and ${SITE}`, SITE)).not.toThrow();
  });

  it('reduces a locale to its language; one without a template falls back and is named', () => {
    expect(resolveLocale('ja-JP', 'en')).toEqual({ locale: 'ja' });
    expect(resolveLocale('en_GB', 'ja')).toEqual({ locale: 'en' });
    expect(resolveLocale('pt-BR', 'ja')).toEqual({ locale: 'ja', unknown: 'pt-BR' });
    expect(resolveLocale(undefined, 'en')).toEqual({ locale: 'en' });
  });

  it('stakeholder drafts state what riposte knows and mark every unconfirmed figure as a blank', () => {
    const press = renderStakeholderDraft('press', {
      serviceName: 'Example',
      incidentId: 'INC-1',
      detectedOn: '2026-11-20',
      accountsProtected: 12,
      addressesBlocked: 340,
      officialSite: SITE,
    });
    expect(press.text).toContain('We protected 12 account(s) at once');
    expect(press.text).toContain('blocked 340 attacking address(es)');
    expect(press.blanks).toEqual([
      'when the attack began',
      'number of customers whose personal data was viewed',
      'kinds of personal data involved',
      'notifications made, and when',
      'media contact',
    ]);
  });
});
