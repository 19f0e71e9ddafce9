import type { AuthActivity, AuthEvent, FailureReason } from '../auth-event.ts';
import {
  account,
  ip,
  isObject,
  type Json,
  notAuthentication,
  obj,
  text,
  time,
  UnparsableRecordError,
  withOptional,
} from './fields.ts';

/**
 * Amazon Cognito user pool authentication events of threat protection (advanced security): the user activity
 * log export (camelCase: eventType, eventResponse, userName, ipAddress, challenges) and the `AuthEventType` of
 * AdminListUserAuthEvents (PascalCase) with the Username added by the caller. CloudTrail's Cognito sign-in
 * records hide the user name ("HIDDEN_DUE_TO_SECURITY_REASONS"), so they are set aside as unreadable.
 */

const ACTIVITY: Readonly<Record<string, AuthActivity>> = {
  SignIn: 'logon',
  PasswordChange: 'password-change',
  ForgotPassword: 'password-change',
};

export function normalizeCognito(record: unknown): AuthEvent {
  if (!isObject(record)) throw new UnparsableRecordError('Cognito event: not a JSON object');
  if (record.eventSource === 'cognito-idp.amazonaws.com') {
    throw new UnparsableRecordError(
      `eventName: CloudTrail Cognito ${String(record.eventName)} does not name the user; export user activity logs instead`,
    );
  }
  const r = pick(record);
  const type = r('eventType', 'EventType');
  const activity = type ? ACTIVITY[type] : undefined;
  if (!type) throw new UnparsableRecordError('eventType: missing');
  if (!activity) throw notAuthentication(`Cognito ${type}`);
  const response = r('eventResponse', 'EventResponse');
  const name = r('userName', 'Username') ?? r('username', 'UserName');
  if (!name) throw new UnparsableRecordError('userName: missing');
  const context = obj(record, 'eventContextData') ?? obj(record, 'EventContextData');
  const failedChallenge = challengeFailed(record.challenges ?? record.ChallengeResponses);
  const failed = response === 'Fail';
  const event: AuthEvent = {
    time: time(record.eventTimestamp ?? record.CreationDate, 'eventTimestamp'),
    format: 'cognito',
    eventCode: type,
    activity,
    outcome: failed ? 'failure' : response === 'Pass' ? 'success' : 'unknown',
    user: account(name).user,
  };
  const reason: FailureReason | undefined = failed ? (failedChallenge ?? 'other') : undefined;
  return withOptional(event, {
    domain: r('userPoolId', 'UserPoolId'),
    failureReason: reason,
    statusCode: failed ? riskDecision(record) : undefined,
    sourceIp: ip(
      r('ipAddress', 'IpAddress') ?? text(context, 'ipAddress') ?? text(context, 'IpAddress'),
      'ipAddress',
    ),
    destination: r('clientId', 'ClientId'),
    userAgent: r('userAgent', 'UserAgent'),
  });
}

/** Reads a field under either of its two spellings. */
function pick(record: Json): (camel: string, pascal: string) => string | undefined {
  return (camel, pascal) => text(record, camel) ?? text(record, pascal);
}

/** Password failure → wrong password; MFA failure → mfa-failed. */
function challengeFailed(list: unknown): FailureReason | undefined {
  if (!Array.isArray(list)) return undefined;
  for (const c of list) {
    if (!isObject(c)) continue;
    const name = c.challengeName ?? c.ChallengeName;
    const result = c.challengeResponse ?? c.ChallengeResponse;
    if (result === 'Failure') return name === 'Mfa' ? 'mfa-failed' : 'wrong-password';
  }
  return undefined;
}

function riskDecision(record: Json): string | undefined {
  const risk = obj(record, 'eventRisk') ?? obj(record, 'EventRisk');
  return text(risk, 'riskDecision') ?? text(risk, 'RiskDecision');
}
