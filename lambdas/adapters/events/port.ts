import type { Detection } from '../../core/alerts.ts';

/** The EventBridge source and detail type of riposte's own detections (the alert rules match them). */
export const DETECTION_SOURCE = 'riposte.detection';
export const DETECTION_DETAIL_TYPE = 'Identity attack detected';

/** The `riposte.detection` event of a detection, as EventBridge delivers it to the alert rules. */
export function detectionEvent(detection: Detection) {
  return { source: DETECTION_SOURCE, 'detail-type': DETECTION_DETAIL_TYPE, detail: detection };
}

/** Publishes detections as `riposte.detection` events (EventBridge PutEvents on AWS). */
export interface DetectionBus {
  /** Resolves with the detections that could not be published, each with its error; never drops one silently. */
  publish(detections: readonly Detection[]): Promise<{ failed: { id: string; error: string }[] }>;
}
