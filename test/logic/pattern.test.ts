// logic/pattern.ts: matchPattern's fast paths agree with its automaton, and patternsIntersect
// agrees with a brute-force search for a shared value (random patterns, fixed seed).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { globPattern, matchPattern, patternsIntersect, patternWithin, type Pattern } from "../../src/logic/pattern.js";

const ALPHABET = ["a", "B", ":"];

/** Every string over ALPHABET (and its lower case) up to length n. */
function stringsUpTo(n: number): string[] {
  const letters = [...new Set([...ALPHABET, ...ALPHABET.map((c) => c.toLowerCase())])];
  let level = [""];
  const out = [""];
  for (let i = 0; i < n; i++) {
    level = level.flatMap((s) => letters.map((c) => s + c));
    out.push(...level);
  }
  return out;
}
const UNIVERSE = stringsUpTo(6);

// At most three tokens of one character each: a shared value, if any, has at most six characters.
const patternArb: fc.Arbitrary<Pattern> = fc
  .record({
    text: fc.array(fc.constantFrom("a", "B", ":", "*", "?"), { maxLength: 3 }).map((cs) => cs.join("")),
    caseInsensitive: fc.boolean(),
    noColon: fc.boolean(),
  })
  .map(({ text, caseInsensitive, noColon }) => globPattern(text, caseInsensitive, noColon));

describe("patternsIntersect", () => {
  it("agrees with brute force (2,000 random pairs)", () => {
    fc.assert(
      fc.property(patternArb, patternArb, (p, q) => {
        const shared = UNIVERSE.some((s) => matchPattern(p, s) && matchPattern(q, s));
        expect(patternsIntersect(p, q)).toBe(shared);
      }),
      { numRuns: 2_000, seed: 20261129 },
    );
  });
  it("golden cases", () => {
    expect(patternsIntersect(globPattern("s3:get*", true), globPattern("s3:*object", true))).toBe(true);
    expect(patternsIntersect(globPattern("s3:get*", true), globPattern("s3:put*", true))).toBe(false);
    expect(patternsIntersect(globPattern("iam:PassRole"), globPattern("iam:passrole", true))).toBe(true);
    expect(patternsIntersect(globPattern("iam:passrole", true), globPattern("iam:PassRole"))).toBe(true);
    expect(patternsIntersect(globPattern("a*", false, true), globPattern("*:b"))).toBe(false);
  });
});

describe("patternWithin", () => {
  it("agrees with brute force, unless only the smaller pattern folds case (2,000 random pairs)", () => {
    fc.assert(
      fc.property(patternArb, patternArb, (p, q0) => {
        const q = p.caseInsensitive ? { ...q0, caseInsensitive: true } : q0;
        // A value of p outside q, if any, is no longer than p's tokens plus q's (six characters).
        const outside = UNIVERSE.some((s) => matchPattern(p, s) && !matchPattern(q, s));
        expect(patternWithin(p, q)).toBe(!outside);
      }),
      { numRuns: 2_000, seed: 20261129 },
    );
  });
  it("golden cases", () => {
    expect(patternWithin(globPattern("arn:aws:ec2:*:*:instance/", false, true), globPattern("*"))).toBe(true);
    expect(patternWithin(globPattern("a*b"), globPattern("a*"))).toBe(true);
    expect(patternWithin(globPattern("a*"), globPattern("a*b"))).toBe(false);
    expect(patternWithin(globPattern("a:*"), globPattern("a*", false, true))).toBe(false);
    expect(patternWithin(globPattern("A*", true), globPattern("a*"))).toBe(false); // only the smaller folds: no answer
    expect(patternWithin(globPattern("HOME/a*"), globPattern("home/*", true))).toBe(true);
  });
});

describe("matchPattern", () => {
  it("the `text` and `text*` shortcuts mean equality and prefix (case folded when insensitive)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("", "a", "aB", "a:"),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(...UNIVERSE.slice(0, 200)),
        (text, star, ci, value) => {
          const p = globPattern(star ? `${text}*` : text, ci);
          const folded = (s: string) => (ci ? s.toLowerCase() : s);
          const expected = star ? folded(value).startsWith(folded(text)) : folded(value) === folded(text);
          expect(matchPattern(p, value)).toBe(expected);
        },
      ),
      { numRuns: 1_000, seed: 20261129 },
    );
  });
});
