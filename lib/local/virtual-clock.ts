import type { Clock } from '../../lambdas/core/clock.ts';

/** Simulated wall-clock time: stands still until the driver moves it forward (never back). */
export class VirtualClock {
  private at: number;

  constructor(start: Date) {
    this.at = start.getTime();
  }

  readonly now: Clock = () => new Date(this.at);

  advanceTo(when: Date): void {
    this.at = Math.max(this.at, when.getTime());
  }
}
