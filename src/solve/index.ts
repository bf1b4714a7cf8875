// The solver front: picks an engine per query and owns the engines' lifetimes.
// Contract: `decide` answers with the exact finite-domain engine whenever it supports the
// formula and finishes within its budget; otherwise Z3 (loaded lazily, in a child process) gets
// the remaining time. A formula with var tokens (policy variables tie two string variables) never
// reaches the exact engine as it is. First the variables the tokens read are fixed to guessed
// values (as `options.hint`, a model of a neighbouring query, has them, or plain ones) and the
// exact engine looks for a model of what is left. Then it decides the formula's Boolean
// abstraction (logic/abstract.ts: each var-token atom a fresh Boolean), tightened by valid lemmas
// (var-tokens.ts): its "unsat" is a proof for the formula; when it is satisfiable, the read
// variables are fixed as its model suggests and the exact engine tries again. Every model is
// checked against the formula itself. Only when all of that fails does Z3 decide the formula.
// `KEYAKI_ENGINE=z3` (or `finite`: the same without the Z3 fallback) forces one engine, for
// conformance runs and benchmarks. `close()` frees every worker; a process that never calls it
// still exits.

import { abstractAtoms } from "../logic/abstract.js";
import { evaluateFormula, formulaVariables, hasVariableTokens, variablesReadByTokens } from "../logic/evaluate.js";
import { and, emptyAssignment, type Assignment, type Formula, type Vars } from "../logic/ir.js";
import { substituteStrings } from "../logic/substitute.js";
import { rational } from "../logic/rational.js";
import { foldCase, hasVarTokens } from "../iam/pattern.js";
import type { Engine, SolveOptions, SolveResult } from "./engine.js";
import { createFiniteEngine } from "./finite/index.js";
import { readValueCandidates, tokenLemmas } from "./var-tokens.js";

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
  // (Only without var tokens: a token reading the split variable would keep it in the cases.)
  const tokens = hasVariableTokens(f);
  const split = tokens ? undefined : literalDomain(f);
  if (split) return decideByCases(f, vars, options, choice, split);
  const started = Date.now();
  // Every step below gets at most the time left of the caller's budget, whatever its share.
  const deadline = options.deadline ?? started + options.timeoutMs;
  options = { ...options, deadline };
  const fast = finiteEngine();
  if (tokens) {
    // A model of a neighbouring query (the caller's hint) often fixes the read variables well;
    // without one, plain values often do (most questions with variables are satisfiable).
    const guessed = await concretiseWith(fast, f, vars, readValues(f, options.hint ?? emptyAssignment()), options);
    if (guessed) return { result: { status: "sat", model: guessed }, engine: fast.name };
    const abs = abstractAtoms(and(f, tokenLemmas(f)), vars, (a) => a.k === "match" && hasVarTokens(a.p));
    if (fast.supports(abs.formula, abs.vars)) {
      const result = await fast.solve(abs.formula, abs.vars, share(options, 1 / 2));
      if (result.status === "unsat") return { result, engine: fast.name };
      if (result.status === "sat") {
        const hint = result.model;
        const captured = readValueCandidates(f, hint, (atom) => {
          const name = abs.nameOf(atom);
          return name === undefined ? undefined : hint.bools.get(name);
        });
        const model = await concretise(fast, f, vars, hint, captured, options);
        if (model) return { result: { status: "sat", model }, engine: fast.name };
      }
    }
    if (choice === "finite") return { result: { status: "unknown", reason: "the exact engine settled neither the abstraction nor a model of the policy variables" }, engine: fast.name };
  } else if (fast.supports(f, vars)) {
    const result = await fast.solve(f, vars, share(options, 1));
    if (result.status !== "unknown" || choice === "finite") return { result, engine: fast.name };
  } else if (choice === "finite") {
    return { result: { status: "unknown", reason: "the formula is outside the exact engine's fragment" }, engine: fast.name };
  }
  const remaining = deadline - Date.now();
  if (remaining < MIN_Z3_MS) return { result: { status: "unknown", reason: "the time ran out before z3 could be asked" }, engine: fast.name };
  return { result: await (await z3Engine()).solve(f, vars, { ...options, timeoutMs: remaining }), engine: "z3" };
}

/** Z3 needs tens of milliseconds for even a trivial query; with less time left it is not asked. */
const MIN_Z3_MS = 20;

/**
 * A variable that a top-level conjunct pins to a few literal values (check-access-not-granted's
 * list of actions): `f` is equivalent to the disjunction of `f` with the variable fixed to each
 * value, and each of those is far smaller (every atom on the variable becomes a constant).
 */
function literalDomain(f: Formula): { v: string; values: string[] } | undefined {
  for (const c of f.k === "and" ? f.args : [f]) {
    const atoms = c.k === "or" ? c.args : [c];
    const first = atoms[0];
    if (first?.k !== "match" || atoms.length > MAX_LITERAL_CASES) continue;
    const literal = (a: Formula) => a.k === "match" && a.v === first.v && a.p.tokens.every((t) => t.t === "lit");
    if (!atoms.every(literal)) continue;
    const values = atoms.map((a) => {
      const p = (a as Extract<Formula, { k: "match" }>).p;
      const text = p.tokens.map((t) => (t.t === "lit" ? t.s : "")).join("");
      return p.caseInsensitive ? foldCase(text) : text;
    });
    return { v: first.v, values: [...new Set(values)].sort() };
  }
  return undefined;
}

