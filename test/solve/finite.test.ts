// The finite engine against independent oracles.
// - String classes: compared with a naive exploration that enumerates strings in shortlex order
//   over {a, b, A, B, :, c} ('c' stands for every character no pattern mentions), computing each
//   pattern's reach set exactly as matchPattern does, and skipping a string whose reach sets were
//   already seen (the reach sets decide the verdict on the string and on all its extensions, so
//   the skipped strings add no class). The enumeration ends when no new reach sets appear: it is
//   complete, with no length bound to guess.
// - Formulas: random small formulas over 3 string variables (globs over {a, b, :}, noColon and
//   case-insensitive mixed), a bounded or unbounded integer/rational variable and 2 Booleans;
//   sat/unsat must equal a brute force over one representative string per class, every rational
//   with denominator 4 in [-3, 3] (bounds are halves in [-2, 2], so each class of the line has
//   one) and both Boolean values; every model must satisfy the formula under evaluateFormula.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldCase, type Pattern, type Token } from "../../src/logic/pattern.js";
import { evaluateFormula, formulaVariables } from "../../src/logic/evaluate.js";
import { and, boolVar, cmp, emptyAssignment, match, not, or, type CmpOp, type Formula, type Sort, type Vars } from "../../src/logic/ir.js";
import { compareRational, rational, type Rational } from "../../src/logic/rational.js";
import { Budget } from "../../src/solve/finite/budget.js";
import { createFiniteEngine, solveFinite } from "../../src/solve/finite/index.js";
import { findString, minimiseCore } from "../../src/solve/finite/string-check.js";
import { stringClasses } from "../../src/solve/finite/string-classes.js";

const OPTS = { timeoutMs: 60_000, resourceLimit: 50_000_000 };
const ALPHABET = ["a", "b", "A", "B", ":", "c"];

// ---- The naive oracle -------------------------------------------------------------------

type Step = { k: "c"; c: string } | { k: "any"; nc: boolean } | { k: "star"; nc: boolean };

function stepsOf(p: Pattern): Step[] {
  const out: Step[] = [];
  for (const t of p.tokens) {
    if (t.t === "lit") for (const c of p.caseInsensitive ? foldCase(t.s) : t.s) out.push({ k: "c", c });
    else if (t.t === "char") out.push({ k: "any", nc: t.noColon });
    else if (t.t === "star") out.push({ k: "star", nc: t.noColon });
    else throw new Error("the naive oracle has no policy variables");
  }
  return out;
}

function closeEps(steps: Step[], reach: boolean[]): boolean[] {
  for (let i = 0; i < steps.length; i++) if (steps[i].k === "star" && reach[i]) reach[i + 1] = true;
  return reach;
}

function advance(steps: Step[], reach: boolean[], ch: string): boolean[] {
  const next = new Array<boolean>(steps.length + 1).fill(false);
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    if (!reach[i]) continue;
    if (s.k === "c" ? s.c === ch : !(s.nc && ch === ":")) next[i + 1] = true;
    if (s.k === "star" && !(s.nc && ch === ":")) next[i] = true;
  }
  return closeEps(steps, next);
}

/** Vector key ("0101") → shortest witness, by shortlex enumeration with reach-set pruning. */
function naiveClasses(patterns: Pattern[]): Map<string, string> {
  const steps = patterns.map(stepsOf);
  const key = (r: boolean[][]) => r.map((x) => x.map(Number).join("")).join("|");
  const vec = (r: boolean[][]) => r.map((x) => (x[x.length - 1] ? "1" : "0")).join("");
  const start = steps.map((s) => closeEps(s, [true, ...new Array<boolean>(s.length).fill(false)]));
  const seen = new Set([key(start)]);
  const out = new Map([[vec(start), ""]]);
  let frontier: [string, boolean[][]][] = [["", start]];
  while (frontier.length) {
    const next: [string, boolean[][]][] = [];
    for (const [w, r] of frontier) {
      for (const ch of ALPHABET) {
        const r2 = r.map((x, i) => advance(steps[i], x, patterns[i].caseInsensitive ? foldCase(ch) : ch));
        const k = key(r2);
        if (seen.has(k)) continue;
        seen.add(k);
        next.push([w + ch, r2]);
        if (!out.has(vec(r2))) out.set(vec(r2), w + ch);
      }
    }
    frontier = next;
  }
  return out;
}

// ---- Generators -------------------------------------------------------------------------

