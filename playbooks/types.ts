import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { z } from 'zod';
import type { RiposteConfig } from '../lambdas/core/config.ts';

/** The Lambda-backed actions a playbook can call, by handler name (file under lambdas/handlers). */
export type ActionName =
  | 'validate-alert'
  | 'open-incident'
  | 'block-ips'
  | 'contain-accounts'
  | 'collect-evidence'
  | 'seal-evidence'
  | 'record-outcome'
  | 'page-responders'
  | 'validate-operator-request'
  | 'unblock-ips'
  | 'request-approval'
  | 'notify-owner'
  | 'watch-account'
  | 'name-hosts-to-investigate'
  | 'investigate-lockout'
  | 'tighten-posture'
  | 'schedule-relaxation'
  | 'relax-stage'
  | 'draft-notices'
  | 'send-notices';

export interface Playbook {
  id: string;
  title: string;
  /** What starts it, for docs and `riposte playbooks`. */
  trigger: string;
  /** The console's "Start execution" input: published as JSON Schema. */
  input: z.ZodType;
  /** An example input for the console. */
  example: unknown;
  /**
   * The state machine, written in JSONPath only: the local runtime refuses JSONata and variables.
   * Deploy-time configuration is at hand for choices fixed per deployment (e.g. what high risk does).
   */
  definition(scope: Construct, actions: Record<ActionName, IFunction>, config: RiposteConfig): IChainable;
}
