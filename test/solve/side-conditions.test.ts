// The side conditions of the rewrites before an engine (docs/semantics.md, "How a check is
// decided"): an unsat answer is trusted, so each rewrite that narrows a question is exact only
// under a condition, and each condition is proved here or at the point where the rewrite is
// taken — and breaking it stops the rewrite rather than giving PASS.
//   - the literal case split: its cases are proved exhaustive by the solver before it is taken;
//   - the var-token lemmas: every lemma is valid (Z3 proves its negation unsatisfiable);
//   - the principal-key tie cases: under each case's fact about the principal, the ties make
//     the key's variable that case's value (decided exactly for each principal text tried, and by
//     the exact engine for the kinds' constants).

import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { globPattern, literalPattern, type Pattern } from "../../src/logic/pattern.js";
import { PRINCIPAL_KEYS } from "../../src/iam/principal-keys.js";
import { KNOWN_KINDS, kindFormula, PRINCIPAL_VAR, principalDomain, SESSION_VAR } from "../../src/iam/principal.js";
import { evaluateFormula, hasVariableTokens } from "../../src/logic/evaluate.js";
import { and, forEachAtom, match, not, or, type Formula, type Vars } from "../../src/logic/ir.js";
import { createFiniteEngine } from "../../src/solve/finite/index.js";
import { createFrontEngine } from "../../src/solve/front.js";
import { literalSplit } from "../../src/solve/literal-split.js";
import { tokenLemmas } from "../../src/solve/var-tokens.js";
import { createZ3Engine } from "../../src/solve/z3/index.js";
import { bruteForceModel, tokenFormulaArb, VARS } from "./formula-arbitraries.js";

const z3 = createZ3Engine();
afterAll(() => z3.close());
const finite = createFiniteEngine({ strict: true });
const proveUnsat = async (g: Formula, vars: Vars) => (await finite.solve(g, vars, { timeoutMs: 10_000 })).status === "unsat";
const lit = (s: string, ci = false) => literalPattern(s, ci);
const X: Vars = new Map([["x", { sort: "string" }]]);

describe("the literal case split", () => {
  it("is taken when its case-sensitive literals pin the variable", async () => {
    const f = and(or(match("x", lit("blue")), match("x", lit("red"))), not(match("x", globPattern("b*"))));
    expect(await literalSplit(f, proveUnsat)).toEqual({ v: "x", values: ["blue", "red"] });
  });

  it("is not taken on case-insensitive literals: their texts are not every value they allow", async () => {
    const f = and(match("x", lit("blue", true)), not(match("x", lit("blue"))));
    expect(await literalSplit(f, proveUnsat)).toBeUndefined();
    // ... and the front then finds the value the split would have lost.
    const front = createFrontEngine({ choice: "finite", finite, z3: async () => z3 });
    const r = await front.solve(f, X, { timeoutMs: 10_000 });
    expect(r.status).toBe("sat");
    if (r.status === "sat") expect(r.model.strings.get("x")).not.toBe("blue");
  });

  it("is not taken when the side condition is not proved", async () => {
    const f = and(or(match("x", lit("blue")), match("x", lit("red"))), not(match("x", globPattern("b*"))));
    expect(await literalSplit(f, async () => false)).toBeUndefined();
  });

  it("tries the next conjunct when the first fails its proof", async () => {
    const f = and(match("x", lit("Blue", true)), or(match("y", lit("a")), match("y", lit("b"))));
    expect(await literalSplit(f, proveUnsat)).toEqual({ v: "y", values: ["a", "b"] });
  });
});

describe("the var-token lemmas", () => {
  // Z3 rarely settles a string equation with a var token inside a pattern in time, so each
  // lemma's negation is also searched by brute force (candidates from its literals): neither may
  // find a counterexample.
  const Z3_LEMMAS = 60;
  it("are valid: no counterexample to a lemma, from Z3 or brute force", async () => {
    const formulas = fc.sample(tokenFormulaArb, { numRuns: 300, seed: 20_261_205 });
    const tally = { lemmas: 0, z3Proved: 0 };
    const show = (g: Formula) => JSON.stringify(g, (_, x) => (typeof x === "bigint" ? x.toString() : x));
    for (const f of formulas) {
      const lemmas = tokenLemmas(f);
      for (const lemma of lemmas.k === "and" ? lemmas.args : [lemmas]) {
        if (lemma.k === "const") continue;
        tally.lemmas++;
        expect(bruteForceModel(not(lemma), 20_000).model, `an invalid lemma ${show(lemma)} of ${show(f)}`).toBeUndefined();
        if (tally.lemmas > Z3_LEMMAS) continue;
        const r = await z3.solve(not(lemma), VARS, { timeoutMs: 1_000 });
        expect(r.status, `an invalid lemma ${show(lemma)} of ${show(f)}`).not.toBe("sat");
        if (r.status === "unsat") tally.z3Proved++;
      }
    }
    expect(tally.lemmas).toBeGreaterThan(100);
    console.log("var-token lemmas:", JSON.stringify(tally));
  }, 600_000);
});

