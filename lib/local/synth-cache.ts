import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import type { RiposteConfig } from '../../lambdas/core/config.ts';
import type { Template } from './cloudformation.ts';
import { PROJECT_ROOT } from './project-root.ts';

/**
 * The synthesized template and the validated state machines, cached on disk under a key that hashes
 * everything that shapes them (ADR 0012): every file under the source folders, the lockfile (the CDK
 * version), cdk.json, the configuration and the environment variables synthesis reads. Any change to any
 * of them is a new key, so a stale entry is never read; entries are only ever added, never updated.
 */

/** Folders and files whose bytes shape the template; everything synthesis imports from the checkout lives here. */
export const SYNTH_INPUTS = ['lib', 'playbooks', 'lambdas', 'cdk.json', 'package-lock.json', 'tsconfig.json'];
/** Environment variables `buildApp` reads. */
const SYNTH_ENV = ['CDK_CONTEXT_JSON', 'CDK_DEFAULT_ACCOUNT', 'CDK_DEFAULT_REGION'];
/** Bump when what an entry holds changes shape. */
const FORMAT = 'riposte-synth-cache/1';
/** Entries kept; the oldest are removed when a new one is written. */
const KEEP = 16;

/** Where entries live: RIPOSTE_CACHE_DIR, else node_modules/.cache/riposte (shared by every state folder). */
export function cacheDir(): string {
  return process.env.RIPOSTE_CACHE_DIR ?? path.join(PROJECT_ROOT, 'node_modules', '.cache', 'riposte');
}

/** Every input file, relative to the project root, sorted. */
export function synthInputFiles(root = PROJECT_ROOT): string[] {
  const files: string[] = [];
  const walk = (relative: string) => {
    const absolute = path.join(root, relative);
    if (!existsSync(absolute)) return;
    if (statSync(absolute).isDirectory()) {
      for (const entry of readdirSync(absolute).sort()) walk(path.join(relative, entry));
    } else files.push(relative);
  };
  for (const input of SYNTH_INPUTS) walk(input);
  return files;
}

/** The cache key: a SHA-256 of the input files' names and bytes, the configuration and the environment. */
export function synthesisKey(config: RiposteConfig, root = PROJECT_ROOT): string {
  const hash = createHash('sha256').update(FORMAT);
  for (const file of synthInputFiles(root)) {
    hash.update(`\0file\0${file}\0`).update(readFileSync(path.join(root, file)));
  }
  hash.update(`\0config\0${JSON.stringify(config)}`);
  for (const name of SYNTH_ENV) hash.update(`\0env\0${name}=${process.env[name] ?? ''}`);
  return hash.digest('hex').slice(0, 32);
}

/** One cache entry: the template, then each state machine's definition once it has been validated. */
export class SynthCacheEntry {
  readonly dir: string;

  constructor(
    readonly key: string,
    root = cacheDir(),
  ) {
    this.dir = path.join(root, key);
  }

  readTemplate(): Template | undefined {
    return readJson(path.join(this.dir, 'template.json')) as Template | undefined;
  }

  writeTemplate(template: Template): void {
    writeAtomically(path.join(this.dir, 'template.json'), template);
    prune(path.dirname(this.dir), this.key);
  }

  /** A definition stored here passed validation when it was stored: the key pins the template it came from. */
  readMachine(playbook: string): unknown {
    return readJson(this.machineFile(playbook));
  }

  writeMachine(playbook: string, definition: unknown): void {
    writeAtomically(this.machineFile(playbook), definition);
  }

  private machineFile(playbook: string): string {
    return path.join(this.dir, `machine-${playbook}.json`);
  }
}

/** The template for this configuration: from the cache, or synthesized (aws-cdk-lib loaded only then) and stored. */
export async function cachedTemplate(
  config: RiposteConfig,
): Promise<{ template: Template; entry: SynthCacheEntry; hit: boolean }> {
  const entry = new SynthCacheEntry(synthesisKey(config));
  const cached = entry.readTemplate();
  if (cached) return { template: cached, entry, hit: true };
  const { synthesizeTemplate } = await import('./synthesize.ts');
  const template = synthesizeTemplate(config);
  entry.writeTemplate(template);
  return { template, entry, hit: false };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Write to a temporary name, then rename: a reader sees the whole entry or none (also across processes). */
function writeAtomically(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, JSON.stringify(value));
    renameSync(tmp, file);
  } catch {
    // A read-only checkout still runs, only without the cache.
    rmSync(tmp, { force: true });
  }
}

function prune(root: string, keep: string): void {
  if (!existsSync(root)) return;
  const entries = readdirSync(root)
    .filter((name) => name !== keep)
    .map((name) => ({ name, at: statSync(path.join(root, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { name } of entries.slice(KEEP - 1)) {
    rmSync(path.join(root, name), { recursive: true, force: true });
  }
}
