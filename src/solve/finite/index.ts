// The fast exact engine ("finite"): decides IR formulas by finite abstraction and SAT.
// Contract: implements Engine (solve/engine.ts) for every formula of the current IR. Per
// variable, the atoms a formula mentions split its domain into finitely many classes
// (abstraction.ts); "which class is each variable in" plus the Boolean variables make the
// formula propositional; a CDCL solver (sat.ts) decides it over CNF (cnf.ts, domains.ts). "unsat"
// is a proof; a "sat" model gives every variable occurring in f its class's witness and is
// checked with evaluateFormula before it is returned. Work is bounded by options.resourceLimit
// (abstract steps) and options.timeoutMs; past either the answer is "unknown", never a guess.
// A model that fails its check is an engine bug: with `strict` (the default under vitest) it
// throws, otherwise it is reported as "unknown" with the reason.

import { evaluateFormula, formulaVariables } from "../../logic/evaluate.js";
import { emptyAssignment, type Assignment, type Formula, type Vars } from "../../logic/ir.js";
import type { Engine, SolveOptions, SolveResult } from "../engine.js";
import { abstractFormula, boolName, UnsupportedFormula, type Abstraction, type AtomInfo } from "./abstraction.js";
import { Budget, BudgetExceeded } from "./budget.js";
import { encodeSkeleton, polarities } from "./cnf.js";
import { encodeDomain, type Decoder } from "./domains.js";
import { hashCons } from "./hashcons.js";
import { SatSolver } from "./sat.js";

export interface FiniteEngineOptions {
  /** Throw when a model fails verification (an engine bug) instead of answering "unknown". */
  strict?: boolean;
}

export interface FiniteStats {
  /** Budget steps spent. */
  steps: number;
  /** Classes per string/ordered variable. */
  classes: Record<string, number>;
  /** Product states explored per string variable. */
  states: Record<string, number>;
  satVars: number;
}

export function createFiniteEngine(options: FiniteEngineOptions = {}): Engine {
  const strict = options.strict ?? process.env.VITEST !== undefined;
  return {
    name: "finite",
    supports: () => true,
    solve: async (f, vars, opts) => solveFinite(f, vars, opts, strict).result,
    close: async () => {},
  };
}

/** Synchronous entry point, with statistics (benchmarks and tests use it). */
export function solveFinite(
  f: Formula,
  vars: Vars,
  opts: SolveOptions,
  strict = false,
): { result: SolveResult; stats?: FiniteStats } {
  const budget = Budget.fromOptions(opts);
  let abs: Abstraction;
  let model: Assignment | undefined;
  let satVars = 0;
  try {
    abs = abstractFormula(f, vars, budget);
    for (const info of abs.vars.values()) {
      if (info.classes.length === 0) return { result: { status: "unsat" } }; // empty domain
    }
    const chosen = new Map<string, number>();
    const boolValue = new Map<string, boolean>();
    const sk = hashCons(abs.skeleton);
    if (sk.k === "const" && !sk.v) return { result: { status: "unsat" } };
    if (sk.k !== "const") {
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
        let list = atomsByVar.get(atom.varName);
        if (!list) atomsByVar.set(atom.varName, (list = []));
        // An atom the folded skeleton no longer mentions needs no link to its classes.
        if (pol.has(atom.name)) list.push(atom);
      }
      const decoders = new Map<string, Decoder>();
      for (const [name, atoms] of atomsByVar) {
        if (atoms.length === 0) continue;
        decoders.set(name, encodeDomain(abs.vars.get(name)!, atoms, sat, litOf, (a) => pol.get(a) ?? 0));
      }
      satVars = sat.numVars;
      if (!sat.solve(budget)) return { result: { status: "unsat" }, stats: statsOf(abs, budget, satVars) };
      for (const [name, dec] of decoders) chosen.set(name, dec(sat));
      for (const b of abs.bools) {
        const v = satVar.get(boolName(b));
        boolValue.set(b, v === undefined ? false : sat.value(v));
      }
    }
    model = buildModel(f, abs, chosen, boolValue);
  } catch (e) {
    if (e instanceof BudgetExceeded) return { result: { status: "unknown", reason: e.reason } };
    if (e instanceof UnsupportedFormula) return { result: { status: "unknown", reason: e.message } };
    if (strict) throw e;
    return { result: { status: "unknown", reason: `finite engine: internal error: ${String(e)}` } };
  }
  let ok: boolean;
  try {
    ok = evaluateFormula(f, model);
  } catch (e) {
    ok = false;
  }
  if (!ok) {
    const reason = "finite engine: internal error: model failed verification";
    if (strict) throw new Error(reason);
    return { result: { status: "unknown", reason } };
  }
  return { result: { status: "sat", model }, stats: statsOf(abs, budget, satVars) };
}

function buildModel(
  f: Formula,
  abs: Abstraction,
  chosen: Map<string, number>,
  boolValue: Map<string, boolean>,
): Assignment {
  const model = emptyAssignment();
  for (const name of formulaVariables(f)) {
    const info = abs.vars.get(name);
    if (!info) {
      model.bools.set(name, boolValue.get(name) ?? false);
      continue;
    }
    // A variable the skeleton no longer constrains may take any class: the first is the
    // shortest (string) or the first on the line, which is as good as any.
    const c = chosen.get(name) ?? preferredFree(info);
    if (info.kind === "string") model.strings.set(name, info.classes[c].witness);
    else model.numbers.set(name, info.classes[c].witness);
  }
  return model;
}

function preferredFree(info: Abstraction["vars"] extends Map<string, infer V> ? V : never): number {
  if (info.kind === "string") {
    const i = info.classes.findIndex((c) => c.witness !== "");
    return i >= 0 ? i : 0;
  }
  const zero = info.classes.findIndex((c) => c.witness.num === 0n);
  return zero >= 0 ? zero : 0;
}

function statsOf(abs: Abstraction, budget: Budget, satVars: number): FiniteStats {
  const classes: Record<string, number> = {};
  const states: Record<string, number> = {};
  for (const [name, info] of abs.vars) {
    classes[name] = info.classes.length;
    if (info.kind === "string") states[name] = info.states;
  }
  return { steps: budget.steps, classes, states, satVars };
}