const tokenArb: fc.Arbitrary<Token> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("a", "b", ":", "ab", "A", "ba").map((s) => ({ t: "lit", s }) as Token) },
  { weight: 1, arbitrary: fc.boolean().map((noColon) => ({ t: "char", noColon }) as Token) },
  { weight: 2, arbitrary: fc.boolean().map((noColon) => ({ t: "star", noColon }) as Token) },
);
// Tokens are used raw (adjacent stars and literals unmerged) to exercise the engine on them too.
const patternArb: fc.Arbitrary<Pattern> = fc.record({
  tokens: fc.array(tokenArb, { maxLength: 4 }),
  caseInsensitive: fc.boolean(),
});

const halves = [-4, -3, -2, -1, 0, 1, 2, 3, 4].map((n) => rational(BigInt(n), 2n));
const boundArb = fc.constantFrom(...halves);
const sortArb: fc.Arbitrary<Sort> = fc
  .record({ integer: fc.boolean(), min: fc.option(boundArb, { nil: undefined }), max: fc.option(boundArb, { nil: undefined }) })
  .map(({ integer, min, max }) => ({ sort: "ordered", integer, ...(min ? { min } : {}), ...(max ? { max } : {}) }));

type Shape =
  | { k: "m"; v: number; i: number }
  | { k: "c"; op: CmpOp; b: Rational }
  | { k: "b"; i: number }
  | { k: "not"; a: Shape }
  | { k: "and" | "or"; args: Shape[] };

const shapeArb = fc.letrec<{ s: Shape }>((tie) => ({
  s: fc.oneof(
    { depthSize: "medium", maxDepth: 5, withCrossShrink: true },
    { weight: 4, arbitrary: fc.record({ k: fc.constant("m" as const), v: fc.nat(2), i: fc.nat(2) }) },
    {
      weight: 1,
      arbitrary: fc.record({ k: fc.constant("c" as const), op: fc.constantFrom<CmpOp>("lt", "le", "eq", "ge", "gt"), b: boundArb }),
    },
    { weight: 1, arbitrary: fc.record({ k: fc.constant("b" as const), i: fc.nat(1) }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant("not" as const), a: tie("s") }) },
    {
      weight: 4,
      arbitrary: fc.record({ k: fc.constantFrom("and" as const, "or" as const), args: fc.array(tie("s"), { minLength: 1, maxLength: 4 }) }),
    },
  ),
})).s;

const STRING_VARS = ["x", "y", "z"];
const BOOL_VARS = ["b", "c"];

function build(s: Shape, pools: Pattern[][]): Formula {
  switch (s.k) {
    case "m":
      return match(STRING_VARS[s.v], pools[s.v][s.i]);
    case "c":
      return cmp("n", s.op, s.b);
    case "b":
      return boolVar(BOOL_VARS[s.i]);
    case "not":
      return not(build(s.a, pools));
    case "and":
      return and(...s.args.map((a) => build(a, pools)));
    case "or":
      return or(...s.args.map((a) => build(a, pools)));
  }
}

// ---- Brute force ------------------------------------------------------------------------

function inDomain(x: Rational, sort: Extract<Sort, { sort: "ordered" }>): boolean {
  return (
    (!sort.integer || x.den === 1n) && (!sort.min || compareRational(x, sort.min) >= 0) && (!sort.max || compareRational(x, sort.max) <= 0)
  );
}

const QUARTERS = Array.from({ length: 25 }, (_, i) => rational(BigInt(i - 12), 4n));

function bruteForce(f: Formula, pools: Pattern[][], sort: Extract<Sort, { sort: "ordered" }>): boolean {
  const occurring = formulaVariables(f);
  const strVals = STRING_VARS.map((v, i) => (occurring.has(v) ? [...naiveClasses(pools[i]).values()] : [""]));
  const nums = occurring.has("n") ? QUARTERS.filter((q) => inDomain(q, sort)) : [rational(0n)];
  const a = emptyAssignment();
  for (const x of strVals[0])
    for (const y of strVals[1])
      for (const z of strVals[2]) {
        a.strings.set("x", x).set("y", y).set("z", z);
        for (const n of nums)
          for (const b of [false, true])
            for (const c of [false, true]) {
              a.numbers.set("n", n);
              a.bools.set("b", b).set("c", c);
              if (evaluateFormula(f, a)) return true;
            }
      }
  return false;
}

// ---- Tests ------------------------------------------------------------------------------

