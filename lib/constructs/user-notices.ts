import { ArnFormat, Stack } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailSendingEvent,
  EventDestination,
} from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { RiposteConfig } from '../../lambdas/core/config.ts';

export interface UserNoticesProps {
  config: RiposteConfig;
  /** Reads owners' addresses and locales from the identity providers. */
  draft: IFunction;
  /** Sends the approved notices: SES or EventBridge. */
  send: IFunction;
  /** Records bounces and complaints on the incident. */
  events: IFunction;
}

/**
 * Notices to account owners: riposte's SES configuration set (TLS required), whose bounces and complaints go
 * to EventBridge and from there onto the incident; the senders may send from the configured identity only.
 */
export class UserNotices extends Construct {
  readonly configurationSet: ConfigurationSet;

  constructor(scope: Construct, id: string, props: UserNoticesProps) {
    super(scope, id);
    const { notices, identity } = props.config;
    const stack = Stack.of(this);
    const bus = EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: notices.configurationSet,
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
    });
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: EventDestination.eventBus(bus),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT],
    });
    new Rule(this, 'Bounces', {
      description: 'SES bounces and complaints of riposte notices, recorded on their incident',
      eventPattern: {
        source: ['aws.ses'],
        detailType: ['Email Bounced', 'Email Complaint Received', 'Email Rejected'],
        detail: { mail: { tags: { incident: [{ exists: true }] } } },
      },
      targets: [new LambdaFunction(props.events)],
    });
    if (notices.channel === 'eventbridge') {
      props.send.addToRolePolicy(
        new PolicyStatement({ actions: ['events:PutEvents'], resources: [bus.eventBusArn] }),
      );
    } else if (notices.from) {
      const domain = notices.from.split('@')[1] ?? '';
      const identityArn = (name: string) =>
        stack.formatArn({
          service: 'ses',
          resource: 'identity',
          resourceName: name,
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        });
      props.send.addToRolePolicy(
        new PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [
            identityArn(notices.from),
            identityArn(domain),
            stack.formatArn({
              service: 'ses',
              resource: 'configuration-set',
              resourceName: notices.configurationSet,
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
          ],
          conditions: { StringEquals: { 'ses:FromAddress': notices.from } },
        }),
      );
    }
    if (identity.providers.includes('cognito') && identity.cognitoUserPoolId) {
      props.draft.addToRolePolicy(
        new PolicyStatement({
          actions: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser'],
          resources: [
            stack.formatArn({
              service: 'cognito-idp',
              resource: 'userpool',
              resourceName: identity.cognitoUserPoolId,
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
          ],
        }),
      );
    }
  }
}
