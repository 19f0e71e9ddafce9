/**
 * What riposte could not finish and a person must: who (the account or address), why (the error or
 * refusal), and what to do. The page, the CLI summary and the report all say it the same way.
 */
export interface PersonTask {
  /** The account (user, or user@provider) or address left as it was. */
  who: string;
  why: string;
  todo: string;
}

const CONTAIN_BY_HAND =
  'contain it by hand: `npx riposte launch contain-user --input FILE` (see `riposte playbooks`), or your provider console';

/** What to do about an account riposte left uncontained, by the error that stopped it. */
export function accountTodo(error: string): string {
  if (/ApprovalDenied|approval denied/i.test(error))
    return `a person denied containing it: if it is compromised after all, ${CONTAIN_BY_HAND}`;
  if (/ApprovalTimedOut/.test(error))
    return `nobody answered the approval, so only its sessions were revoked: ${CONTAIN_BY_HAND}`;
  if (/CircuitBreakerOpen|circuit breaker/i.test(error))
    return `the mass-lockout circuit breaker refused it: confirm the attack is real, then ${CONTAIN_BY_HAND}`;
  if (/UnknownUser/.test(error))
    return 'it exists in none of the configured identity providers: check the name and where the account lives (identity.providers)';
  return `the provider refused or failed: ${CONTAIN_BY_HAND} once it answers`;
}

/** What to do about an address riposte did not block, by why. */
export function addressTodo(error: string): string {
  if (/kill switch/i.test(error))
    return 'blocking is paused by the kill switch: lift it (`npx riposte kill-switch off`) or block by hand';
  if (/denied|not approved|timed out/i.test(error))
    return 'the block was not approved: block it by hand if it is an attacker (`npx riposte block ADDRESS --reason …`)';
  return 'block it by hand once the cause is fixed (`npx riposte block ADDRESS --reason …`)';
}

const ACCOUNT_STEPS = new Set(['contain-accounts', 'contain-account']);

/** Every target a branch could not act on, as a person's task; failed branches as a whole too. */
export function tasksFromResults(
  results: readonly (
    | { step: string; ok: true; failures: { target: string; error: string }[] }
    | { step: string; ok: false; error: string; cause: string }
  )[],
): PersonTask[] {
  return results.flatMap((r): PersonTask[] => {
    if (!r.ok)
      return [
        {
          who: `the ${r.step} step`,
          why: `${r.error}: ${r.cause}`,
          todo: 'nothing of this step was done: do it by hand, then check the timeline',
        },
      ];
    return r.failures.map((f) => ({
      who: ACCOUNT_STEPS.has(r.step) ? `account ${f.target}` : `${r.step} ${f.target}`,
      why: f.error,
      todo: ACCOUNT_STEPS.has(r.step)
        ? accountTodo(f.error)
        : r.step === 'block-ips'
          ? addressTodo(f.error)
          : 'finish it by hand; the error is on the timeline',
    }));
  });
}
