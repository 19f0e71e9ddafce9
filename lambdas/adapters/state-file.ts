import { existsSync, readFileSync } from 'node:fs';
import { NamedError } from './named-error.ts';

/** What to do when a local state file is damaged (a run killed mid-write, a hand edit, a full disk). */
const WHAT_TO_DO =
  'restore it from a copy, or delete it and run `riposte simulate` again (without --resume it starts fresh and removes only the files riposte wrote)';

/**
 * A local stand-in's JSON file, read whole: absent gives undefined; empty, garbled or of the wrong shape is a
 * `StateFileDamaged` error naming the file, what it holds and what to do, never a stack trace or a hang.
 */
export function readStateFile<T>(file: string, holds: string, shape: 'object' | 'array'): T | undefined {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw damaged(
      file,
      holds,
      text.trim() === '' ? 'is empty' : `is not valid JSON (${(error as Error).message})`,
    );
  }
  const isArray = Array.isArray(value);
  const fits = shape === 'array' ? isArray : typeof value === 'object' && value !== null && !isArray;
  if (!fits) throw damaged(file, holds, `should hold a JSON ${shape}`);
  return value as T;
}

function damaged(file: string, holds: string, problem: string): NamedError {
  return new NamedError('StateFileDamaged', `${file} (${holds}) ${problem}: ${WHAT_TO_DO}`);
}
