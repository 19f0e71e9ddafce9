import { Succeed } from 'aws-cdk-lib/aws-stepfunctions';
import { RelaxInputSchema } from '../lambdas/core/step-inputs.ts';
import { action } from './steps.ts';
import type { Playbook } from './types.ts';

/**
 * One rung of an incident's relaxation ladder, started by its one-time schedule: check the hold and the
 * gate, then restore the controls the stage names, or postpone the stage and page.
 */
export const relax: Playbook = {
  id: 'relax',
  title: 'Relax one stage of the emergency posture, if its gate allows',
  trigger:
    'EventBridge Scheduler one-time schedules created by the containment playbooks (one per stage); riposte relax advance',
  input: RelaxInputSchema,
  example: {
    incidentId: 'INC-20261120-f009f3fa',
    stage: 'countries',
    attempt: 1,
    plannedAt: '2026-11-22T03:12:00Z',
  },
  definition(scope, fns) {
    return action(scope, 'Relax stage', fns['relax-stage'], undefined, '$.relaxed').next(
      new Succeed(scope, 'Done'),
    );
  },
};
