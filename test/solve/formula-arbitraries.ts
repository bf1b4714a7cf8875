// Random formulas over every atom kind the encoder emits, for the engine differential tests:
// case-sensitive and case-insensitive globs and literals (also as a top-level disjunction of
// literals on one variable, the shape the front's case split takes), numbers, dates and IPs
// (ordered variables with and without bounds), var tokens (policy variables), principal atoms
// (patterns on "principal", kinds), Booleans and frees. Small alphabets, so that
// `bruteForceModel` can search candidate assignments built from the formula's own literals.

import fc from "fast-check";
import type { Pattern, Token } from "../../src/logic/pattern.js";
import { evaluateFormula, formulaVariables } from "../../src/logic/evaluate.js";
import {
  and,
  boolVar,
  cmp,
  forEachAtom,
  match,
  not,
  or,
  type Assignment,
  type CmpOp,
  type Formula,
  type Vars,
} from "../../src/logic/ir.js";
import { compareRational, midpoint, rational, type Rational } from "../../src/logic/rational.js";

export const VARS: Vars = new Map([
  ["s1", { sort: "string" }],
  ["s2", { sort: "string" }],
  ["principal", { sort: "string" }],
  ["b1", { sort: "bool" }],
  ["free:1", { sort: "bool" }],
  ["n1", { sort: "ordered", integer: false }],
  ["n2", { sort: "ordered", integer: true, min: rational(-2n), max: rational(3n) }],
  ["ip", { sort: "ordered", integer: true, min: rational(0n), max: rational(255n) }],
]);

const ALPHABET = ["a", "B", "b", ":", "é", "É"];
const PRINCIPALS = [
  "AWS:arn:aws:iam::1:root",
  "AWS:arn:aws:iam::1:user/a",
  "AWS:arn:aws:iam::2:user/a",
  "Service:s3.amazonaws.com",
  "AWS:*",
];

const text = fc.array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 3 }).map((cs) => cs.join(""));
const token = (vars: boolean): fc.Arbitrary<Token> =>
  fc.oneof(
    text.map((s) => ({ t: "lit" as const, s })),
    fc.boolean().map((noColon) => ({ t: "char" as const, noColon })),
    fc.boolean().map((noColon) => ({ t: "star" as const, noColon })),
    ...(vars ? [fc.constant({ t: "var" as const, v: "s2" })] : []),
  );
const pattern = (vars: boolean): fc.Arbitrary<Pattern> =>
  fc.record({ tokens: fc.array(token(vars), { maxLength: 3 }), caseInsensitive: fc.boolean() }).map(normalise);
const literal: fc.Arbitrary<Pattern> = fc
  .record({ s: text, ci: fc.boolean() })
  .map(({ s, ci }) => ({ tokens: [{ t: "lit", s }], caseInsensitive: ci }));
const principalPattern: fc.Arbitrary<Pattern> = fc
  .tuple(fc.constantFrom(...PRINCIPALS), fc.constantFrom("", "*", "?"), fc.boolean())
  .map(([p, tail, ci]) =>
    normalise({
      tokens: [{ t: "lit", s: p }, ...(tail ? [{ t: tail === "*" ? "star" : "char", noColon: false } as Token] : [])],
      caseInsensitive: ci,
    }),
  );

/** Adjacent literals joined, as the pattern factories leave them (engines assume it). */
function normalise(p: Pattern): Pattern {
  const tokens: Token[] = [];
  for (const t of p.tokens) {
    const last = tokens[tokens.length - 1];
    if (t.t === "lit" && last?.t === "lit") tokens[tokens.length - 1] = { t: "lit", s: last.s + t.s };
    else if (t.t === "star" && last?.t === "star") tokens[tokens.length - 1] = { t: "star", noColon: last.noColon && t.noColon };
    else tokens.push(t);
  }
  return { tokens, caseInsensitive: p.caseInsensitive };
}

const bound = fc.tuple(fc.integer({ min: -3, max: 3 }), fc.constantFrom(1, 2)).map(([n, d]) => rational(BigInt(n), BigInt(d)));
const op = fc.constantFrom<CmpOp>("lt", "le", "eq", "ge", "gt");

const atom = (vars: boolean): fc.Arbitrary<Formula> =>
  fc.oneof(
    fc.tuple(fc.constantFrom("s1", "s2"), pattern(false)).map(([v, p]) => match(v, p)),
    fc.tuple(fc.constantFrom("s1", "s2"), literal).map(([v, p]) => match(v, p)),
    ...(vars ? [pattern(true).map((p) => match("s1", p))] : []),
    principalPattern.map((p) => match("principal", p)),
    fc.constantFrom(boolVar("b1"), boolVar("free:1")),
    fc.tuple(fc.constantFrom("n1", "n2"), op, bound).map(([v, o, b]) => cmp(v, o, b)),
    fc.tuple(op, fc.integer({ min: 0, max: 255 })).map(([o, n]) => cmp("ip", o, rational(BigInt(n)))),
  );

/** A disjunction of literal matches on one variable: what the front's case split looks for. */
const literalDisjunction: fc.Arbitrary<Formula> = fc
  .tuple(fc.constantFrom("s1", "s2"), fc.array(literal, { minLength: 1, maxLength: 3 }))
  .map(([v, ps]) => or(...ps.map((p) => match(v, p))));

