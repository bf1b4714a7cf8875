// Unicode simple case folding, the wide reading of the IgnoreCase operators (UNICODE_CASE_FOLDING).

import { describe, expect, it } from "vitest";
import { beyondAscii, foldClass, foldsBeyondAscii, unicodeEqualsIgnoreCase, unicodeFoldingWide } from "../../src/iam/unicode-fold.js";
import { evaluateFormula } from "../../src/logic/evaluate.js";
import { emptyAssignment } from "../../src/logic/ir.js";

describe("unicode folding", () => {
  it("classes: ASCII letters with their partner, and s, k with ſ and the Kelvin sign", () => {
    expect(foldClass("a")).toEqual(["A", "a"]);
    expect(foldClass("s")).toEqual(["S", "s", "ſ"]);
    expect(foldClass("K")).toEqual(["K", "k", "\u212a"]);
    expect(foldClass("é")).toEqual(["É", "é"]);
    expect(foldClass("σ")).toEqual(["Σ", "ς", "σ"]);
    expect(foldClass("1")).toEqual(["1"]);
    expect(foldClass("ı")).toEqual(["ı"]); // dotless i has no simple folding to i
  });
  it("beyondAscii: the characters whose two readings differ", () => {
    expect(["a", "1", "-", "I"].map(beyondAscii)).toEqual([false, false, false, false]);
    expect(["s", "S", "k", "é", "Ω"].map(beyondAscii)).toEqual([true, true, true, true, true]);
    expect(foldsBeyondAscii("blue")).toBe(false);
    expect(foldsBeyondAscii("s3.amazonaws.com")).toBe(true);
  });
  it("the wide formula agrees with the regular-expression reference on every spelling", () => {
    const texts = ["é", "s3", "Ks", "aé-Σ", "x"];
    const spellings = (t: string): string[] =>
      [...t].reduce<string[]>((acc, ch) => acc.flatMap((p) => [...foldClass(ch), "z"].map((c) => p + c)), [""]);
    for (const text of texts) {
      const f = unicodeFoldingWide("v", text);
      for (const s of [...spellings(text), text + "x", ""]) {
        const a = emptyAssignment();
        a.strings.set("v", s);
        expect(evaluateFormula(f, a), `${text} ~ ${s}`).toBe(unicodeEqualsIgnoreCase(s, text));
      }
    }
  });
});
