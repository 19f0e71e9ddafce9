import type { AuthActivity, AuthEvent, FailureReason } from '../auth-event.ts';
import {
  account,
  ip,
  isObject,
  location,
  notAuthentication,
  obj,
  required,
  text,
  time,
  UnparsableRecordError,
  withOptional,
} from './fields.ts';

/** Auth0 tenant logs (Management API `/api/v2/logs`; index.ts unwraps `detail.data` of a log stream to EventBridge). */

interface Auth0Type {
  activity: AuthActivity;
  outcome: 'success' | 'failure';
  reason?: FailureReason;
}

const TYPES: Readonly<Record<string, Auth0Type>> = {
  s: { activity: 'logon', outcome: 'success' },
  f: { activity: 'logon', outcome: 'failure', reason: 'wrong-password' },
  fp: { activity: 'logon', outcome: 'failure', reason: 'wrong-password' },
  fu: { activity: 'logon', outcome: 'failure', reason: 'unknown-user' },
  pwd_leak: { activity: 'logon', outcome: 'failure', reason: 'other' },
  limit_wc: { activity: 'lockout', outcome: 'failure', reason: 'locked' },
  limit_mu: { activity: 'logon', outcome: 'failure', reason: 'locked' },
  gd_auth_failed: { activity: 'logon', outcome: 'failure', reason: 'mfa-failed' },
  gd_auth_rejected: { activity: 'logon', outcome: 'failure', reason: 'mfa-failed' },
  gd_enrollment_complete: { activity: 'mfa-change', outcome: 'success' },
  gd_unenroll: { activity: 'mfa-change', outcome: 'success' },
  scp: { activity: 'password-change', outcome: 'success' },
  scpr: { activity: 'password-change', outcome: 'success' },
  fcp: { activity: 'password-change', outcome: 'failure', reason: 'other' },
  slo: { activity: 'logoff', outcome: 'success' },
};

export function normalizeAuth0(record: unknown): AuthEvent {
  if (!isObject(record)) throw new UnparsableRecordError('Auth0 log: not a JSON object');
  const code = required(record, 'type');
  const type = TYPES[code];
  if (!type) throw notAuthentication(`Auth0 type ${code}`);
  const { user, domain } = account(required(record, 'user_name'), 'user_name');
  const geo = obj(record, 'location_info');
  const event: AuthEvent = {
    time: time(record.date, 'date'),
    format: 'auth0',
    eventCode: code,
    activity: type.activity,
    outcome: type.outcome,
    user,
  };
  return withOptional(event, {
    domain,
    failureReason: type.reason,
    statusCode: type.outcome === 'failure' ? code : undefined,
    sourceIp: ip(text(record, 'ip'), 'ip'),
    destination: text(record, 'client_name') ?? text(record, 'connection'),
    location: location(text(geo, 'country_code'), text(geo, 'city_name'), geo?.latitude, geo?.longitude),
    userAgent: text(record, 'user_agent'),
  });
}
