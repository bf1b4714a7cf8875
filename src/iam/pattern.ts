// Glob patterns, the one string-matching primitive of the model.
// Contract: a Pattern is a sequence of tokens over a string variable: literal text, one character
// (`?`), or any sequence (`*`), where the wildcard tokens may be barred from matching `:` (ARN
// components 1-5), or the current value of another string variable (`var`, a policy variable),
// matched literally: its `*` and `?` are plain characters. `caseInsensitive` folds ASCII case on
// both sides. `matchPattern` is the reference meaning that both the evaluator and the solver
// engines implement.

export type Token =
  | { t: "lit"; s: string }
  | { t: "char"; noColon: boolean }
  | { t: "star"; noColon: boolean }
  // `noColon` is never set on a var token; it is declared so that code reading `noColon` of a
  // non-literal token still type-checks.
  | { t: "var"; v: string; noColon?: undefined };

/** Values of the string variables that var tokens name; undefined = unassigned. */
export type VarLookup = (v: string) => string | undefined;

export interface Pattern {
  tokens: Token[];
  caseInsensitive: boolean;
}

/** ASCII case folding; IAM documents no Unicode folding rule, so only A-Z fold. */
export function foldCase(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

export function literalPattern(s: string, caseInsensitive = false): Pattern {
  return { tokens: s === "" ? [] : [{ t: "lit", s }], caseInsensitive };
}

/** `*` and `?` are wildcards anywhere; every other character is literal. */
export function globPattern(s: string, caseInsensitive = false, noColon = false): Pattern {
  const tokens: Token[] = [];
  let lit = "";
  for (const ch of s) {
    if (ch === "*" || ch === "?") {
      if (lit) tokens.push({ t: "lit", s: lit });
      lit = "";
      tokens.push(ch === "*" ? { t: "star", noColon } : { t: "char", noColon });
    } else lit += ch;
  }
  if (lit) tokens.push({ t: "lit", s: lit });
  return { tokens: mergeStars(tokens), caseInsensitive };
}

/** Concatenates patterns (all must share case sensitivity). */
export function concatPatterns(parts: Pattern[], caseInsensitive: boolean): Pattern {
  const tokens: Token[] = [];
  for (const p of parts) for (const t of p.tokens) {
    const last = tokens[tokens.length - 1];
    if (t.t === "lit" && last?.t === "lit") tokens[tokens.length - 1] = { t: "lit", s: last.s + t.s };
    else tokens.push(t);
  }
  return { tokens: mergeStars(tokens), caseInsensitive };
}

// Adjacent stars collapse: `**` ≡ `*`, and a colon-free star next to a free star is a free star.
function mergeStars(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const last = out[out.length - 1];
    if (t.t === "star" && last?.t === "star") {
      out[out.length - 1] = { t: "star", noColon: last.noColon && t.noColon };
    } else out.push(t);
  }
  return out;
}

export function isLiteral(p: Pattern): boolean {
  return p.tokens.every((t) => t.t === "lit");
}

export function hasVarTokens(p: Pattern): boolean {
  return p.tokens.some((t) => t.t === "var");
}

export function patternToString(p: Pattern): string {
  return p.tokens
    .map((t) => (t.t === "lit" ? t.s : t.t === "char" ? "?" : t.t === "var" ? `\${${t.v}}` : "*"))
    .join("");
}

/**
 * Does `value` match `pattern`? Linear-space dynamic programming, no backtracking blow-up.
 * A var token reads its variable through `lookup`; a missing lookup or value throws.
 */
export function matchPattern(pattern: Pattern, value: string, lookup?: VarLookup): boolean {
  const fold = pattern.caseInsensitive;
  const v = fold ? foldCase(value) : value;
  // Expand literals into single-character steps.
  type Step = { k: "c"; c: string } | { k: "any"; noColon: boolean } | { k: "star"; noColon: boolean };
  const steps: Step[] = [];
  for (const t of pattern.tokens) {
    if (t.t === "lit" || t.t === "var") {
      const text = t.t === "lit" ? t.s : varValue(t.v, lookup);
      for (const c of fold ? foldCase(text) : text) steps.push({ k: "c", c });
    } else if (t.t === "char") steps.push({ k: "any", noColon: t.noColon });
    else steps.push({ k: "star", noColon: t.noColon });
  }
  const chars = [...v];
  // reach[i] = the first i steps can consume the prefix read so far.
  let reach = new Array<boolean>(steps.length + 1).fill(false);
  reach[0] = true;
  for (let i = 0; i < steps.length && steps[i].k === "star"; i++) reach[i + 1] = true;
  for (const ch of chars) {
    const next = new Array<boolean>(steps.length + 1).fill(false);
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i];
      if (s.k === "star") {
        if (reach[i + 1] && !(s.noColon && ch === ":")) next[i + 1] = true; // star eats ch
        if (reach[i] && !(s.noColon && ch === ":")) next[i + 1] = true;
      } else if (reach[i]) {
        if (s.k === "c" ? s.c === ch : !(s.noColon && ch === ":")) next[i + 1] = true;
      }
    }
    // Epsilon: a star may match the empty string.
    for (let i = 0; i < steps.length; i++) if (steps[i].k === "star" && next[i]) next[i + 1] = true;
    reach = next;
  }
  return reach[steps.length];
}

function varValue(v: string, lookup: VarLookup | undefined): string {
  const value = lookup?.(v);
  if (value === undefined) throw new Error(`unassigned string variable \`${v}\` in a pattern`);
  return value;
}