describe("finite engine: string classes", () => {
  it("equal the naive exploration's classes, with shortest witnesses", () => {
    fc.assert(
      fc.property(fc.array(patternArb, { minLength: 1, maxLength: 5 }), (patterns) => {
        const got = stringClasses(patterns, new Budget());
        if (!got) throw new Error("with no bound on states, the classes are always found");
        const want = naiveClasses(patterns);
        const gotKeys = new Map<string, string>();
        for (const c of got.classes) {
          const v = patterns.map((_, i) => (c.accepts.includes(i) ? "1" : "0")).join("");
          expect(gotKeys.has(v)).toBe(false); // classes are distinct
          gotKeys.set(v, c.witness);
        }
        expect([...gotKeys.keys()].sort()).toEqual([...want.keys()].sort());
        for (const [v, w] of gotKeys) {
          // The witness realises its vector, and is as short as the naive one.
          const naive = naiveClasses(patterns.map((p) => p)).get(v)!;
          expect([...w].length).toBe([...naive].length);
          const real = patterns.map((p) => (stepsMatch(p, w) ? "1" : "0")).join("");
          expect(real).toBe(v);
        }
      }),
      { seed: 20240611, numRuns: 400 },
    );
  });
});

function stepsMatch(p: Pattern, w: string): boolean {
  const steps = stepsOf(p);
  let r = closeEps(steps, [true, ...new Array<boolean>(steps.length).fill(false)]);
  for (const ch of w) r = advance(steps, r, p.caseInsensitive ? foldCase(ch) : ch);
  return r[steps.length];
}

describe("finite engine: lazy string check", () => {
  it("regression: a prefix pattern minus its own literal (found on SystemAdministrator v1→v2)", () => {
    const ci = (s: string, star: boolean): Pattern => ({
      tokens: [{ t: "lit", s }, ...(star ? [{ t: "star", noColon: false } as Token] : [])],
      caseInsensitive: true,
    });
    const r = findString(
      [
        { p: ci("kms:ReEncrypt", true), match: true },
        { p: ci("kms:ReEncrypt", false), match: false },
      ],
      new Budget(),
    );
    expect(r.witness).toBe("kms:reencrypta");
  });
  it("finds a witness exactly when one exists, and its cores are unsatisfiable", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ p: patternArb, match: fc.boolean() }), { minLength: 1, maxLength: 7 }), (constraints) => {
        const patterns = constraints.map((c) => c.p);
        const vectors = [...naiveClasses(patterns).keys()];
        const fits = (v: string, idx: number[]) => idx.every((i) => (v[i] === "1") === constraints[i].match);
        const all = constraints.map((_, i) => i);
        const r = findString(constraints, new Budget());
        expect(r.witness !== undefined).toBe(vectors.some((v) => fits(v, all)));
        if (r.witness !== undefined) {
          for (const c of constraints) expect(stepsMatch(c.p, r.witness)).toBe(c.match);
        } else {
          expect(vectors.some((v) => fits(v, r.core))).toBe(false);
          const small = minimiseCore(constraints, r.core, new Budget());
          expect(vectors.some((v) => fits(v, small))).toBe(false);
        }
      }),
      { seed: 31337, numRuns: 2000 },
    );
  });
});

describe.each([
  ["eager", {}],
  ["lazy", { eagerStateLimit: 0 }],
])("finite engine (%s strings): random formulas against brute force", (_mode, modeOptions) => {
  const engine = createFiniteEngine({ strict: true, ...modeOptions });
  it("agrees on sat/unsat and returns valid models", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(
          fc.array(patternArb, { minLength: 3, maxLength: 3 }),
          fc.array(patternArb, { minLength: 3, maxLength: 3 }),
          fc.array(patternArb, { minLength: 3, maxLength: 3 }),
        ),
        sortArb,
        fc.array(shapeArb, { minLength: 2, maxLength: 5 }),
        async (pools, sort, conjuncts) => {
          const f = and(...conjuncts.map((s) => build(s, pools)));
          const vars: Vars = new Map<string, Sort>([
            ...STRING_VARS.map((v) => [v, { sort: "string" }] as [string, Sort]),
            ["n", sort],
            ...BOOL_VARS.map((v) => [v, { sort: "bool" }] as [string, Sort]),
          ]);
          const r = await engine.solve(f, vars, OPTS);
          expect(r.status).not.toBe("unknown");
          const expected = bruteForce(f, pools, sort as Extract<Sort, { sort: "ordered" }>);
          expect(r.status).toBe(expected ? "sat" : "unsat");
          if (r.status === "sat") {
            expect(evaluateFormula(f, r.model)).toBe(true);
            const n = r.model.numbers.get("n");
            if (n) expect(inDomain(n, sort as Extract<Sort, { sort: "ordered" }>)).toBe(true);
          }
        },
      ),
      { seed: 7041, numRuns: 600 },
    );
  });
});

