import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { RiposteConfig } from '../../lambdas/core/config.ts';
import { buildApp, STACK_NAME } from '../app.ts';
import type { Template } from './cloudformation.ts';

/** Synthesize the stack exactly as `cdk synth` would (bundling skipped: the local runtime runs the sources). */
export function synthesizeTemplate(config: RiposteConfig): Template {
  const outdir = mkdtempSync(path.join(tmpdir(), 'riposte-synth-'));
  try {
    const { app } = buildApp({ skipBundling: true, outdir, nag: false }, config);
    return app.synth().getStackByName(STACK_NAME).template as Template;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
