import type { Alert } from '../core/alerts.ts';
import type { Deps } from '../platform/deps.ts';

export interface ApprovalRequest {
  taskToken: string;
  incidentId: string;
  /** Absent when no alert asks (a notice text, for one). */
  alert?: Alert;
  /** What the step would do once approved. */
  planned: string[];
  /** What is asked, e.g. "contain 3 account(s)"; default: blocking the planned addresses. */
  subject?: string;
  /** Why a human must decide. */
  reasons?: string[];
  /** What happens when nobody answers. */
  unanswered?: string;
  /** The request was not answered in time: this is the second page. */
  escalation?: boolean;
}

/**
 * Ask the response team to approve a step above its automatic limits (a block above the threshold,
 * accounts that are privileged or over the cap). The execution waits on the task token until
 * `riposte approve|deny TOKEN` or the callback answers, or the wait times out.
 */
export async function requestApproval(request: ApprovalRequest, deps: Deps) {
  const { taskToken, incidentId, alert, planned } = request;
  const at = deps.clock().toISOString();
  const subject = request.subject ?? `block ${planned.length} address(es)`;
  const reasons = request.reasons ?? [
    `${planned.length} addresses are above the approval threshold (${deps.config.waf.approvalThreshold})`,
  ];
  const escalation = request.escalation ? 'ESCALATION, still unanswered: ' : '';
  await deps.incidents.rememberApproval(taskToken, incidentId, at);
  await deps.incidents.append(incidentId, `approval-requested:${taskToken.slice(-24)}`, {
    at,
    actor: 'riposte/request-approval',
    action: 'request-approval',
    outcome: 'planned',
    detail: `${escalation}asked the response team to approve: ${subject}`,
    data: { planned, reasons, taskToken, escalation: request.escalation === true },
  });
  const shown = planned.slice(0, 30);
  await deps.pager.publish({
    key: `${incidentId}:approval:${taskToken.slice(-24)}`,
    subject:
      `[riposte] ${incidentId} ${request.escalation ? 'ESCALATION ' : ''}APPROVAL NEEDED: ${subject}`.slice(
        0,
        100,
      ),
    message: [
      `${escalation}${alert ? alert.title || alert.type : `Incident ${incidentId}`} wants to ${subject}.`,
      ...reasons.map((r) => `Why a human decides: ${r}`),
      ...shown.map((c) => `  ${c}`),
      ...(planned.length > shown.length ? [`  … and ${planned.length - shown.length} more`] : []),
      '',
      `Approve: npx riposte approve ${taskToken} --aws`,
      `Deny:    npx riposte deny ${taskToken} --aws`,
      request.unanswered ?? 'Unanswered within the hour, nothing is blocked and the incident says so.',
    ].join('\n'),
  });
  return { requested: true };
}
