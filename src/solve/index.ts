// The solver front: picks an engine per query and owns the engines' lifetimes.
// Contract: `decide` answers with the exact finite-domain engine whenever it supports the
// formula and finishes within its budget; otherwise Z3 (loaded lazily, in a child process) gets
// the remaining time. A formula with var tokens (policy variables tie two string variables) is
// outside the exact engine's fragment: the exact engine never sees one. It gets the formula's
// Boolean abstraction instead (logic/abstract.ts: each var-token atom a fresh Boolean), whose
// "unsat" is a proof for the formula (reordered or equal policies prove equal that way, where Z3
// timed out on managed policies); when the abstraction is satisfiable, the variables the tokens
// read are fixed to candidate values and the exact engine looks for a real model, checked
// against the formula itself; only when both fail does Z3 decide the formula.
// `KEYAKI_ENGINE=z3` (or `finite`) forces one engine, for conformance runs
// and benchmarks. `close()` frees every worker; a process that never calls it still exits.

import { abstractAtoms } from "../logic/abstract.js";
import { evaluateFormula, formulaVariables, hasVariableTokens } from "../logic/evaluate.js";
import type { Assignment, Formula, Vars } from "../logic/ir.js";
import { substituteStrings } from "../logic/substitute.js";
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
      if (result.status === "sat") {
        const model = await concretise(fast, f, vars, result.model, options);
        if (model) return { result: { status: "sat", model }, engine: fast.name };
      }
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

/**
 * Looks for a real model of a formula with var tokens using the exact engine alone: the
 * variables the tokens read are fixed to candidate values (the abstraction's choice, then a
 * neutral one), which leaves a token-free formula; a model of that, checked against `f` itself,
 * is a model of `f`. Finding none proves nothing (the caller then asks Z3).
 */
async function concretise(fast: Engine, f: Formula, vars: Vars, hint: Assignment, options: SolveOptions): Promise<Assignment | undefined> {
  const read = variablesReadByTokens(f);
  const candidates = [
    new Map([...read].map((v) => [v, hint.strings.get(v) ?? "example"] as const)),
    new Map([...read].map((v) => [v, "example"] as const)),
  ];
  for (const fixed of candidates) {
    const g = substituteStrings(f, fixed);
    if (hasVariableTokens(g)) continue;
    const r = await fast.solve(g, vars, { ...options, timeoutMs: Math.max(1, options.timeoutMs / 4) });
    if (r.status !== "sat") continue;
    const model: Assignment = { strings: new Map(r.model.strings), numbers: new Map(r.model.numbers), bools: new Map(r.model.bools) };
    for (const [v, value] of fixed) model.strings.set(v, value);
    // Variables that folded away keep the abstraction's values (any value would do).
    for (const v of formulaVariables(f)) {
      const sort = vars.get(v)?.sort;
      if (sort === "string" && !model.strings.has(v)) model.strings.set(v, hint.strings.get(v) ?? "");
      if (sort === "bool" && !model.bools.has(v)) model.bools.set(v, hint.bools.get(v) ?? false);
      if (sort === "ordered" && !model.numbers.has(v)) {
        const h = hint.numbers.get(v);
        if (h === undefined) return undefined;
        model.numbers.set(v, h);
      }
    }
    if (evaluateFormula(f, model)) return model;
  }
  return undefined;
}

function variablesReadByTokens(f: Formula, out = new Set<string>()): Set<string> {
  if (f.k === "not") variablesReadByTokens(f.a, out);
  else if (f.k === "and" || f.k === "or") for (const a of f.args) variablesReadByTokens(a, out);
  else if (f.k === "match") for (const t of f.p.tokens) if (t.t === "var") out.add(t.v);
  return out;
}

/** Frees solver workers. Safe to call more than once, and keyaki stays usable afterwards. */
export async function close(): Promise<void> {
  await Promise.all([finite?.close(), z3?.close()]);
}
