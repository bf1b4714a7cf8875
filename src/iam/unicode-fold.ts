// Unicode simple case folding, the wide reading of the IgnoreCase operators
// (UNICODE_CASE_FOLDING; docs/semantics.md "Conditions"). AWS does not say how
// StringEqualsIgnoreCase folds case: ASCII only (foldCase in logic/pattern.ts, the narrow reading)
// or Unicode simple case folding (CaseFolding.txt, mappings C and S; what a Java-style
// equalsIgnoreCase does for these characters).
// Contract:
//  - unicodeEqualsIgnoreCase(a, b): a and b have as many code points and each pair has the
//    same simple case folding. Implemented with JavaScript's own `iu` regular expressions, whose
//    canonicalisation is exactly simple case folding (ECMA-262 Canonicalize).
//  - foldClass(ch): every code point with ch's simple case folding (ch included), sorted.
//  - beyondAscii(ch): whether foldClass(ch) holds more than ch and its ASCII case partner — true
//    for `s` (U+017F ſ), `k` (U+212A Kelvin sign), their capitals, and cased non-ASCII letters.
// The class of a non-ASCII letter is found among the cased code points below U+20000 (every
// cased code point lies there), listed once, lazily (~0.2 s), the first time one is asked for.
// The readings as patterns: unicodeFoldingWide (encoder) and the spec (UNICODE_CASE_FOLDING).

import { messages, type FreeSpec } from "./ambiguity.js";
import type { Condition } from "./ast.js";
import { hasVariable, scanGlob } from "./glob.js";
import { OPERATORS } from "./operators.js";
import { concatPatterns, literalPattern, type Pattern, type Token } from "../logic/pattern.js";
import { and, match, or, type Formula } from "../logic/ir.js";

/** One reading for every IgnoreCase value of a check: AWS has one folding. */
export const UNICODE_FOLDING_TEXT = "IgnoreCase";
export const UNICODE_FOLDING_SPEC: FreeSpec = {
  code: "UNICODE_CASE_FOLDING",
  text: UNICODE_FOLDING_TEXT,
  message: messages.unicodeCaseFolding(),
};

/**
 * An IgnoreCase comparison whose value holds a policy variable (iam/condition.ts `comparison`
 * "string", a 2012-10-17 policy): its Unicode reading would fold the variable's value too, which
 * no pattern says. Its readings: ASCII folding (the narrow one, as the patterns match), and, under
 * UNICODE_CASE_FOLDING, any answer at least as wide — this construct, one per condition value and
 * key (narrow: the ASCII match, wide: true). That covers Unicode folding, which only adds matches,
 * wherever the comparison reads one value per request (a single-valued key); on a multi-valued
 * key one Boolean cannot stand for every element, and the caller marks the construct onlyNarrow.
 */
export function unicodeVariableSpec(c: Condition, value: string, cmp: string | undefined, variables: boolean): FreeSpec | undefined {
  if (!variables || cmp !== "string" || OPERATORS[c.base].match !== "equalsIgnoreCase" || !hasVariable(scanGlob(value, true)))
    return undefined;
  const text = `variable:${JSON.stringify({ [c.operator]: { [c.key.toLowerCase()]: value } })}`;
  return {
    code: "UNICODE_CASE_FOLDING",
    text,
    message:
      `the IgnoreCase value \`${value}\` holds a policy variable, and AWS does not document how it folds case: ` +
      `read narrowly as ASCII folding, widely (Unicode simple case folding, which keyaki cannot state for a ` +
      `variable's value) as matching more`,
  };
}

/** Does the IgnoreCase text read differently under the two foldings (a character beyond ASCII)? */
export function foldsBeyondAscii(text: string): boolean {
  for (const ch of text) if (beyondAscii(ch)) return true;
  return false;
}

/**
 * `v` equals `text` under Unicode simple case folding, as a formula: a case-insensitive skeleton
 * fixing the length and the characters ASCII folding already reads right, and for each
 * character beyond ASCII one of its class at its place (each as a case-insensitive literal).
 */
export function unicodeFoldingWide(v: string, text: string): Formula {
  const chars = [...text];
  const ANY_CHAR: Token = { t: "char", noColon: false };
  const STAR: Token = { t: "star", noColon: false };
  const skeleton: Pattern[] = chars.map((ch) =>
    beyondAscii(ch) ? { tokens: [ANY_CHAR], caseInsensitive: true } : literalPattern(ch, true),
  );
  const parts: Formula[] = [match(v, concatPatterns(skeleton, true))];
  chars.forEach((ch, i) => {
    if (!beyondAscii(ch)) return;
    const alternatives = [...new Set(foldClass(ch).map((c) => (asciiPartner(c) !== undefined ? c.toLowerCase() : c)))];
    const at = (c: string) =>
      concatPatterns(
        [
          { tokens: Array<Token>(i).fill(ANY_CHAR), caseInsensitive: true },
          literalPattern(c, true),
          { tokens: [STAR], caseInsensitive: true },
        ],
        true,
      );
    parts.push(or(...alternatives.map((c) => match(v, at(c)))));
  });
  return and(...parts);
}

const ASCII_EXTRAS: Record<string, string[]> = { k: ["\u212a"], s: ["\u017f"] };
const ASCII_LETTERS = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"];

const CASED = /\p{Cased}|\p{Changes_When_Casefolded}|\p{Changes_When_Casemapped}/u;

let casedPoints: string[] | undefined;
const classes = new Map<string, string[]>();
const CLASS_CACHE_LIMIT = 10_000;

function escapeRegex(s: string): string {
  // Syntax characters only: in `u` mode escaping another one (`-`) is an error.
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

export function unicodeEqualsIgnoreCase(a: string, b: string): boolean {
  return new RegExp(`^${escapeRegex(b)}$`, "iu").test(a);
}

function asciiPartner(ch: string): string | undefined {
  if (ch >= "a" && ch <= "z") return ch.toUpperCase();
  if (ch >= "A" && ch <= "Z") return ch.toLowerCase();
  return undefined;
}

export function foldClass(ch: string): string[] {
  const hit = classes.get(ch);
  if (hit) return hit;
  let out: string[];
  const partner = asciiPartner(ch);
  if (partner !== undefined) out = [ch, partner, ...(ASCII_EXTRAS[ch.toLowerCase()] ?? [])];
  else if (ch.codePointAt(0)! < 0x80 || !CASED.test(ch)) out = [ch];
  else {
    casedPoints ??= listCased();
    const re = new RegExp(`^${escapeRegex(ch)}$`, "iu");
    // ASCII letters too: `ſ` (U+017F) folds to `s`, the Kelvin sign to `k`.
    out = [...ASCII_LETTERS, ...casedPoints].filter((c) => re.test(c));
    if (!out.includes(ch)) out.push(ch);
  }
  out = [...new Set(out)].sort();
  if (classes.size >= CLASS_CACHE_LIMIT) classes.clear();
  classes.set(ch, out);
  return out;
}

function listCased(): string[] {
  const out: string[] = [];
  for (let cp = 0x80; cp < 0x20000; cp++) {
    if (cp >= 0xd800 && cp < 0xe000) continue;
    const c = String.fromCodePoint(cp);
    if (CASED.test(c)) out.push(c);
  }
  return out;
}

export function beyondAscii(ch: string): boolean {
  const partner = asciiPartner(ch);
  return foldClass(ch).length > (partner !== undefined ? 2 : 1);
}
