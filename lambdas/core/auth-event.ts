/**
 * One authentication record, whatever system wrote it: the shape every log adapter produces and every
 * detector, investigation and evidence step reads. Aligned with OCSF Authentication (class 3002), flattened.
 */

/** Log formats riposte can read; each has an adapter under lambdas/core/ingest/. */
export const AUTH_LOG_FORMATS = [
  'windows',
  'cloudtrail',
  'cognito',
  'okta',
  'entra',
  'auth0',
  'app',
] as const;
export type AuthLogFormat = (typeof AUTH_LOG_FORMATS)[number];

/** OCSF 3002 activities (Logon, Logoff, Authentication Ticket, Service Ticket …) plus the account events riposte acts on. */
export type AuthActivity =
  | 'logon'
  | 'logoff'
  | 'authentication-ticket'
  | 'service-ticket'
  | 'credential-validation'
  | 'lockout'
  | 'password-change'
  | 'mfa-change'
  | 'account-disabled'
  | 'other';

/** Why a sign-in failed, in words every adapter maps its own codes to. */
export type FailureReason =
  | 'wrong-password'
  | 'unknown-user'
  | 'disabled'
  | 'locked'
  | 'expired'
  | 'mfa-failed'
  | 'other';

export interface AuthLocation {
  /** ISO 3166-1 alpha-2 country code. */
  country?: string;
  city?: string;
  latitude?: number;
  longitude?: number;
}

export interface AuthEvent {
  /** When it happened, epoch milliseconds (OCSF `time`). */
  time: number;
  /** Which adapter read it (OCSF `metadata.product`). */
  format: AuthLogFormat;
  /** The source system's own event code: '4625', 'ConsoleLogin', 'user.session.start', '50126' … */
  eventCode: string;
  activity: AuthActivity;
  /** OCSF `status`: Success / Failure; 'unknown' when the record does not say. */
  outcome: 'success' | 'failure' | 'unknown';
  /** Account name, lowercased, without the domain (OCSF `user.name`). */
  user: string;
  /** Domain or tenant of the account when the record names one (OCSF `user.domain`). */
  domain?: string;
  failureReason?: FailureReason;
  /** The raw status code behind failureReason, e.g. 0xc000006a (OCSF `status_code`). */
  statusCode?: string;
  /** Normalized IP (no `::ffff:` prefix); absent when the record has none or writes "-" (OCSF `src_endpoint.ip`). */
  sourceIp?: string;
  /** Workstation or caller computer name, uppercased (OCSF `src_endpoint.hostname`). */
  sourceHost?: string;
  /** The system signed in to: host, application or service (OCSF `dst_endpoint` / `service`). */
  destination?: string;
  /**
   * The computer that wrote the record (Windows `Computer`), short and uppercased: a domain controller, or a
   * front-end server (Exchange, IIS, AD FS, RD Gateway, NPS) logging the sign-ins it relays (OCSF `device`).
   */
  reporter?: string;
  /** The account that made the attempt on another's behalf: Windows 4648's subject (OCSF `actor.user`). */
  actor?: string;
  location?: AuthLocation;
  /** The process that attempted the sign-in, when the record carries it. */
  process?: string;
  /** Windows logon type (2 interactive, 3 network, 10 remote interactive …) when present. */
  logonType?: number;
  userAgent?: string;
}

/** A record an adapter could not read: counted and kept with the reason, never dropped silently. */
export interface RejectedRecord {
  /** 1-based line (or record index) in the input. */
  line: number;
  reason: string;
  /** The record's text, cut to 1,000 characters. */
  text: string;
}

export interface ParsedLog {
  events: AuthEvent[];
  rejected: RejectedRecord[];
}
