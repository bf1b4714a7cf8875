// The solver front: an Engine that combines the exact finite-domain engine with Z3.
// Contract: implements Engine (engine.ts) for every formula of the IR. A formula the exact engine
// supports (no var tokens) is decided there; only its "unknown" goes on to Z3 with the time
// left. A formula with var tokens (policy variables tie two string variables) is first given a
// model with the exact engine alone, with the variables the tokens read fixed to guessed values;
// then its Boolean abstraction (logic/abstract.ts, each var-token atom a fresh Boolean),
// tightened by lemmas valid for every assignment (var-tokens.ts), is decided there: its "unsat" is
// a proof for the formula; when it is satisfiable, its model suggests values for the read
// variables and the exact engine tries again. Only when all of that fails does Z3 decide the
// formula. Every model is checked against the formula itself.
// Rewrites that narrow the question, each with its side condition (docs/semantics.md, "How a
// check is decided"):
//   - the literal case split (literal-split.ts): taken only when the solver proves its cases
//     exhaustive;
//   - substituting a fixed value for a variable (logic/substitute.ts): exact under that value,
//     so a model of the substituted formula is completed with it and checked against f;
//   - the var-token abstraction: exact in the direction used ("unsat" only) because each lemma
//     is valid, which test/solve/side-conditions.test.ts proves with Z3 for every lemma rule.
// `choice` forces one engine: "z3" (Z3 on the formula as it is, no rewrite) or "finite" (the same
// without the Z3 fallback), for conformance runs and benchmarks.

import { abstractAtoms } from "../logic/abstract.js";
import { evaluateFormula, formulaVariables, hasVariableTokens, variablesReadByTokens } from "../logic/evaluate.js";
import { and, emptyAssignment, forEachAtom, match, not, type Assignment, type Formula, type Vars } from "../logic/ir.js";
import { substituteStrings } from "../logic/substitute.js";
import { rational } from "../logic/rational.js";
import { hasVarTokens, literalPattern } from "../logic/pattern.js";
import type { Engine, SolveOptions, SolveResult } from "./engine.js";
import { literalSplit, type LiteralSplit } from "./literal-split.js";
import { readValueCandidates, tokenLemmas } from "./var-tokens.js";

export type EngineChoice = "auto" | "finite" | "z3";

export interface Decision {
  result: SolveResult;
  /** The engine whose answer this is. */
  engine: string;
}

export interface FrontEngine extends Engine {
  /** Like `solve`, and says which engine answered. */
  decide(f: Formula, vars: Vars, options: SolveOptions): Promise<Decision>;
}

export interface FrontOptions {
  choice?: EngineChoice;
  /** The exact engine (it must answer "unknown" outside its `supports`). */
  finite: Engine;
  /** Z3, made on first use (loading it costs hundreds of milliseconds). */
  z3: () => Promise<Engine>;
}

/** Z3 needs tens of milliseconds for even a trivial query; with less time left it is not asked. */
const MIN_Z3_MS = 20;

