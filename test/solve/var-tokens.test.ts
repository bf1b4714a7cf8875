// The exact engine's handling of var tokens (solve/var-tokens.ts): the lemmas are valid for every
// assignment (randomized), they let the exact engine prove what used to need Z3, and values
// captured from an abstract model give real models.

import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { globPattern, literalPattern, type Pattern, type Token } from "../../src/logic/pattern.js";
import { evaluateFormula } from "../../src/logic/evaluate.js";
import { and, emptyAssignment, match, not, or, type Formula, type Sort, type Vars } from "../../src/logic/ir.js";
import { close, decide } from "../../src/solve/index.js";
import { readValueCandidates, tokenLemmas } from "../../src/solve/var-tokens.js";

afterAll(() => close());

const OPTS = { timeoutMs: 30_000, resourceLimit: 50_000_000 };
const STR: Sort = { sort: "string" };
const vars = (...names: string[]): Vars => new Map(names.map((n) => [n, STR]));

/** Literal pieces, var tokens (`$name`), `*` and `?`. */
function pat(...parts: string[]): Pattern {
  const token = (p: string): Token =>
    p === "*"
      ? { t: "star", noColon: false }
      : p === "?"
        ? { t: "char", noColon: false }
        : p.startsWith("$")
          ? { t: "var", v: p.slice(1) }
          : { t: "lit", s: p };
  return { caseInsensitive: false, tokens: parts.map(token) };
}

describe("token lemmas are valid", () => {
  const names = ["r", "k", "j"];
  const piece = fc.constantFrom("a", "b", "/", "ab", "A", "*", "?", "$k", "$j", "$r");
  // Case-insensitive patterns fold their var tokens' values too (IgnoreCase with a variable).
  const pattern = fc
    .record({ parts: fc.array(piece, { minLength: 0, maxLength: 4 }), ci: fc.boolean() })
    .map(({ parts, ci }) => ({ ...pat(...parts), caseInsensitive: ci }));
  const atom = fc.record({ v: fc.constantFrom(...names), p: pattern }).map(({ v, p }) => match(v, p));
  const formula = fc.array(atom, { minLength: 1, maxLength: 6 }).map((atoms) => or(...atoms.map((a, i) => (i % 2 ? not(a) : a))));
  const value = fc.stringMatching(/^[abA/]{0,4}$/);
  it("every lemma holds under every assignment (3,000 random formulas × assignments)", () => {
    fc.assert(
      fc.property(formula, fc.tuple(value, value, value), (f, values) => {
        const a = emptyAssignment();
        names.forEach((n, i) => a.strings.set(n, values[i]));
        expect(evaluateFormula(tokenLemmas(f), a)).toBe(true);
      }),
      { numRuns: 3_000, seed: 20261129 },
    );
  });
});

