import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { NamedError } from '../named-error.ts';
import { checkMessage, sanitizeSubject } from './limits.ts';
import type { Page, Pager } from './port.ts';

/** One published page as stored in the local topic file. */
export interface LocalPage extends Page {
  messageId: string;
  /** ISO time of publishing. */
  at: string;
}

export interface LocalTopicOptions {
  /** JSON Lines file, one page per line. */
  file: string;
  now?: () => Date;
}

/** A stand-in for an SNS topic that keeps pages in a file, with the same limits and error names. */
export class LocalTopic implements Pager {
  private readonly file: string;
  private readonly now: () => Date;
  private faults: { name: string; times: number }[] = [];

  constructor(opts: LocalTopicOptions) {
    this.file = opts.file;
    this.now = opts.now ?? (() => new Date());
  }

  /** The next `times` publishes throw an error with this name (e.g. ThrottledException). */
  failNext(name: string, times = 1): void {
    this.faults.push({ name, times });
  }

  async publish(page: Page): Promise<{ messageId: string }> {
    const fault = this.faults[0];
    if (fault) {
      if (--fault.times <= 0) this.faults.shift();
      throw new NamedError(fault.name, `Injected fault: ${fault.name}`);
    }
    checkMessage(page.message);
    const stored: LocalPage = {
      messageId: randomUUID(),
      at: this.now().toISOString(),
      subject: sanitizeSubject(page.subject),
      message: page.message,
      key: page.key,
    };
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, `${JSON.stringify(stored)}\n`);
    return { messageId: stored.messageId };
  }

  /** Pages published so far, oldest first. */
  pages(): LocalPage[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as LocalPage);
  }
}
