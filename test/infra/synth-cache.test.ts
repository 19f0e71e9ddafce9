import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../lib/local/config-source.ts';
import {
  cachedTemplate,
  SynthCacheEntry,
  synthesisKey,
  synthInputFiles,
} from '../../lib/local/synth-cache.ts';

const config = loadConfig();

function checkout(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'riposte-key-'));
  mkdirSync(path.join(root, 'lib', 'constructs'), { recursive: true });
  writeFileSync(path.join(root, 'lib', 'constructs', 'a.ts'), 'export const a = 1;\n');
  writeFileSync(path.join(root, 'cdk.json'), '{"context":{}}');
  return root;
}

describe('synthesis cache key', () => {
  const saved = process.env.CDK_DEFAULT_REGION;
  afterEach(() => {
    if (saved === undefined) delete process.env.CDK_DEFAULT_REGION;
    else process.env.CDK_DEFAULT_REGION = saved;
  });

  it('changes with any byte of a source file, a new file, the configuration or the environment', () => {
    const root = checkout();
    const before = synthesisKey(config, root);
    expect(synthesisKey(config, root)).toBe(before);

    writeFileSync(path.join(root, 'lib', 'constructs', 'a.ts'), 'export const a = 2;\n');
    const edited = synthesisKey(config, root);
    expect(edited).not.toBe(before);

    writeFileSync(path.join(root, 'lib', 'b.json'), '{}');
    const added = synthesisKey(config, root);
    expect(added).not.toBe(edited);

    const other = structuredClone(config);
    other.detection.correlationMinutes += 1;
    expect(synthesisKey(other, root)).not.toBe(added);

    process.env.CDK_DEFAULT_REGION = 'eu-west-3';
    expect(synthesisKey(config, root)).not.toBe(added);
  });

  it('covers every file of the checkout that synthesis imports', async () => {
    // esbuild follows the same imports tsx does; packages stay outside (the lockfile pins them).
    const result = await build({
      entryPoints: [path.join(PROJECT_ROOT, 'lib/local/synthesize.ts')],
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const imported = Object.keys(result.metafile.inputs).map((file) =>
      path.relative(PROJECT_ROOT, path.resolve(file)),
    );
    expect(imported.length).toBeGreaterThan(20);
    const hashed = new Set(synthInputFiles());
    expect(imported.filter((file) => !hashed.has(file))).toEqual([]);
    for (const read of ['cdk.json', 'package-lock.json']) expect(hashed.has(read)).toBe(true);
  });
});

describe('cached template', () => {
  it('is synthesized on a miss, read back on a hit, and equal to what was synthesized', async () => {
    process.env.RIPOSTE_CACHE_DIR = mkdtempSync(path.join(tmpdir(), 'riposte-cache-'));
    try {
      const cold = await cachedTemplate(config);
      expect(cold.hit).toBe(false);
      expect(Object.keys(cold.template.Resources).length).toBeGreaterThan(50);
      const warm = await cachedTemplate(config);
      expect(warm.hit).toBe(true);
      expect(warm.template).toEqual(cold.template);
      expect(warm.entry.dir).toBe(cold.entry.dir);
    } finally {
      delete process.env.RIPOSTE_CACHE_DIR;
    }
  });

  it('keeps a validated state machine under its key only', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'riposte-cache-'));
    const entry = new SynthCacheEntry('k1', root);
    expect(entry.readMachine('block-ips')).toBeUndefined();
    entry.writeMachine('block-ips', { StartAt: 'A', States: {} });
    expect(entry.readMachine('block-ips')).toEqual({ StartAt: 'A', States: {} });
    expect(new SynthCacheEntry('k2', root).readMachine('block-ips')).toBeUndefined();
  });
});
