// Issue 11: glob matching is linear-time enough that pathological patterns end quickly, in the
// encoder's matcher (logic/pattern.ts) and the evaluator's (eval/operators/glob-match.ts), and the
// two still agree with a brute-force reference on them. Bounds are generous hang guards.

import { describe, expect, it } from "vitest";
import { globPattern, matchPattern, patternWithin } from "../../src/logic/pattern.js";
import { scanGlob } from "../../src/iam/glob.js";
import { globMatch } from "../../src/eval/operators/glob-match.js";

/** The reference meaning, by memoised recursion (small inputs only). */
function reference(p: string, v: string, noColon = false): boolean {
  const P = Array.from(p);
  const V = Array.from(v);
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const k = i * (V.length + 1) + j;
    const hit = memo.get(k);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === P.length) r = j === V.length;
    else if (P[i] === "*") r = go(i + 1, j) || (j < V.length && !(noColon && V[j] === ":") && go(i, j + 1));
    else if (P[i] === "?") r = j < V.length && !(noColon && V[j] === ":") && go(i + 1, j + 1);
    else r = j < V.length && P[i] === V[j] && go(i + 1, j + 1);
    memo.set(k, r);
    return r;
  };
  return go(0, 0);
}

const timed = <T>(f: () => T): { value: T; ms: number } => {
  const t = performance.now();
  const value = f();
  return { value, ms: performance.now() - t };
};

describe("pathological globs end quickly", () => {
  for (const n of [26, 40, 200, 1000]) {
    it(`a*×${n} against a's and a b`, () => {
      const p = "a*".repeat(n);
      for (const v of ["a".repeat(n - 1) + "b", "a".repeat(n) + "b", "a".repeat(2 * n), "a".repeat(n - 1)]) {
        // `a*` n times: starts with `a` and holds at least n of them.
        const want = v.split("a").length - 1 >= n;
        const enc = timed(() => matchPattern(globPattern(p), v));
        const ev = timed(() => globMatch(scanGlob(p, true), v));
        expect([enc.value, ev.value]).toEqual([want, want]);
        expect(enc.ms + ev.ms).toBeLessThan(2_000);
      }
    });
  }

  for (const n of [100, 1000]) {
    it(`*?×${n}, colon-free and free`, () => {
      const p = "*?".repeat(n);
      for (const v of ["x".repeat(n - 1), "x".repeat(n), "x:".repeat(n)]) {
        const want = Array.from(v).length >= n;
        expect(matchPattern(globPattern(p), v)).toBe(want);
        expect(globMatch(scanGlob(p, true), v)).toBe(want);
        expect(matchPattern(globPattern(p, false, true), v)).toBe(want && !v.includes(":"));
      }
    });
  }

  it("a 16 KB wildcard ARN against a 16 KB value", () => {
    const p = "arn:aws:s3:::" + "a*".repeat(8192);
    const v = "arn:aws:s3:::" + "a".repeat(8191) + "b".repeat(8000);
    const { value, ms } = timed(() => [matchPattern(globPattern(p), v), globMatch(scanGlob(p, true), v)]);
    expect(value).toEqual([false, false]);
    expect(ms).toBeLessThan(5_000);
  });

  it("patternWithin gives up safely on an exponential subset construction", () => {
    const { value, ms } = timed(() => patternWithin(globPattern("*a" + "?".repeat(24)), globPattern("*a" + "?".repeat(24) + "*")));
    expect(typeof value).toBe("boolean");
    expect(ms).toBeLessThan(5_000);
  });
});

describe("the matchers agree with the reference", () => {
  // Deterministic pseudo-random patterns over a small alphabet, with colons.
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const word = (alphabet: string, max: number) => Array.from({ length: rand(max + 1) }, () => alphabet[rand(alphabet.length)]).join("");
  it("on 5,000 random pairs, with and without noColon and case folding", () => {
    for (let k = 0; k < 5_000; k++) {
      const p = word("ab:*?A", 9);
      const v = word("abB:", 10);
      for (const noColon of [false, true]) expect(matchPattern(globPattern(p, false, noColon), v)).toBe(reference(p, v, noColon));
      expect(matchPattern(globPattern(p, true), v)).toBe(reference(p.toLowerCase(), v.toLowerCase()));
      expect(globMatch(scanGlob(p, false), v)).toBe(reference(p, v));
    }
  });

  it("across the 32-bit word boundaries of the automaton", () => {
    for (const len of [30, 31, 32, 33, 63, 64, 65, 95, 96, 97]) {
      const p = "?".repeat(len - 2) + "*b";
      for (const v of ["x".repeat(len - 2) + "b", "x".repeat(len - 2) + "yb", "x".repeat(len - 3) + "b"])
        expect(matchPattern(globPattern(p), v)).toBe(reference(p, v));
      const q = "a*".repeat(len);
      expect(matchPattern(globPattern(q), "a".repeat(len))).toBe(true);
      expect(matchPattern(globPattern(q), "a".repeat(len - 1))).toBe(false);
    }
  });
});
