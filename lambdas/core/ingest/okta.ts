import type { AuthActivity, AuthEvent, FailureReason } from '../auth-event.ts';
import {
  account,
  ip,
  isObject,
  type Json,
  location,
  notAuthentication,
  obj,
  required,
  text,
  time,
  UnparsableRecordError,
  withOptional,
} from './fields.ts';

/** Okta System Log events (the `/api/v1/logs` LogEvent, also as delivered by the EventBridge log stream). */

const ACTIVITY: Readonly<Record<string, AuthActivity>> = {
  'user.session.start': 'logon',
  'user.session.end': 'logoff',
  'user.account.lock': 'lockout',
  'user.account.lock.limit': 'lockout',
  'user.account.update_password': 'password-change',
  'user.account.reset_password': 'password-change',
  'user.lifecycle.suspend': 'account-disabled',
  'user.lifecycle.deactivate': 'account-disabled',
};

const REASONS: Readonly<Record<string, FailureReason>> = {
  INVALID_CREDENTIALS: 'wrong-password',
  LOCKED_OUT: 'locked',
  VERIFICATION_ERROR: 'unknown-user',
  PASSWORD_EXPIRED: 'expired',
  INVALID_FACTOR: 'mfa-failed',
};

function activityOf(type: string): AuthActivity | undefined {
  if (type.startsWith('user.mfa.factor.')) return 'mfa-change';
  if (type.startsWith('user.authentication.')) return 'logon';
  return ACTIVITY[type];
}

export function normalizeOkta(record: unknown): AuthEvent {
  if (!isObject(record)) throw new UnparsableRecordError('Okta event: not a JSON object');
  const type = required(record, 'eventType');
  const activity = activityOf(type);
  if (!activity) throw notAuthentication(`Okta ${type}`);
  const outcome = obj(record, 'outcome');
  const result = text(outcome, 'result');
  const failed = result === 'FAILURE' || result === 'DENY';
  const client = obj(record, 'client');
  const geo = obj(client, 'geographicalContext');
  const point = obj(geo, 'geolocation');
  const { user, domain } = account(subject(record, activity, type));
  const event: AuthEvent = {
    time: time(record.published, 'published'),
    format: 'okta',
    eventCode: type,
    activity,
    outcome: failed ? 'failure' : result === 'SUCCESS' || result === 'ALLOW' ? 'success' : 'unknown',
    user,
  };
  const reason = text(outcome, 'reason');
  return withOptional(event, {
    domain,
    failureReason: failed ? failureOf(type, reason) : undefined,
    statusCode: failed ? reason : undefined,
    sourceIp: ip(text(client, 'ipAddress'), 'client.ipAddress'),
    destination: appName(record),
    location: location(undefined, text(geo, 'city'), point?.lat, point?.lon),
    userAgent: text(obj(client, 'userAgent'), 'rawUserAgent'),
  });
}

/** Okta's reasons are free text in practice; known words first, then the factor events. */
function failureOf(type: string, reason: string | undefined): FailureReason {
  const known = reason ? REASONS[reason.toUpperCase().replace(/\s+/g, '_')] : undefined;
  if (known) return known;
  if (type.includes('mfa') || type.endsWith('auth_via_mfa')) return 'mfa-failed';
  return 'other';
}

/** The account an event is about: the target user of account events (an admin may be the actor), else the actor. */
function subject(record: Json, activity: AuthActivity, type: string): string {
  if (activity !== 'logon' && activity !== 'logoff') {
    const targets = record.target;
    if (Array.isArray(targets)) {
      for (const t of targets)
        if (isObject(t) && t.type === 'User' && text(t, 'alternateId'))
          return text(t, 'alternateId') as string;
    }
  }
  const actor = obj(record, 'actor');
  const name = text(actor, 'alternateId') ?? text(actor, 'displayName');
  if (!name || name === 'unknown')
    throw new UnparsableRecordError(`actor.alternateId: ${type} names no user`);
  return name;
}

function appName(record: Json): string | undefined {
  const targets = record.target;
  if (!Array.isArray(targets)) return undefined;
  for (const t of targets) if (isObject(t) && t.type === 'AppInstance') return text(t, 'displayName');
  return undefined;
}
