import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { NamedError } from '../named-error.ts';
import type { ArchivePage, LogArchive } from './port.ts';
import { inWindow } from './s3.ts';

/** How many keys one local listing page holds, as S3 returns at most 1,000. */
const PAGE = 1_000;

/**
 * Log archives in a local folder, `<root>/<bucket>/<key>`; a file's modification time is its delivery time.
 * The cursor is the last key of the previous page (keys are listed in order, as S3 lists them).
 */
export class LocalLogArchive implements LogArchive {
  constructor(private readonly root: string) {}

  async listPage(
    bucket: string,
    prefix: string,
    window: { start: Date; end: Date },
    cursor: string | undefined,
  ): Promise<ArchivePage> {
    const keys = (await this.keys(bucket)).filter(
      (k) => k.startsWith(prefix) && (cursor === undefined || k > cursor),
    );
    const page = keys.slice(0, PAGE);
    const objects = [];
    for (const key of page) {
      const info = await stat(join(this.root, bucket, ...key.split('/')));
      if (inWindow(info.mtime, window))
        objects.push({ key, lastModified: info.mtime.toISOString(), size: info.size });
    }
    return { objects, ...(keys.length > PAGE ? { cursor: page.at(-1) } : {}) };
  }

  async get(bucket: string, key: string): Promise<Uint8Array> {
    if (key.split('/').some((s) => s === '..' || s === '')) {
      throw new NamedError('NoSuchKey', `The specified key does not exist: ${key}`);
    }
    try {
      return new Uint8Array(await readFile(join(this.root, bucket, ...key.split('/'))));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        throw new NamedError('NoSuchKey', `The specified key does not exist: ${key}`);
      throw err;
    }
  }

  private async keys(bucket: string): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string, prefix: string): Promise<void> => {
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        if (prefix === '')
          throw new NamedError('NoSuchBucket', `The specified bucket does not exist: ${bucket}`);
        return;
      }
      for (const e of entries) {
        if (e.isDirectory()) await walk(join(dir, e.name), `${prefix}${e.name}/`);
        else out.push(`${prefix}${e.name}`);
      }
    };
    await walk(join(this.root, bucket), '');
    return out.sort();
  }
}
