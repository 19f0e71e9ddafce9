import type { AuthEvent } from '../../lambdas/core/auth-event.ts';

export const T0 = Date.parse('2026-11-20T03:00:00Z');
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

/** A built authentication record: an app sign-in unless told otherwise. */
export function attempt(
  user: string,
  outcome: 'success' | 'failure',
  at: number,
  from: { ip?: string; host?: string } = {},
  extra: Partial<AuthEvent> = {},
): AuthEvent {
  return {
    time: at,
    format: 'app',
    eventCode: outcome === 'success' ? 'login.success' : 'login.failure',
    activity: 'logon',
    outcome,
    user,
    ...(outcome === 'failure' ? { failureReason: 'wrong-password' as const } : {}),
    ...(from.ip ? { sourceIp: from.ip } : {}),
    ...(from.host ? { sourceHost: from.host } : {}),
    ...extra,
  };
}

export const users = (n: number, prefix = 'user') => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