describe("the principal-key tie cases", () => {
  // A case's side condition: under its fact about the principal (`when`), the ties (one per kind
  // with a value) hold only with the key's variable v equal to the case's value. For a principal
  // text t fixed (of the request domain, with which every query is conjoined), every v that satisfies a tie is a substring of t (a var token is matched
  // literally) or a literal of the ties (a kind's constant), and a v the ties leave free makes
  // any string satisfy them (the sentinel below): so trying those candidates decides the
  // condition exactly for t. A case whose `when` fixes the principal is thus proved outright;
  // for a kind or an account, the principals of many shapes are tried, and a kind's case, whose
  // ties are token-free, is also proved by the exact engine.
  const principals: Pattern[] = [
    lit("AWS:arn:aws:iam::111122223333:user/alice"),
    lit("AWS:arn:aws:iam::444455556666:root"),
    globPattern("AWS:arn:aws:sts::777788889999:assumed-role/R/*"),
    lit("Service:s3.amazonaws.com"),
    lit("AWS:arn:aws-cn:iam::a/b:user/x"),
    lit("AWS:arn:aws:sts::123456789012:federated-user/a:b::c"),
  ];
  const SENTINEL = "\u0000not-a-substring";
  // Fills for wildcards: ARN parts of real principals, and texts with colons and odd shapes.
  const colonFree = ["", "aws", "aws-cn", "iam", "sts", "a/b"];
  const anyText = ["", "root", "user/alice", "role/R", "assumed-role/R/s", "federated-user/b", "user/a:b", "x::y"];
  /** Principal texts that match `when` (its wildcards filled in every combination of the fills). */
  const textsOf = (when: Formula): string[] => {
    if (when.k !== "match") return [];
    let texts = [""];
    for (const t of when.p.tokens) {
      const parts =
        t.t === "lit" ? [t.s] : t.t === "char" ? ["a", ":"] : t.t === "star" ? (t.noColon ? colonFree : [...colonFree, ...anyText]) : [];
      texts = texts.flatMap((x) => parts.map((y) => x + y));
    }
    return [...new Set(texts)];
  };
  const valuesAllowed = (ties: Formula, t: string): string[] => {
    const candidates = new Set([SENTINEL]);
    for (let i = 0; i <= t.length; i++) for (let j = i; j <= t.length; j++) candidates.add(t.slice(i, j));
    forEachAtom(ties, (a) => {
      if (a.k === "match") for (const tok of a.p.tokens) if (tok.t === "lit") candidates.add(tok.s);
    });
    return [...candidates].filter((v) =>
      evaluateFormula(ties, {
        strings: new Map([
          [PRINCIPAL_VAR, t],
          ["v", v],
        ]),
        numbers: new Map(),
        bools: new Map(),
      }),
    );
  };
  const vars: Vars = new Map([
    [PRINCIPAL_VAR, { sort: "string" }],
    ["v", { sort: "string" }],
  ]);
  for (const [key, rule] of Object.entries(PRINCIPAL_KEYS)) {
    if (rule.family !== "string") continue;
    it(`${key}: under each case the ties make the key's variable the case's value`, async () => {
      const valued = KNOWN_KINDS.filter((k) => rule.derive(k, "AWS:arn:p:s::a:r").t === "value");
      const ties = and(...valued.map((k) => or(not(kindFormula(k)), rule.tie(k, "v"))));
      const cases = rule.cases(principals);
      expect(cases.length).toBeGreaterThan(0);
      let checked = 0;
      for (const c of cases) {
        if (!hasVariableTokens(ties)) {
          // Token-free ties (a kind's constant): the exact engine proves the condition for every principal.
          expect(await proveUnsat(and(c.when, ties, not(match("v", lit(c.value)))), vars), `${key} = ${c.value}`).toBe(true);
          checked++;
          continue;
        }
        // Only principals of the request domain (the query is conjoined with it): a text of no
        // known kind has every derived key free, and no case is about it.
        const real = and(c.when, principalDomain());
        const texts = textsOf(c.when).filter((t) =>
          evaluateFormula(real, {
            strings: new Map([
              [PRINCIPAL_VAR, t],
              [SESSION_VAR, "s"],
            ]),
            numbers: new Map(),
            bools: new Map(),
          }),
        );
        // (A case no real principal meets, such as an account `a/b`, holds vacuously.)
        for (const t of texts) {
          expect(valuesAllowed(ties, t), `${key} under ${t}`).toEqual([c.value]);
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(cases.length - 1);
    });
  }

  it("the check itself fails on a tie that does not pin the variable", () => {
    // A tie that lets v be any suffix (`AWS:*${v}`) must be caught by the same method.
    const loose = match(PRINCIPAL_VAR, {
      tokens: [
        { t: "lit", s: "AWS:" },
        { t: "star", noColon: false },
        { t: "var", v: "v" },
      ],
      caseInsensitive: false,
    });
    expect(valuesAllowed(loose, "AWS:arn:aws:iam::1:root").length).toBeGreaterThan(1);
  });
});
