// A check's deadline inside its synchronous phases (reading and encoding the policies), which
// otherwise run whole: a check given 1 s must not spend 2 s reading a large policy before it
// first looks at the clock, nor make the checks running beside it wait that long (issue 11).
// Contract: `expiry(deadline)` is a cheap test the phases call between statements; past the
// deadline they throw `TimeUp`, which the check turns into UNKNOWN (never an error, never PASS).

export class TimeUp extends Error {
  constructor(readonly phase: string) {
    super(`the timeout ran out while ${phase}`);
  }
}

export type Expired = () => boolean;

export const expiry =
  (deadline: number): Expired =>
  () =>
    Date.now() >= deadline;

/** Throws TimeUp when `expired` says so. */
export function checkTime(expired: Expired | undefined, phase: string): void {
  if (expired?.()) throw new TimeUp(phase);
}
