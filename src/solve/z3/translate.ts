// Formula IR → SMT-LIB script, the one place that decides how a query looks to Z3.
// Contract: `translate(f, vars)` declares one constant per variable occurring in `f` (String,
// Bool, Int for integer ordered variables, Real otherwise) under a generated symbol, asserts the
// ordered variables' declared bounds, and asserts a formula that is satisfiable iff `f` is, such
// that every model of it is a model of `f` over those variables.
// Per design.md, constraints on one string variable are merged into ONE regular expression
// wherever the Boolean structure allows: a subformula whose atoms are all `match` on the same
// variable becomes a single `str.in_re` (and → intersection, or → union, not → complement, a
// conjunction with negated members → difference), and inside a mixed and/or the members on
// each variable are grouped into one `str.in_re` (regex.ts factors shared literal prefixes).
// A string variable whose patterns are ALL case-insensitive is solved in folded form: its
// patterns' literals are lower-cased and made case-sensitive, and the variable is restricted to
// strings without A–Z. That is exact: the formula only sees fold(v), and fold(v) has no A–Z —
// unless a var token reads v (a policy variable), which sees v itself: such v is never folded,
// nor is the subject of a pattern with var tokens.
// A var token becomes `(str.to_re <symbol>)` (regex.ts); its variable is declared like any other.
// Before that, top-level literals (Boolean variables and atoms, possibly negated) are propagated
// into the rest of the formula (`propagateUnits`): an equal atom elsewhere becomes TRUE or FALSE,
// which lets the merging above see through `¬(A ∧ B)` when A is asserted. The result has exactly
// the models of the input. It matters for Z3's sequence solver on var tokens: `A ∧ R ∧ ¬(A ∧ B)`
// took 5.4 s, `R ∧ ¬B` merged into one regex 17 ms.
// A variable used against its declared sort, or an undeclared one, throws UnsupportedError.

import { foldCase, type Pattern } from "../../logic/pattern.js";
import { formulaVariables } from "../../logic/evaluate.js";
import { and, FALSE, not, or, TRUE, type CmpOp, type Formula, type Sort, type Vars } from "../../logic/ir.js";
import type { Rational } from "../../logic/rational.js";
import { compRe, diffRe, interRe, patternRe, reText, unionRe, type Re } from "./regex.js";
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
// SMT-LIB Boolean term. `neg`, when present, is R with re = complement(R), kept to emit a diff.
type Node = { k: "re"; v: string; re: Re; neg?: Re } | { k: "smt"; t: string };
type ReNode = Extract<Node, { k: "re" }>;

const NO_UPPER: Re = { prefix: "", rest: '(re.* (re.diff re.allchar (re.range "A" "Z")))' };

export function translate(input: Formula, vars: Vars): Translation {
  const f = propagateUnits(input);
  // Declared from the input: a variable propagation removed still gets a value in the model.
  const names = [...formulaVariables(input)].sort();
  const symbols: SmtSymbol[] = names.map((name, i) => {
    const sort = vars.get(name);
    if (!sort) throw new UnsupportedError(`variable \`${name}\` is not declared`);
    return { name, sym: `k${i}`, sort };
  });
  const lines: string[] = [];
  for (const s of symbols) {
    lines.push(`(declare-const ${s.sym} ${smtSort(s.sort)})`);
    if (s.sort.sort === "ordered") lines.push(...domainAssertions(s.sym, s.sort));
  }
  const folded = foldedVariables(f);
  const t = new Translator(new Map(symbols.map((s) => [s.name, s])), folded);
  const top = [...(f.k === "and" ? f.args : [f]).map((a) => t.node(a))];
  for (const v of [...folded].sort()) top.push({ k: "re", v, re: NO_UPPER });
  for (const n of t.conjuncts(top)) lines.push(`(assert ${t.term(n)})`);
  return { body: lines.join("\n"), symbols };
}

const atomKey = (f: Formula): string | undefined =>
  f.k === "bool" || f.k === "match" || f.k === "cmp" ? JSON.stringify(f, (_, x) => (typeof x === "bigint" ? x.toString() : x)) : undefined;

/** A top-level literal's atom and polarity. */
function literal(f: Formula): [string, boolean] | undefined {
  const key = atomKey(f.k === "not" ? f.a : f);
  return key === undefined ? undefined : [key, f.k !== "not"];
}