const MAX_LITERAL_CASES = 100;

async function decideByCases(
  f: Formula,
  vars: Vars,
  options: SolveOptions,
  choice: EngineChoice,
  split: { v: string; values: string[] },
): Promise<Decision> {
  const deadline = Date.now() + options.timeoutMs;
  let unknown: Decision | undefined;
  for (const value of split.values) {
    const left = deadline - Date.now();
    if (left <= 0) return { result: { status: "unknown", reason: "the time ran out between cases" }, engine: "finite" };
    const g = substituteStrings(f, new Map([[split.v, value]]));
    const d = await decide(g, vars, { ...options, timeoutMs: left }, choice);
    if (d.result.status === "sat") {
      const full = completeModel(f, vars, d.result.model, new Map([[split.v, value]]));
      if (evaluateFormula(f, full)) return { result: { status: "sat", model: full }, engine: d.engine };
      unknown ??= { result: { status: "unknown", reason: "a case model did not satisfy the formula" }, engine: d.engine };
    } else if (d.result.status === "unknown") unknown ??= d;
  }
  return unknown ?? { result: { status: "unsat" }, engine: "finite" };
}

/**
 * Looks for a real model of a formula with var tokens using the exact engine alone: the
 * variables the tokens read are fixed to candidate values (the abstraction's choice, then a
 * neutral one), which leaves a token-free formula; a model of that, checked against `f` itself,
 * is a model of `f`. Finding none proves nothing (the caller then asks Z3).
 */
async function concretise(
  fast: Engine,
  f: Formula,
  vars: Vars,
  hint: Assignment,
  captured: ReadonlyMap<string, string[]>,
  options: SolveOptions,
): Promise<Assignment | undefined> {
  const read = variablesReadByTokens(f);
  // The j-th capture of every variable (its first where it has fewer), for the first few j.
  const alternatives = Math.min(MAX_CAPTURE_ROUNDS, Math.max(1, ...[...captured.values()].map((c) => c.length)));
  const candidates = [
    ...Array.from({ length: alternatives }, (_, j) => new Map([...read].map((v) => {
      const c = captured.get(v);
      return [v, c?.[j] ?? c?.[0] ?? hint.strings.get(v) ?? "example"] as const;
    }))),
    new Map([...read].map((v) => [v, hint.strings.get(v) ?? "example"] as const)),
    new Map([...read].map((v) => [v, "example"] as const)),
  ];
  for (const fixed of candidates) {
    if (options.deadline !== undefined && Date.now() >= options.deadline) break;
    const model = await concretiseWith(fast, f, vars, fixed, options, hint);
    if (model) return model;
  }
  return undefined;
}

/** How many rounds of captured values concretise tries before the hint's and plain values. */
const MAX_CAPTURE_ROUNDS = 4;

/** A model of `f` with the read variables fixed as given, checked against `f`; or none. */
async function concretiseWith(
  fast: Engine,
  f: Formula,
  vars: Vars,
  fixed: ReadonlyMap<string, string>,
  options: SolveOptions,
  hint?: Assignment,
): Promise<Assignment | undefined> {
  const g = substituteStrings(f, fixed);
  if (hasVariableTokens(g)) return undefined;
  const r = await fast.solve(g, vars, share(options, 1 / 4));
  if (r.status !== "sat") return undefined;
  const model = completeModel(f, vars, r.model, fixed, hint);
  return evaluateFormula(f, model) ? model : undefined;
}

/** A step's options: `fraction` of the query's budget, but never past its deadline. */
function share(options: SolveOptions, fraction: number): SolveOptions {
  const left = options.deadline === undefined ? Infinity : options.deadline - Date.now();
  return { ...options, timeoutMs: Math.max(1, Math.min(options.timeoutMs * fraction, left)) };
}

/** The hint's values of the variables f's tokens read ("example" where it has none). */
function readValues(f: Formula, hint: Assignment): Map<string, string> {
  return new Map([...variablesReadByTokens(f)].map((v) => [v, hint.strings.get(v) ?? "example"] as const));
}

/**
 * A model of `f` from a model of `f` with some string variables fixed: the fixed values go back
 * in, and variables that folded away take the hint's value or any value of their domain (the
 * formula no longer depends on them).
 */
function completeModel(f: Formula, vars: Vars, model: Assignment, fixed: ReadonlyMap<string, string>, hint?: Assignment): Assignment {
  const out: Assignment = { strings: new Map(model.strings), numbers: new Map(model.numbers), bools: new Map(model.bools) };
  for (const [v, value] of fixed) out.strings.set(v, value);
  for (const v of formulaVariables(f)) {
    const sort = vars.get(v);
    if (sort?.sort === "string" && !out.strings.has(v)) out.strings.set(v, hint?.strings.get(v) ?? "");
    if (sort?.sort === "bool" && !out.bools.has(v)) out.bools.set(v, hint?.bools.get(v) ?? false);
    if (sort?.sort === "ordered" && !out.numbers.has(v)) out.numbers.set(v, hint?.numbers.get(v) ?? sort.min ?? rational(0n));
  }
  return out;
}

/** Frees solver workers. Safe to call more than once, and keyaki stays usable afterwards. */
export async function close(): Promise<void> {
  await Promise.all([finite?.close(), z3?.close()]);
}
