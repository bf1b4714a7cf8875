// Policy wildcard text → tokens, the one scanner every pattern-like element goes through.
// Contract: `*` is any sequence, `?` one character, everything else literal. When policy
// variables are enabled (Version 2012-10-17), `${*}`, `${?}` and `${$}` are the literal
// characters and any other `${...}` is a variable token; otherwise `${...}` is plain text whose
// `*` and `?` still glob (iam-semantics §1.2, §5). An unclosed `${` is plain text.

import { concatPatterns, type Pattern, type Token } from "./pattern.js";

export type GlobToken =
  | { t: "lit"; s: string }
  | { t: "star" }
  | { t: "char" }
  | { t: "var"; text: string };

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
      const close = text.indexOf("}", i + 2);
      if (close >= 0) {
        const whole = text.slice(i, close + 1);
        if (whole in ESCAPES) lit(ESCAPES[whole]);
        else out.push({ t: "var", text: whole });
        i = close + 1;
        continue;
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
 * a variable becomes a colon-crossing `*` (its widest reading).
 */
export function toPattern(
  tokens: GlobToken[],
  caseInsensitive = false,
  noColon: (i: number) => boolean = () => false,
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
        return { t: "star", noColon: false };
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

/** The text a literal comparison uses: wildcards are plain characters, escapes resolved. */
export function literalText(tokens: GlobToken[]): string {
  return tokens.map((t) => (t.t === "lit" ? t.s : t.t === "star" ? "*" : t.t === "char" ? "?" : t.text)).join("");
}
