import { esc } from '../pictures/svg.ts';

/**
 * The final report as a small document model, rendered to Markdown or HTML by the same walk, so the two
 * formats cannot say different things. Text is plain text everywhere: each renderer escapes it.
 */
export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][] }
  | { kind: 'picture'; name: string; alt: string; svg: string }
  /** A fact riposte cannot know: a clearly marked blank for the team. */
  | { kind: 'blank'; label: string; hint: string }
  | { kind: 'code'; text: string }
  | { kind: 'banner'; text: string };

export interface Section {
  title: string;
  level?: 2 | 3;
  blocks: Block[];
}

export interface ReportDocument {
  title: string;
  sections: Section[];
}

export const BLANK = '_____ (to be completed by the team)';

/** How the Markdown renderer shows a picture: a file beside the report, or a data: URI inline. */
export type PictureLink = (name: string, svg: string) => string;

export const inlinePicture: PictureLink = (_name, svg) =>
  `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;

export function renderMarkdown(doc: ReportDocument, picture: PictureLink = inlinePicture): string {
  const out = [`# ${mdText(doc.title)}`, ''];
  for (const section of doc.sections) {
    out.push(`${'#'.repeat(section.level ?? 2)} ${mdText(section.title)}`, '');
    for (const block of section.blocks) out.push(...mdBlock(block, picture), '');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function mdBlock(block: Block, picture: PictureLink): string[] {
  switch (block.kind) {
    case 'p':
      return [mdText(block.text)];
    case 'banner':
      return [`> **${mdText(block.text)}**`];
    case 'list':
      return block.items.length > 0 ? block.items.map((i) => `- ${mdText(i)}`) : ['- none'];
    case 'table':
      if (block.rows.length === 0) return ['_none recorded_'];
      return [
        `| ${block.head.map(mdCell).join(' | ')} |`,
        `|${block.head.map(() => '---').join('|')}|`,
        ...block.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
      ];
    case 'picture':
      return [`![${mdText(block.alt)}](${picture(block.name, block.svg)})`];
    case 'blank':
      return [`**${mdText(block.label)}:** ${mdText(BLANK)}  `, `_${mdText(block.hint)}_`];
    case 'code': {
      const fence = block.text.includes('```') ? '~~~~' : '```';
      return [fence, block.text, fence];
    }
  }
}

/** Markdown-significant characters in data (user names, user agents) are escaped, HTML too. */
function mdText(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

function mdCell(text: string): string {
  return mdText(text) || '—';
}

export function renderHtml(doc: ReportDocument): string {
  const body: string[] = [];
  for (const section of doc.sections) {
    const h = `h${section.level ?? 2}`;
    body.push(`<section><${h}>${esc(section.title)}</${h}>`);
    for (const block of section.blocks) body.push(htmlBlock(block));
    body.push('</section>');
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(doc.title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1020px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f0f3f7}.banner{background:#fff3e0;border-left:4px solid #ef6c00;padding:.6em 1em;font-weight:600}
.blank{background:#fffde7;border:1px dashed #b59f00;padding:.5em 1em;margin:.5em 0}.blank b{display:block}
pre{background:#f5f5f5;padding:.6em;overflow-x:auto;font-size:.8em;white-space:pre-wrap;word-break:break-all}
figure{margin:1em 0}svg{max-width:100%;height:auto}
@media print{section{break-inside:auto}h2{break-before:auto}figure,table{break-inside:avoid}}
</style></head><body>
<h1>${esc(doc.title)}</h1>
${body.join('\n')}
</body></html>
`;
}

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case 'p':
      return `<p>${esc(block.text)}</p>`;
    case 'banner':
      return `<p class="banner">${esc(block.text)}</p>`;
    case 'list':
      return `<ul>${(block.items.length > 0 ? block.items : ['none']).map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
    case 'table':
      if (block.rows.length === 0) return '<p><em>none recorded</em></p>';
      return `<table><thead><tr>${block.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${block.rows
        .map((r) => `<tr>${r.map((c) => `<td>${esc(c || '—')}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
    case 'picture':
      // The SVG is riposte's own markup with every text escaped (lib/pictures); inlined, it prints as vectors.
      return `<figure role="img" aria-label="${esc(block.alt)}">${block.svg}</figure>`;
    case 'blank':
      return `<div class="blank"><b>${esc(block.label)}: ${esc(BLANK)}</b><small>${esc(block.hint)}</small></div>`;
    case 'code':
      return `<pre>${esc(block.text)}</pre>`;
  }
}
