import { copyFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, buildSync } from 'esbuild';
import { PROJECT_ROOT } from '../local/config-source.ts';

export const CONSOLE_DIR = path.join(PROJECT_ROOT, 'console');

export interface ConsoleAssets {
  /** path → [content type, body] */
  files: Map<string, [string, Buffer]>;
  /** Gzip size of what the first view loads (HTML, script, styles). */
  firstViewGzipBytes: number;
}

const BUILD = {
  entryPoints: [path.join(CONSOLE_DIR, 'src/main.tsx')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  entryNames: 'app',
  legalComments: 'none',
  logLevel: 'silent',
} satisfies BuildOptions;

/** The deployed site's files in `dir` (index.html, assets/app.js, assets/app.css), for the site bucket. */
export function writeConsoleSite(dir: string): void {
  buildSync({ ...BUILD, outdir: path.join(dir, 'assets') });
  copyFileSync(path.join(CONSOLE_DIR, 'index.html'), path.join(dir, 'index.html'));
}

/**
 * Bundle the console (Preact, the views, the styles, the timeline picture) into one script and one style
 * sheet: no fonts, scripts or styles from anywhere else.
 */
export async function buildConsoleAssets(): Promise<ConsoleAssets> {
  const result = await build({ ...BUILD, outdir: '/assets', write: false });
  const files = new Map<string, [string, Buffer]>();
  const html = readFileSync(path.join(CONSOLE_DIR, 'index.html'));
  files.set('/', ['text/html; charset=utf-8', html]);
  for (const out of result.outputFiles) {
    const name = `/assets/${path.basename(out.path)}`;
    const type = name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
    files.set(name, [type, Buffer.from(out.contents)]);
  }
  const firstViewGzipBytes = [...files.values()].reduce((n, [, body]) => n + gzipSync(body).length, 0);
  return { files, firstViewGzipBytes };
}

/** The console's content security policy: everything from the console's own origin, nothing else. */
export function contentSecurityPolicy(connect = "'self'"): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${connect}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