describe("finite engine: one string variable, many atoms, both modes", () => {
  // Denser than the test above: 6 patterns on one variable, so the lazy mode's learnt clauses
  // and prefix-trie clauses meet many pattern interactions (`a:*` against a colon-free `a*`...).
  const shape1 = fc.letrec<{ s: Shape }>((tie) => ({
    s: fc.oneof(
      { depthSize: "medium", maxDepth: 4 },
      { weight: 5, arbitrary: fc.record({ k: fc.constant("m" as const), v: fc.constant(0), i: fc.nat(5) }) },
      { weight: 2, arbitrary: fc.record({ k: fc.constant("not" as const), a: tie("s") }) },
      {
        weight: 3,
        arbitrary: fc.record({
          k: fc.constantFrom("and" as const, "or" as const),
          args: fc.array(tie("s"), { minLength: 1, maxLength: 4 }),
        }),
      },
    ),
  })).s;
  const prefixy: fc.Arbitrary<Pattern> = fc.oneof(
    { weight: 1, arbitrary: patternArb },
    {
      weight: 2,
      arbitrary: fc.record({ s: fc.constantFrom("a", "a:", "ab", "A", ":"), nc: fc.boolean(), ci: fc.boolean() }).map(({ s, nc, ci }) => ({
        tokens: [{ t: "lit", s } as Token, { t: "star", noColon: nc } as Token],
        caseInsensitive: ci,
      })),
    },
  );
  for (const [mode, opts] of [
    ["eager", {}],
    ["lazy", { eagerStateLimit: 0 }],
  ] as const) {
    it(`${mode}: agrees with brute force`, () => {
      fc.assert(
        fc.property(
          fc.array(prefixy, { minLength: 6, maxLength: 6 }),
          fc.array(shape1, { minLength: 1, maxLength: 4 }),
          (pool, conjuncts) => {
            const pools = [pool, pool, pool];
            const f = and(...conjuncts.map((c) => build(c, pools)));
            const vars: Vars = new Map<string, Sort>([["x", { sort: "string" }]]);
            const r = solveFinite(f, vars, OPTS, { strict: true, ...opts }).result;
            const expected = bruteForce(f, pools, { sort: "ordered", integer: false });
            expect(r.status).toBe(expected ? "sat" : "unsat");
          },
        ),
        { seed: 4242, numRuns: 1000 },
      );
    });
  }
});

