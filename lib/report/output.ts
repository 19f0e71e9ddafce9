import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export interface OutputFile {
  path: string;
  content: string | Uint8Array;
}

/**
 * Write every file or none: each goes to a temporary name beside its target first, and only when all are
 * written are they renamed into place. A failure names the path and leaves nothing half-written.
 */
export function writeAll(files: readonly OutputFile[]): string[] {
  const temps: { temp: string; target: string }[] = [];
  try {
    for (const file of files) {
      const target = path.resolve(file.path);
      const dir = path.dirname(target);
      if (!existsSync(dir)) throw new Error(`the folder ${dir} does not exist`);
      if (existsSync(target) && statSync(target).isDirectory()) throw new Error(`${target} is a folder`);
      const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.tmp`);
      temps.push({ temp, target });
      writeFileSync(temp, file.content);
    }
  } catch (error) {
    for (const { temp } of temps) {
      try {
        rmSync(temp, { force: true });
      } catch {
        // It was never created (its folder is not a folder).
      }
    }
    const e = error as NodeJS.ErrnoException;
    throw new Error(
      `cannot write ${files.map((f) => f.path).join(', ')}: ${e.code ? `${e.code}: ` : ''}${e.message}. Nothing was written; choose another --out`,
    );
  }
  for (const { temp, target } of temps) renameSync(temp, target);
  return temps.map((t) => t.target);
}
