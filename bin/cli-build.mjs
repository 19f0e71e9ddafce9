// The CLI, compiled once from its TypeScript sources and reused while they are unchanged (ADR 0013).
// Loading the sources through tsx costs about 0.3 s before the first line runs; the compiled build loads in
// tens of milliseconds. The build sits under a hash of every source file, so a changed source is a new
// build, never a stale one. `npm ci` builds it (the "prepare" script); a miss builds it on the spot.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Everything the CLI's code comes from; packages stay outside the build, pinned by the lockfile. */
const INPUTS = ['bin', 'lib', 'lambdas', 'playbooks', 'package-lock.json', 'tsconfig.json'];
const FORMAT = 'riposte-cli-build/1';
const KEEP = 4;

function cacheRoot() {
  return process.env.RIPOSTE_CACHE_DIR ?? path.join(ROOT, 'node_modules', '.cache', 'riposte');
}

/** SHA-256 of the path and bytes of every input file. */
export function sourceKey() {
  const hash = createHash('sha256').update(FORMAT);
  const walk = (relative) => {
    const absolute = path.join(ROOT, relative);
    if (!existsSync(absolute)) return;
    if (statSync(absolute).isDirectory()) {
      for (const entry of readdirSync(absolute).sort()) walk(path.join(relative, entry));
    } else hash.update(`\0${relative}\0`).update(readFileSync(absolute));
  };
  for (const input of INPUTS) walk(input);
  return hash.digest('hex').slice(0, 32);
}

/** The compiled entry for the sources as they are now, building it first if there is none. */
export async function cliEntry() {
  const dir = path.join(cacheRoot(), `cli-${sourceKey()}`);
  const entry = path.join(dir, 'riposte.mjs');
  if (!existsSync(entry)) await build(dir);
  return pathToFileURL(entry).href;
}

async function build(dir) {
  const { build: esbuild, transform } = await import('esbuild');
  const tmp = `${dir}.${process.pid}.tmp`;
  // Each source keeps its own import.meta.url, so paths it derives from its location stay right.
  const ownUrl = {
    name: 'own-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        const { code } = await transform(readFileSync(args.path, 'utf8'), {
          loader: 'ts',
          format: 'esm',
          target: 'node20',
          define: { 'import.meta.url': JSON.stringify(pathToFileURL(args.path).href) },
        });
        return { contents: code, loader: 'js' };
      });
    },
  };
  await esbuild({
    entryPoints: { riposte: path.join(ROOT, 'bin', 'riposte.ts') },
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    plugins: [ownUrl],
    logLevel: 'silent',
  });
  try {
    renameSync(tmp, dir);
  } catch (error) {
    // Another process built the same sources first: its build is identical.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(dir)) throw error;
  }
  prune(path.basename(dir));
}

function prune(keep) {
  const root = cacheRoot();
  const builds = readdirSync(root)
    .filter((name) => name.startsWith('cli-') && name !== keep && !name.endsWith('.tmp'))
    .map((name) => ({ name, at: statSync(path.join(root, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { name } of builds.slice(KEEP - 1))
    rmSync(path.join(root, name), { recursive: true, force: true });
}

// `node bin/cli-build.mjs` (the prepare script): build now so the first `npx riposte` is fast.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(cacheRoot(), { recursive: true });
  await cliEntry().catch((error) => {
    // Never fail an install: the CLI falls back to the sources.
    process.stderr.write(
      `riposte: could not prebuild the CLI (${error.message}); it will run from the sources\n`,
    );
  });
}