describe("finite engine: behaviour", () => {
  const S: Sort = { sort: "string" };
  const glob = (s: string): Pattern => ({
    tokens: s
      .split(/(\*)/)
      .filter((x) => x !== "")
      .map((x) => (x === "*" ? ({ t: "star", noColon: false } as Token) : ({ t: "lit", s: x } as Token))),
    caseInsensitive: false,
  });
  it("witnesses are readable: letters before ':' and '/'", () => {
    const p = (s: string) => ({ tokens: [{ t: "lit", s } as Token, { t: "star", noColon: false } as Token], caseInsensitive: false });
    const f = and(match("r", p("arn:aws:s3:::b/")), not(match("r", p("arn:aws:s3:::b/private/"))));
    const r = solveFinite(f, new Map([["r", S]]), OPTS).result;
    expect(r.status).toBe("sat");
    if (r.status === "sat") expect(r.model.strings.get("r")).toBe("arn:aws:s3:::b/");
    const g = and(match("r", p("a")), not(match("r", { tokens: [{ t: "lit", s: "a" }], caseInsensitive: false })));
    const r2 = solveFinite(g, new Map([["r", S]]), OPTS).result;
    if (r2.status === "sat") expect(r2.model.strings.get("r")).toBe("aa");
  });
  it("answers unknown past the resource limit, never a guess", () => {
    // `*a?????????` needs 2^10 states in any automaton: a small step budget cannot finish.
    const pat: Pattern = {
      tokens: [
        { t: "star", noColon: false },
        { t: "lit", s: "a" },
        ...Array.from({ length: 10 }, () => ({ t: "char", noColon: false }) as Token),
      ],
      caseInsensitive: false,
    };
    const f = and(
      match("x", pat),
      not(
        match("x", {
          tokens: [
            { t: "star", noColon: false },
            { t: "lit", s: "b" },
          ],
          caseInsensitive: false,
        }),
      ),
    );
    const r = solveFinite(f, new Map([["x", S]]), { timeoutMs: 60_000, resourceLimit: 500 }).result;
    expect(r.status).toBe("unknown");
    const full = solveFinite(f, new Map([["x", S]]), OPTS).result;
    expect(full.status).toBe("sat");
  });
  it("an undeclared ordered variable is unknown; an empty domain is unsat", () => {
    const f = cmp("n", "gt", rational(0n));
    expect(solveFinite(f, new Map(), OPTS).result.status).toBe("unknown");
    const empty: Sort = { sort: "ordered", integer: true, min: rational(1n, 3n), max: rational(2n, 3n) };
    expect(
      solveFinite(
        or(f, boolVar("b")),
        new Map<string, Sort>([
          ["n", empty],
          ["b", { sort: "bool" }],
        ]),
        OPTS,
      ).result.status,
    ).toBe("unsat");
  });
  it("a policy against a fresh copy of itself folds away before SAT (hash-consing)", () => {
    const mk = () => or(...Array.from({ length: 50 }, (_, i) => and(match("r", glob(`arn:aws:s3:::b${i}/*`)), not(boolVar(`c${i}`)))));
    const vars: Vars = new Map<string, Sort>([
      ["r", S],
      ...Array.from({ length: 50 }, (_, i) => [`c${i}`, { sort: "bool" }] as [string, Sort]),
    ]);
    const out = solveFinite(and(mk(), not(mk())), vars, OPTS, { strict: true });
    expect(out.result.status).toBe("unsat");
    expect(out.stats!.satVars).toBe(0);
  });
  it("a variable with exponentially many classes is decided lazily", () => {
    // Any subset of `a/*/w<i>/*` can match one string: 2^16 classes, too many to enumerate.
    const words = Array.from({ length: 16 }, (_, i) => `w${String.fromCharCode(97 + i)}`);
    const ps = words.map((w) => glob(`a/*/${w}/*`));
    const vars: Vars = new Map([["r", S]]);
    const all = solveFinite(and(...ps.map((p) => match("r", p))), vars, OPTS, { strict: true });
    expect(all.result.status).toBe("sat");
    expect(all.stats!.lazy).toEqual(["r"]);
    if (all.result.status === "sat") for (const w of words) expect(all.result.model.strings.get("r")).toContain(`/${w}/`);
    // Containing the even words but none of the odd ones, under `a/x*` (which they need not start with).
    const f = and(...ps.map((p, i) => (i % 2 ? not(match("r", p)) : match("r", p))), not(match("r", glob("a/x*"))));
    expect(solveFinite(f, vars, OPTS, { strict: true }).result.status).toBe("sat");
    const g = and(match("r", ps[3]), not(match("r", glob("a/*"))));
    const out = solveFinite(g, vars, OPTS, { strict: true, eagerStateLimit: 0 });
    expect(out.result.status).toBe("unsat");
    // The lazy loop: a statement per word, each blocked by a Deny on that word.
    const h = and(or(...ps.map((p) => match("r", p))), ...ps.map((p) => not(match("r", p))));
    const lazy = solveFinite(h, vars, OPTS, { strict: true, eagerStateLimit: 0 });
    expect(lazy.result.status).toBe("unsat");
  });
  it("lazy prefix clauses: `a:*` does not imply a colon-free `a*`", () => {
    const p1: Pattern = {
      tokens: [
        { t: "lit", s: "a:" },
        { t: "star", noColon: false },
      ],
      caseInsensitive: false,
    };
    const p2: Pattern = {
      tokens: [
        { t: "lit", s: "a" },
        { t: "star", noColon: true },
      ],
      caseInsensitive: false,
    };
    const f = and(match("x", p1), not(match("x", p2)));
    for (const eagerStateLimit of [0, 1000]) {
      const r = solveFinite(f, new Map([["x", S]]), OPTS, { strict: true, eagerStateLimit }).result;
      expect(r.status).toBe("sat");
      if (r.status === "sat") expect(r.model.strings.get("x")).toBe("a:");
    }
  });
  it("ordered witnesses prefer 0 and integers", () => {
    const R: Sort = { sort: "ordered", integer: false };
    const one = (f: Formula) => {
      const r = solveFinite(f, new Map([["n", R]]), OPTS).result;
      return r.status === "sat" ? r.model.numbers.get("n") : undefined;
    };
    expect(one(cmp("n", "lt", rational(5n)))).toEqual(rational(0n));
    expect(one(cmp("n", "gt", rational(5n)))).toEqual(rational(6n));
    expect(one(and(cmp("n", "gt", rational(5n)), cmp("n", "lt", rational(6n))))).toEqual(rational(51n, 10n));
  });
});
