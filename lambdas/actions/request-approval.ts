import type { Alert } from '../core/alerts.ts';
import type { Deps } from '../platform/deps.ts';

export interface ApprovalRequest {
  taskToken: string;
  incidentId: string;
  alert: Alert;
  /** What the step would do once approved. */
  planned: string[];
}

/**
 * Ask the response team to approve a block above the threshold. The execution waits on the task token
 * until `riposte approve|deny TOKEN` answers (or the wait times out, which blocks nothing).
 */
export async function requestApproval(
  { taskToken, incidentId, alert, planned }: ApprovalRequest,
  deps: Deps,
) {
  const at = deps.clock().toISOString();
  await deps.incidents.rememberApproval(taskToken, incidentId, at);
  await deps.incidents.append(incidentId, `approval-requested:${taskToken.slice(-24)}`, {
    at,
    actor: 'riposte/request-approval',
    action: 'request-approval',
    outcome: 'planned',
    detail: `asked the response team to approve blocking ${planned.length} address(es)`,
    data: { planned, taskToken },
  });
  const shown = planned.slice(0, 30);
  await deps.pager.publish({
    key: `${incidentId}:approval:${taskToken.slice(-24)}`,
    subject: `[riposte] ${incidentId} APPROVAL NEEDED: block ${planned.length} address(es)`,
    message: [
      `${alert.title || alert.type} wants to block ${planned.length} addresses, above the approval threshold (${deps.config.waf.approvalThreshold}).`,
      ...shown.map((c) => `  ${c}`),
      ...(planned.length > shown.length ? [`  … and ${planned.length - shown.length} more`] : []),
      '',
      `Approve: npx riposte approve ${taskToken} --aws`,
      `Deny:    npx riposte deny ${taskToken} --aws`,
      'Unanswered within the hour, nothing is blocked and the incident says so.',
    ].join('\n'),
  });
  return { requested: true };
}
