import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../lib/local/config-source.ts';
import { LocalRuntime } from '../../lib/local/runtime.ts';

export const NOW = new Date('2026-11-20T03:30:00Z');

/**
 * A local runtime in a fresh temp state folder, on a fixed clock, with the repository's cdk.json configuration.
 * `correlate: false` keeps every alert in an incident of its own (tests of one alert at a time whose alerts
 * share accounts, which correlation would join into one campaign).
 */
export async function startRuntime(options: { correlate?: boolean } = {}): Promise<LocalRuntime> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'riposte-e2e-'));
  const config = loadConfig();
  if (options.correlate === false) config.detection.correlationMinutes = 0;
  return LocalRuntime.start({ stateDir, config, clock: () => NOW, inMemory: true });
}

export function detection(id: string, detail: Record<string, unknown> = {}) {
  return {
    source: 'riposte.detection',
    'detail-type': 'Identity attack detected',
    detail: {
      id,
      type: 'credential-stuffing',
      severity: 80,
      observedAt: '2026-11-20T03:12:00Z',
      sourceIps: ['203.0.113.7'],
      targetedUsers: ['alice', 'bob'],
      compromisedUsers: ['alice'],
      ...detail,
    },
  };
}

export function liveAddresses(runtime: LocalRuntime): string[] {
  return runtime.liveAddresses();
}

/** Deliver one event and return what it came to: the start, the incident, its summary and its pages. */
export async function deliverAndSummarize(runtime: LocalRuntime, event: unknown) {
  const { summarizeIncident } = await import('../../lib/cli/summary.ts');
  const { started } = await runtime.deliver(event);
  const [start] = started;
  const incidentId = String(start?.incidentId);
  const incident = await runtime.deps.incidents.get(incidentId);
  if (!incident) throw new Error(`no incident ${incidentId}: ${JSON.stringify(started)}`);
  const timeline = await runtime.deps.incidents.timeline(incidentId);
  const summary = await summarizeIncident(runtime, incident, String(start?.executionName));
  const pages = runtime.adapters.topic.pages();
  return {
    start,
    incident,
    timeline,
    summary,
    teamPages: pages.filter((p) => p.key.startsWith(`${incidentId}:`)),
    ownerNotices: pages.filter((p) => p.key.startsWith(`owner:${incidentId}:`)),
  };
}
