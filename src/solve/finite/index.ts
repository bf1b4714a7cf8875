// The fast exact engine ("finite"): decides IR formulas by finite abstraction and SAT.
// Contract: implements Engine (solve/engine.ts) for every formula of the IR without var tokens
// (`supports`; with them it answers "unknown", never a guess). Per
// variable, the atoms a formula mentions split its domain into finitely many classes
// (abstraction.ts); "which class is each variable in" plus the Boolean variables make the
// formula propositional; a CDCL solver (sat.ts) decides it over CNF (cnf.ts, domains.ts). A string
// variable with too many classes to enumerate is decided lazily instead: its atoms are free in
// the SAT problem, each model's demands on it are checked (string-check.ts), and a failed check
// adds a clause naming an unsatisfiable core of those demands; repeat. "unsat" is a proof; a
// "sat" model gives every variable occurring in f a value of its class (or the lazy check's
// witness) and is checked with evaluateFormula before it is returned. Work is bounded by
// options.resourceLimit (abstract steps) and options.timeoutMs; past either the answer is
// "unknown", never a guess. A model that fails its check is an engine bug: with `strict` (an
// option: the test setup turns it on for the default instance) it throws, otherwise it is reported as "unknown" with the reason.

import { evaluateFormula, formulaVariables, hasVariableTokens } from "../../logic/evaluate.js";
import { emptyAssignment, type Assignment, type Formula, type Vars } from "../../logic/ir.js";
import type { Engine, SolveOptions, SolveResult } from "../engine.js";
import { abstractFormula, boolName, UnsupportedFormula, type Abstraction, type AtomInfo, type VarInfo } from "./abstraction.js";
import { Budget, BudgetExceeded } from "./budget.js";
import { encodeSkeleton, NEG, polarities, POS } from "./cnf.js";
import { encodeDomain, type Decoder } from "./domains.js";
import { hashCons } from "./hashcons.js";
import { encodePrefixTrie } from "./prefix-trie.js";
import { SatSolver } from "./sat.js";
import { findString, minimiseCore, type Constraint } from "./string-check.js";

export interface FiniteEngineOptions {
  /** Throw when a model fails verification (an engine bug) instead of answering "unknown". */
  strict?: boolean;
  /**
   * Product states explored to enumerate one string variable's classes before deciding it
   * lazily instead (default 1,000; 0 makes every string variable lazy). On the AWS managed
   * policies' updates, lazy checks are cheaper than enumerating a large variable's classes.
   */
  eagerStateLimit?: number;
}

export interface FiniteStats {
  /** Budget steps spent. */
  steps: number;
  /** Classes per eagerly decided string/ordered variable. */
  classes: Record<string, number>;
  /** Product states explored per eagerly decided string variable. */
  states: Record<string, number>;
  /** String variables decided lazily. */
  lazy: string[];
  /** Clauses learnt from failed lazy checks. */
  lemmas: number;
  satVars: number;
}

const DEFAULT_EAGER_STATES = 1_000;

export function createFiniteEngine(options: FiniteEngineOptions = {}): Engine {
  const strict = options.strict ?? false;
  return {
    name: "finite",
    supports: (f) => !hasVariableTokens(f),
    solve: async (f, vars, opts) => solveFinite(f, vars, opts, { ...options, strict }).result,
    close: async () => {},
  };
}

/** Synchronous entry point, with statistics (benchmarks and tests use it). */
export function solveFinite(
  f: Formula,
  vars: Vars,
  opts: SolveOptions,
  options: FiniteEngineOptions = {},
): { result: SolveResult; stats?: FiniteStats } {
  // A var token relates two string variables, which per-variable classes cannot express.
  if (hasVariableTokens(f))
    return {
      result: {
        status: "unknown",
        reason: "the formula is outside the exact engine's fragment (a policy variable relates two string variables)",
      },
    };
  const budget = Budget.fromOptions(opts);
  const stats: FiniteStats = { steps: 0, classes: {}, states: {}, lazy: [], lemmas: 0, satVars: 0 };
  let model: Assignment;
  try {
    const abs = abstractFormula(f, vars, budget, options.eagerStateLimit ?? DEFAULT_EAGER_STATES);
    fillStats(stats, abs);
    for (const info of abs.vars.values()) {
      if (info.kind !== "lazy" && info.classes.length === 0) return { result: { status: "unsat" }, stats }; // empty domain
    }
    const decided = decide(abs, budget, stats);
    if (!decided) return { result: { status: "unsat" }, stats };
    model = buildModel(f, abs, decided);
  } catch (e) {
    if (e instanceof BudgetExceeded) return { result: { status: "unknown", reason: e.reason } };
    if (e instanceof UnsupportedFormula) return { result: { status: "unknown", reason: e.message } };
    if (options.strict) throw e;
    return { result: { status: "unknown", reason: `finite engine: internal error: ${String(e)}` } };
  } finally {
    stats.steps = budget.steps;
  }
  let ok: boolean;
  try {
    ok = evaluateFormula(f, model);
  } catch {
    ok = false;
  }
  if (!ok) {
    const reason = "finite engine: internal error: model failed verification";
    if (options.strict) throw new Error(reason);
    return { result: { status: "unknown", reason } };
  }
  return { result: { status: "sat", model }, stats };
}

