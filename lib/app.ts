import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseConfig, type RiposteConfig } from '../lambdas/core/config.ts';
import { RiposteStack } from './riposte-stack.ts';

export const STACK_NAME = 'Riposte';

export interface BuildOptions {
  /** Skip esbuild bundling (tests and the local runtime only need the template). */
  skipBundling?: boolean;
  outdir?: string;
  /** Run cdk-nag AwsSolutions checks during synthesis. */
  nag?: boolean;
}

/** The CDK app: one stack, configured from context key `riposte` (cdk.json or `-c riposte='{…}'`). */
export function buildApp(options: BuildOptions = {}, config?: RiposteConfig) {
  const app = new App({
    outdir: options.outdir,
    context: options.skipBundling ? { 'aws:cdk:bundling-stacks': [] } : {},
  });
  const resolved = config ?? parseConfig(app.node.tryGetContext('riposte'), 'CDK context "riposte"');
  const stack = new RiposteStack(app, STACK_NAME, {
    config: resolved,
    description: 'riposte: serverless SOAR for identity attacks',
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, config: resolved };
}
