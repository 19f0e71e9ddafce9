import type { AuthEvent, FailureReason } from '../auth-event.ts';
import {
  account,
  ip,
  isObject,
  type Json,
  location,
  obj,
  required,
  text,
  time,
  UnparsableRecordError,
  withOptional,
} from './fields.ts';

/** Microsoft Entra ID sign-in logs: the Graph `signIn` resource, or its Azure Monitor export (`properties`). */

const ERRORS: Readonly<Record<number, FailureReason>> = {
  50126: 'wrong-password',
  50053: 'locked',
  50057: 'disabled',
  50034: 'unknown-user',
  50055: 'expired',
  50074: 'mfa-failed',
  50076: 'mfa-failed',
  500121: 'mfa-failed',
};

export function normalizeEntra(record: unknown): AuthEvent {
  if (!isObject(record)) throw new UnparsableRecordError('Entra sign-in: not a JSON object');
  const r: Json = obj(record, 'properties') ?? record;
  const status = obj(r, 'status');
  const code = status?.errorCode;
  if (typeof code !== 'number')
    throw new UnparsableRecordError(`status.errorCode: ${JSON.stringify(code) ?? 'missing'} is not a number`);
  const { user, domain } = account(required(r, 'userPrincipalName'), 'userPrincipalName');
  const loc = obj(r, 'location');
  const geo = obj(loc, 'geoCoordinates');
  const event: AuthEvent = {
    time: time(r.createdDateTime ?? record.time, 'createdDateTime'),
    format: 'entra',
    eventCode: String(code),
    activity: 'logon',
    outcome: code === 0 ? 'success' : 'failure',
    user,
  };
  return withOptional(event, {
    domain,
    failureReason: code === 0 ? undefined : (ERRORS[code] ?? 'other'),
    statusCode: code === 0 ? undefined : String(code),
    sourceIp: ip(text(r, 'ipAddress'), 'ipAddress'),
    destination: text(r, 'appDisplayName') ?? text(r, 'resourceDisplayName'),
    location: location(text(loc, 'countryOrRegion'), text(loc, 'city'), geo?.latitude, geo?.longitude),
    userAgent: text(r, 'userAgent'),
  });
}
