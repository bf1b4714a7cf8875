// Boolean abstraction of the atoms a engine cannot take.
// Contract: `abstractAtoms(f, vars, pick)` replaces every atom for which `pick` holds by a fresh
// Boolean variable `abs:<n>` (equal atoms share one), declared in the returned Vars. Every model
// of f gives a model of the abstraction (each `abs:<n>` takes its atom's value), so an
// unsatisfiable abstraction proves f unsatisfiable; a model of the abstraction proves nothing.
// Used for policy variables: the exact engine decides the abstraction, Z3 the rest (solve/index.ts).

import { patternKey } from "./pattern.js";
import { boolVar, mapAtoms, type Formula, type Vars } from "./ir.js";

export interface AtomAbstraction {
  formula: Formula;
  vars: Vars;
  /** The Boolean that stands for an atom of f (undefined for an atom that was kept). */
  nameOf(atom: Formula): string | undefined;
}

export function abstractAtoms(f: Formula, vars: Vars, pick: (atom: Formula) => boolean): AtomAbstraction {
  const names = new Map<string, string>();
  const keyOf = (g: Formula) =>
    g.k === "match" ? `m\u0000${g.v}\u0000${patternKey(g.p)}` : JSON.stringify(g, (_, x) => (typeof x === "bigint" ? x.toString() : x));
  const out: Vars = new Map(vars);
  const formula = mapAtoms(f, (g) => {
    if (!pick(g)) return g;
    const key = keyOf(g);
    let name = names.get(key);
    if (!name) {
      name = `abs:${names.size}`;
      names.set(key, name);
      out.set(name, { sort: "bool" });
    }
    return boolVar(name);
  });
  return { formula, vars: out, nameOf: (atom) => names.get(keyOf(atom)) };
}
