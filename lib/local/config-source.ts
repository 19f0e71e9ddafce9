import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseConfig, type RiposteConfig } from '../../lambdas/core/config.ts';
import { PROJECT_ROOT } from './project-root.ts';

export { PROJECT_ROOT };

/**
 * The configuration `cdk deploy` would use (cdk.json context "riposte"), or a JSON file that replaces it,
 * so the local runtime runs exactly what would be deployed.
 */
export function loadConfig(file?: string): RiposteConfig {
  if (file) {
    if (!existsSync(file)) throw new Error(`configuration file ${file} does not exist`);
    return parseConfig(JSON.parse(readFileSync(file, 'utf8')), file);
  }
  const cdkJson = path.join(PROJECT_ROOT, 'cdk.json');
  const context = JSON.parse(readFileSync(cdkJson, 'utf8')).context ?? {};
  return parseConfig(context.riposte ?? {}, `${cdkJson} context "riposte"`);
}
