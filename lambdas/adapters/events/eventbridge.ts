import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { Detection } from '../../core/alerts.ts';
import { DETECTION_DETAIL_TYPE, DETECTION_SOURCE, type DetectionBus } from './port.ts';

/** PutEvents takes at most 10 entries and 256 KB per call. */
const PER_CALL = 10;
const MAX_BYTES = 256 * 1024;
/** Entries EventBridge refused for a passing reason (throttling, internal error) are sent again, this often. */
const ATTEMPTS = 3;

/** Detections to the event bus with PutEvents; refused entries are retried, then reported. */
export class EventBridgeDetectionBus implements DetectionBus {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly eventBusName = 'default',
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async publish(detections: readonly Detection[]) {
    const failed: { id: string; error: string }[] = [];
    const sendable = detections.filter((d) => {
      if (size(d) <= MAX_BYTES) return true;
      failed.push({
        id: d.id,
        error: `the event is ${size(d)} bytes; EventBridge takes at most ${MAX_BYTES}`,
      });
      return false;
    });
    for (const call of calls(sendable)) {
      let pending = call;
      for (let attempt = 1; pending.length > 0; attempt++) {
        const { Entries = [] } = await this.client.send(
          new PutEventsCommand({ Entries: pending.map((d) => this.entry(d)) }),
        );
        const refused = pending.flatMap((d, n) => {
          const result = Entries[n];
          return result?.ErrorCode ? [{ d, error: `${result.ErrorCode}: ${result.ErrorMessage ?? ''}` }] : [];
        });
        if (attempt >= ATTEMPTS) {
          failed.push(...refused.map(({ d, error }) => ({ id: d.id, error })));
          break;
        }
        pending = refused.map(({ d }) => d);
        if (pending.length > 0) await this.sleep(100 * 2 ** attempt);
      }
    }
    return { failed };
  }

  private entry(detection: Detection): PutEventsRequestEntry {
    return {
      EventBusName: this.eventBusName,
      Source: DETECTION_SOURCE,
      DetailType: DETECTION_DETAIL_TYPE,
      Time: new Date(detection.observedAt),
      Detail: JSON.stringify(detection),
    };
  }
}

/** An entry's size as EventBridge counts it (detail, source and detail type, in UTF-8). */
function size(d: Detection): number {
  return Buffer.byteLength(JSON.stringify(d)) + DETECTION_SOURCE.length + DETECTION_DETAIL_TYPE.length + 14;
}

/** Detections grouped into calls within PutEvents' count and size limits. */
function calls(detections: readonly Detection[]): Detection[][] {
  const groups: Detection[][] = [];
  let current: Detection[] = [];
  let bytes = 0;
  for (const d of detections) {
    if (current.length === PER_CALL || bytes + size(d) > MAX_BYTES) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(d);
    bytes += size(d);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
