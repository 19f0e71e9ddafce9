import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { NamedError } from '../named-error.ts';
import type { NoticeSender, UserNotice } from './port.ts';

/** An address SES accepts at all (it answers BadRequestException otherwise). */
const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/u;

/**
 * SES, locally: each notice becomes an RFC 5322 `.eml` file in the state folder (open it in any mail client);
 * bad addresses get SES's BadRequestException, addresses set to reject get MessageRejected. Writing the same
 * notice again keeps the first file and its message id.
 */
export class LocalNoticeSender implements NoticeSender {
  readonly channel = 'local' as const;
  private readonly rejected = new Set<string>();

  constructor(
    private readonly root: string,
    private readonly from = 'no-reply@riposte.local',
    private readonly now: () => Date = () => new Date(),
    /** false for the EventBridge channel: the application finds its user without an address. */
    private readonly requireAddress = true,
  ) {}

  /** SES will refuse this address (MessageRejected), as it does for a suppressed or unverified one in the sandbox. */
  reject(address: string): void {
    this.rejected.add(address.toLowerCase());
  }

  async send(notice: UserNotice): Promise<{ messageId: string }> {
    const to = notice.to ?? '';
    if ((to || this.requireAddress) && !ADDRESS.test(to))
      throw new NamedError('BadRequestException', `Invalid address: "${to}"`);
    if (this.rejected.has(to.toLowerCase()))
      throw new NamedError('MessageRejected', `Email address is not verified or is suppressed: ${to}`);
    const dir = path.join(this.root, notice.incidentId);
    const file = path.join(dir, `${notice.template}-${safe(notice.user)}.eml`);
    if (existsSync(file)) return { messageId: messageIdOf(readFileSync(file, 'utf8')) };
    const messageId = `${createHash('sha256').update(`${notice.incidentId}:${notice.template}:${notice.user}`).digest('hex').slice(0, 32)}@riposte.local`;
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, toEml(notice, this.from, messageId, this.now()));
    return { messageId };
  }

  /** Every notice written, as files (tests, `riposte notices`). */
  files(incidentId: string): string[] {
    const dir = path.join(this.root, incidentId);
    return existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.eml'))
          .map((f) => path.join(dir, f))
      : [];
  }
}

const safe = (user: string) => user.replace(/[^\w.@-]/gu, '_');
const encodeWord = (text: string) => `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
const messageIdOf = (eml: string) => /^Message-ID: <([^>]+)>/mu.exec(eml)?.[1] ?? '';

/** RFC 5322 / MIME: UTF-8 subject as an RFC 2047 encoded word, base64 body in lines of 76. */
export function toEml(notice: UserNotice, from: string, messageId: string, at: Date): string {
  const body = Buffer.from(notice.body, 'utf8').toString('base64').replace(/.{76}/gu, '$&\r\n');
  return [
    `From: ${from}`,
    `To: ${notice.to ?? 'undisclosed-recipients:;'}`,
    `Subject: ${encodeWord(notice.subject)}`,
    `Date: ${at.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    `Content-Language: ${notice.locale}`,
    `X-Riposte-Incident: ${notice.incidentId}`,
    `X-Riposte-Template: ${notice.template}`,
    `X-Riposte-User: ${notice.user}`,
    '',
    body,
    '',
  ].join('\r\n');
}
