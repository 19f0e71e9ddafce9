import { Choice, Condition, type IChainable, Parallel, Pass } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { AlertSchema } from '../lambdas/core/alerts.ts';
import { RISK_TIERS } from '../lambdas/core/risk.ts';
import { containWithApproval } from './contain-steps.ts';
import { leaveAlone } from './decisions.ts';
import { collectAndSealEvidence } from './evidence-steps.ts';
import { action, blockWithApproval, branch, incidentInput, incidentPlaybook } from './steps.ts';
import type { Playbook } from './types.ts';

const score = '$.alert.riskScore';
const atLeast = (threshold: number) =>
  Condition.and(Condition.isPresent(score), Condition.numberGreaterThanEquals(score, threshold));

/**
 * Risky sign-in, continuous verification (MITRE ATT&CK T1078), on the detection's 0–100 risk score:
 *   - high (70–100): contain the account (what `riskySignin.highRiskActions` says: revoke sessions, and
 *     force a new password or disable it), block the source, page;
 *   - medium (40–69), or a critical account event (password or MFA change, account disabled): force
 *     step-up — revoke the account's sessions so it signs in again with MFA — and alert;
 *   - low (0–39): record and watch; nothing changes and nobody is paged.
 * Evidence is sealed at every tier. The account is the alert's targetedUsers (the one that signed in), else
 * its compromisedUsers.
 */
export const riskySignin: Playbook = {
  id: 'risky-signin',
  title: 'Risky sign-in: watch, force step-up or contain, by risk score',
  trigger:
    'riposte.detection events of type risky-signin (with riskScore, or identityEvent for account changes)',
  input: AlertSchema,
  example: {
    alertId: 'det-risk-1',
    type: 'risky-signin',
    playbook: 'risky-signin',
    severity: 55,
    observedAt: '2026-11-20T03:12:00Z',
    sourceIps: ['198.51.100.77'],
    targetedUsers: ['carol'],
    riskScore: 55,
    reasons: ['new country for carol: BR', 'sign-in from an anonymizing network'],
  },
  definition(scope, fns, config) {
    const validate = action(scope, 'Validate alert', fns['validate-alert']);
    const high = atLeast(RISK_TIERS.high);
    const stepUp = Condition.or(atLeast(RISK_TIERS.medium), Condition.isPresent('$.alert.identityEvent'));
    const account = { ...incidentInput, 'users.$': '$.account.users' };
    const identity = { contain: fns['contain-accounts'], approval: fns['request-approval'] };
    const contain = containWithApproval(scope, 'Contain the account', identity, {
      ...account,
      actions: config.riskySignin.highRiskActions,
    });
    const forceStepUp = containWithApproval(scope, 'Force step-up: revoke sessions', identity, {
      ...account,
      actions: ['revoke-sessions'],
    });
    const watch = branch(scope, 'watch-account', 'Record and watch', fns['watch-account']);
    const respond = new Parallel(scope, 'Respond by risk', { resultPath: '$.results' })
      .branch(
        whichAccount(
          scope,
          new Choice(scope, 'How risky is the sign-in?')
            .when(high, contain)
            .when(stepUp, forceStepUp)
            .otherwise(watch),
        ),
      )
      .branch(
        new Choice(scope, 'Block the source?')
          .when(
            high,
            blockWithApproval(scope, 'Block the source', {
              block: fns['block-ips'],
              approval: fns['request-approval'],
            }),
          )
          .otherwise(
            leaveAlone(
              scope,
              'Keep the source',
              'block-ips',
              `risk below ${RISK_TIERS.high}: the source is not blocked`,
            ),
          ),
      )
      .branch(
        collectAndSealEvidence(scope, { collect: fns['collect-evidence'], seal: fns['seal-evidence'] }),
      );
    // One account's sign-in: the tier decides for that account; the whole posture is not tightened.
    return incidentPlaybook(scope, fns, validate, respond, {
      pageWhen: Condition.or(high, stepUp),
      posture: false,
    });
  },
};

/**
 * The account that signed in goes to $.account.users, then `then` runs: the detection names the account in
 * targetedUsers, or only in compromisedUsers.
 */
function whichAccount(scope: Construct, then: IChainable) {
  const pick = (name: string, path: string) =>
    new Pass(scope, name, { parameters: { 'users.$': path }, resultPath: '$.account' }).next(then);
  return new Choice(scope, 'Which account signed in?')
    .when(
      Condition.isPresent('$.alert.targetedUsers[0]'),
      pick('The targeted account', '$.alert.targetedUsers'),
    )
    .otherwise(pick('The signed-in account', '$.alert.compromisedUsers'));
}
