import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  CREDENTIAL_ATTACK_FINDING_TYPES,
  DETECTION_TYPES,
  type DetectionType,
} from '../../lambdas/core/alerts.ts';
import { pascalCase } from '../names.ts';

/**
 * The doors in: native detections, GuardDuty findings and the same findings imported into Security Hub.
 * All go to the starter, which names executions after the alert so re-deliveries start nothing twice.
 */
export class Triggers extends Construct {
  constructor(scope: Construct, id: string, props: { starter: IFunction; deadLetterQueue: IQueue }) {
    super(scope, id);
    const target = new LambdaFunction(props.starter, {
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: 8,
    });
    // One rule per kind of attack: each playbook's door is named after it and can be disabled alone.
    for (const type of Object.keys(DETECTION_TYPES) as DetectionType[]) {
      new Rule(this, type === 'credential-stuffing' ? 'Detections' : `Detections${pascalCase(type)}`, {
        description: `riposte native detections of ${type} (${DETECTION_TYPES[type]}): the ${type} playbook`,
        eventPattern: { source: ['riposte.detection'], detail: { type: [type] } },
        targets: [target],
      });
    }
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
  }
}
