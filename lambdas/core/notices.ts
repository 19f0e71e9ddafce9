import { z } from 'zod';
import type { ContainAction } from './containment.ts';

/**
 * Notices to the owners of accounts an incident contained: drafted from templates with confirmed facts only,
 * no link but the official site (look-alike phishing follows every disclosure), never a secret. Pure.
 */
export const NOTICE_LOCALES = ['ja', 'en'] as const;
export type NoticeLocale = (typeof NOTICE_LOCALES)[number];

export const NoticesConfigSchema = z
  .object({
    /** The only link a notice may contain (https). Required before anything is drafted. */
    officialSite: z
      .url({ protocol: /^https$/, error: 'an https:// address such as https://www.example.com' })
      .optional(),
    /** The service's name as its users know it. */
    serviceName: z.string().min(1).max(100).default('our service'),
    /** Where users can ask (a mailbox, a phone number): plain text, no link. */
    contact: z.string().min(1).max(300).default('the support desk listed on our official site'),
    /** The sender (an SES verified identity); required to send through SES. */
    from: z.email().optional(),
    defaultLocale: z.enum(NOTICE_LOCALES).default('en'),
    /** Addresses and locales by user name, where the identity provider has none. */
    recipients: z
      .record(
        z.string(),
        z.object({ email: z.email().optional(), locale: z.string().max(35).optional() }).strict(),
      )
      .default({}),
    /** ses: Amazon SES v2; eventbridge: a `riposte.notice` event for the application's own channel. */
    channel: z.enum(['ses', 'eventbridge']).default('ses'),
    /** The SES configuration set (its event destination records bounces). */
    configurationSet: z
      .string()
      .regex(/^[a-zA-Z0-9_-]{1,64}$/)
      .default('riposte-notices'),
    /** Sends per second: SES's sandbox allows 1; a production account's quota says its own. */
    sendsPerSecond: z.number().positive().max(100).default(1),
  })
  .strict()
  .prefault({});
export type NoticesConfig = z.output<typeof NoticesConfigSchema>;

/** The confirmed facts a notice may say, and nothing else. */
export interface NoticeFacts {
  serviceName: string;
  incidentId: string;
  /** The day the attack was detected (YYYY-MM-DD, UTC). */
  detectedOn: string;
  /** What riposte did to this account. */
  actions: readonly ContainAction[];
  officialSite: string;
  contact: string;
}

export const NOTICE_TEMPLATE = 'account-secured';

/** `account-secured-ja`: one approval per incident and template (SES tag values allow letters, digits, - and _). */
export const templateId = (locale: NoticeLocale) => `${NOTICE_TEMPLATE}-${locale}`;

/** The user's locale as a template's: `ja-JP` → ja; an unknown one falls back to the default and says so. */
export function resolveLocale(
  requested: string | undefined,
  fallback: NoticeLocale,
): { locale: NoticeLocale; unknown?: string } {
  if (!requested) return { locale: fallback };
  const language = requested.toLowerCase().split(/[-_]/)[0] as NoticeLocale;
  return (NOTICE_LOCALES as readonly string[]).includes(language)
    ? { locale: language }
    : { locale: fallback, unknown: requested };
}

const DID: Record<NoticeLocale, Record<ContainAction, string>> = {
  en: {
    'revoke-sessions': 'signed your account out everywhere',
    'force-password-reset': 'set your account to require a new password at your next sign-in',
    disable: 'suspended sign-in to your account for now',
  },
  ja: {
    'revoke-sessions': 'すべての端末でログイン状態を解除しました',
    'force-password-reset': '次回ログイン時に新しいパスワードの設定をお願いする状態にしました',
    disable: 'アカウントへのログインを一時的に停止しました',
  },
};

/** The notice in the user's language: subject and plain-text body. */
export function renderNotice(locale: NoticeLocale, f: NoticeFacts): { subject: string; body: string } {
  const disabled = f.actions.includes('disable');
  if (locale === 'ja') {
    return {
      subject: `【${f.serviceName}】お客様のアカウント保護に関する重要なお知らせ`,
      body: [
        `${f.serviceName}をご利用のお客様へ`,
        '',
        `${f.detectedOn}（UTC）、他のサービスから流出したとみられるIDとパスワードを使った不正ログインの試み（リスト型攻撃）を検知しました。お客様のアカウントも対象に含まれていました。`,
        '',
        '当社が行った対応:',
        ...f.actions.map((a) => `・${DID.ja[a]}`),
        '',
        'お客様にお願いしたいこと:',
        `1. 公式サイトのアドレスをご自身で入力してアクセスしてください: ${f.officialSite}`,
        disabled
          ? '2. ログインの再開については、下記のお問い合わせ先までご連絡ください。'
          : '2. ログインし、他のサービスで使っていない新しいパスワードを設定してください。',
        '3. 同じパスワードを他のサービスでもお使いの場合は、そちらも変更してください。',
        '4. アカウント設定で二段階認証（MFA）を有効にしてください。',
        '',
        '当社がメール、電話、SMSでパスワードや認証コードをお尋ねすることはありません。このお知らせには公式サイト以外のリンクは含まれていません。当社を名乗るメッセージ内のリンクは開かないでください。',
        '',
        `お問い合わせ先: ${f.contact}`,
        `受付番号: ${f.incidentId}`,
      ].join('\n'),
    };
  }
  return {
    subject: `[${f.serviceName}] Important: we protected your account`,
    body: [
      `Dear ${f.serviceName} customer,`,
      '',
      `On ${f.detectedOn} (UTC) we detected attempts to sign in with user names and passwords apparently stolen from other services (a "credential stuffing" attack). Your account was among those targeted.`,
      '',
      'What we did:',
      ...f.actions.map((a) => `- We ${DID.en[a]}.`),
      '',
      'What we ask you to do:',
      `1. Go to our official site by typing its address yourself: ${f.officialSite}`,
      disabled
        ? '2. To get access back, contact us at the address below.'
        : '2. Sign in and choose a new password that you use nowhere else.',
      '3. If you used the same password on other services, change it there too.',
      '4. Turn on two-step verification (MFA) in your account settings.',
      '',
      'We will never ask for your password or a verification code by email, phone or text message. This notice contains no link other than our official site; do not open links in messages that claim to come from us.',
      '',
      `Contact: ${f.contact}`,
      `Reference: ${f.incidentId}`,
    ].join('\n'),
  };
}

