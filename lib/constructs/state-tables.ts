import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** riposte's state: incidents with their timelines, the desired blocklist, idempotency records, app sessions. */
export class StateTables extends Construct {
  readonly incidents: Table;
  readonly blocklist: Table;
  readonly idempotency: Table;
  readonly appSessions: Table;

  constructor(scope: Construct, id: string, props: { key: IKey }) {
    super(scope, id);
    const common = {
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    };
    this.incidents = new Table(this, 'Incidents', {
      ...common,
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
    });
    // Lists incidents without a scan: META items carry listKey = INCIDENTS#<month opened> (IncidentStore).
    this.incidents.addGlobalSecondaryIndex({
      indexName: 'ByMonth',
      partitionKey: { name: 'listKey', type: AttributeType.STRING },
      sortKey: { name: 'openedAt', type: AttributeType.STRING },
    });
    // Written only by the single WAF writer; entries outlive their expiry so a repeat offender escalates.
    this.blocklist = new Table(this, 'Blocklist', {
      ...common,
      partitionKey: { name: 'cidr', type: AttributeType.STRING },
    });
    this.idempotency = new Table(this, 'Idempotency', {
      ...common,
      partitionKey: { name: 'id', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiration',
      deletionProtection: false,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.appSessions = new Table(this, 'AppSessions', {
      ...common,
      partitionKey: { name: 'userId', type: AttributeType.STRING },
      sortKey: { name: 'sessionId', type: AttributeType.STRING },
    });
  }
}
