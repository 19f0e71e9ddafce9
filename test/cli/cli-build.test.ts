import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript, run by node before any TypeScript loader
import { cliEntry, sourceKey } from '../../bin/cli-build.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = (args: string[]) =>
  execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

describe('compiled CLI', () => {
  it('lives under the hash of the current sources', async () => {
    const entry = fileURLToPath(await cliEntry());
    expect(existsSync(entry)).toBe(true);
    expect(path.basename(path.dirname(entry))).toBe(`cli-${sourceKey()}`);
  });

  it('prints what the sources print', () => {
    for (const args of [['--help'], ['simulate', '--help'], ['playbooks']]) {
      const fromSources = run(['--import', 'tsx', 'bin/riposte.ts', ...args]);
      expect(run(['bin/riposte.mjs', ...args])).toBe(fromSources);
      expect(fromSources.length).toBeGreaterThan(100);
    }
  });
});
