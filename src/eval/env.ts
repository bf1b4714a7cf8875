// The evaluator's per-request environment: free constructs and the policy's language version.
// Contract: `free(spec, narrow, wide)` is the value of a free construct on this request. When
// the readings differ its id goes to `touched`; then it is "unknown" (Kleene mode) or
// `narrow || (wide && frees.get(id) ?? false)` (when `frees` is given: two-valued, exactly as a
// solver model's `free:<id>` variable reads in the encoder's `narrow ∨ (wide ∧ free:<id>)`).

import { freeId, type FreeSpec, type Matcher } from "../iam/ambiguity.js";
import { matchPattern } from "../iam/pattern.js";
import type { EvalOptions, Tri } from "./types.js";

export class EvalEnv {
  readonly touched = new Set<string>();
  constructor(
    readonly options: EvalOptions,
    /** Policy variables are recognised (Version 2012-10-17). */
    readonly variables: boolean,
  ) {}

  free(spec: FreeSpec, narrow: boolean, wide: boolean): Tri {
    const id = freeId(spec);
    if (narrow !== wide) this.touched.add(id);
    const frees = this.options.frees;
    if (frees) return narrow || (wide && (frees.get(id) ?? false));
    return narrow === wide ? narrow : "unknown";
  }

  /** Does a matcher (exact patterns or a free construct) match this value? */
  matches(m: Matcher, value: string): Tri {
    if (m.kind === "exact") return m.patterns.some((p) => matchPattern(p, value));
    return this.free(
      m.spec,
      m.narrow.some((p) => matchPattern(p, value)),
      m.wide.some((p) => matchPattern(p, value)),
    );
  }
}
