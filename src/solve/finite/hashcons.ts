// Hash-consing of a propositional skeleton: structurally equal subformulas become one node.
// Contract: `hashCons(f)` returns a formula equivalent to f in which equal subterms are the same
// object (so the CNF encoder gives them one variable), `and`/`or` arguments are flattened,
// deduplicated and put in a canonical order, double negations are gone, and an `and` holding
// x and ¬x is FALSE (an `or`, TRUE). Why: a query compares two policies that share most of
// their statements (an update, or a policy against a copy of itself); after hash-consing the
// shared statements are literally the same SAT variables, and most of the query falls away by
// propagation instead of search.

import { FALSE, TRUE, type Formula } from "../../logic/ir.js";

export function hashCons(f: Formula): Formula {
  const idOf = new Map<Formula, number>([
    [TRUE, 0],
    [FALSE, 1],
  ]);
  const table = new Map<string, Formula>();
  const memo = new Map<Formula, Formula>();

  const make = (key: string, build: () => Formula): Formula => {
    let node = table.get(key);
    if (!node) {
      node = build();
      table.set(key, node);
      idOf.set(node, idOf.size);
    }
    return node;
  };

  const negate = (c: Formula): Formula => {
    if (c.k === "const") return c.v ? FALSE : TRUE;
    if (c.k === "not") return c.a;
    return make(`!${idOf.get(c)}`, () => ({ k: "not", a: c }));
  };

  const junction = (k: "and" | "or", raw: Formula[]): Formula => {
    const absorbing = k === "and" ? FALSE : TRUE;
    const args: Formula[] = [];
    const seen = new Set<number>();
    const push = (c: Formula): boolean => {
      if (c.k === "const") return c !== absorbing; // neutral elements drop out
      if (c.k === k) {
        for (const a of c.args) if (!push(a)) return false;
        return true;
      }
      const id = idOf.get(c)!;
      if (!seen.has(id)) {
        seen.add(id);
        args.push(c);
      }
      return true;
    };
    for (const a of raw) if (!push(a)) return absorbing;
    // x and ¬x together: the junction is its absorbing element.
    for (const a of args) if (a.k === "not" && seen.has(idOf.get(a.a)!)) return absorbing;
    if (args.length === 0) return absorbing === FALSE ? TRUE : FALSE;
    if (args.length === 1) return args[0];
    args.sort((x, y) => idOf.get(x)! - idOf.get(y)!);
    return make(`${k}(${args.map((a) => idOf.get(a)).join(",")})`, () => ({ k, args }));
  };

  const canon = (g: Formula): Formula => {
    const known = memo.get(g);
    if (known) return known;
    let out: Formula;
    switch (g.k) {
      case "const":
        out = g.v ? TRUE : FALSE;
        break;
      case "not":
        out = negate(canon(g.a));
        break;
      case "and":
      case "or":
        out = junction(g.k, g.args.map(canon));
        break;
      case "bool":
        out = make(`b${g.v}`, () => ({ k: "bool", v: g.v }));
        break;
      default:
        throw new Error(`skeleton atom of kind \`${g.k}\``); // abstraction.ts replaced them all
    }
    memo.set(g, out);
    return out;
  };
  return canon(f);
}
