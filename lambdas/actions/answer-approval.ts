import type { Deps } from '../platform/deps.ts';

export interface ApprovalAnswer {
  taskToken: string;
  decision: 'approve' | 'deny';
  reason: string;
  /** The authenticated caller (the IAM principal the function URL verified). */
  by: string;
}

/** Answer an approval request and write who answered, and why, on its incident. */
export async function answerApproval(answer: ApprovalAnswer, deps: Deps) {
  const approve = answer.decision === 'approve';
  await deps.taskAnswers.answer(answer.taskToken, approve, answer.by, answer.reason);
  const recorded = await deps.incidents.recordApprovalAnswer(answer.taskToken, {
    at: deps.clock().toISOString(),
    actor: `human/${answer.by}`,
    action: answer.decision,
    outcome: 'ok',
    detail: `${approve ? 'approved' : 'denied'} by ${answer.by} through the approval callback: ${answer.reason}`,
  });
  return { answered: answer.decision, recorded };
}
