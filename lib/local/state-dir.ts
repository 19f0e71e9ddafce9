import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { listFiles, noteRemoved, ownedFiles, writeOwned } from './state-lock.ts';

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

export class ForeignStateError extends Error {
  override name = 'ForeignState';
}

/**
 * Top-level names riposte writes its state under (the signing key and the log archive are not reset).
 * `secrets.json` is not among them: the user writes it (the outside providers' credentials), riposte only reads it.
 */
function statePlaces(root: string): string[] {
  const paths = statePaths(root);
  const places = Object.entries(paths)
    .filter(([key]) => !['root', 'signingKey', 'logArchive'].includes(key))
    .map(([, target]) => path.relative(root, target));
  return [...places, 'iam.json'];
}

/**
 * Check that riposte's places in the folder hold riposte's files: a `logs.jsonl` or `waf.json` the user put
 * there would be read as local state and written into. A folder riposte used before it kept its list of
 * files (`executions.json` or `dynamodb/` present, no list) is adopted as riposte's.
 */
export function checkOwnership(root: string): void {
  const owned = new Set(ownedFiles(root));
  const files = listFiles(root);
  const places = statePlaces(root);
  const inPlace = (f: string) => places.some((p) => f === p || f.startsWith(`${p}${path.sep}`));
  if (
    owned.size === 0 &&
    (existsSync(path.join(root, 'executions.json')) || existsSync(path.join(root, 'dynamodb')))
  ) {
    writeOwned(root, files.filter(inPlace));
    return;
  }
  const foreign = files.filter((f) => places.includes(f) && !owned.has(f));
  if (foreign.length > 0) {
    throw new ForeignStateError(
      `${foreign.map((f) => path.join(root, f)).join(', ')} ${foreign.length === 1 ? 'was' : 'were'} not written by riposte, but riposte keeps its local state under ${foreign.length === 1 ? 'that name' : 'those names'}: move ${foreign.length === 1 ? 'it' : 'them'} out of ${root}, or give riposte another --state`,
    );
  }
}

/**
 * Forget a previous simulation: removes only the files riposte created (its list in `.riposte-files`),
 * never the folder's other files, and keeps the signing key (evidence sealed before must still verify).
 * Returns the files it kept that riposte did not write.
 */
export function resetState(root: string): string[] {
  checkOwnership(root);
  const keep = new Set([path.relative(root, statePaths(root).signingKey)]);
  const owned = ownedFiles(root);
  const removed = owned.filter((f) => !keep.has(f));
  for (const file of removed) rmSync(path.join(root, file), { force: true });
  noteRemoved(root, removed);
  for (const dir of new Set(removed.map((f) => path.dirname(f)))) removeEmptyDirs(root, dir);
  writeOwned(
    root,
    owned.filter((f) => keep.has(f)),
  );
  const ownedSet = new Set(owned);
  return listFiles(root).filter((f) => !ownedSet.has(f));
}

/** Remove a folder and its parents up to the root while they are empty. */
function removeEmptyDirs(root: string, dir: string): void {
  for (let d = dir; d && d !== '.' && !d.startsWith('..'); d = path.dirname(d)) {
    const full = path.join(root, d);
    if (!existsSync(full)) continue;
    if (readdirSync(full).length > 0) {
      // Emptied subfolders first (dynamodb/<table>/…).
      for (const entry of readdirSync(full, { withFileTypes: true }))
        if (entry.isDirectory()) removeEmptyTree(path.join(full, entry.name));
      if (readdirSync(full).length > 0) return;
    }
    rmdirSync(full);
  }
}

function removeEmptyTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }))
    if (entry.isDirectory()) removeEmptyTree(path.join(dir, entry.name));
  if (readdirSync(dir).length === 0) rmdirSync(dir);
}
