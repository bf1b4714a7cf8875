// The solver front: picks an engine per query and owns the engines' lifetimes.
// Contract: `decide` answers with the exact finite-domain engine whenever it supports the
// formula and finishes within its budget; otherwise Z3 (loaded lazily, in a child process) gets
// the remaining time. A formula with var tokens (policy variables tie two string variables) is
// outside the exact engine's fragment: the exact engine never sees one. It gets the formula's
// Boolean abstraction instead (logic/abstract.ts: each var-token atom a fresh Boolean), whose
// "unsat" is a proof for the formula (reordered or equal policies prove equal that way, where Z3
// timed out on managed policies); otherwise Z3 decides the formula itself.
// `KEYAKI_ENGINE=z3` (or `finite`) forces one engine, for conformance runs
// and benchmarks. `close()` frees every worker; a process that never calls it still exits.

import { abstractAtoms } from "../logic/abstract.js";
import { hasVariableTokens } from "../logic/evaluate.js";
import type { Formula, Vars } from "../logic/ir.js";
import type { Engine, SolveOptions, SolveResult } from "./engine.js";
import { createFiniteEngine } from "./finite/index.js";

export type EngineChoice = "auto" | "finite" | "z3";

let finite: Engine | undefined;
let z3: Engine | undefined;

function finiteEngine(): Engine {
  return (finite ??= createFiniteEngine());
}

async function z3Engine(): Promise<Engine> {
  if (!z3) {
    // Imported lazily: a check that the finite engine decides never loads Z3.
    const { createZ3Engine } = await import("./z3/index.js");
    z3 ??= createZ3Engine();
  }
  return z3;
}

export function engineChoice(): EngineChoice {
  const env = process.env.KEYAKI_ENGINE;
  return env === "z3" || env === "finite" ? env : "auto";
}

export interface Decision {
  result: SolveResult;
  engine: string;
}

export async function decide(
  f: Formula,
  vars: Vars,
  options: SolveOptions,
  choice: EngineChoice = engineChoice(),
): Promise<Decision> {
  if (choice === "z3") return { result: await (await z3Engine()).solve(f, vars, options), engine: "z3" };
  const started = Date.now();
  const fast = finiteEngine();
  if (hasVariableTokens(f)) {
    if (choice === "finite") return { result: { status: "unknown", reason: "policy variables are outside the exact engine's fragment" }, engine: fast.name };
    const abs = abstractAtoms(f, vars, (a) => a.k === "match" && a.p.tokens.some((t) => t.t === "var"));
    if (fast.supports(abs.formula, abs.vars)) {
      const result = await fast.solve(abs.formula, abs.vars, { ...options, timeoutMs: Math.max(1, options.timeoutMs / 2) });
      if (result.status === "unsat") return { result, engine: fast.name };
    }
  } else if (fast.supports(f, vars)) {
    const result = await fast.solve(f, vars, options);
    if (result.status !== "unknown" || choice === "finite") return { result, engine: fast.name };
  } else if (choice === "finite") {
    return { result: { status: "unknown", reason: "the formula is outside the exact engine's fragment" }, engine: fast.name };
  }
  const remaining = Math.max(1, options.timeoutMs - (Date.now() - started));
  return { result: await (await z3Engine()).solve(f, vars, { ...options, timeoutMs: remaining }), engine: "z3" };
}

/** Frees solver workers. Safe to call more than once, and keyaki stays usable afterwards. */
export async function close(): Promise<void> {
  await Promise.all([finite?.close(), z3?.close()]);
}