const formulaOf = (vars: boolean) =>
  fc.letrec<{ f: Formula }>((tie) => ({
    f: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      atom(vars),
      fc.array(tie("f"), { minLength: 1, maxLength: 4 }).map((xs) => and(...xs)),
      fc.array(tie("f"), { minLength: 1, maxLength: 3 }).map((xs) => or(...xs)),
      tie("f").map(not),
    ),
  })).f;

/** Several var-token atoms on one variable, equalities and plain atoms: what the lemmas read. */
export const tokenFormulaArb: fc.Arbitrary<Formula> = fc
  .array(
    fc.oneof(
      pattern(true).map((p) => match("s1", p)),
      fc.boolean().map((ci) => match("s1", { tokens: [{ t: "var", v: "s2" }], caseInsensitive: ci })),
      fc.tuple(fc.constantFrom("s1", "s2"), pattern(false)).map(([v, p]) => match(v, p)),
      // s2 = "": the EMPTY_STRING_AS_ABSENT guard of a policy variable (its lemma widens to ?*).
      fc.constant(match("s2", { tokens: [], caseInsensitive: false })),
    ),
    { minLength: 2, maxLength: 5 },
  )
  .chain((atoms) =>
    fc
      .array(fc.boolean(), { minLength: atoms.length, maxLength: atoms.length })
      .map((neg) => and(...atoms.map((a, i) => (neg[i] ? not(a) : a)))),
  );

/** A random formula; a quarter start with a literal disjunction, half read var tokens. */
export const formulaArb: fc.Arbitrary<Formula> = fc.oneof(
  formulaOf(false),
  fc.tuple(literalDisjunction, formulaOf(false)).map(([d, f]) => and(d, f)),
  formulaOf(true),
  tokenFormulaArb,
);

// Brute force: candidate values per variable, from the formula's own literals.

function caseVariants(s: string): string[] {
  return [s, s.toLowerCase(), s.toUpperCase(), s.charAt(0).toUpperCase() + s.slice(1)];
}

function stringCandidates(f: Formula, v: string): string[] {
  const lits = new Set<string>(["", ...ALPHABET]);
  forEachAtom(f, (a) => {
    if (a.k !== "match") return;
    for (const t of a.p.tokens) if (t.t === "lit") for (const s of caseVariants(t.s)) lits.add(s);
  });
  if (v === "principal") for (const p of PRINCIPALS) lits.add(p);
  const base = [...lits];
  // Short joins, so that a pattern such as `a*B` or `a${s2}` finds its value.
  const out = new Set(base);
  for (const x of base) for (const y of base) if (x.length + y.length <= 6) out.add(x + y);
  return [...out];
}

function numberCandidates(f: Formula, v: string): Rational[] {
  const sort = VARS.get(v);
  const bs: Rational[] = [rational(0n)];
  forEachAtom(f, (a) => {
    if (a.k === "cmp" && a.v === v) bs.push(a.bound);
  });
  bs.sort(compareRational);
  const out = [
    rational(bs[0].num - 2n * bs[0].den, bs[0].den),
    ...bs,
    rational(bs[bs.length - 1].num + 2n * bs[bs.length - 1].den, bs[bs.length - 1].den),
  ];
  for (let i = 0; i + 1 < bs.length; i++) out.push(midpoint(bs[i], bs[i + 1]));
  return out
    .flatMap((x) => (sort?.sort === "ordered" && sort.integer ? [rational(x.num / x.den), rational(x.num / x.den + 1n)] : [x]))
    .filter(
      (x) =>
        sort?.sort !== "ordered" || ((!sort.min || compareRational(x, sort.min) >= 0) && (!sort.max || compareRational(x, sort.max) <= 0)),
    );
}

/**
 * An assignment that satisfies f, searched among candidates built from f's literals (their case
 * variants and short joins), or undefined. Incomplete: a miss proves nothing; a hit is a model.
 * At most `limit` assignments are tried; `complete` says whether every candidate was.
 */
export function bruteForceModel(f: Formula, limit = 200_000): { model?: Assignment; complete: boolean } {
  const vars = [...formulaVariables(f)];
  const strings = vars.filter((v) => VARS.get(v)!.sort === "string");
  const others = vars.filter((v) => VARS.get(v)!.sort !== "string");
  const otherDomains = others.map((v): unknown[] => (VARS.get(v)!.sort === "bool" ? [false, true] : numberCandidates(f, v)));
  // Each string variable keeps its first candidates (the plainest come first) within the limit.
  const perString = Math.floor((limit / otherDomains.reduce((n, d) => n * d.length, 1)) ** (1 / Math.max(1, strings.length)));
  let complete = true;
  const stringDomains = strings.map((v) => {
    const all = stringCandidates(f, v);
    if (all.length > perString) complete = false;
    return all.slice(0, Math.max(1, perString));
  });
  vars.splice(0, vars.length, ...strings, ...others);
  const domains = [...stringDomains, ...otherDomains];
  const total = domains.reduce((n, d) => n * d.length, 1);
  const index = vars.map(() => 0);
  for (let step = 0; step < total; step++) {
    const a: Assignment = { strings: new Map(), numbers: new Map(), bools: new Map() };
    vars.forEach((v, i) => {
      const x = domains[i][index[i]];
      const sort = VARS.get(v)!.sort;
      if (sort === "string") a.strings.set(v, x as string);
      else if (sort === "bool") a.bools.set(v, x as boolean);
      else a.numbers.set(v, x as Rational);
    });
    if (evaluateFormula(f, a)) return { model: a, complete };
    for (let i = 0; i < index.length; i++) {
      if (++index[i] < domains[i].length) break;
      index[i] = 0;
    }
  }
  return { complete };
}