export function createFrontEngine(options: FrontOptions): FrontEngine {
  const choice = options.choice ?? "auto";
  const fast = options.finite;
  let z3: Engine | undefined;
  const z3Engine = async () => (z3 ??= await options.z3());

  async function decide(f: Formula, vars: Vars, opts: SolveOptions): Promise<Decision> {
    if (choice === "z3") return { result: await (await z3Engine()).solve(f, vars, opts), engine: "z3" };
    // Every step below gets at most the time left of the caller's budget, whatever its share.
    const deadline = opts.deadline ?? Date.now() + opts.timeoutMs;
    opts = { ...opts, deadline };
    // Only without var tokens: a token reading the split variable would keep it in the cases.
    const split = hasVariableTokens(f)
      ? undefined
      : await literalSplit(f, async (g, gv) => (await fast.solve(g, gv, share(opts, 1 / 10))).status === "unsat");
    if (split) return decideByCases(f, vars, opts, split);
    if (fast.supports(f, vars)) {
      const result = await fast.solve(f, vars, share(opts, 1));
      if (result.status !== "unknown" || choice === "finite") return { result, engine: fast.name };
    } else {
      const d = await decideWithTokens(f, vars, opts);
      if (d) return d;
      if (choice === "finite")
        return {
          result: { status: "unknown", reason: "the exact engine settled neither the abstraction nor a model of the policy variables" },
          engine: fast.name,
        };
    }
    const remaining = deadline - Date.now();
    if (remaining < MIN_Z3_MS)
      return { result: { status: "unknown", reason: "the time ran out before z3 could be asked" }, engine: fast.name };
    return { result: await (await z3Engine()).solve(f, vars, { ...opts, timeoutMs: remaining }), engine: "z3" };
  }

  /** f decided case by case, one case per value of the split variable (proved exhaustive). */
  async function decideByCases(f: Formula, vars: Vars, opts: SolveOptions, split: LiteralSplit): Promise<Decision> {
    const deadline = opts.deadline ?? Date.now() + opts.timeoutMs;
    let unknown: Decision | undefined;
    for (const value of split.values) {
      const left = deadline - Date.now();
      if (left <= 0) return { result: { status: "unknown", reason: "the time ran out between cases" }, engine: fast.name };
      const fixed = new Map([[split.v, value]]);
      const d = await decide(substituteStrings(f, fixed), vars, { ...opts, timeoutMs: left });
      if (d.result.status === "sat") {
        const full = completeModel(f, vars, d.result.model, fixed);
        if (evaluateFormula(f, full)) return { result: { status: "sat", model: full }, engine: d.engine };
        unknown ??= { result: { status: "unknown", reason: "a case model did not satisfy the formula" }, engine: d.engine };
      } else if (d.result.status === "unknown") unknown ??= d;
    }
    return unknown ?? { result: { status: "unsat" }, engine: fast.name };
  }

  /** The exact engine's answer for a formula with var tokens, or undefined (Z3 decides). */
  async function decideWithTokens(f: Formula, vars: Vars, opts: SolveOptions): Promise<Decision | undefined> {
    // A model of a neighbouring query (the caller's hint) often fixes the read variables well;
    // without one, plain values often do. With a hint the guess comes first; without one, after
    // the abstraction: a failed guess costs a whole solve, which an unsat abstraction (the common
    // case then) makes needless. Either way the guess is tried before the captured values.
    const guess = async () => {
      const model = await concretiseWith(f, vars, readValues(f, opts.hint ?? emptyAssignment()), opts);
      return model && { result: { status: "sat" as const, model }, engine: fast.name };
    };
    if (opts.hint) {
      const guessed = await guess();
      if (guessed) return guessed;
    }
    // Side condition: every lemma is valid, so the abstraction of f ∧ lemmas has a model
    // wherever f has one, and its "unsat" is a proof.
    const abs = abstractAtoms(and(f, tokenLemmas(f)), vars, (a) => a.k === "match" && hasVarTokens(a.p));
    const result = await fast.solve(abs.formula, abs.vars, share(opts, 1 / 2));
    if (result.status === "unsat") return { result, engine: fast.name };
    if (!opts.hint) {
      const guessed = await guess();
      if (guessed) return guessed;
    }
    if (result.status !== "sat") return undefined;
    const hint = result.model;
    const captured = readValueCandidates(f, hint, (atom) => {
      const name = abs.nameOf(atom);
      return name === undefined ? undefined : hint.bools.get(name);
    });
    const model = await concretise(f, vars, hint, captured, opts);
    if (model) return { result: { status: "sat", model }, engine: fast.name };
    return decideByReadLiterals(f, vars, opts);
  }

  /**
   * A formula with var tokens, split on a variable x the tokens read, by the literals f compares x
   * with (c₁…cₙ): f ≡ ∨ᵢ (x = cᵢ ∧ f[x := cᵢ]) ∨ (f ∧ x ∉ {c₁…cₙ}) — exhaustive by
   * construction, so no side condition. The split is taken only when the last case's abstraction
   * (with the lemmas) is unsat, which is then a proof for that case; each other case has no token
   * reading x and is decided on its own. Typical: `b/${aws:username}` under a condition that
   * pins the name to a few values, which the abstraction cannot see through the token.
   */
  async function decideByReadLiterals(f: Formula, vars: Vars, opts: SolveOptions): Promise<Decision | undefined> {
    for (const [v, values] of readLiterals(f)) {
      if (opts.deadline !== undefined && Date.now() >= opts.deadline) return undefined;
      const rest = and(f, ...values.map((c) => not(match(v, literalPattern(c)))));
      const abs = abstractAtoms(and(rest, tokenLemmas(rest)), vars, (a) => a.k === "match" && hasVarTokens(a.p));
      if ((await fast.solve(abs.formula, abs.vars, share(opts, 1 / 4))).status !== "unsat") continue;
      const d = await decideByCases(f, vars, opts, { v, values });
      return d.result.status === "unknown" ? undefined : d;
    }
    return undefined;
  }

  /**
   * Looks for a real model of a formula with var tokens using the exact engine alone: the
   * variables the tokens read are fixed to candidate values (the abstraction's choice, then a
   * neutral one), which leaves a token-free formula; a model of that, checked against `f` itself,
   * is a model of `f`. Finding none proves nothing.
   */
  async function concretise(
    f: Formula,
    vars: Vars,
    hint: Assignment,
    captured: ReadonlyMap<string, string[]>,
    opts: SolveOptions,
  ): Promise<Assignment | undefined> {
    const read = variablesReadByTokens(f);
    // The j-th capture of every variable (its first where it has fewer), for the first few j.
    const alternatives = Math.min(MAX_CAPTURE_ROUNDS, Math.max(1, ...[...captured.values()].map((c) => c.length)));
    const candidates = [
      ...Array.from(
        { length: alternatives },
        (_, j) =>
          new Map(
            [...read].map((v) => {
              const c = captured.get(v);
              return [v, c?.[j] ?? c?.[0] ?? hint.strings.get(v) ?? "example"] as const;
            }),
          ),
      ),
      new Map([...read].map((v) => [v, hint.strings.get(v) ?? "example"] as const)),
      new Map([...read].map((v) => [v, "example"] as const)),
    ];
    for (const fixed of candidates) {
      if (opts.deadline !== undefined && Date.now() >= opts.deadline) break;
      const model = await concretiseWith(f, vars, fixed, opts, hint);
      if (model) return model;
    }
    return undefined;
  }

  /** A model of `f` with the read variables fixed as given, checked against `f`; or none. */
  async function concretiseWith(
    f: Formula,
    vars: Vars,
    fixed: ReadonlyMap<string, string>,
    opts: SolveOptions,
    hint?: Assignment,
  ): Promise<Assignment | undefined> {
    const g = substituteStrings(f, fixed);
    if (!fast.supports(g, vars)) return undefined;
    const r = await fast.solve(g, vars, share(opts, 1 / 4));
    if (r.status !== "sat") return undefined;
    const model = completeModel(f, vars, r.model, fixed, hint);
    return evaluateFormula(f, model) ? model : undefined;
  }

  return {
    name: choice === "auto" ? "front" : `front(${choice})`,
    supports: () => true,
    decide,
    solve: async (f, vars, opts) => (await decide(f, vars, opts)).result,
    close: async () => {
      await Promise.all([fast.close(), z3?.close()]);
    },
  };
}

/** Past this many literals on one variable, it is not split (each is a case). */
const MAX_READ_LITERALS = 16;

/** For each variable the tokens read, the texts of the case-sensitive literals f matches it with. */
function readLiterals(f: Formula): Map<string, string[]> {
  const read = variablesReadByTokens(f);
  const out = new Map<string, Set<string>>();
  forEachAtom(f, (a) => {
    if (a.k !== "match" || !read.has(a.v) || a.p.caseInsensitive || !a.p.tokens.every((t) => t.t === "lit")) return;
    const text = a.p.tokens.map((t) => (t.t === "lit" ? t.s : "")).join("");
    out.set(a.v, (out.get(a.v) ?? new Set()).add(text));
  });
  return new Map([...out].filter(([, s]) => s.size <= MAX_READ_LITERALS).map(([v, s]) => [v, [...s].sort()]));
}

/** How many rounds of captured values concretise tries before the hint's and plain values. */
const MAX_CAPTURE_ROUNDS = 4;

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
