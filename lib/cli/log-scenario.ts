import { detectionEvent } from '../../lambdas/adapters/events/port.ts';
import type { AuthEvent, AuthLogFormat, RejectedRecord } from '../../lambdas/core/auth-event.ts';
import { detect } from '../../lambdas/core/detect/index.ts';
import type { DetectionConfig } from '../../lambdas/core/detect/thresholds.ts';
import { parseAuthLog } from '../../lambdas/core/ingest/index.ts';
import type { ScenarioItem } from '../local/scenario.ts';
import type { DetectionSummary } from './summary.ts';

export interface Unparsable {
  count: number;
  /** The first records that could not be read, with the reason (all are counted). */
  records: Pick<RejectedRecord, 'line' | 'reason'>[];
}

/** Unparsable records listed in the summary; the count covers all of them. */
const LISTED = 50;

/**
 * Raw sign-in logs as a scenario: every record goes to the local log source (so evidence seals it), and the
 * detections found in them become the events, in the order they were observed. A file that is one JSON
 * document (an export, an array) is read whole; otherwise one record per line.
 */
export function logScenario(
  text: string,
  source: string,
  format: AuthLogFormat | undefined,
  config: DetectionConfig,
): { items: ScenarioItem[]; unparsable: Unparsable; events: number; detections: DetectionSummary[] } {
  const records = splitRecords(text);
  const items: ScenarioItem[] = [];
  const events: AuthEvent[] = [];
  const rejected: Pick<RejectedRecord, 'line' | 'reason'>[] = [];
  for (const { line, text: recordText } of records) {
    const parsed = parseAuthLog(recordText, format);
    events.push(...parsed.events);
    rejected.push(...parsed.rejected.map((r) => ({ line: line + r.line - 1, reason: r.reason })));
    const first = parsed.events[0];
    if (!first) continue;
    items.push({
      line,
      kind: 'log',
      source,
      timestamp: new Date(first.time).toISOString(),
      record: parseJson(recordText) ?? recordText,
    });
  }
  const detections = detect(events, config).sort((a, b) => a.observedAt.localeCompare(b.observedAt));
  for (const [n, d] of detections.entries())
    items.push({ line: n + 1, kind: 'event', event: detectionEvent(d) });
  return {
    items,
    unparsable: { count: rejected.length, records: rejected.slice(0, LISTED) },
    events: events.length,
    detections: detections.map((d) => ({
      type: d.type,
      ...(d.technique ? { technique: d.technique } : {}),
      sources: [...d.sourceIps, ...d.sourceHosts],
      accounts: d.targetedUsers,
    })),
  };
}

function splitRecords(text: string): { line: number; text: string }[] {
  if (parseJson(text) !== undefined) return [{ line: 1, text }];
  return text
    .split('\n')
    .map((t, i) => ({ line: i + 1, text: t }))
    .filter((r) => r.text.trim() !== '');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
