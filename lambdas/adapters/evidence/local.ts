import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sha256Hex } from '../../core/evidence.ts';
import { NamedError } from '../named-error.ts';
import type { EvidenceStore, PutLock, StoredObject } from './port.ts';

export interface LocalEvidenceStoreOptions {
  /** Folder laid out like the bucket: the object `a/b.gz` is the file `<root>/a/b.gz`. */
  root: string;
  now?: () => Date;
  /** Object Lock retention every object gets, as the bucket's default retention does. */
  retentionDays?: number;
  lockMode?: 'GOVERNANCE' | 'COMPLIANCE';
}

export interface LocalObjectEntry {
  key: string;
  sha256: string;
  size: number;
  contentType: string;
  writtenAt: string;
  lockMode?: 'GOVERNANCE' | 'COMPLIANCE';
  retainUntil?: string;
  legalHold?: boolean;
}

const DAY_MS = 86_400_000;

const INDEX = '.objects.json';
const TMP = '.tmp';

function errorCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** Write-once evidence in a local folder, with the same conflict semantics as the S3 store. */
export class LocalEvidenceStore implements EvidenceStore {
  private readonly root: string;
  private readonly now: () => Date;
  private readonly retentionDays: number;
  private readonly lockMode: 'GOVERNANCE' | 'COMPLIANCE';
  private faults: { name: string; times: number }[] = [];
  // Serializes read-modify-write of the index within this process.
  private indexLock: Promise<unknown> = Promise.resolve();

  constructor(opts: LocalEvidenceStoreOptions) {
    this.root = opts.root;
    this.now = opts.now ?? (() => new Date());
    this.retentionDays = opts.retentionDays ?? 365;
    this.lockMode = opts.lockMode ?? 'GOVERNANCE';
  }

  /** The next `times` store calls throw an error with this name (e.g. SlowDown, InternalError). */
  failNext(name: string, times = 1): void {
    this.faults.push({ name, times });
  }

  async put(key: string, body: Uint8Array, contentType: string, lock: PutLock = {}): Promise<StoredObject> {
    this.injectFault();
    const file = this.pathFor(key);
    const sha256 = sha256Hex(body);
    await mkdir(dirname(file), { recursive: true });
    const tmpDir = join(this.root, TMP);
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${process.pid}-${randomBytes(6).toString('hex')}`);
    await writeFile(tmp, body);
    try {
      // link() fails if the target exists, so creation is atomic and never overwrites (like If-None-Match: *).
      await link(tmp, file);
    } catch (err) {
      if (errorCode(err) !== 'EEXIST') throw err;
      const existing = sha256Hex(await readFile(file));
      if (existing !== sha256) {
        throw new NamedError(
          'EvidenceConflict',
          `${key} already exists with different content (sha256 ${existing})`,
        );
      }
    } finally {
      await rm(tmp, { force: true });
    }
    // A re-delivery keeps the first write's entry; a crash before indexing is repaired here.
    const now = this.now();
    const entry = await this.remember({
      key,
      sha256,
      size: body.byteLength,
      contentType,
      writtenAt: now.toISOString(),
      lockMode: this.lockMode,
      retainUntil: new Date(now.getTime() + this.retentionDays * DAY_MS).toISOString(),
      ...(lock.legalHold ? { legalHold: true } : {}),
    });
    return { key, sha256: entry.sha256, size: entry.size };
  }

  async get(key: string): Promise<Uint8Array> {
    this.injectFault();
    try {
      return new Uint8Array(await readFile(this.pathFor(key)));
    } catch (err) {
      if (errorCode(err) === 'ENOENT')
        throw new NamedError('NoSuchKey', `The specified key does not exist: ${key}`);
      throw err;
    }
  }

  async list(prefix: string): Promise<string[]> {
    this.injectFault();
    const keys: string[] = [];
    const walk = async (dir: string, keyPrefix: string): Promise<void> => {
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        if (errorCode(err) === 'ENOENT') return;
        throw err;
      }
      for (const e of entries) {
        if (keyPrefix === '' && (e.name === INDEX || e.name === TMP)) continue;
        const key = keyPrefix + e.name;
        if (e.isDirectory()) await walk(join(dir, e.name), `${key}/`);
        else if (key.startsWith(prefix)) keys.push(key);
      }
    };
    await walk(this.root, '');
    return keys.sort();
  }

  /**
   * DeleteObject under Object Lock: refused (AccessDenied, as S3 answers) while the object is retained or
   * under legal hold. Riposte never deletes evidence; this exists so the lock can be shown to hold.
   */
  async delete(key: string): Promise<void> {
    const entry = (await this.readIndex())[key];
    const retained = entry?.retainUntil !== undefined && entry.retainUntil > this.now().toISOString();
    if (entry && (retained || entry.legalHold)) {
      throw new NamedError(
        'AccessDenied',
        `${key} is locked (${entry.legalHold ? 'legal hold' : `${entry.lockMode} retention until ${entry.retainUntil}`})`,
      );
    }
    await rm(this.pathFor(key), { force: true });
  }

  async setLegalHold(key: string, on: boolean): Promise<void> {
    this.injectFault();
    const run = this.indexLock.then(async () => {
      const index = await this.readIndex();
      const entry = index[key];
      if (!entry) throw new NamedError('NoSuchKey', `The specified key does not exist: ${key}`);
      index[key] = { ...entry, legalHold: on };
      await this.writeIndex(index);
    });
    this.indexLock = run.catch(() => undefined);
    return run;
  }

  /** The index entries (what was written when), sorted by key. */
  async entries(): Promise<LocalObjectEntry[]> {
    return Object.values(await this.readIndex()).sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  private remember(entry: LocalObjectEntry): Promise<LocalObjectEntry> {
    const run = this.indexLock.then(async () => {
      const index = await this.readIndex();
      const known = index[entry.key];
      if (known && known.sha256 === entry.sha256) return known;
      index[entry.key] = entry;
      await this.writeIndex(index);
      return entry;
    });
    this.indexLock = run.catch(() => undefined);
    return run;
  }

  private async writeIndex(index: Record<string, LocalObjectEntry>): Promise<void> {
    const file = join(this.root, INDEX);
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(index, null, 2)}\n`);
    await rename(tmp, file);
  }

  private async readIndex(): Promise<Record<string, LocalObjectEntry>> {
    try {
      return JSON.parse(await readFile(join(this.root, INDEX), 'utf8')) as Record<string, LocalObjectEntry>;
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return {};
      throw err;
    }
  }

  /** Keys are checked segment by segment so none can climb out of the root or hit the bookkeeping files. */
  private pathFor(key: string): string {
    const segments = key.split('/');
    const bad = segments.some((s) => s === '' || s === '.' || s === '..' || /[\\\p{Cc}]/u.test(s));
    if (bad || segments[0] === INDEX || segments[0] === TMP) {
      throw new NamedError('InvalidEvidenceKey', `${JSON.stringify(key)} is not a valid evidence key`);
    }
    return join(this.root, ...segments);
  }

  private injectFault(): void {
    const fault = this.faults[0];
    if (!fault) return;
    if (--fault.times <= 0) this.faults.shift();
    throw new NamedError(fault.name, `Injected fault: ${fault.name}`);
  }
}
