import * as path from 'node:path';
import { UsageError } from '../cli/target.ts';
import { type PictureLink, renderHtml, renderMarkdown } from './document.ts';
import { reportFacts } from './facts.ts';
import { type OutputFile, writeAll } from './output.ts';
import { findChromium, printPdf } from './pdf.ts';
import { openIncidents, type ReadOptions, readIncidentRecords } from './records.ts';
import { finalReport } from './sections.ts';

export const REPORT_FORMATS = ['md', 'html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportRequest extends ReadOptions {
  format?: ReportFormat;
  out?: string;
  now?: Date;
}

export interface ReportResult {
  format: ReportFormat;
  draft: boolean;
  /** Files written (the report and, for Markdown, its pictures beside it). */
  written: string[];
  /** The report itself when no --out was given (md, html). */
  stdout?: string;
}

/** The format asked for, else the one --out's extension names, else Markdown. */
export function reportFormat(format: string | undefined, out: string | undefined): ReportFormat {
  const extension = out ? path.extname(out).slice(1).toLowerCase() : 'md';
  const chosen =
    format ?? ({ markdown: 'md', htm: 'html' } as Record<string, string>)[extension] ?? extension;
  const known = (REPORT_FORMATS as readonly string[]).includes(chosen);
  if (!known && format !== undefined)
    throw new UsageError(`--format takes ${REPORT_FORMATS.join(', ')}, not "${format}"`);
  return known ? (chosen as ReportFormat) : 'md';
}

/** `riposte report INCIDENT`: read the incident, build the report, render it, then write everything at once. */
export async function buildFinalReport(id: string, request: ReportRequest): Promise<ReportResult> {
  const format = reportFormat(request.format, request.out);
  const reader = await openIncidents(request);
  let facts: ReturnType<typeof reportFacts>;
  try {
    request.progress(`reading ${id} and its evidence…`);
    facts = reportFacts(await readIncidentRecords(reader, id), request.now ?? new Date());
  } finally {
    await reader.close();
  }
  const doc = finalReport(facts);
  const draft = facts.draft !== null;
  if (format === 'md') {
    if (!request.out) return { format, draft, written: [], stdout: renderMarkdown(doc) };
    const base = request.out.replace(/\.(md|markdown)$/i, '');
    const pictures: OutputFile[] = [];
    const link: PictureLink = (name, svg) => {
      const file = `${base}.${name}.svg`;
      pictures.push({ path: file, content: svg });
      return encodeURI(path.basename(file));
    };
    const markdown = renderMarkdown(doc, link);
    return { format, draft, written: writeAll([{ path: request.out, content: markdown }, ...pictures]) };
  }
  const html = renderHtml(doc);
  if (format === 'html') {
    if (!request.out) return { format, draft, written: [], stdout: html };
    return { format, draft, written: writeAll([{ path: request.out, content: html }]) };
  }
  const out = request.out ?? `${id}-final-report.pdf`;
  request.progress('printing the PDF with headless Chromium…');
  return { format, draft, written: writeAll([{ path: out, content: await printPdf(html, findChromium()) }]) };
}
