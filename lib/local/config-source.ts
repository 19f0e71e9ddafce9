import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError, parseConfig, type RiposteConfig } from '../../lambdas/core/config.ts';
import { PROJECT_ROOT } from './project-root.ts';

export { PROJECT_ROOT };

/**
 * The configuration `cdk deploy` would use (cdk.json context "riposte"), or a JSON file that replaces it,
 * so the local runtime runs exactly what would be deployed.
 */
export function loadConfig(file?: string): RiposteConfig {
  if (file) {
    if (!existsSync(file)) throw new ConfigError(`configuration file ${file} does not exist`);
    // A UTF-8 byte order mark (Windows editors write one) is not part of the JSON.
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    if (text.trim() === '')
      throw new ConfigError(`configuration file ${file} is empty: write a JSON object, e.g. {}`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(`configuration file ${file} is not JSON: ${(error as Error).message}`);
    }
    return parseConfig(value, file);
  }
  const cdkJson = path.join(PROJECT_ROOT, 'cdk.json');
  const context = JSON.parse(readFileSync(cdkJson, 'utf8')).context ?? {};
  return parseConfig(context.riposte ?? {}, `${cdkJson} context "riposte"`);
}
