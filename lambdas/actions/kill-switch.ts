import type { Control } from '../adapters/dynamo/incidents.ts';
import type { Deps } from '../platform/deps.ts';

/** Operator switch that pauses all blocking (`riposte kill-switch on`). */
export const KILL_SWITCH = 'blocking';

/** How long a block step trusts its last reading: a burst of alerts reads the switch a few times, not 50,000. */
const CACHE_MS = 2_000;
const readings = new WeakMap<Deps, { readAt: number; control: Promise<Control | undefined> }>();

/**
 * The kill switch as the block step sees it (briefly cached). The WAF writer reads it uncached for every
 * batch, so a block that slips past this reading is still refused there.
 */
export async function blockingPause(deps: Deps): Promise<Control | undefined> {
  let reading = readings.get(deps);
  if (!reading || Date.now() - reading.readAt >= CACHE_MS) {
    // Cache the read itself, so a burst of concurrent steps shares one request.
    reading = { readAt: Date.now(), control: deps.incidents.control(KILL_SWITCH) };
    readings.set(deps, reading);
  }
  const control = await reading.control.catch((error) => {
    readings.delete(deps);
    throw error;
  });
  return control?.on ? control : undefined;
}
