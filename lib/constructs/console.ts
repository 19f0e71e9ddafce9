import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { type CfnStage, CorsHttpMethod, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
} from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { contentSecurityPolicy } from '../console/assets.ts';

export interface ResponderConsoleProps {
  /** The console-api function (the same routes as `riposte console`), granted what it needs by the stack. */
  api: IFunction;
  /** Prefix of the hosted sign-in domain; default riposte-<account>. */
  domainPrefix?: string;
}

/** Groups of the console's user pool: responders may act, viewers only read. */
export const CONSOLE_GROUPS = { responders: 'may act from the console', viewers: 'read only' } as const;

/**
 * The responder's console on AWS: the bundled site in a private bucket behind CloudFront (origin access
 * control, security headers, HTTPS only), the API on an HTTP API whose every route needs a Cognito token,
 * and the user pool: no self sign-up, MFA required (authenticator app), groups responders and viewers.
 */
export class ResponderConsole extends Construct {
  readonly userPool: UserPool;
  readonly distribution: Distribution;
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, props: ResponderConsoleProps) {
    super(scope, id);
    const region = Stack.of(this).region;

    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const [name, description] of Object.entries(CONSOLE_GROUPS)) {
      new CfnUserPoolGroup(this, `Group-${name}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: name,
        description,
      });
    }
    const domain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `riposte-${Aws.ACCOUNT_ID}` },
    });

    const logs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      // CloudFront standard logging writes with an ACL.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        "This bucket receives the console site's and CDN's access logs; logging it to itself would loop.",
    });
    const site = new Bucket(this, 'Site', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });

    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'riposte console: security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // The API and the sign-in domain are the only other origins the page talks to.
          contentSecurityPolicy: contentSecurityPolicy(
            `'self' https://*.execute-api.${region}.amazonaws.com ${domain.baseUrl()}`,
          ),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });
    this.distribution = new Distribution(this, 'Cdn', {
      comment: 'riposte console',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cdn/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(site),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
      },
    });
    const consoleUrl = `https://${this.distribution.distributionDomainName}/`;
    const client = this.userPool.addClient('Console', {
      generateSecret: false,
      authFlows: {},
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [consoleUrl],
        logoutUrls: [consoleUrl],
      },
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_YEAR });
    this.httpApi = new HttpApi(this, 'Api', {
      description: 'riposte console API',
      defaultAuthorizer: new HttpUserPoolAuthorizer('Cognito', this.userPool, { userPoolClients: [client] }),
      corsPreflight: {
        allowOrigins: [`https://${this.distribution.distributionDomainName}`],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
        allowHeaders: ['authorization', 'content-type'],
        maxAge: Duration.hours(1),
      },
    });
    this.httpApi.addRoutes({
      path: '/api/{proxy+}',
      methods: [HttpMethod.GET, HttpMethod.POST],
      integration: new HttpLambdaIntegration('Routes', props.api),
    });
    const stage = this.httpApi.defaultStage?.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        time: '$context.requestTime',
        route: '$context.routeKey',
        status: '$context.status',
        sub: '$context.authorizer.claims.sub',
        ip: '$context.identity.sourceIp',
      }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 50, throttlingRateLimit: 20 };

    // The site's files are uploaded after deploy (README: Console); a BucketDeployment would add a custom
    // resource Lambda with AWS managed policies that cdk-nag rightly flags.
    new CfnOutput(Stack.of(this), 'ConsoleSiteBucket', { value: site.bucketName });
    new CfnOutput(Stack.of(this), 'ConsoleSettings', {
      value: Stack.of(this).toJsonString({
        apiUrl: `${this.httpApi.apiEndpoint}/api`,
        authUrl: domain.baseUrl(),
        clientId: client.userPoolClientId,
      }),
    });
    new CfnOutput(Stack.of(this), 'ConsoleUrl', { value: consoleUrl });
    new CfnOutput(Stack.of(this), 'ConsoleUserPoolId', { value: this.userPool.userPoolId });

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Responders answer incidents from wherever they are; sign-in with MFA guards the console, not geography.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves only the static console; every API call needs a Cognito token with MFA.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate allows TLSv1 at the edge by CloudFront design; TLS 1.2 applies once a custom domain certificate is attached.',
      },
    );
    Validations.of(this.httpApi).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Only the CORS preflight (OPTIONS) is unauthenticated, as browsers send it without credentials.',
    });
  }
}
