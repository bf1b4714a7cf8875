// The formula IR: what encode/ produces and every solver engine decides.
// Contract: a Formula is a Boolean combination of atoms over typed request variables; it is
// independent of any solver. Variables:
//   - string variables ("action", "resource", "principal", "s:<key>"): atoms `match` (glob);
//   - ordered variables ("n:<key>"): atoms `cmp` against a rational bound; a variable's domain
//     (integers or rationals, with optional bounds) is declared in `Vars`;
//   - Boolean variables ("present:<key>", "b:<key>", "free:<id>"): atom `bool`.
// `free:<id>` variables stand for facts the model cannot pin down (an ambiguity in AWS's
// documents, or a construct not yet modelled); a solver may choose them freely, so an
// unsatisfiable formula is a proof under every reading. Build formulas through the factory
// functions, which fold constants, so `TRUE`/`FALSE` never appear nested.

import type { Pattern } from "./pattern.js";
import type { Rational } from "./rational.js";

export type CmpOp = "lt" | "le" | "eq" | "ge" | "gt";

export type Formula =
  | { k: "const"; v: boolean }
  | { k: "not"; a: Formula }
  | { k: "and"; args: Formula[] }
  | { k: "or"; args: Formula[] }
  | { k: "bool"; v: string }
  | { k: "match"; v: string; p: Pattern }
  | { k: "cmp"; v: string; op: CmpOp; bound: Rational };

export type Sort = { sort: "string" } | { sort: "bool" } | { sort: "ordered"; integer: boolean; min?: Rational; max?: Rational };

/** Declared variables of a query: name → sort. Every variable an atom mentions is declared. */
export type Vars = Map<string, Sort>;

export const TRUE: Formula = { k: "const", v: true };
export const FALSE: Formula = { k: "const", v: false };

export function not(a: Formula): Formula {
  if (a.k === "const") return a.v ? FALSE : TRUE;
  if (a.k === "not") return a.a;
  return { k: "not", a };
}

export function and(...args: Formula[]): Formula {
  const out: Formula[] = [];
  for (const a of args) {
    if (a.k === "const") {
      if (!a.v) return FALSE;
      continue;
    }
    if (a.k === "and") out.push(...a.args);
    else out.push(a);
  }
  if (out.length === 0) return TRUE;
  if (out.length === 1) return out[0];
  return { k: "and", args: out };
}

export function or(...args: Formula[]): Formula {
  const out: Formula[] = [];
  for (const a of args) {
    if (a.k === "const") {
      if (a.v) return TRUE;
      continue;
    }
    if (a.k === "or") out.push(...a.args);
    else out.push(a);
  }
  if (out.length === 0) return FALSE;
  if (out.length === 1) return out[0];
  return { k: "or", args: out };
}

export function implies(a: Formula, b: Formula): Formula {
  return or(not(a), b);
}

export function iff(a: Formula, b: Formula): Formula {
  return and(implies(a, b), implies(b, a));
}

/** An atom of the IR: what `mapAtoms` and `forEachAtom` reach. */
export type Atom = Extract<Formula, { k: "bool" | "match" | "cmp" }>;

/**
 * f with each atom replaced by `map(atom)`, rebuilt through the factory (so constants fold); a
 * part in which `map` changed no atom is f's own object (no copy, and caches keyed by it still hit).
 */
export function mapAtoms(f: Formula, map: (atom: Atom) => Formula): Formula {
  switch (f.k) {
    case "const":
      return f;
    case "not": {
      const a = mapAtoms(f.a, map);
      return a === f.a ? f : not(a);
    }
    case "and":
    case "or": {
      const args = f.args.map((a) => mapAtoms(a, map));
      if (args.every((a, i) => a === f.args[i])) return f;
      return f.k === "and" ? and(...args) : or(...args);
    }
    default:
      return map(f);
  }
}

/** Calls `visit` on each atom of f, left to right. */
export function forEachAtom(f: Formula, visit: (atom: Atom) => void): void {
  switch (f.k) {
    case "const":
      return;
    case "not":
      return forEachAtom(f.a, visit);
    case "and":
    case "or":
      for (const a of f.args) forEachAtom(a, visit);
      return;
    default:
      visit(f);
  }
}

export function boolVar(v: string): Formula {
  return { k: "bool", v };
}

export function match(v: string, p: Pattern): Formula {
  return { k: "match", v, p };
}

export function cmp(v: string, op: CmpOp, bound: Rational): Formula {
  return { k: "cmp", v, op, bound };
}

/** A concrete assignment to the variables of a formula (a model, or a request's view). */
export interface Assignment {
  strings: Map<string, string>;
  numbers: Map<string, Rational>;
  bools: Map<string, boolean>;
}

export function emptyAssignment(): Assignment {
  return { strings: new Map(), numbers: new Map(), bools: new Map() };
}
