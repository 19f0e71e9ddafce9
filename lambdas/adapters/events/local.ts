import type { Detection } from '../../core/alerts.ts';
import { type DetectionBus, detectionEvent } from './port.ts';

/** The local event bus: each detection goes, as its EventBridge event, to the local runtime's alert entry. */
export class LocalDetectionBus implements DetectionBus {
  readonly published: Detection[] = [];

  constructor(private readonly deliver: (event: unknown) => Promise<unknown>) {}

  async publish(detections: readonly Detection[]) {
    const failed: { id: string; error: string }[] = [];
    for (const detection of detections) {
      this.published.push(detection);
      try {
        await this.deliver(detectionEvent(detection));
      } catch (error) {
        failed.push({ id: detection.id, error: `${(error as Error).name}: ${(error as Error).message}` });
      }
    }
    return { failed };
  }
}