/** The formula with its top-level literals substituted into its other conjuncts, to a fixpoint. */
export function propagateUnits(f: Formula): Formula {
  let current = f;
  for (let round = 0; round < 8; round++) {
    const parts = current.k === "and" ? current.args : [current];
    const units = new Map<string, boolean>();
    for (const p of parts) {
      const l = literal(p);
      if (l) units.set(l[0], l[1]);
    }
    if (units.size === 0) return current;
    let changed = false;
    const rewrite = (g: Formula): Formula => {
      const key = atomKey(g);
      if (key !== undefined) {
        const v = units.get(key);
        if (v === undefined) return g;
        changed = true;
        return v ? TRUE : FALSE;
      }
      if (g.k === "not") return not(rewrite(g.a));
      if (g.k === "and") return and(...g.args.map(rewrite));
      if (g.k === "or") return or(...g.args.map(rewrite));
      return g;
    };
    const next = and(...parts.map((p) => (literal(p) ? p : rewrite(p))));
    if (!changed) return current;
    current = next;
  }
  return current;
}

/** String variables all of whose patterns in `f` are case-insensitive, var-free, and that no var token reads. */
function foldedVariables(f: Formula): Set<string> {
  const ci = new Map<string, boolean>();
  const walk = (g: Formula): void => {
    if (g.k === "match") {
      const reads = g.p.tokens.some((t) => t.t === "var");
      ci.set(g.v, (ci.get(g.v) ?? true) && g.p.caseInsensitive && !reads);
      for (const t of g.p.tokens) if (t.t === "var") ci.set(t.v, false);
    } else if (g.k === "not") walk(g.a);
    else if (g.k === "and" || g.k === "or") g.args.forEach(walk);
  };
  walk(f);
  return new Set([...ci].filter(([, all]) => all).map(([v]) => v));
}

function foldPattern(p: Pattern): Pattern {
  return { caseInsensitive: false, tokens: p.tokens.map((t) => (t.t === "lit" ? { t: "lit", s: foldCase(t.s) } : t)) };
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
  constructor(
    private readonly symbols: Map<string, SmtSymbol>,
    private readonly folded: Set<string>,
  ) {}

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
        return { k: "re", v: f.v, re: patternRe(this.folded.has(f.v) ? foldPattern(f.p) : f.p, (v) => this.sym(v, "string").sym) };
      case "cmp":
        return { k: "smt", t: this.cmp(f.v, f.op, f.bound) };
      case "not": {
        const a = this.node(f.a);
        if (a.k === "re") return a.neg ? { k: "re", v: a.v, re: a.neg } : { k: "re", v: a.v, re: compRe(a.re), neg: a.re };
        return { k: "smt", t: `(not ${a.t})` };
      }
      case "and":
        return this.join("and", this.conjuncts(f.args.map((a) => this.node(a))));
      case "or":
        return this.join(
          "or",
          this.group(
            f.args.map((a) => this.node(a)),
            (v, ms) => ({ k: "re", v, re: unionRe(ms.map((m) => m.re)) }),
          ),
        );
    }
  }

  /** The members of a conjunction, with each string variable's regex members merged into one. */
  conjuncts(nodes: Node[]): Node[] {
    return this.group(nodes, (v, members) => {
      const pos = members.filter((m) => !m.neg).map((m) => m.re);
      const neg = members.filter((m) => m.neg).map((m) => m.neg!);
      if (neg.length === 0) return { k: "re", v, re: interRe(pos) };
      if (pos.length === 0) {
        const all = unionRe(neg);
        return { k: "re", v, re: compRe(all), neg: all };
      }
      return { k: "re", v, re: diffRe(pos, neg) };
    });
  }

  private join(op: "and" | "or", parts: Node[]): Node {
    return parts.length === 1 ? parts[0] : { k: "smt", t: `(${op} ${parts.map((p) => this.term(p)).join(" ")})` };
  }

  // Keeps non-regex members in order; replaces all regex members on one variable by `merge`,
  // at the position of the first of them.
  private group(nodes: Node[], merge: (v: string, ms: ReNode[]) => Node): Node[] {
    const byVar = new Map<string, ReNode[]>();
    for (const n of nodes) {
      if (n.k !== "re") continue;
      const ms = byVar.get(n.v);
      if (ms) ms.push(n);
      else byVar.set(n.v, [n]);
    }
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
