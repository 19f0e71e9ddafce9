import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseConfig, type RiposteConfig } from '../lambdas/core/config.ts';
import { STACK_NAME } from './names.ts';
import { RiposteStack } from './riposte-stack.ts';

export { STACK_NAME };

const CDK_JSON = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../cdk.json');

function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(CDK_JSON, 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
}

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
    context: {
      // Outside the CDK CLI (tests, the local runtime), read cdk.json ourselves so feature flags match `cdk synth`.
      ...(process.env.CDK_CONTEXT_JSON ? {} : cdkJsonContext()),
      ...(options.skipBundling ? { 'aws:cdk:bundling-stacks': [] } : {}),
    },
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
