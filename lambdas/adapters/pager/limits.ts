import { NamedError } from '../named-error.ts';

/** SNS subject limit, in characters (printable ASCII only). */
export const SUBJECT_MAX = 100;
/** SNS message limit: 256 KB of UTF-8. */
export const MESSAGE_MAX_BYTES = 256 * 1024;

/**
 * Makes a subject SNS accepts instead of failing the page over it: ASCII ellipsis, non-printables (incl.
 * newlines) as '?', cut to 100 characters ending in '...'.
 */
export function sanitizeSubject(subject: string): string {
  let s = subject
    .replaceAll('…', '...')
    .replace(/[^\x20-\x7e]/gu, '?')
    .trim();
  if (s.length > SUBJECT_MAX) s = `${s.slice(0, SUBJECT_MAX - 3)}...`;
  // SNS rejects an empty subject; a page should still go out.
  return s || '(no subject)';
}

/** Throws what SNS would: pages must stay short, nothing here truncates evidence silently. */
export function checkMessage(message: string): void {
  if (message.length === 0)
    throw new NamedError('InvalidParameterException', 'Invalid parameter: Empty message');
  if (Buffer.byteLength(message, 'utf8') > MESSAGE_MAX_BYTES) {
    throw new NamedError('InvalidParameterException', 'Invalid parameter: Message too long');
  }
}
