// Policy wildcard text → tokens, the one scanner every pattern-like element goes through.
// Contract: `*` is any sequence, `?` one character, everything else literal. When policy
// variables are enabled (Version 2012-10-17), `${*}`, `${?}` and `${$}` are the literal
// characters and any other well-formed `${key}` or `${key, 'default'}` is a variable token
// (variable-syntax.ts); otherwise `${...}` is plain text whose `*` and `?` still glob
// (iam-semantics §1.2, §5). An unclosed `${` or a malformed variable is plain text too.

import { valueVar } from "./operators.js";
import { concatPatterns, type Pattern, type Token } from "../logic/pattern.js";
import { parseVariable } from "./variable-syntax.js";

export type GlobToken =
  | { t: "lit"; s: string }
  | { t: "star" }
  | { t: "char" }
  /** A policy variable: `text` as written, `key` lower-cased, the default text if given. */
  | { t: "var"; text: string; key: string; default?: string };

const ESCAPES: Record<string, string> = { "${*}": "*", "${?}": "?", "${$}": "$" };

export function scanGlob(text: string, variables: boolean): GlobToken[] {
  const out: GlobToken[] = [];
  const lit = (s: string) => {
    const last = out[out.length - 1];
    if (last?.t === "lit") out[out.length - 1] = { t: "lit", s: last.s + s };
    else out.push({ t: "lit", s });
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (variables && ch === "$" && text[i + 1] === "{") {
      let close = text.indexOf("}", i + 2);
      if (close >= 0) {
        const whole = text.slice(i, close + 1);
        const parsed = parseVariable(text.slice(i + 2, close));
        if (whole in ESCAPES) lit(ESCAPES[whole]);
        else if ("problem" in parsed)
          close = -1; // malformed: plain text, scanned below
        else out.push({ t: "var", text: whole, key: parsed.key, ...(parsed.default !== undefined ? { default: parsed.default } : {}) });
        if (close >= 0) {
          i = close + 1;
          continue;
        }
      }
    }
    if (ch === "*") out.push({ t: "star" });
    else if (ch === "?") out.push({ t: "char" });
    else lit(ch);
    i++;
  }
  return out;
}

export function hasVariable(tokens: GlobToken[]): boolean {
  return tokens.some((t) => t.t === "var");
}

export function hasWildcard(tokens: GlobToken[]): boolean {
  return tokens.some((t) => t.t === "star" || t.t === "char");
}

/** Literal colons (ARN component separators) in the tokens. */
export function countColons(tokens: GlobToken[]): number {
  let n = 0;
  for (const t of tokens) if (t.t === "lit") for (const c of t.s) if (c === ":") n++;
  return n;
}

/**
 * Splits tokens at the first `max` literal colons (the colons themselves dropped): at most
 * `max + 1` components, the last holding the rest, colons included.
 */
export function splitComponents(tokens: GlobToken[], max: number): GlobToken[][] {
  const comps: GlobToken[][] = [[]];
  for (const t of tokens) {
    if (t.t !== "lit") {
      comps[comps.length - 1].push(t);
      continue;
    }
    let rest = t.s;
    let at: number;
    while (comps.length <= max && (at = rest.indexOf(":")) >= 0) {
      if (at > 0) comps[comps.length - 1].push({ t: "lit", s: rest.slice(0, at) });
      comps.push([]);
      rest = rest.slice(at + 1);
    }
    if (rest) comps[comps.length - 1].push({ t: "lit", s: rest });
  }
  return comps;
}

/**
 * Tokens → Pattern. `noColon(i)` says whether the wildcard at token index i may not match `:`;
 * a variable becomes a colon-crossing `*` (its widest reading), or with `readVars` a var token
 * reading the key's string variable `s:<key>` (the key's default is the caller's business).
 */
export function toPattern(
  tokens: GlobToken[],
  caseInsensitive = false,
  noColon: (i: number) => boolean = () => false,
  readVars = false,
): Pattern {
  const out: Token[] = tokens.map((t, i): Token => {
    switch (t.t) {
      case "lit":
        return { t: "lit", s: t.s };
      case "star":
        return { t: "star", noColon: noColon(i) };
      case "char":
        return { t: "char", noColon: noColon(i) };
      case "var":
        return readVars ? { t: "var", v: valueVar("string", t.key) } : { t: "star", noColon: false };
    }
  });
  return concatPatterns([{ tokens: out, caseInsensitive }], caseInsensitive);
}

/** Joins components back with literal colons (inverse of splitComponents). */
export function joinComponents(comps: GlobToken[][]): GlobToken[] {
  const out: GlobToken[] = [];
  comps.forEach((c, i) => {
    if (i > 0) out.push({ t: "lit", s: ":" });
    out.push(...c);
  });
  return out;
}

/** Tokens with wildcards as plain characters (StringEquals); variables kept. */
export function literalTokens(tokens: GlobToken[]): GlobToken[] {
  const out: GlobToken[] = [];
  for (const t of tokens) {
    const u: GlobToken = t.t === "star" ? { t: "lit", s: "*" } : t.t === "char" ? { t: "lit", s: "?" } : t;
    const last = out[out.length - 1];
    if (u.t === "lit" && last?.t === "lit") out[out.length - 1] = { t: "lit", s: last.s + u.s };
    else out.push(u);
  }
  return out;
}

/** The text a literal comparison uses: wildcards are plain characters, escapes resolved. */
export function literalText(tokens: GlobToken[]): string {
  return tokens.map((t) => (t.t === "lit" ? t.s : t.t === "star" ? "*" : t.t === "char" ? "?" : t.text)).join("");
}
