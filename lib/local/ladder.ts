import type { LocalRuntime } from './runtime.ts';
import type { VirtualClock } from './virtual-clock.ts';

/**
 * Fire every local one-time schedule due by `until`, earliest first, each at its own time on the virtual
 * clock, by starting the execution its target names (as Scheduler's universal target would); schedules a
 * stage creates on the way (a postponement) fire too if due. The clock ends at `until`.
 */
export async function runSchedulesUntil(runtime: LocalRuntime, clock: VirtualClock, until: Date) {
  for (;;) {
    const next = runtime.adapters.scheduler.takeNextDue(until);
    if (!next) break;
    clock.advanceTo(new Date(next.at));
    // A reminder's target is the page topic itself (Scheduler's sns:publish universal target).
    if ('page' in next) await runtime.deps.pager.publish(next.page);
    else await runtime.start('relax', next.executionName, next.input);
  }
  clock.advanceTo(until);
}
