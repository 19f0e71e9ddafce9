import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnActionTarget } from 'aws-cdk-lib/aws-securityhub';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CREDENTIAL_ATTACK_FINDING_TYPES, DETECTION_TYPES } from '../../lambdas/core/alerts.ts';

/** Alarms whose name starts with this start a playbook when they go to ALARM. */
export const ALARM_TRIGGER_PREFIX = 'riposte-trigger-';

/**
 * The doors in: native detections, GuardDuty findings and the same findings imported into Security Hub, the
 * "Contain with riposte" custom action of the Security Hub console, and alarms named riposte-trigger-….
 * All go to the starter, which names executions after the incident so re-deliveries start nothing twice.
 */
export class Triggers extends Construct {
  /** The Security Hub custom action responders pick on selected findings. */
  readonly customAction: CfnActionTarget;

  constructor(scope: Construct, id: string, props: { starter: IFunction; deadLetterQueue: IQueue }) {
    super(scope, id);
    const target = new LambdaFunction(props.starter, {
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: 8,
    });
    new Rule(this, 'Detections', {
      description: 'riposte native detections (stuffing, spray, brute force, lockout storms, risky sign-ins)',
      eventPattern: { source: ['riposte.detection'], detail: { type: Object.keys(DETECTION_TYPES) } },
      targets: [target],
    });
    new Rule(this, 'GuardDutyFindings', {
      description: 'GuardDuty brute-force findings that carry a remote attacker IP',
      eventPattern: {
        source: ['aws.guardduty'],
        detailType: ['GuardDuty Finding'],
        detail: { type: [...CREDENTIAL_ATTACK_FINDING_TYPES], service: { resourceRole: ['TARGET'] } },
      },
      targets: [target],
    });
    new Rule(this, 'SecurityHubImported', {
      description: 'GuardDuty brute-force findings imported into Security Hub (ASFF)',
      eventPattern: {
        source: ['aws.securityhub'],
        detailType: ['Security Hub Findings - Imported'],
        detail: {
          findings: {
            Types: CREDENTIAL_ATTACK_FINDING_TYPES.map((t) => ({ wildcard: `*/${t.replace('/', '-')}` })),
            RecordState: ['ACTIVE'],
          },
        },
      },
      targets: [target],
    });
    // Name and id are limited to 20 characters by Security Hub.
    this.customAction = new CfnActionTarget(this, 'ContainAction', {
      name: 'Contain with riposte',
      id: 'RiposteContain',
      description:
        'Open a riposte incident for the selected findings: block attacker IPs, seal evidence, page',
    });
    new Rule(this, 'SecurityHubCustomAction', {
      description: 'Findings sent to riposte with the "Contain with riposte" custom action',
      eventPattern: {
        source: ['aws.securityhub'],
        detailType: ['Security Hub Findings - Custom Action'],
        resources: [this.customAction.attrActionTargetArn],
      },
      targets: [target],
    });
    new Rule(this, 'AlarmTriggers', {
      description: `CloudWatch alarms named ${ALARM_TRIGGER_PREFIX}… that went to ALARM`,
      eventPattern: {
        source: ['aws.cloudwatch'],
        detailType: ['CloudWatch Alarm State Change'],
        detail: { alarmName: [{ prefix: ALARM_TRIGGER_PREFIX }], state: { value: ['ALARM'] } },
      },
      targets: [target],
    });
  }
}
