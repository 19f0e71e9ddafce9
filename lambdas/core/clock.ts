/** Time is passed into the core, never read from the wall clock there. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export function addHours(at: Date, hours: number): Date {
  return new Date(at.getTime() + hours * 3_600_000);
}
