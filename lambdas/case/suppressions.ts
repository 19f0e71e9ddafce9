import {
  type Actor,
  CaseError,
  caseEntry,
  checkText,
  parseSuppressionKey,
  type Suppression,
} from '../core/case.ts';
import type { Deps } from '../platform/deps.ts';

export type SuppressionDeps = Pick<Deps, 'incidents' | 'clock'>;

/** Suppressions, candidates first, then accepted, then rejected; each by kind and value. */
export async function listSuppressions(
  deps: SuppressionDeps,
  state?: Suppression['state'],
): Promise<Suppression[]> {
  const order = { candidate: 0, accepted: 1, rejected: 2 };
  return (await deps.incidents.suppressions())
    .filter((s) => !state || s.state === state)
    .sort(
      (a, b) =>
        order[a.state] - order[b.state] || `${a.kind}:${a.value}`.localeCompare(`${b.kind}:${b.value}`),
    );
}

/**
 * Accept (detection ignores it from now on) or reject a candidate, with a reason; recorded on the
 * incident that proposed it. A key that is no candidate is named and nothing changes.
 */
export async function decideSuppression(
  deps: SuppressionDeps,
  actor: Actor,
  key: string,
  input: { accept: boolean; reason: string },
): Promise<Suppression> {
  const target = parseSuppressionKey(key);
  const decisionReason = checkText('--reason', input.reason);
  const current = (await deps.incidents.suppressions()).find(
    (s) => s.kind === target.kind && s.value === target.value,
  );
  if (!current)
    throw new CaseError(
      'SuppressionNotFound',
      `no suppression candidate ${key}; see \`riposte suppressions\``,
    );
  if (current.state !== 'candidate')
    throw new CaseError(
      'SuppressionNotFound',
      `${key} was ${current.state} by ${current.decidedBy} at ${current.decidedAt}; it is no longer a candidate`,
    );
  const at = deps.clock();
  const decision = {
    state: input.accept ? ('accepted' as const) : ('rejected' as const),
    decidedBy: actor.id,
    decidedAt: at.toISOString(),
    decisionReason,
  };
  if (!(await deps.incidents.decideSuppression(target, decision)))
    throw new CaseError(
      'SuppressionNotFound',
      `${key} was decided by someone else meanwhile; see \`riposte suppressions\``,
    );
  await deps.incidents.append(
    current.incidentId,
    `case:suppression:${key}`,
    caseEntry(actor, at, 'suppression', `${decision.state} suppression of ${key}: ${decisionReason}`, {
      suppression: key,
      state: decision.state,
    }),
  );
  return { ...current, ...decision };
}
