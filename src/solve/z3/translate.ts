// Formula IR → SMT-LIB script, the one place that decides how a query looks to Z3.
// Contract: `translate(f, vars)` declares one constant per variable occurring in `f` (String,
// Bool, Int for integer ordered variables, Real otherwise) under a generated symbol, asserts the
// ordered variables' declared bounds, and asserts a formula equisatisfiable with `f` — with the
// same models over those variables. Per design.md, constraints on one string variable are merged
// into ONE regular expression wherever the Boolean structure allows: a subformula whose atoms
// are all `match` on the same variable becomes a single `str.in_re` (and → re.inter, or →
// re.union, not → re.comp, a conjunction with negated members → re.diff), and inside a mixed
// and/or the members on each variable are grouped into one `str.in_re`. A literal prefix that
// all members of a merge share is factored out (P·A ∩ P·B = P·(A ∩ B), likewise ∪ and \; never
// under a bare complement). A variable used against its declared sort, or an undeclared one,
// throws UnsupportedError.

import type { CmpOp, Formula, Sort, Vars } from "../../logic/ir.js";
import { formulaVariables } from "../../logic/evaluate.js";
import type { Rational } from "../../logic/rational.js";
import { commonPrefix, dropPrefix, inter, patternRe, reText, union, type Re } from "./regex.js";
import { smtNumeral, UnsupportedError } from "./smtlib.js";

export interface SmtSymbol {
  name: string;
  sym: string;
  sort: Sort;
}

export interface Translation {
  /** Declarations and assertions, without options or `(check-sat)`. */
  body: string;
  /** The variables of the formula, in a fixed order, with their SMT symbols. */
  symbols: SmtSymbol[];
}

// A translated subformula: a regex constraint on one string variable (still mergeable), or an
// SMT-LIB Boolean term. `neg`, when present, is R with re = (re.comp R), kept to emit re.diff.
type Node = { k: "re"; v: string; re: Re; neg?: Re } | { k: "smt"; t: string };
type ReNode = Extract<Node, { k: "re" }>;

const comp = (r: Re): Re => ({ prefix: "", rest: `(re.comp ${reText(r)})` });

// Merges languages that all share a literal prefix P as P · combine(the rests).
function factored(rs: Re[], combine: (texts: string[]) => string): Re {
  const p = commonPrefix(rs);
  return { prefix: p, rest: combine(rs.map((r) => dropPrefix(r, p.length))) };
}

export function translate(f: Formula, vars: Vars): Translation {
  const names = [...formulaVariables(f)].sort();
  const symbols: SmtSymbol[] = names.map((name, i) => {
    const sort = vars.get(name);
    if (!sort) throw new UnsupportedError(`variable \`${name}\` is not declared`);
    return { name, sym: `k${i}`, sort };
  });
  const bySym = new Map(symbols.map((s) => [s.name, s]));
  const lines: string[] = [];
  for (const s of symbols) {
    lines.push(`(declare-const ${s.sym} ${smtSort(s.sort)})`);
    if (s.sort.sort === "ordered") lines.push(...domainAssertions(s.sym, s.sort));
  }
  const t = new Translator(bySym);
  const top = f.k === "and" ? t.conjuncts(f.args) : [t.node(f)];
  for (const n of top) lines.push(`(assert ${t.term(n)})`);
  return { body: lines.join("\n"), symbols };
}

function smtSort(s: Sort): string {
  return s.sort === "string" ? "String" : s.sort === "bool" ? "Bool" : s.integer ? "Int" : "Real";
}

function floorDiv(r: Rational): bigint {
  const q = r.num / r.den; // truncates toward zero
  return r.num < 0n && q * r.den !== r.num ? q - 1n : q;
}

function ceilDiv(r: Rational): bigint {
  const q = r.num / r.den;
  return r.num > 0n && q * r.den !== r.num ? q + 1n : q;
}

const int = (n: bigint) => smtNumeral({ num: n, den: 1n }, false);

function domainAssertions(sym: string, s: Extract<Sort, { sort: "ordered" }>): string[] {
  const out: string[] = [];
  if (s.min) out.push(`(assert (>= ${sym} ${s.integer ? int(ceilDiv(s.min)) : smtNumeral(s.min, true)}))`);
  if (s.max) out.push(`(assert (<= ${sym} ${s.integer ? int(floorDiv(s.max)) : smtNumeral(s.max, true)}))`);
  return out;
}

