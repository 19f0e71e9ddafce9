import { Choice, Condition, Parallel, Pass } from 'aws-cdk-lib/aws-stepfunctions';
import { AlertSchema } from '../lambdas/core/alerts.ts';
import { containSignedIn, leaveAlone } from './decisions.ts';
import { collectAndSealEvidence } from './evidence-steps.ts';
import { action, blockWithApproval, branch, incidentInput, incidentPlaybook } from './steps.ts';
import type { Playbook } from './types.ts';

const VERDICT = '$.investigation.result.verdict';
/** The alert narrowed to the attackers' public addresses: what blocking and containing act on. */
const ATTACKER_ALERT = '$.investigation.result.alert';

/**
 * Account lockout (MITRE ATT&CK T1110): the investigation a help desk runs by hand when an account keeps
 * locking out while its owner's own sign-ins are fine.
 *   1. read the account's lockouts (4740) and the failures (4625, 4771) before them, group them by caller
 *      computer and address, and judge each caller (first and last failure, count, cadence, codes, process);
 *   2. an outside attacker: block its public addresses, contain the account if a sign-in succeeded, tell
 *      the owner — as for brute force;
 *   3. a machine of ours with stale credentials: never reset the locked user's password; page with the
 *      caller and the checklist of places where old passwords hide;
 *   4. seal the evidence; record the outcome; page.
 * If the investigation itself fails, nothing is blocked or reset and the page says so.
 */
export const accountLockout: Playbook = {
  id: 'account-lockout',
  title: 'Account lockout: find the caller, fix stale credentials or block the attacker',
  trigger: 'riposte.detection events of type account-lockout',
  input: AlertSchema,
  example: {
    alertId: 'det-lock-1',
    type: 'account-lockout',
    playbook: 'account-lockout',
    severity: 40,
    observedAt: '2026-11-20T09:30:00Z',
    targetedUsers: ['svc-reports'],
    sourceHosts: ['SRV-APP01'],
    window: { start: '2026-11-20T08:00:00Z', end: '2026-11-20T09:30:00Z' },
    reasons: ['svc-reports locked out 3 times in 90 minutes'],
  },
  definition(scope, fns) {
    const validate = action(scope, 'Validate alert', fns['validate-alert']);
    const investigate = new Parallel(scope, 'Investigate the lockouts', {
      resultPath: '$.investigation',
      resultSelector: { 'result.$': '$[0]' },
    }).branch(branch(scope, 'investigate-lockout', 'Group failures by caller', fns['investigate-lockout']));
    const attacker = Condition.and(Condition.isPresent(VERDICT), Condition.stringEquals(VERDICT, 'attacker'));
    const attackerInput = { ...incidentInput, 'alert.$': ATTACKER_ALERT };
    const notAttacker = 'no outside attacker found';
    const respond = new Parallel(scope, 'Respond to the verdict', { resultPath: '$.results' })
      .branch(new Pass(scope, 'Report the callers', { outputPath: '$.investigation.result' }))
      .branch(
        new Choice(scope, 'Attacker? Block it')
          .when(
            attacker,
            blockWithApproval(
              scope,
              'Block the attacker',
              { block: fns['block-ips'], approval: fns['request-approval'] },
              attackerInput,
            ),
          )
          .otherwise(leaveAlone(scope, 'Block nothing', 'block-ips', `${notAttacker}: nothing blocked`)),
      )
      .branch(
        new Choice(scope, 'Attacker? Contain the account')
          .when(
            attacker,
            containSignedIn(
              scope,
              { contain: fns['contain-accounts'], approval: fns['request-approval'] },
              {
                prefix: 'Attacker: ',
                alertPath: ATTACKER_ALERT,
              },
            ),
          )
          .otherwise(
            leaveAlone(
              scope,
              'Never reset the locked user',
              'contain-accounts',
              `${notAttacker}: the locked user's password is not reset; fix the caller, then unlock`,
            ),
          ),
      )
      .branch(
        new Choice(scope, 'Attacker? Tell the owner')
          .when(
            attacker,
            branch(scope, 'notify-owner', 'Tell the account owner', fns['notify-owner'], attackerInput),
          )
          .otherwise(
            leaveAlone(
              scope,
              'Leave the caller to the help desk',
              'notify-owner',
              `${notAttacker}: the owner is not alarmed; the help desk fixes the caller`,
            ),
          ),
      )
      .branch(
        collectAndSealEvidence(scope, { collect: fns['collect-evidence'], seal: fns['seal-evidence'] }),
      );
    // A lockout is often one of our own machines: the verdict decides, not a blanket emergency posture.
    return incidentPlaybook(scope, fns, validate, respond, { investigate, posture: false });
  },
};
