// Evaluates a formula under a concrete assignment: the reference meaning of the IR.
// Contract: every variable the formula mentions must be assigned; a missing one throws, since it
// means an engine returned an incomplete model or a request view missed a variable.

import { matchPattern } from "./pattern.js";
import { forEachAtom, type Assignment, type CmpOp, type Formula } from "./ir.js";
import { compareRational } from "./rational.js";

export function evaluateFormula(f: Formula, a: Assignment): boolean {
  switch (f.k) {
    case "const":
      return f.v;
    case "not":
      return !evaluateFormula(f.a, a);
    case "and":
      return f.args.every((x) => evaluateFormula(x, a));
    case "or":
      return f.args.some((x) => evaluateFormula(x, a));
    case "bool": {
      const v = a.bools.get(f.v);
      if (v === undefined) throw new Error(`unassigned Boolean variable \`${f.v}\``);
      return v;
    }
    case "match": {
      const v = a.strings.get(f.v);
      if (v === undefined) throw new Error(`unassigned string variable \`${f.v}\``);
      return matchPattern(f.p, v, (name) => a.strings.get(name));
    }
    case "cmp": {
      const v = a.numbers.get(f.v);
      if (v === undefined) throw new Error(`unassigned ordered variable \`${f.v}\``);
      return comparisonHolds(f.op, compareRational(v, f.bound));
    }
  }
}

/** Does `value op bound` hold, given c = sign(value - bound)? */
export function comparisonHolds(op: CmpOp, c: number): boolean {
  switch (op) {
    case "lt":
      return c < 0;
    case "le":
      return c <= 0;
    case "eq":
      return c === 0;
    case "ge":
      return c >= 0;
    case "gt":
      return c > 0;
  }
}

/** Every variable a formula mentions, the string variables its var tokens read included. */
export function formulaVariables(f: Formula, out = new Set<string>()): Set<string> {
  forEachAtom(f, (a) => {
    out.add(a.v);
    if (a.k === "match") for (const t of a.p.tokens) if (t.t === "var") out.add(t.v);
  });
  return out;
}

/** The variables the formula's var tokens read (policy variables). */
export function variablesReadByTokens(f: Formula): Set<string> {
  const out = new Set<string>();
  forEachAtom(f, (a) => {
    if (a.k === "match") for (const t of a.p.tokens) if (t.t === "var") out.add(t.v);
  });
  return out;
}

/** Does some pattern of the formula read another variable (a policy variable's var token)? */
export function hasVariableTokens(f: Formula): boolean {
  switch (f.k) {
    case "not":
      return hasVariableTokens(f.a);
    case "and":
    case "or":
      return f.args.some(hasVariableTokens);
    case "match":
      return f.p.tokens.some((t) => t.t === "var");
    default:
      return false;
  }
}
