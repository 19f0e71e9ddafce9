import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { HANDLER_METADATA } from '../names.ts';

export { HANDLER_METADATA };

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ActionFunctionProps {
  /** File name under lambdas/handlers, without extension. */
  handler: string;
  environment: Record<string, string>;
  timeout?: Duration;
  reservedConcurrency?: number;
}

/**
 * One riposte Lambda: esbuild bundle of one handler, newest Node.js runtime on arm64, its own log group and
 * a role of its own with no AWS managed policy, so every permission is granted explicitly and least.
 */
export class ActionFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: ActionFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_YEAR });
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    this.fn = new NodejsFunction(this, 'Function', {
      entry: path.join(ROOT, 'lambdas/handlers', `${props.handler}.ts`),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout ?? Duration.seconds(60),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'riposte',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      depsLockFilePath: path.join(ROOT, 'package-lock.json'),
      projectRoot: ROOT,
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        sourceMap: true,
        minify: true,
        externalModules: ['@aws-sdk/*'],
        // ESM bundles of CommonJS dependencies need a require() in scope.
        banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
    });
    (this.fn.node.defaultChild as CfnFunction).addMetadata(HANDLER_METADATA, props.handler);
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions (tracing is on).',
    });
  }
}
