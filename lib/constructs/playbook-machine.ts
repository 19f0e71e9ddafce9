import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  type CfnStateMachine,
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { RiposteConfig } from '../../lambdas/core/config.ts';
import type { ActionName, Playbook } from '../../playbooks/types.ts';
import { PLAYBOOK_METADATA } from '../names.ts';

export { PLAYBOOK_METADATA };

/** A playbook as a Standard state machine (exactly once, waits for approvals), fully logged and traced. */
export class PlaybookMachine extends Construct {
  readonly stateMachine: StateMachine;

  constructor(
    scope: Construct,
    id: string,
    props: { playbook: Playbook; actions: Record<ActionName, IFunction>; config: RiposteConfig },
  ) {
    super(scope, id);
    const logs = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: `riposte-${props.playbook.id}`,
      comment: props.playbook.title,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(
        props.playbook.definition(this, props.actions, props.config),
      ),
      timeout: Duration.days(7),
      tracingEnabled: true,
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: true },
    });
    (this.stateMachine.node.defaultChild as CfnStateMachine).addMetadata(
      PLAYBOOK_METADATA,
      props.playbook.id,
    );
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Step Functions log delivery (logs:CreateLogDelivery etc.) and X-Ray tracing support no resource-level permissions.',
    });
    for (const fn of Object.values(props.actions)) {
      Validations.of(this.stateMachine.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(fn).getLogicalId(fn.node.defaultChild as CfnElement)}.Arn>:*]`,
        reason:
          'LambdaInvoke grants the versions of this one function (<fn>:*); no other function is reachable.',
      });
    }
  }
}
