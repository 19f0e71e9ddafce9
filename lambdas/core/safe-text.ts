/**
 * Attacker-controlled text (user names, hosts, alert titles, log fields, reasons) is neutralized before it is
 * printed. One rule for every output: characters that can steer a terminal or hide what is shown become
 * visible escapes (`\x1b`, `\u202e`); each format then escapes what is syntax for it (Markdown, HTML).
 *
 * Neutralized: C0 controls (NUL, ESC, BEL, CR, LF, TAB …), DEL, C1 controls (U+0080–U+009F, including the
 * 8-bit CSI U+009B), bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
 * directional marks (U+200E, U+200F, U+061C), zero-width and invisible characters (U+200B, U+2060–U+2064,
 * U+FEFF), line and paragraph separators (U+2028, U+2029), tag characters and lone surrogates. The joiners
 * U+200C and U+200D stay: scripts and emoji sequences need them.
 */

/** DEL, C1 controls, bidi marks, embeddings, overrides and isolates, zero-width and invisible characters. */
const INVISIBLE =
  '\\u007f-\\u009f\\u061c\\u200b\\u200e\\u200f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff';
const LONE_SURROGATE = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
/** Unicode tag characters (U+E0000–U+E007F): invisible text that some renderers and models still read. */
const TAGS = '\\udb40[\\udc00-\\udc7f]';
const UNSAFE = new RegExp(`[\\u0000-\\u001f${INVISIBLE}]|${TAGS}|${LONE_SURROGATE}`, 'g');
/** Inside JSON text, C0 controls and lone surrogates are already escaped by JSON.stringify. */
const UNSAFE_IN_JSON = new RegExp(`[${INVISIBLE}]|${TAGS}`, 'g');

function visible(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = code.toString(16);
  return code <= 0xff
    ? `\\x${hex.padStart(2, '0')}`
    : code <= 0xffff
      ? `\\u${hex.padStart(4, '0')}`
      : `\\u{${hex}}`;
}

/** Text safe for a terminal line: no escape sequences, no NUL, no bidi tricks, no line breaks. */
export function terminalText(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** True when the text holds nothing `terminalText` would change. */
export function isSafeText(text: string): boolean {
  return terminalText(text) === text;
}

/**
 * Text safe inside a line of Markdown, including a table cell: terminal-safe, then what Markdown would read
 * as emphasis, code, a link, a table column, raw HTML or an entity (`&#x202e;`) is escaped with a backslash
 * (CommonMark allows it before any ASCII punctuation), and so is a backslash that would escape something.
 * Line-start syntax (`#`, `-`) cannot occur: line breaks are already escaped and riposte's text starts each line.
 */
export function markdownText(text: string): string {
  // A backslash is literal unless punctuation follows (`C:\\Program Files` stays readable).
  return terminalText(text).replace(/\\(?=[!-/:-@[-`{-~]|$)|[`*_[\]<>|&~]/g, (c) => `\\${c}`);
}

/** Text safe as HTML element content or a quoted attribute value. */
export function htmlText(text: string): string {
  return terminalText(text).replace(
    /[&<>"'`]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' })[c] ?? c,
  );
}

/**
 * JSON for stdout that no terminal can misread: `JSON.stringify` already escapes C0 controls; bidi, C1 and
 * invisible characters become `\uXXXX` escapes too. The parsed value is exactly the same.
 */
export function jsonText(value: unknown, space?: number): string {
  const escapeUnits = (c: string) =>
    [...Array(c.length).keys()].map((i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
  return JSON.stringify(value, null, space).replace(UNSAFE_IN_JSON, escapeUnits);
}

/**
 * Every string inside a value (object keys included) passed through one of the functions above: render the
 * result with plain string templates and nothing unsafe gets through. Non-plain objects pass unchanged.
 */
export function safeStrings<T>(value: T, encode: (text: string) => string = terminalText): T {
  if (typeof value === 'string') return encode(value) as T;
  if (Array.isArray(value)) return value.map((v) => safeStrings(v, encode)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [encode(k), safeStrings(v, encode)]),
    ) as T;
  }
  return value;
}
