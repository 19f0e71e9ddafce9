/** Counts of keys inside a sliding time window: how many distinct keys, and how often each. */
export class WindowCount {
  private readonly counts = new Map<string, number>();

  get distinct(): number {
    return this.counts.size;
  }

  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  remove(key: string): void {
    const n = (this.counts.get(key) ?? 0) - 1;
    if (n <= 0) this.counts.delete(key);
    else this.counts.set(key, n);
  }
}

/**
 * Bursts in a time-sorted list: a burst starts where `triggered` first holds for the items inside one window
 * and runs on while the next item comes within a window of the previous one. Linear in the items.
 */
export function bursts<T extends { time: number }>(
  items: readonly T[],
  windowMs: number,
  tracker: { add(item: T): void; remove(item: T): void; triggered(): boolean; reset(): void },
): T[][] {
  const found: T[][] = [];
  let start = 0;
  tracker.reset();
  for (let end = 0; end < items.length; end++) {
    const item = items[end] as T;
    tracker.add(item);
    while ((items[start] as T).time < item.time - windowMs) tracker.remove(items[start++] as T);
    if (!tracker.triggered()) continue;
    let last = end;
    while (last + 1 < items.length && (items[last + 1] as T).time - (items[last] as T).time <= windowMs)
      last++;
    found.push(items.slice(start, last + 1));
    start = last + 1;
    end = last;
    tracker.reset();
  }
  return found;
}
