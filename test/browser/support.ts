import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { simulate } from '../../lib/cli/simulate.ts';
import { type ConsoleServer, startConsoleServer } from '../../lib/console/server.ts';
import { loadConfig, PROJECT_ROOT } from '../../lib/local/config-source.ts';

export const CHROMIUM = process.env.RIPOSTE_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, quiet (no updates, sync or background traffic), in a fresh profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'riposte-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface ConsoleFixture {
  server: ConsoleServer;
  page: Page;
  stateDir: string;
  /** Every request the page made that did not go to the console's own origin. */
  foreignRequests: string[];
  close(): Promise<void>;
}

/**
 * The bundled credential-stuffing scenario simulated into a fresh state folder, the console served over it,
 * and one Chromium page signed in through the printed one-time URL.
 */
export async function openConsole(
  options: { approvalThreshold?: number; viewport?: { width: number; height: number } } = {},
): Promise<ConsoleFixture> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'riposte-console-'));
  const config = loadConfig();
  if (options.approvalThreshold) config.waf.approvalThreshold = options.approvalThreshold;
  await simulate({
    file: path.join(PROJECT_ROOT, 'scenarios/credential-stuffing.jsonl'),
    stateDir,
    config,
  });
  const server = await startConsoleServer({ stateDir, config, by: 'local/tester' });
  const chromium = await launchChromium();
  const page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  if (options.viewport) await page.setViewportSize(options.viewport);
  const origin = new URL(server.url).origin;
  const foreignRequests: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) foreignRequests.push(r.url());
  });
  await page.goto(server.url);
  return {
    server,
    page,
    stateDir,
    foreignRequests,
    close: async () => {
      await chromium.close();
      await server.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
