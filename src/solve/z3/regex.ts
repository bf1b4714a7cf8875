// Glob patterns as SMT-LIB regular expressions.
// Contract: `patternRegex(p)` is a regex term whose language is exactly
// { v | matchPattern(p, v) } over Z3's alphabet: `lit` is the literal text (for a
// case-insensitive pattern each ASCII letter becomes the union of its two cases, which is the
// same as folding both sides), `char` is one character (`noColon`: any but `:`), `star` is the
// Kleene star of that. `patternRe` gives the same language split as literal prefix · rest, so
// merged constraints can factor a shared prefix out (design.md: Z3 pays per literal character
// under re.diff; factoring took a 600-character unsat query from 715 ms to 15 ms). The other
// helpers combine regex terms without changing their meaning.

import type { Pattern, Token } from "../../iam/pattern.js";
import { smtString } from "./smtlib.js";

const ANY = "re.allchar";
const ANY_BUT_COLON = '(re.diff re.allchar (str.to_re ":"))';
export const EMPTY_STRING_RE = '(str.to_re "")';

export function concat(parts: string[]): string {
  if (parts.length === 0) return EMPTY_STRING_RE;
  return parts.length === 1 ? parts[0] : `(re.++ ${parts.join(" ")})`;
}

export function inter(parts: string[]): string {
  if (parts.length === 0) return "re.all";
  return parts.length === 1 ? parts[0] : `(re.inter ${parts.join(" ")})`;
}

export function union(parts: string[]): string {
  if (parts.length === 0) return "re.none";
  return parts.length === 1 ? parts[0] : `(re.union ${parts.join(" ")})`;
}

function literal(s: string, caseInsensitive: boolean): string[] {
  if (!caseInsensitive) return [`(str.to_re ${smtString(s)})`];
  const out: string[] = [];
  let run = "";
  for (const ch of s) {
    if (/^[A-Za-z]$/.test(ch)) {
      if (run) out.push(`(str.to_re ${smtString(run)})`);
      run = "";
      const lo = ch.toLowerCase();
      const up = ch.toUpperCase();
      out.push(`(re.union (str.to_re "${lo}") (str.to_re "${up}"))`);
    } else run += ch;
  }
  if (run) out.push(`(str.to_re ${smtString(run)})`);
  return out;
}

function token(t: Token, caseInsensitive: boolean): string[] {
  switch (t.t) {
    case "lit":
      return literal(t.s, caseInsensitive);
    case "char":
      return [t.noColon ? ANY_BUT_COLON : ANY];
    case "star":
      return [`(re.* ${t.noColon ? ANY_BUT_COLON : ANY})`];
  }
}

export function patternRegex(p: Pattern): string {
  return concat(p.tokens.flatMap((t) => token(t, p.caseInsensitive)));
}

/** A regular language written as a literal prefix followed by a regex term. */
export interface Re {
  prefix: string;
  rest: string;
}

export function reText(r: Re): string {
  if (!r.prefix) return r.rest;
  const lit = `(str.to_re ${smtString(r.prefix)})`;
  return r.rest === EMPTY_STRING_RE ? lit : concat([lit, r.rest]);
}

export function patternRe(p: Pattern): Re {
  const [first, ...rest] = p.tokens;
  if (p.caseInsensitive || first?.t !== "lit") return { prefix: "", rest: patternRegex(p) };
  return { prefix: first.s, rest: concat(rest.flatMap((t) => token(t, false))) };
}

/** The longest common prefix, by code point (a prefix never splits a surrogate pair). */
export function commonPrefix(rs: Re[]): string {
  let lcp = [...(rs[0]?.prefix ?? "")];
  for (const r of rs.slice(1)) {
    const cs = [...r.prefix];
    let i = 0;
    while (i < lcp.length && i < cs.length && lcp[i] === cs[i]) i++;
    lcp = lcp.slice(0, i);
  }
  return lcp.join("");
}

/** `r` without its first `n` UTF-16 units of prefix (n a code-point boundary of the prefix). */
export function dropPrefix(r: Re, n: number): string {
  return reText({ prefix: r.prefix.slice(n), rest: r.rest });
}
