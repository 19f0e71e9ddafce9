/** Sleeps advance a virtual clock instead of waiting: budgets and backoffs hold without costing real time. */
export class VirtualTimer {
  private offsetMs = 0;
  readonly now = () => Date.now() + this.offsetMs;
  readonly sleep = async (ms: number) => {
    this.offsetMs += Math.max(0, ms);
  };
}
