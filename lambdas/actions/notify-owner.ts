import type { Alert } from '../core/alerts.ts';
import type { BranchResult } from '../core/incident.ts';
import { ownerNotice } from '../core/owner-notice.ts';
import type { Deps } from '../platform/deps.ts';

export interface NotifyOwnerInput {
  incidentId: string;
  alert: Alert;
  /** Accounts whose owners are told; default every targeted or compromised account. */
  users?: string[];
}

/**
 * Tell each attacked account's owner what happened and whether they must act. The notice goes out through
 * the pager port (the page topic on AWS, where an owner-notice subscription forwards it); one failed notice
 * never stops the others and is named on the incident.
 */
export async function notifyOwners(
  { incidentId, alert, users = [...alert.targetedUsers, ...alert.compromisedUsers] }: NotifyOwnerInput,
  deps: Deps,
): Promise<BranchResult> {
  const notified: string[] = [];
  const failures: { target: string; error: string }[] = [];
  for (const user of [...new Set(users)]) {
    const notice = ownerNotice(alert, user, incidentId);
    const at = deps.clock().toISOString();
    try {
      const { messageId } = await deps.pager.publish(notice);
      notified.push(user);
      await deps.incidents.append(incidentId, `notify-owner:${user}`, {
        at,
        actor: 'riposte/notify-owner',
        action: 'notify-owner',
        outcome: 'ok',
        detail: `told the owner of ${user}: ${notice.message.split('\n')[0]}`,
        data: { user, messageId },
      });
    } catch (error) {
      const message = `${(error as Error).name}: ${(error as Error).message}`;
      failures.push({ target: user, error: message });
      await deps.incidents.append(incidentId, `notify-owner-failed:${user}:${at}`, {
        at,
        actor: 'riposte/notify-owner',
        action: 'notify-owner',
        outcome: 'failed',
        detail: `could not tell the owner of ${user}: ${message}; tell them by hand`,
        data: { user },
      });
    }
  }
  return {
    step: 'notify-owner',
    ok: true,
    summary:
      notified.length > 0
        ? `told the owner(s) of ${notified.join(', ')} what happened`
        : `told no owner (${failures.length > 0 ? 'every notice failed' : 'no account named'})`,
    failures,
    notified,
  };
}