describe("the exact engine decides var-token formulas with the lemmas", () => {
  it("b/${u} lies inside b/*: unsat without Z3 (the widening lemma)", async () => {
    const f = and(match("r", pat("b/", "$s:u")), not(match("r", globPattern("b/*"))));
    expect(await decide(f, vars("r", "s:u"), OPTS, "auto")).toEqual({ result: { status: "unsat" }, engine: "finite" });
  });
  it("k = ${j} with k = 1 and j = 2: unsat without Z3 (the equality lemma)", async () => {
    const f = and(match("s:k", pat("$s:j")), match("s:k", literalPattern("1")), match("s:j", literalPattern("2")));
    expect(await decide(f, vars("s:k", "s:j"), OPTS, "auto")).toEqual({ result: { status: "unsat" }, engine: "finite" });
  });
  it("two equalities sharing a side make the other sides agree", async () => {
    const f = and(
      match("s:a", pat("$s:p")),
      match("s:b", pat("$s:p")),
      match("s:a", literalPattern("1")),
      not(match("s:b", literalPattern("1"))),
    );
    expect(await decide(f, vars("s:a", "s:b", "s:p"), OPTS, "auto")).toEqual({ result: { status: "unsat" }, engine: "finite" });
  });
  it("ArnLike `…instance/${id}` lies inside StringLike `*${id}`: unsat without Z3 (the containment lemma)", async () => {
    const arn = pat("arn:aws:ec2:", "*", ":", "*", ":instance/", "$s:id");
    arn.tokens[1] = { t: "star", noColon: true };
    arn.tokens[3] = { t: "star", noColon: true };
    const f = and(match("s:arn", arn), not(match("s:arn", pat("*", "$s:id"))));
    expect(await decide(f, vars("s:arn", "s:id"), OPTS, "auto")).toEqual({ result: { status: "unsat" }, engine: "finite" });
  });
  it("a bucket named by a variable: the model's variable is read off the resource", async () => {
    const f = and(
      match("r", pat("arn:aws:s3:::", "$s:b", "/", "*")),
      match("r", globPattern("arn:aws:s3:::mybucket/*")),
      not(match("r", globPattern("arn:aws:s3:::mybucket/private/*"))),
    );
    const d = await decide(f, vars("r", "s:b"), OPTS, "auto");
    expect(d.engine).toBe("finite");
    expect(d.result.status).toBe("sat");
    if (d.result.status === "sat") {
      expect(evaluateFormula(f, d.result.model)).toBe(true);
      expect(d.result.model.strings.get("s:b")).toBe("mybucket");
    }
  });
  it("two read variables tied by an equality get one value: `aws:PrincipalAccount = ${aws:ResourceAccount}` with the account in the principal", async () => {
    // The corpus's AWSBackup bucket-policy update: the principal's ARN reads s:pa, the condition ties it to s:ra.
    const f = and(
      match("p", pat("arn:aws:iam::", "$s:pa", ":root")),
      match("p", literalPattern("arn:aws:iam::111122223333:root")),
      match("s:pa", pat("$s:ra")),
    );
    const d = await decide(f, vars("p", "s:pa", "s:ra"), OPTS, "finite");
    expect(d.result.status).toBe("sat");
    if (d.result.status === "sat") {
      expect(evaluateFormula(f, d.result.model)).toBe(true);
      expect(d.result.model.strings.get("s:ra")).toBe("111122223333");
    }
  });
});

describe("readValueCandidates", () => {
  const f: Formula = and(match("r", pat("$s:a", "/", "$s:b")), match("s:a", literalPattern("")));
  const hint = emptyAssignment();
  hint.strings.set("r", "x/y").set("s:a", "q").set("s:b", "");
  it("reads the tokens' values off the hint's value of a true atom", () => {
    expect(readValueCandidates(f, hint, () => true)).toEqual(
      new Map([
        ["s:a", ["x"]],
        ["s:b", ["y"]],
      ]),
    );
  });
  it("gives read variables tied by a true equality one list, in one order", () => {
    const g: Formula = and(match("p", pat("x:", "$s:pa")), match("s:pa", pat("$s:ra")));
    const h = emptyAssignment();
    h.strings.set("p", "x:1").set("s:pa", "a");
    expect(readValueCandidates(g, h, () => true)).toEqual(
      new Map([
        ["s:pa", ["1", "a"]],
        ["s:ra", ["1", "a"]],
      ]),
    );
    // Not tied when the hint makes the equality false: each keeps its own.
    expect(readValueCandidates(g, h, (a) => a.v === "p")).toEqual(new Map([["s:pa", ["1"]]]));
  });
  it("takes nothing from a false atom", () => {
    expect(readValueCandidates(f, hint, () => false)).toEqual(new Map());
  });
  it("proposes a value the variable's own atoms judge differently from the hint's after those they judge alike", () => {
    hint.strings.set("s:a", "");
    // The hint's a is empty (matches ""); the captured "x" does not, so it comes after any that do.
    expect(readValueCandidates(f, hint, () => true)).toEqual(
      new Map([
        ["s:b", ["y"]],
        ["s:a", ["x"]],
      ]),
    );
  });
});
