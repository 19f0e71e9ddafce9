import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';

/**
 * One process at a time on a state folder, and a record of the files riposte created in it, so a reset
 * removes those and nothing else. Both live in the folder itself:
 *   .riposte-lock   who holds the folder (pid, host, command, since) and what the folder held before
 *   .riposte-files  every file riposte created there, relative to the folder
 */
export const LOCK_FILE = '.riposte-lock';
export const OWNED_FILE = '.riposte-files';

export class StateInUseError extends Error {
  override name = 'StateInUse';
}

interface LockRecord {
  pid: number;
  host: string;
  command: string;
  since: string;
  /** Files in the folder when the lock was taken: whatever appears later was written by the holder. */
  before: string[];
}

const held = new Map<string, { count: number; before: Set<string> }>();

/**
 * Take the folder for this process (nested calls in one process share it). A lock whose process is gone
 * (killed) is taken over: the files that process created are recorded as riposte's first.
 */
export function acquireState(root: string, command = describeCommand()): () => void {
  const key = path.resolve(root);
  const mine = held.get(key);
  if (mine) {
    mine.count++;
    return once(() => release(root, key));
  }
  mkdirSync(root, { recursive: true });
  const lockPath = path.join(root, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    const before = listFiles(root);
    const record: LockRecord = {
      pid: process.pid,
      host: hostname(),
      command,
      since: new Date().toISOString(),
      before,
    };
    try {
      writeFileSync(lockPath, JSON.stringify(record), { flag: 'wx' });
      held.set(key, { count: 1, before: new Set(before) });
      return once(() => release(root, key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 5) throw error;
    }
    const holder = readLock(lockPath);
    if (!holder && attempt < 3) {
      // A lock being written this instant: look again shortly before calling it torn.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      continue;
    }
    if (holder && isAlive(holder)) {
      throw new StateInUseError(
        `the state folder ${root} is in use by \`${holder.command}\` (pid ${holder.pid} on ${holder.host}, since ${holder.since}); wait for it to finish, or give this run another --state`,
      );
    }
    // The holder is gone (kill -9, a crash): claim its lock atomically, so two takers cannot both win.
    const claimed = `${lockPath}.${process.pid}.stale`;
    try {
      renameSync(lockPath, claimed);
    } catch {
      continue;
    }
    if (holder) recordOwned(root, holder.before);
    rmSync(claimed, { force: true });
  }
}

/** Files riposte removed while holding the folder: written again later, they are riposte's again. */
export function noteRemoved(root: string, files: readonly string[]): void {
  const mine = held.get(path.resolve(root));
  if (mine) for (const f of files) mine.before.delete(f);
}

function release(root: string, key: string): void {
  const mine = held.get(key);
  if (!mine || --mine.count > 0) return;
  held.delete(key);
  recordOwned(root, [...mine.before]);
  rmSync(path.join(root, LOCK_FILE), { force: true });
}

/** Everything in the folder now that was not there before (and is not the user's) was created by riposte. */
function recordOwned(root: string, before: readonly string[]): void {
  const known = new Set(before);
  const owned = new Set(ownedFiles(root));
  const now = listFiles(root);
  for (const file of now) if (!known.has(file)) owned.add(file);
  const present = new Set(now);
  writeOwned(
    root,
    [...owned].filter((f) => present.has(f)),
  );
}

/** The files riposte created in the folder (relative paths). */
export function ownedFiles(root: string): string[] {
  const file = path.join(root, OWNED_FILE);
  if (!existsSync(file)) return [];
  try {
    const list = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(list) ? list.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

export function writeOwned(root: string, files: readonly string[]): void {
  const file = path.join(root, OWNED_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify([...files].sort(), null, 1)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** Every file under the folder, relative, without riposte's own bookkeeping. */
export function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  return (readdirSync(root, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((d) => !d.isDirectory())
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)))
    .filter((f) => !f.startsWith(LOCK_FILE) && !f.startsWith(OWNED_FILE))
    .sort();
}

function readLock(file: string): LockRecord | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockRecord;
  } catch {
    return undefined;
  }
}

function isAlive(holder: LockRecord): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describeCommand(): string {
  const args = process.argv.slice(2).join(' ');
  return `riposte ${args}`.slice(0, 120).trim();
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
