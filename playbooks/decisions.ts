import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Choice, Condition, Pass } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { containWithApproval } from './contain-steps.ts';
import { incidentInput } from './steps.ts';

/**
 * A branch that decided not to act: its result says so in words, like any other branch's, so the
 * record and the page show what riposte deliberately left alone and why.
 */
export function leaveAlone(scope: Construct, name: string, step: string, summary: string) {
  return new Pass(scope, name, {
    parameters: { step, ok: true, summary, failures: [], skipped: true },
  });
}

/** Whether any account signed in successfully during the attack. */
export const signedIn = (alertPath = '$.alert') => Condition.isPresent(`${alertPath}.compromisedUsers[0]`);

/**
 * Contain (revoke sessions, force a new password) only the accounts that signed in during the attack;
 * an account that was only guessed at keeps its password: the lockout already protects it.
 */
export function containSignedIn(
  scope: Construct,
  fns: { contain: IFunction; approval: IFunction },
  options: { prefix?: string; alertPath?: string } = {},
) {
  const { prefix = '', alertPath = '$.alert' } = options;
  return new Choice(scope, `${prefix}Did an account sign in?`)
    .when(
      signedIn(alertPath),
      containWithApproval(scope, `${prefix}Revoke sessions and force resets`, fns, {
        ...incidentInput,
        'alert.$': alertPath,
      }),
    )
    .otherwise(
      leaveAlone(
        scope,
        `${prefix}Leave passwords alone`,
        'contain-accounts',
        'no account signed in: passwords left alone (the lockout protects them)',
      ),
    );
}
