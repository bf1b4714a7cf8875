// Abstraction: a formula over typed variables becomes a propositional skeleton plus, per
// variable, its finite set of classes.
// Contract: `abstractFormula(f, vars, budget)` returns the skeleton (a Formula whose only atoms
// are `bool` atoms over internal names: `b\0<var>` for a Boolean variable, `a\0<n>` for a string
// or ordered atom) and, per string/ordered variable, its classes (string-classes.ts,
// ordered-classes.ts) and the truth of each of its atoms on each class. f is satisfiable iff the
// skeleton is, jointly with "each variable is in exactly one of its classes, and each atom is
// true exactly on its true classes". Atoms that are constant over their variable's classes
// (always on a variable with one class) are folded into the skeleton by the IR factory, so
// the skeleton may be a constant. Identical atoms share a name (patterns are compared by
// structure, case-insensitive literals folded). Shared subformulas are rewritten once.
// A string variable whose class enumeration outgrows `eagerStateLimit` product states is
// "lazy": no classes, and each of its atoms keeps its pattern for the engine's lazy check.

import { patternKey, type Pattern } from "../../logic/pattern.js";
import { and, boolVar, FALSE, not, or, TRUE, type Formula, type Sort, type Vars } from "../../logic/ir.js";
import { compareRational, rationalToString, type Rational } from "../../logic/rational.js";
import { comparisonHolds } from "../../logic/evaluate.js";
import type { Budget } from "./budget.js";
import { orderedClasses, type OrderedClass } from "./ordered-classes.js";
import { stringClasses, type StringClass } from "./string-classes.js";

export interface StringVarInfo {
  kind: "string";
  name: string;
  patterns: Pattern[];
  classes: StringClass[];
  /** Product states explored. */
  states: number;
}

/** A string variable decided lazily (string-check.ts): too many classes to enumerate. */
export interface LazyStringVarInfo {
  kind: "lazy";
  name: string;
  patterns: Pattern[];
}

export interface OrderedVarInfo {
  kind: "ordered";
  name: string;
  sort: Extract<Sort, { sort: "ordered" }>;
  classes: OrderedClass[];
}

export interface AtomInfo {
  /** Internal skeleton name. */
  name: string;
  varName: string;
  /** The classes (indexes into the variable's classes) where the atom holds, ascending. */
  trueClasses: number[];
  numClasses: number;
  /** On a lazy variable (no classes), the atom's pattern. */
  lazy?: Pattern;
}

export type VarInfo = StringVarInfo | LazyStringVarInfo | OrderedVarInfo;

export interface Abstraction {
  skeleton: Formula;
  vars: Map<string, VarInfo>;
  /** Boolean variables of f, by name. */
  bools: Set<string>;
  /** Non-constant atoms, by internal name. */
  atoms: Map<string, AtomInfo>;
}

export class UnsupportedFormula extends Error {}

export const boolName = (v: string) => `b\u0000${v}`;

/**
 * `eagerStateLimit` bounds the product states explored to enumerate one string variable's
 * classes; past it the variable is decided lazily.
 */
