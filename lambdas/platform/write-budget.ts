/**
 * At most `perSecond` calls, spaced evenly: WAF throttles IP-set writes to about one per second per account
 * and Region. Reservations are made synchronously, so concurrent callers queue instead of bursting.
 */
export class WriteBudget {
  private next = 0;

  constructor(
    private readonly perSecond: number,
    private readonly nowMs: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  async take(): Promise<void> {
    const now = this.nowMs();
    const at = Math.max(now, this.next);
    this.next = at + 1000 / this.perSecond;
    if (at > now) await this.sleep(at - now);
  }
}
