import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { indicatorMatcher } from '../../core/evidence.ts';
import type { Indicators, LogPage, LogRecord, LogSource, LogWindow } from './port.ts';

export interface LocalLogSourceOptions {
  /** JSON lines, one LogRecord (`{source, timestamp, record}`) per line. */
  file: string;
}

/** Add records to a local log file (the local runtime stores the simulated events here). */
export async function appendLogRecords(file: string, records: LogRecord[]): Promise<void> {
  if (records.length === 0) return;
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
}

/** Reads back the local runtime's log file like CloudWatch Logs would be read on AWS. */
export class LocalLogSource implements LogSource {
  private readonly file: string;

  constructor(opts: LocalLogSourceOptions) {
    this.file = opts.file;
  }

  async read(window: LogWindow, indicators: Indicators): Promise<LogRecord[]> {
    return (await this.readPage(window, indicators, undefined, Number.POSITIVE_INFINITY)).records;
  }

  /** The cursor is the line to continue from: the file is append-only, so lines keep their numbers. */
  async readPage(
    window: LogWindow,
    indicators: Indicators,
    cursor: string | undefined,
    limit: number,
  ): Promise<LogPage> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [] };
      throw err;
    }
    const start = window.start.getTime();
    const end = window.end.getTime();
    const matches = indicatorMatcher(indicators);
    const out: LogRecord[] = [];
    const lines = text.split('\n');
    for (let i = Number(cursor ?? 0); i < lines.length; i++) {
      const line = lines[i] ?? '';
      if (line.trim() === '') continue;
      let entry: LogRecord;
      try {
        entry = JSON.parse(line) as LogRecord;
      } catch {
        // A corrupt log line is worth stopping for: evidence must not silently lose records.
        throw new SyntaxError(`${this.file}:${i + 1}: not a JSON log record`);
      }
      const at = Date.parse(entry.timestamp);
      if (Number.isNaN(at) || at < start || at > end || !matches(entry.record)) continue;
      out.push(entry);
      if (out.length >= limit) return { records: out, cursor: String(i + 1) };
    }
    return { records: out };
  }
}
