// Random small formulas: Z3's "unsat" is checked against brute force over a small domain, and
// every "sat" model against the reference evaluator (the engine validates too; this is a second
// look). The brute-force domain is incomplete in general, so only one direction is checked: a
// brute-force witness means the formula is satisfiable, and Z3 must not have called it unsat.

import fc from "fast-check";
import { afterAll, expect, it } from "vitest";
import type { Pattern, Token } from "../../src/logic/pattern.js";
import { evaluateFormula } from "../../src/logic/evaluate.js";
import { and, boolVar, cmp, match, not, or, type Assignment, type CmpOp, type Formula, type Vars } from "../../src/logic/ir.js";
import { compareRational, midpoint, rational, type Rational } from "../../src/logic/rational.js";
import { createZ3Engine } from "../../src/solve/z3/index.js";

const engine = createZ3Engine();
afterAll(() => engine.close());

const VARS: Vars = new Map([
  ["s1", { sort: "string" }],
  ["s2", { sort: "string" }],
  ["b1", { sort: "bool" }],
  ["n1", { sort: "ordered", integer: false }],
  ["n2", { sort: "ordered", integer: true, min: rational(-2n), max: rational(3n) }],
]);
const ALPHABET = ["a", "B", ":"];

const token: fc.Arbitrary<Token> = fc.oneof(
  fc.array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 2 }).map((cs) => ({ t: "lit" as const, s: cs.join("") })),
  fc.boolean().map((noColon) => ({ t: "char" as const, noColon })),
  fc.boolean().map((noColon) => ({ t: "star" as const, noColon })),
);
const pattern: fc.Arbitrary<Pattern> = fc.record({
  tokens: fc.array(token, { maxLength: 3 }),
  caseInsensitive: fc.boolean(),
});
const bound = fc.tuple(fc.integer({ min: -3, max: 3 }), fc.constantFrom(1, 2)).map(([n, d]) => rational(BigInt(n), BigInt(d)));
const op = fc.constantFrom<CmpOp>("lt", "le", "eq", "ge", "gt");

const atom: fc.Arbitrary<Formula> = fc.oneof(
  fc.tuple(fc.constantFrom("s1", "s2"), pattern).map(([v, p]) => match(v, p)),
  fc.tuple(fc.constantFrom("s1", "s1", "s2"), pattern).map(([v, p]) => not(match(v, p))),
  fc.constant(boolVar("b1")),
  fc.tuple(fc.constantFrom("n1", "n2"), op, bound).map(([v, o, b]) => cmp(v, o, b)),
);
const formula = fc.letrec<{ f: Formula }>((tie) => ({
  f: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atom,
    fc.array(tie("f"), { minLength: 1, maxLength: 4 }).map((xs) => and(...xs)),
    fc.array(tie("f"), { minLength: 1, maxLength: 3 }).map((xs) => or(...xs)),
    tie("f").map(not),
  ),
})).f;

function strings(maxLen: number): string[] {
  const out = [""];
  let layer = [""];
  for (let i = 0; i < maxLen; i++) {
    layer = layer.flatMap((s) => [...ALPHABET, "b", "x"].map((c) => s + c));
    out.push(...layer);
  }
  return out;
}

function numbers(f: Formula, v: string): Rational[] {
  const bs: Rational[] = [rational(0n)];
  const walk = (g: Formula): void => {
    if (g.k === "cmp" && g.v === v) bs.push(g.bound);
    if (g.k === "not") walk(g.a);
    if (g.k === "and" || g.k === "or") g.args.forEach(walk);
  };
  walk(f);
  bs.sort(compareRational);
  const out = [
    rational(bs[0].num - 2n * bs[0].den, bs[0].den),
    ...bs,
    rational(bs[bs.length - 1].num + 2n * bs[bs.length - 1].den, bs[bs.length - 1].den),
  ];
  for (let i = 0; i + 1 < bs.length; i++) out.push(midpoint(bs[i], bs[i + 1]));
  if (v === "n2") return [-2n, -1n, 0n, 1n, 2n, 3n].map((n) => rational(n));
  return out;
}

function bruteForce(f: Formula): Assignment | undefined {
  const s1s = strings(3);
  const s2s = strings(2);
  for (const s1 of s1s)
    for (const s2 of s2s)
      for (const b1 of [false, true])
        for (const n1 of numbers(f, "n1"))
          for (const n2 of numbers(f, "n2")) {
            const a: Assignment = {
              strings: new Map([
                ["s1", s1],
                ["s2", s2],
              ]),
              bools: new Map([["b1", b1]]),
              numbers: new Map([
                ["n1", n1],
                ["n2", n2],
              ]),
            };
            if (evaluateFormula(f, a)) return a;
          }
  return undefined;
}

it("agrees with brute force on random small formulas", async () => {
  await fc.assert(
    fc.asyncProperty(formula, async (f) => {
      const r = await engine.solve(f, VARS, { timeoutMs: 30_000, resourceLimit: 50_000_000 });
      if (r.status === "sat") expect(evaluateFormula(f, r.model)).toBe(true);
      if (r.status === "unsat") expect(bruteForce(f)).toBeUndefined();
      if (r.status === "unknown") throw new Error(`unknown: ${r.reason}`);
    }),
    { numRuns: 80 },
  );
}, 300_000);
