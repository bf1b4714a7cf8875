// A work budget shared by every stage of one finite-engine query.
// Contract: `charge(n)` adds n abstract steps; once the step total passes `limit`, or the wall
// clock passes `deadline` (checked every few thousand steps or every 64 charges, whichever comes
// first, since reading the clock costs more than a step; and at once when the budget is made),
// it throws `BudgetExceeded`. The engine turns that into {status: "unknown"}, so a
// query that is too big is never answered wrongly, only not answered.

export class BudgetExceeded extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export class Budget {
  steps = 0;
  private nextClockCheck = 4096;
  private charges = 0;

  constructor(
    readonly limit: number = Number.POSITIVE_INFINITY,
    readonly deadline: number = Number.POSITIVE_INFINITY,
  ) {}

  static fromOptions(opts: { timeoutMs: number; resourceLimit?: number }): Budget {
    const deadline = Number.isFinite(opts.timeoutMs) ? Date.now() + Math.max(0, opts.timeoutMs) : Infinity;
    const budget = new Budget(opts.resourceLimit ?? Number.POSITIVE_INFINITY, deadline);
    // A query given no time at all does no work (a check past its deadline asks nothing).
    if (Number.isFinite(opts.timeoutMs) && opts.timeoutMs < 1) budget.checkClock();
    return budget;
  }

  charge(n: number): void {
    this.steps += n;
    if (this.steps > this.limit) {
      throw new BudgetExceeded(`finite engine: resource limit of ${this.limit} steps exceeded`);
    }
    // Steps vary in cost (a large pattern's product state costs more), hence the count of charges.
    if (this.steps >= this.nextClockCheck || (++this.charges & 63) === 0) {
      this.nextClockCheck = this.steps + 4096;
      this.checkClock();
    }
  }

  checkClock(): void {
    if (Date.now() > this.deadline) throw new BudgetExceeded("finite engine: timeout");
  }
}
