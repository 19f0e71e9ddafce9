import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

export class ChromiumMissingError extends Error {
  override name = 'ChromiumMissing';
}

/** The Chromium to print with: RIPOSTE_CHROMIUM, else the first one installed. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const named = env.RIPOSTE_CHROMIUM;
  if (named) return existsSync(named) ? named : undefined;
  return CANDIDATES.find((c) => existsSync(c));
}

/** Print an HTML document to PDF with headless Chromium (the browser's own print, no extra dependency). */
export async function printPdf(html: string, chromium: string | undefined): Promise<Uint8Array> {
  if (!chromium)
    throw new ChromiumMissingError(
      `no PDF: headless Chromium is not installed (looked for ${process.env.RIPOSTE_CHROMIUM ?? CANDIDATES.join(', ')}). ` +
        'Install it (apt-get install chromium) or set RIPOSTE_CHROMIUM, or write --format html and print that',
    );
  const dir = mkdtempSync(path.join(tmpdir(), 'riposte-pdf-'));
  try {
    const page = path.join(dir, 'report.html');
    const pdf = path.join(dir, 'report.pdf');
    writeFileSync(page, html);
    await new Promise<void>((resolve, reject) => {
      execFile(
        chromium,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-extensions',
          '--no-pdf-header-footer',
          `--user-data-dir=${path.join(dir, 'profile')}`,
          `--print-to-pdf=${pdf}`,
          pathToFileURL(page).href,
        ],
        { timeout: 120_000 },
        (error, _stdout, stderr) =>
          error
            ? reject(new Error(`Chromium could not print the report: ${error.message} ${stderr.slice(-400)}`))
            : resolve(),
      );
    });
    if (!existsSync(pdf)) throw new Error('Chromium exited without writing the PDF');
    const bytes = readFileSync(pdf);
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-')
      throw new Error('Chromium wrote something that is not a PDF');
    return bytes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
