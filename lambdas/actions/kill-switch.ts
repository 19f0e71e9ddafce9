import type { Control } from '../adapters/dynamo/incidents.ts';
import type { Deps } from '../platform/deps.ts';

/** Operator switch that pauses all blocking (`riposte kill-switch on`). */
export const KILL_SWITCH = 'blocking';

/** How long a block step trusts its last reading: a burst of alerts reads the switch a few times, not 50,000. */
const CACHE_MS = 2_000;
const readings = new WeakMap<Deps, { readAt: number; control: Control | undefined }>();

/**
 * The kill switch as the block step sees it (briefly cached). The WAF writer reads it uncached for every
 * batch, so a block that slips past this reading is still refused there.
 */
export async function blockingPause(deps: Deps): Promise<Control | undefined> {
  const cached = readings.get(deps);
  if (cached && Date.now() - cached.readAt < CACHE_MS) return cached.control?.on ? cached.control : undefined;
  const control = await deps.incidents.control(KILL_SWITCH);
  readings.set(deps, { readAt: Date.now(), control });
  return control?.on ? control : undefined;
}
