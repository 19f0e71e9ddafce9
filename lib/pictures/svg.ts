/**
 * Small SVG helpers shared by the pictures. Pure: no Node imports, so the web console can bundle them.
 * Every piece of text that reaches a picture goes through `esc`: alert fields are attacker-controlled.
 */

/** XML 1.0 forbids these code points even escaped: a hostile user agent must not break the file. */
function allowedInXml(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
  if (code >= 0xd800 && code <= 0xdfff) return false; // a lone surrogate (pairs arrive as one code point)
  return code !== 0xfffe && code !== 0xffff;
}

/** Text or attribute value, escaped for SVG/XML. */
export function esc(text: unknown): string {
  return Array.from(String(text), (c) => (allowedInXml(c) ? c : '?'))
    .join('')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Cut a label to `max` characters, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A number for an SVG attribute: two decimals at most, no "-0". */
export function n(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** "45 s", "12 min", "3 h", "2 d": the length of a gap or window, for labels. */
export function humanDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}

export const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';

export function svgDocument(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}" role="img" aria-label="${esc(title)}" ${FONT} font-size="12">`,
    `<title>${esc(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