const OPS: Record<CmpOp, string> = { lt: "<", le: "<=", eq: "=", ge: ">=", gt: ">" };

class Translator {
  constructor(private readonly symbols: Map<string, SmtSymbol>) {}

  private sym(name: string, want: Sort["sort"]): SmtSymbol {
    const s = this.symbols.get(name)!;
    if (s.sort.sort !== want) {
      throw new UnsupportedError(`variable \`${name}\` is declared ${s.sort.sort} but used as ${want}`);
    }
    return s;
  }

  node(f: Formula): Node {
    switch (f.k) {
      case "const":
        return { k: "smt", t: f.v ? "true" : "false" };
      case "bool":
        return { k: "smt", t: this.sym(f.v, "bool").sym };
      case "match":
        this.sym(f.v, "string");
        return { k: "re", v: f.v, re: patternRe(f.p) };
      case "cmp":
        return { k: "smt", t: this.cmp(f.v, f.op, f.bound) };
      case "not": {
        const a = this.node(f.a);
        if (a.k === "re") return a.neg ? { k: "re", v: a.v, re: a.neg } : { k: "re", v: a.v, re: comp(a.re), neg: a.re };
        return { k: "smt", t: `(not ${a.t})` };
      }
      case "and": {
        const parts = this.conjuncts(f.args);
        return parts.length === 1 ? parts[0] : { k: "smt", t: `(and ${parts.map((p) => this.term(p)).join(" ")})` };
      }
      case "or": {
        const parts = this.group(f.args.map((a) => this.node(a)), (v, members) => ({
          k: "re",
          v,
          re: factored(members.map((m) => m.re), union),
        }));
        return parts.length === 1 ? parts[0] : { k: "smt", t: `(or ${parts.map((p) => this.term(p)).join(" ")})` };
      }
    }
  }

  /** The members of a conjunction, with each string variable's regex members merged into one. */
  conjuncts(args: Formula[]): Node[] {
    return this.group(args.map((a) => this.node(a)), (v, members) => {
      const pos = members.filter((m) => !m.neg).map((m) => m.re);
      const neg = members.filter((m) => m.neg).map((m) => m.neg!);
      if (neg.length === 0) return { k: "re", v, re: factored(pos, inter) };
      if (pos.length === 0) {
        const all = factored(neg, union);
        return { k: "re", v, re: comp(all), neg: all };
      }
      // Split the texts back into the positive and negative members after factoring.
      const re = factored([...pos, ...neg], (texts) => `(re.diff ${inter(texts.slice(0, pos.length))} ${union(texts.slice(pos.length))})`);
      return { k: "re", v, re };
    });
  }

  // Keeps non-regex members in order; replaces all regex members on one variable by `merge`,
  // at the position of the first of them.
  private group(nodes: Node[], merge: (v: string, ms: ReNode[]) => Node): Node[] {
    const byVar = new Map<string, ReNode[]>();
    for (const n of nodes) if (n.k === "re") byVar.set(n.v, [...(byVar.get(n.v) ?? []), n]);
    const out: Node[] = [];
    for (const n of nodes) {
      if (n.k !== "re") out.push(n);
      else if (byVar.get(n.v)![0] === n) {
        const ms = byVar.get(n.v)!;
        out.push(ms.length === 1 ? n : merge(n.v, ms));
      }
    }
    return out;
  }

  term(n: Node): string {
    return n.k === "smt" ? n.t : `(str.in_re ${this.symbols.get(n.v)!.sym} ${reText(n.re)})`;
  }

  private cmp(name: string, op: CmpOp, b: Rational): string {
    const s = this.sym(name, "ordered");
    const sort = s.sort as Extract<Sort, { sort: "ordered" }>;
    if (!sort.integer) return `(${OPS[op]} ${s.sym} ${smtNumeral(b, true)})`;
    if (b.den === 1n) return `(${OPS[op]} ${s.sym} ${int(b.num)})`;
    // An integer against a non-integral bound: round the bound to the equivalent integer one.
    switch (op) {
      case "lt":
      case "le":
        return `(<= ${s.sym} ${int(floorDiv(b))})`;
      case "gt":
      case "ge":
        return `(>= ${s.sym} ${int(ceilDiv(b))})`;
      case "eq":
        return "false";
    }
  }
}
