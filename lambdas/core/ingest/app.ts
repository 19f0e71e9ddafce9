import type { AuthEvent, FailureReason } from '../auth-event.ts';
import {
  account,
  ip,
  isObject,
  required,
  text,
  time,
  UnparsableRecordError,
  withOptional,
} from './fields.ts';

/**
 * The plain line an application writes for its own sign-ins (docs/log-formats.md):
 * `{"time","user","outcome":"success|failure","ip","host","reason","app"}`.
 */

const REASONS: ReadonlySet<string> = new Set<FailureReason>([
  'wrong-password',
  'unknown-user',
  'disabled',
  'locked',
  'expired',
  'mfa-failed',
  'other',
]);

export function normalizeApp(record: unknown): AuthEvent {
  if (!isObject(record)) throw new UnparsableRecordError('app line: not a JSON object');
  const outcome = required(record, 'outcome');
  if (outcome !== 'success' && outcome !== 'failure') {
    throw new UnparsableRecordError(`outcome: ${JSON.stringify(outcome)} is not "success" or "failure"`);
  }
  const { user, domain } = account(required(record, 'user'), 'user');
  const reason = text(record, 'reason');
  const event: AuthEvent = {
    time: time(record.time, 'time'),
    format: 'app',
    eventCode: outcome,
    activity: 'logon',
    outcome,
    user,
  };
  return withOptional(event, {
    domain,
    failureReason:
      outcome === 'failure'
        ? reason && REASONS.has(reason)
          ? (reason as FailureReason)
          : 'other'
        : undefined,
    statusCode: outcome === 'failure' ? reason : undefined,
    sourceIp: ip(text(record, 'ip'), 'ip'),
    sourceHost: text(record, 'host')?.toUpperCase(),
    destination: text(record, 'app'),
  });
}
