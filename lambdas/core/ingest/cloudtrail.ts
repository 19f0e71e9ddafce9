import type { AuthActivity, AuthEvent, FailureReason } from '../auth-event.ts';
import {
  account,
  ip,
  isObject,
  notAuthentication,
  obj,
  required,
  text,
  time,
  UnparsableRecordError,
  withOptional,
} from './fields.ts';

/** CloudTrail sign-in (signin.amazonaws.com) and the IAM account events riposte reacts to. */
const ACTIVITY: Readonly<Record<string, AuthActivity>> = {
  ConsoleLogin: 'logon',
  CheckMfa: 'credential-validation',
  PasswordUpdated: 'password-change',
  ChangePassword: 'password-change',
  UpdateLoginProfile: 'password-change',
  DeleteLoginProfile: 'account-disabled',
  EnableMFADevice: 'mfa-change',
  DeactivateMFADevice: 'mfa-change',
  ResyncMFADevice: 'mfa-change',
  DeleteVirtualMFADevice: 'mfa-change',
};

const SIGN_IN_ERRORS: Readonly<Record<string, FailureReason>> = {
  'Failed authentication': 'wrong-password',
  'No username found in supplied account': 'unknown-user',
};

export function normalizeCloudTrail(record: unknown): AuthEvent {
  if (!isObject(record)) throw new UnparsableRecordError('CloudTrail record: not a JSON object');
  const name = required(record, 'eventName');
  const activity = ACTIVITY[name];
  if (!activity) throw notAuthentication(`CloudTrail ${text(record, 'eventSource') ?? ''} ${name}`.trim());
  const identity = obj(record, 'userIdentity');
  if (!identity) throw new UnparsableRecordError('userIdentity: missing');
  const result = text(obj(record, 'responseElements'), name);
  const error = text(record, 'errorMessage') ?? text(record, 'errorCode');
  const failed = result === 'Failure' || error !== undefined;
  const event: AuthEvent = {
    time: time(record.eventTime, 'eventTime'),
    format: 'cloudtrail',
    eventCode: name,
    activity,
    outcome: failed ? 'failure' : result === 'Success' || activity !== 'logon' ? 'success' : 'unknown',
    user: userOf(identity, name),
  };
  const extra = obj(record, 'additionalEventData');
  return withOptional(event, {
    domain: text(identity, 'accountId') ?? text(record, 'recipientAccountId'),
    failureReason: failed
      ? ((error !== undefined ? SIGN_IN_ERRORS[error] : undefined) ??
        (name === 'CheckMfa' ? 'mfa-failed' : 'other'))
      : undefined,
    statusCode: failed ? error : undefined,
    sourceIp: sourceIp(text(record, 'sourceIPAddress')),
    destination: text(extra, 'LoginTo') ?? text(record, 'eventSource'),
    userAgent: text(record, 'userAgent'),
  });
}

/** IAM user name, `root`, or the session name of an assumed role (federated console sign-in). */
function userOf(identity: Record<string, unknown>, eventName: string): string {
  const type = text(identity, 'type');
  if (type === 'Root') return 'root';
  const userName = text(identity, 'userName');
  if (userName) return account(userName).user;
  const arn = text(identity, 'arn');
  if (arn) return account(arn.slice(arn.lastIndexOf('/') + 1)).user;
  const principal = text(identity, 'principalId');
  if (principal?.includes(':')) return account(principal.slice(principal.indexOf(':') + 1)).user;
  throw new UnparsableRecordError(`userIdentity: ${eventName} names no user (type ${type ?? 'missing'})`);
}

/** AWS writes a service name ("signin.amazonaws.com") instead of an address for calls made by AWS itself. */
function sourceIp(value: string | undefined): string | undefined {
  return value?.endsWith('.amazonaws.com') ? undefined : ip(value, 'sourceIPAddress');
}
