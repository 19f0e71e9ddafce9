/** Time is passed into the core, never read from the wall clock there. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export function addHours(at: Date, hours: number): Date {
  return new Date(at.getTime() + hours * 3_600_000);
}

/**
 * The span of times riposte believes a record or an alert: 1990-01-01 to 2100-01-01 (UTC). Outside it a time
 * is a bug or a lie (`1e20`, year 9999 or 0001) and is rejected with its field, before it can move a clock,
 * set an expiry or crash a date conversion.
 */
export const EARLIEST_TIME = Date.UTC(1990, 0, 1);
export const LATEST_TIME = Date.UTC(2100, 0, 1);
export const TIME_RANGE = 'between 1990 and 2100';

export function isPlausibleTime(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_TIME && ms < LATEST_TIME;
}

/** An ISO 8601 text is a plausible time (parsable, and within the span above). */
export function isPlausibleIso(text: string): boolean {
  return isPlausibleTime(Date.parse(text));
}
