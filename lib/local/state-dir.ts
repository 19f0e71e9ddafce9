import { rmSync } from 'node:fs';
import * as path from 'node:path';

export interface StatePaths {
  root: string;
  dynamodb: string;
  waf: string;
  identity: string;
  pages: string;
  logs: string;
  evidence: string;
  /** The private key that signs evidence manifests locally (KMS holds it on AWS). */
  signingKey: string;
  /** S3 buckets where logs land (`<bucket>/<key>`), read for evidence; riposte never writes here. */
  logArchive: string;
  executions: string;
  incidents: string;
  wafRuleGroups: string;
  parameters: string;
  schedules: string;
  /** Notices to users, one .eml file each, per incident. */
  notices: string;
  /** CloudWatch alarm states and Cognito's risk configuration, as the stand-ins keep them. */
  alarms: string;
  cognitoRisk: string;
}

/** The local state folder: everything riposte keeps between local runs, laid out like the AWS resources. */
export function statePaths(root: string): StatePaths {
  const at = (name: string) => path.join(root, name);
  return {
    root,
    dynamodb: at('dynamodb'),
    waf: at('waf.json'),
    identity: at('identity.json'),
    pages: at('pages.jsonl'),
    logs: at('logs.jsonl'),
    evidence: at('evidence'),
    signingKey: at('evidence-signing-key.pem'),
    logArchive: at('log-archive'),
    executions: at('executions.json'),
    incidents: at('incidents'),
    wafRuleGroups: at('waf-rule-groups.json'),
    parameters: at('parameters.json'),
    schedules: at('schedules.json'),
    notices: at('notices'),
    alarms: at('alarms.json'),
    cognitoRisk: at('cognito-risk.json'),
  };
}

/** Forget a previous simulation: removes only what riposte itself writes, never the folder's other files. */
export function resetState(root: string): void {
  const paths = statePaths(root);
  for (const [key, target] of Object.entries(paths)) {
    // The signing key outlives a reset (evidence sealed before must still verify); the log archive is input, not state.
    if (key !== 'root' && key !== 'signingKey' && key !== 'logArchive')
      rmSync(target, { recursive: true, force: true });
  }
}