export class UnsafeNoticeError extends Error {
  override name = 'UnsafeNotice';
}

const LINK = /\bhttps?:\/\/[^\s)）」>]+|\bwww\.[^\s)）」>]+/giu;
const SECRETS: [RegExp, string][] = [
  [
    /(password|passcode|パスワード|code|コード|token|トークン|otp)\s*(is|は)?\s*[:：=]\s*\S/iu,
    'a secret after a label',
  ],
  [/(?<![\w-])\d{6}(?![\w-])/u, 'a six-digit code'],
  [/[A-Za-z0-9+/_-]{24,}={0,2}/u, 'a token-like string'],
];

/** Throws when a notice carries a link other than the official site, or anything like a password, token or code. */
export function checkNotice(text: string, officialSite: string): void {
  const site = new URL(officialSite);
  for (const link of text.match(LINK) ?? []) {
    let url: URL | undefined;
    try {
      url = new URL(link.startsWith('www.') ? `https://${link}` : link);
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'https:' || url.host !== site.host)
      throw new UnsafeNoticeError(
        `the notice links to ${link}; only the official site ${site.origin} may appear`,
      );
  }
  for (const [pattern, what] of SECRETS) {
    const found = text.match(pattern);
    if (found) throw new UnsafeNoticeError(`the notice contains ${what} ("${found[0].slice(0, 12)}…")`);
  }
}

/** Drafts for people who are not the affected users: never sent by riposte, only stored with the incident. */
export const STAKEHOLDERS = ['partners', 'employees', 'press'] as const;
export type Stakeholder = (typeof STAKEHOLDERS)[number];

/** How an unconfirmed figure appears in a draft: a marked blank the team fills in. */
export const blank = (what: string) => `[[TO CONFIRM: ${what}]]`;

export interface StakeholderFacts {
  serviceName: string;
  incidentId: string;
  detectedOn: string;
  /** Accounts riposte contained: a figure riposte knows. */
  accountsProtected: number;
  /** Source addresses blocked. */
  addressesBlocked: number;
  officialSite?: string;
}

/** The drafts, in English, each with the blanks it leaves. */
export function renderStakeholderDraft(
  audience: Stakeholder,
  f: StakeholderFacts,
): { title: string; text: string; blanks: string[] } {
  const blanks = [
    'number of customers whose personal data was viewed',
    'kinds of personal data involved',
    'when the attack began',
  ];
  const [viewed, kinds, began] = blanks.map(blank);
  const common = [
    `On ${f.detectedOn} (UTC) ${f.serviceName} detected a credential-stuffing attack: sign-in attempts with user names and passwords stolen from other services. The attack began ${began}.`,
    `We protected ${f.accountsProtected} account(s) at once (signed out, new password required) and blocked ${f.addressesBlocked} attacking address(es).`,
    `Customers whose personal data may have been viewed: ${viewed}. Data involved: ${kinds}.`,
  ];
  const text: Record<Stakeholder, string[]> = {
    partners: [
      `Subject: Security incident ${f.incidentId}: what we know and what we did`,
      '',
      ...common,
      `Please watch your own services for sign-ins from the same sources; we can share indicators on request. Contact: ${blank('partner contact')}.`,
    ],
    employees: [
      `Subject: Internal: security incident ${f.incidentId}`,
      '',
      ...common,
      'Do not comment on the incident outside the company; direct questions from customers to the support desk and from the press to communications.',
      `Internal owner: ${blank('incident owner')}.`,
    ],
    press: [
      `${f.serviceName} statement on unauthorized sign-in attempts`,
      '',
      ...common,
      `Customers and authorities informed: ${blank('notifications made, and when')}.`,
      f.officialSite ? `Updates: ${f.officialSite}` : `Updates: ${blank('where updates are published')}`,
      `Media contact: ${blank('media contact')}.`,
    ],
  };
  const all = text[audience].join('\n');
  return {
    title: text[audience][0] ?? audience,
    text: all,
    blanks: [...all.matchAll(/\[\[TO CONFIRM: ([^\]]+)\]\]/gu)].map((m) => String(m[1])),
  };
}
