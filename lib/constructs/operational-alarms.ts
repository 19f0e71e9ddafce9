import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/** riposte pages about itself: a failed playbook or an alert parked in the dead-letter queue is never silent. */
export class OperationalAlarms extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: { topic: ITopic; deadLetters: IQueue; stateMachines: StateMachine[] },
  ) {
    super(scope, id);
    const page = new SnsAction(props.topic);
    const common = {
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    };
    new Alarm(this, 'DeadLetters', {
      ...common,
      alarmDescription:
        'riposte: an alert or a WAF sync batch failed every retry and waits in the dead-letter queue',
      metric: props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
    }).addAlarmAction(page);
    for (const machine of props.stateMachines) {
      new Alarm(this, `Failed${machine.node.scope?.node.id ?? ''}`, {
        ...common,
        alarmDescription: `riposte: an execution of ${machine.node.scope?.node.id} failed`,
        metric: machine.metricFailed({ period: Duration.minutes(1) }),
      }).addAlarmAction(page);
    }
  }
}