interface Decided {
  /** Class index per eagerly decided variable the SAT problem constrains. */
  chosen: Map<string, number>;
  /** Witness per lazily decided variable. */
  strings: Map<string, string>;
  bools: Map<string, boolean>;
}

/** The SAT layer: a model of the skeleton and the class constraints, or undefined if none. */
function decide(abs: Abstraction, budget: Budget, stats: FiniteStats): Decided | undefined {
  const out: Decided = { chosen: new Map(), strings: new Map(), bools: new Map() };
  const sk = hashCons(abs.skeleton);
  if (sk.k === "const") return sk.v ? out : undefined;
  const sat = new SatSolver();
  const satVar = new Map<string, number>();
  const litOf = (name: string): number => {
    let v = satVar.get(name);
    if (v === undefined) satVar.set(name, (v = sat.newVar()));
    return 2 * v;
  };
  const pol = polarities(sk);
  encodeSkeleton(sk, sat, litOf);
  const atomsByVar = new Map<string, AtomInfo[]>();
  for (const atom of abs.atoms.values()) {
    // An atom the folded skeleton no longer mentions needs no link to its classes.
    if (!pol.has(atom.name)) continue;
    let list = atomsByVar.get(atom.varName);
    if (!list) atomsByVar.set(atom.varName, (list = []));
    list.push(atom);
  }
  const decoders = new Map<string, Decoder>();
  const lazy: [string, AtomInfo[]][] = [];
  for (const [name, atoms] of atomsByVar) {
    const info = abs.vars.get(name)!;
    if (info.kind === "lazy") {
      lazy.push([name, atoms]);
      encodePrefixTrie(
        atoms.map((a) => ({ lit: litOf(a.name), p: a.lazy! })),
        sat,
      );
    } else
      decoders.set(
        name,
        encodeDomain(info, atoms, sat, litOf, (a) => pol.get(a) ?? 0),
      );
  }
  stats.satVars = sat.numVars;
  for (;;) {
    if (!sat.solve(budget)) return undefined;
    // Check each lazy variable's demands; a failed check adds a clause and the loop repeats.
    let blocked = false;
    for (const [name, atoms] of lazy) {
      const demands: { c: Constraint; lit: number }[] = [];
      for (const atom of atoms) {
        const lit = litOf(atom.name);
        const value = sat.value(lit >> 1);
        const p = pol.get(atom.name)!;
        // Only what the skeleton relies on: a true atom it uses positively, a false one it uses
        // negatively. The other atoms may take whatever value the string gives them.
        if (value ? p & POS : p & NEG) demands.push({ c: { p: atom.lazy!, match: value }, lit });
      }
      const constraints = demands.map((d) => d.c);
      const r = findString(constraints, budget);
      if (r.witness !== undefined) {
        out.strings.set(name, r.witness);
        continue;
      }
      const core = minimiseCore(constraints, r.core, budget);
      sat.addClause(core.map((i) => (demands[i].c.match ? demands[i].lit ^ 1 : demands[i].lit)));
      stats.lemmas++;
      blocked = true;
    }
    if (!blocked) break;
  }
  for (const [name, dec] of decoders) out.chosen.set(name, dec(sat));
  for (const b of abs.bools) {
    const v = satVar.get(boolName(b));
    out.bools.set(b, v === undefined ? false : sat.value(v));
  }
  return out;
}

function buildModel(f: Formula, abs: Abstraction, d: Decided): Assignment {
  const model = emptyAssignment();
  for (const name of formulaVariables(f)) {
    const info = abs.vars.get(name);
    if (!info) {
      model.bools.set(name, d.bools.get(name) ?? false);
      continue;
    }
    if (info.kind === "lazy") {
      // A lazy variable the SAT problem does not constrain takes any string.
      model.strings.set(name, d.strings.get(name) ?? "");
      continue;
    }
    // A variable the skeleton no longer constrains may take any class.
    const c = d.chosen.get(name) ?? preferredFree(info);
    if (info.kind === "string") model.strings.set(name, info.classes[c].witness);
    else model.numbers.set(name, info.classes[c].witness);
  }
  return model;
}

function preferredFree(info: Exclude<VarInfo, { kind: "lazy" }>): number {
  if (info.kind === "string") {
    const i = info.classes.findIndex((c) => c.witness !== "");
    return i >= 0 ? i : 0;
  }
  const zero = info.classes.findIndex((c) => c.witness.num === 0n);
  return zero >= 0 ? zero : 0;
}

function fillStats(stats: FiniteStats, abs: Abstraction): void {
  for (const [name, info] of abs.vars) {
    if (info.kind === "lazy") {
      stats.lazy.push(name);
      continue;
    }
    stats.classes[name] = info.classes.length;
    if (info.kind === "string") stats.states[name] = info.states;
  }
}