export function abstractFormula(f: Formula, declared: Vars, budget: Budget, eagerStateLimit = Infinity): Abstraction {
  // Pass 1: collect the distinct atoms of each variable.
  const patternsOf = new Map<string, Map<string, number>>(); // var → pattern key → index
  const patternList = new Map<string, Pattern[]>();
  const boundsOf = new Map<string, Rational[]>();
  const bools = new Set<string>();
  const seen = new Set<Formula>();
  const sortOf = (v: string, want: Sort["sort"]): Sort => {
    const s = declared.get(v) ?? (want === "ordered" ? undefined : ({ sort: want } as Sort));
    if (!s) throw new UnsupportedFormula(`ordered variable \`${v}\` has no declared domain`);
    if (s.sort !== want) throw new UnsupportedFormula(`variable \`${v}\` is declared ${s.sort} but used as ${want}`);
    return s;
  };
  const collect = (g: Formula): void => {
    if (seen.has(g)) return;
    seen.add(g);
    switch (g.k) {
      case "not":
        return collect(g.a);
      case "and":
      case "or":
        for (const a of g.args) collect(a);
        return;
      case "bool":
        sortOf(g.v, "bool");
        bools.add(g.v);
        return;
      case "match": {
        sortOf(g.v, "string");
        let m = patternsOf.get(g.v);
        if (!m) {
          patternsOf.set(g.v, (m = new Map()));
          patternList.set(g.v, []);
        }
        const key = patternKey(g.p);
        if (!m.has(key)) {
          m.set(key, m.size);
          patternList.get(g.v)!.push(g.p);
        }
        return;
      }
      case "cmp": {
        sortOf(g.v, "ordered");
        let b = boundsOf.get(g.v);
        if (!b) boundsOf.set(g.v, (b = []));
        b.push(g.bound);
        return;
      }
    }
  };
  collect(f);

  // Pass 2: classes per variable.
  const vars = new Map<string, VarInfo>();
  for (const [name, patterns] of patternList) {
    const r = stringClasses(patterns, budget, eagerStateLimit);
    vars.set(name, r ? { kind: "string", name, patterns, classes: r.classes, states: r.states } : { kind: "lazy", name, patterns });
  }
  for (const [name, bounds] of boundsOf) {
    const sort = declared.get(name) as OrderedVarInfo["sort"];
    const classes = orderedClasses(sort, bounds);
    budget.charge(classes.length);
    vars.set(name, { kind: "ordered", name, sort, classes });
  }

  // Pass 3: truth tables; atoms constant over classes fold away.
  const atoms = new Map<string, AtomInfo>();
  const atomFormula = new Map<string, Formula>(); // atom key → TRUE / FALSE / bool(name)
  const intern = (varName: string, key: string, trueClasses: () => number[], numClasses: number): Formula => {
    const k = `${varName}\u0000${key}`;
    let out = atomFormula.get(k);
    if (out) return out;
    const on = trueClasses();
    if (on.length === numClasses) out = TRUE;
    else if (on.length === 0) out = FALSE;
    else {
      const name = `a\u0000${atoms.size}`;
      atoms.set(name, { name, varName, trueClasses: on, numClasses });
      out = boolVar(name);
    }
    atomFormula.set(k, out);
    return out;
  };
  const internLazy = (varName: string, key: string, p: Pattern): Formula => {
    const k = `${varName}\u0000${key}`;
    let out = atomFormula.get(k);
    if (out) return out;
    if (p.tokens.length > 0 && p.tokens.every((t) => t.t === "star" && !t.noColon)) out = TRUE;
    else {
      const name = `a\u0000${atoms.size}`;
      atoms.set(name, { name, varName, trueClasses: [], numClasses: 0, lazy: p });
      out = boolVar(name);
    }
    atomFormula.set(k, out);
    return out;
  };
  // Per string variable and pattern, the classes that match it: sparse, since a class usually
  // matches few of many patterns.
  const stringTruth = new Map<string, number[][]>();
  for (const info of vars.values()) {
    if (info.kind !== "string") continue;
    const lists: number[][] = info.patterns.map(() => []);
    let work = 0;
    info.classes.forEach((c, ci) => {
      for (const p of c.accepts) lists[p].push(ci);
      work += c.accepts.length + 1;
    });
    budget.charge(work);
    stringTruth.set(info.name, lists);
  }

  // Pass 4: the skeleton, rewriting each shared node once.
  const memo = new Map<Formula, Formula>();
  const rewrite = (g: Formula): Formula => {
    let out = memo.get(g);
    if (out) return out;
    switch (g.k) {
      case "const":
        out = g;
        break;
      case "not":
        out = not(rewrite(g.a));
        break;
      case "and":
        out = and(...g.args.map(rewrite));
        break;
      case "or":
        out = or(...g.args.map(rewrite));
        break;
      case "bool":
        out = boolVar(boolName(g.v));
        break;
      case "match": {
        const key = patternKey(g.p);
        const info = vars.get(g.v)!;
        if (info.kind === "lazy") {
          out = internLazy(g.v, key, g.p);
          break;
        }
        const idx = patternsOf.get(g.v)!.get(key)!;
        out = intern(g.v, key, () => stringTruth.get(g.v)![idx], info.classes.length);
        break;
      }
      case "cmp": {
        const info = vars.get(g.v) as OrderedVarInfo;
        const key = `${g.op} ${rationalToString(g.bound)}`;
        const on = () => {
          const out: number[] = [];
          info.classes.forEach((c, i) => comparisonHolds(g.op, compareRational(c.witness, g.bound)) && out.push(i));
          return out;
        };
        out = intern(g.v, key, on, info.classes.length);
        break;
      }
    }
    memo.set(g, out);
    return out;
  };
  return { skeleton: rewrite(f), vars, bools, atoms };
}
