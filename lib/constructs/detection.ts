import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, LogGroup, SubscriptionFilter } from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import { Construct } from 'constructs';
import { pascalCase } from '../names.ts';

/**
 * Detection from raw sign-in logs: the detect function's window state (a table of its own, expiring by TTL)
 * and the subscription filters that feed it the configured log groups.
 */
export class Detection extends Construct {
  readonly state: Table;

  constructor(scope: Construct, id: string, props: { key: IKey }) {
    super(scope, id);
    // Recent records, sign-in profiles and published detections: rebuilt by the logs themselves, so no
    // deletion protection; kept encrypted with riposte's key like every other table.
    this.state = new Table(this, 'State', {
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      timeToLiveAttribute: 'ttl',
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /** Give the detect function its state and the default event bus, and subscribe it to the log groups. */
  connect(fn: IFunction, logGroups: readonly string[]): void {
    this.state.grant(
      fn,
      'dynamodb:Query',
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:PutItem',
      'dynamodb:DeleteItem',
    );
    const stack = Stack.of(this);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [
          stack.formatArn({
            service: 'events',
            resource: 'event-bus',
            resourceName: 'default',
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        ],
      }),
    );
    for (const name of logGroups) {
      const id = pascalCase(name.replace(/[^A-Za-z0-9]+/g, '-'));
      new SubscriptionFilter(this, `Subscribe${id}`, {
        logGroup: LogGroup.fromLogGroupName(this, `Group${id}`, name),
        destination: new LambdaDestination(fn),
        filterPattern: FilterPattern.allEvents(),
      });
    }
  }
}
