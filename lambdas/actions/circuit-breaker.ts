import { breakerWindow } from '../core/containment.ts';
import type { Deps } from '../platform/deps.ts';

/** Count one automated reset or disable; false when the window is full (the breaker is open). */
export function takeBreakerSlot(deps: Deps): Promise<boolean> {
  const { maxChanges, windowMinutes } = deps.config.identity.breaker;
  return deps.breaker.take(breakerWindow(deps.clock(), windowMinutes), maxChanges);
}

/** Why a change was refused, for the timeline. */
export function breakerReason(deps: Deps, action: string, target: string): string {
  const { maxChanges, windowMinutes } = deps.config.identity.breaker;
  return `circuit breaker open: ${maxChanges} automated disables/resets in ${windowMinutes} min already; did not ${action} ${target} (a spray must not become a mass lockout; act by hand if it is real)`;
}

/** Tell the response team the breaker opened, once per incident. */
export async function pageBreaker(deps: Deps, incidentId: string) {
  const { maxChanges, windowMinutes } = deps.config.identity.breaker;
  await deps.pager.publish({
    key: `${incidentId}:circuit-breaker`,
    subject: `[riposte] ${incidentId} CIRCUIT BREAKER: automated disables and resets stopped`,
    message: [
      `More than ${maxChanges} automated disables/password resets in ${windowMinutes} minutes: riposte stopped making them.`,
      'Sessions are still revoked. Decide by hand which accounts to reset or disable:',
      `  npx riposte incident ${incidentId}`,
    ].join('\n'),
  });
}
