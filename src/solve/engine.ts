// The one interface every decision procedure implements.
// Contract: `solve(f, vars)` answers whether some assignment of the declared variables satisfies
// `f`. "unsat" is a proof; "sat" carries a model that assigns every variable occurring in `f`
// (values inside the variable's declared domain) and satisfies `f` under logic/evaluate.ts;
// "unknown" (timeout, resource limit, crash, unsupported atom) carries a reason. An engine never
// throws for a well-formed formula and never keeps the process alive after `close()`.

import type { Assignment, Formula, Vars } from "../logic/ir.js";

export interface SolveOptions {
  /** Wall-clock bound in milliseconds. */
  timeoutMs: number;
  /**
   * A deterministic work bound (Z3's rlimit, the exact engine's step budget); tests set this
   * instead of relying on wall-clock time. Undefined = no bound beyond the timeout.
   */
  resourceLimit?: number;
  /** A model of a similar query: where it fits, the answer may reuse its values (never a proof). */
  hint?: Assignment;
  /**
   * The Date.now() value by which the whole query must be answered, when it is a part of a
   * larger query (the solver front's steps); engines read `timeoutMs`.
   */
  deadline?: number;
}

export type SolveResult = { status: "unsat" } | { status: "sat"; model: Assignment } | { status: "unknown"; reason: string };

export interface Engine {
  readonly name: string;
  /** Can this engine decide `f` exactly? An engine answers "unknown" outside its fragment. */
  supports(f: Formula, vars: Vars): boolean;
  solve(f: Formula, vars: Vars, options: SolveOptions): Promise<SolveResult>;
  /** Frees workers and threads. Safe to call twice; the engine may be used again afterwards. */
  close(): Promise<void>;
}
