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
  return HAS_UPPER.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

const HAS_UPPER = /[A-Z]/;

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

const keyCache = new WeakMap<Pattern, string>();

/**
 * A string that two patterns share iff they match the same values under every assignment of
 * their var tokens (literals of case-insensitive patterns folded), computed once per pattern.
 */
export function patternKey(p: Pattern): string {
  let s = keyCache.get(p);
  if (s !== undefined) return s;
  s = p.caseInsensitive ? "i" : "s";
  for (const t of p.tokens) {
    if (t.t === "lit") {
      const text = p.caseInsensitive ? foldCase(t.s) : t.s;
      s += `L${text.length}:${text}`;
    } else if (t.t === "var") s += `V${t.v.length}:${t.v}`;
    else s += t.t === "star" ? (t.noColon ? "S" : "*") : t.noColon ? "Q" : "?";
  }
  keyCache.set(p, s);
  return s;
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

type Step = { k: "c"; c: string } | { k: "any"; noColon: boolean } | { k: "star"; noColon: boolean };

// Patterns are matched millions of times (model checks, replay, polishing): their steps are
// compiled once per pattern object; a pattern with var tokens keeps the steps of the values it
// was last compiled with (a replay reads one request's values many times).
const compiled = new WeakMap<Pattern, Step[]>();
const compiledWithValues = new WeakMap<Pattern, { values: string; steps: Step[] }>();

function compile(pattern: Pattern, lookup: VarLookup | undefined): Step[] {
  const hit = compiled.get(pattern);
  if (hit) return hit;
  if (!hasVarTokens(pattern)) {
    const steps = compileWith(pattern, lookup);
    compiled.set(pattern, steps);
    return steps;
  }
  const values = pattern.tokens.map((t) => (t.t === "var" ? varValue(t.v, lookup) : "")).join("\u0000");
  const last = compiledWithValues.get(pattern);
  if (last?.values === values) return last.steps;
  const steps = compileWith(pattern, lookup);
  compiledWithValues.set(pattern, { values, steps });
  return steps;
}

function compileWith(pattern: Pattern, lookup: VarLookup | undefined): Step[] {
  const fold = pattern.caseInsensitive;
  const steps: Step[] = [];
  for (const t of pattern.tokens) {
    if (t.t === "lit" || t.t === "var") {
      const text = t.t === "lit" ? t.s : varValue(t.v, lookup);
      for (const c of fold ? foldCase(text) : text) steps.push({ k: "c", c });
    } else if (t.t === "char") steps.push({ k: "any", noColon: t.noColon });
    else steps.push({ k: "star", noColon: t.noColon });
  }
  return steps;
}

// Scratch rows of the matcher, reused across calls (matching is synchronous and not reentrant).
let rowA = new Uint8Array(64);
let rowB = new Uint8Array(64);

/**
 * Does `value` match `pattern`? Linear-space dynamic programming, no backtracking blow-up.
 * A var token reads its variable through `lookup`; a missing lookup or value throws.
 */
export function matchPattern(pattern: Pattern, value: string, lookup?: VarLookup): boolean {
  const v = pattern.caseInsensitive ? foldCase(value) : value;
  // The common shapes, `text` and `text*`, need no automaton.
  const [first, second] = pattern.tokens;
  if (pattern.tokens.length === 0) return v === "";
  if (first.t === "lit" && (pattern.tokens.length === 1 || (pattern.tokens.length === 2 && second.t === "star" && !second.noColon))) {
    const text = pattern.caseInsensitive ? foldCase(first.s) : first.s;
    return pattern.tokens.length === 1 ? v === text : v.startsWith(text);
  }
  const steps = compile(pattern, lookup);
  if (rowA.length <= steps.length) {
    rowA = new Uint8Array(2 * steps.length + 2);
    rowB = new Uint8Array(2 * steps.length + 2);
  }
  // reach[i] = the first i steps can consume the prefix read so far.
  let reach = rowA.subarray(0, steps.length + 1);
  let next = rowB.subarray(0, steps.length + 1);
  reach.fill(0);
  reach[0] = 1;
  for (let i = 0; i < steps.length && steps[i].k === "star"; i++) reach[i + 1] = 1;
  for (const ch of v) {
    next.fill(0);
    let alive = false;
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i];
      if (s.k === "star") {
        if ((reach[i + 1] || reach[i]) && !(s.noColon && ch === ":")) next[i + 1] = 1; // star eats ch
      } else if (reach[i]) {
        if (s.k === "c" ? s.c === ch : !(s.noColon && ch === ":")) next[i + 1] = 1;
      }
    }
    // Epsilon: a star may match the empty string.
    for (let i = 0; i < steps.length; i++) if (steps[i].k === "star" && next[i]) next[i + 1] = 1;
    for (let i = 0; i <= steps.length; i++) if (next[i]) { alive = true; break; }
    if (!alive) return false;
    [reach, next] = [next, reach];
  }
  return reach[steps.length] === 1;
}

function varValue(v: string, lookup: VarLookup | undefined): string {
  const value = lookup?.(v);
  if (value === undefined) throw new Error(`unassigned string variable \`${v}\` in a pattern`);
  return value;
}

/**
 * Do two patterns without var tokens share a value? A search over pairs of positions, one in
 * each pattern: wildcards may match the empty string, and a character step needs one
 * character both heads accept. Case-insensitive patterns are compared folded.
 */
export function patternsIntersect(p: Pattern, q: Pattern): boolean {
  if (hasVarTokens(p) || hasVarTokens(q)) throw new Error("patternsIntersect takes patterns without var tokens");
  // A literal shares a value with a pattern iff the pattern matches it.
  const literal = (x: Pattern) => x.tokens.length === 0 || (x.tokens.length === 1 && x.tokens[0].t === "lit");
  const text = (x: Pattern) => (x.tokens.length === 0 ? "" : (x.tokens[0] as { s: string }).s);
  if (literal(p) && (q.caseInsensitive || !p.caseInsensitive)) return matchPattern(q, text(p));
  if (literal(q) && (p.caseInsensitive || !q.caseInsensitive)) return matchPattern(p, text(q));
  const fold = p.caseInsensitive || q.caseInsensitive;
  const a = compileWith(fold ? { ...p, caseInsensitive: true } : p, undefined);
  const b = compileWith(fold ? { ...q, caseInsensitive: true } : q, undefined);
  const width = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * width);
  const stack: number[] = [0];
  seen[0] = 1;
  const push = (i: number, j: number) => {
    const k = i * width + j;
    if (!seen[k]) {
      seen[k] = 1;
      stack.push(k);
    }
  };
  while (stack.length > 0) {
    const k = stack.pop()!;
    const i = Math.floor(k / width);
    const j = k % width;
    if (i === a.length && j === b.length) return true;
    const s = a[i];
    const t = b[j];
    if (s?.k === "star") push(i + 1, j);
    if (t?.k === "star") push(i, j + 1);
    if (!s || !t) continue;
    // Some character both heads accept: a literal must be accepted by the other head; two
    // wildcards always share a character that is not a colon.
    const ok =
      s.k === "c" ? (t.k === "c" ? s.c === t.c : !(t.noColon && s.c === ":")) : t.k === "c" ? !(s.noColon && t.c === ":") : true;
    if (ok) push(s.k === "star" ? i : i + 1, t.k === "star" ? j : j + 1);
  }
  return false;
}

/**
 * Does every value `small` matches also match `big`? Patterns without var tokens; a
 * case-insensitive `small` in a case-sensitive `big` is a safe false. A search over a position of
 * `small` paired with the set of positions `big` can be in after the same characters: a pair
 * where `small` can stop and `big` cannot is a value of `small` outside `big`.
 */
export function patternWithin(small: Pattern, big: Pattern): boolean {
  if (hasVarTokens(small) || hasVarTokens(big) || (small.caseInsensitive && !big.caseInsensitive)) return false;
  // A case-sensitive pattern's values, folded, match it read case-insensitively.
  if (!small.caseInsensitive && big.caseInsensitive) return patternWithin({ ...small, caseInsensitive: true }, big);
  const a = compileWith(small, undefined);
  const b = compileWith(big, undefined);
  // One representative per class of characters the patterns tell apart.
  const letters = new Set<string>([":", "\u0000"]);
  for (const s of [...a, ...b]) if (s.k === "c") letters.add(s.c);
  const close = (steps: Step[], from: Iterable<number>): number[] => {
    const out = new Set<number>();
    const todo = [...from];
    while (todo.length > 0) {
      const k = todo.pop()!;
      if (out.has(k)) continue;
      out.add(k);
      if (steps[k]?.k === "star") todo.push(k + 1);
    }
    return [...out].sort((x, y) => x - y);
  };
  const step = (steps: Step[], k: number, c: string): number | undefined => {
    const s = steps[k];
    if (!s) return undefined;
    if (s.k === "c") return s.c === c ? k + 1 : undefined;
    if (s.noColon && c === ":") return undefined;
    return s.k === "star" ? k : k + 1;
  };
  const seen = new Set<string>();
  const todo: [number, number[]][] = close(a, [0]).map((i) => [i, close(b, [0])]);
  while (todo.length > 0) {
    const [i, set] = todo.pop()!;
    const key = `${i}|${set.join(",")}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (i === a.length && !set.includes(b.length)) return false;
    for (const c of letters) {
      const next = step(a, i, c);
      if (next === undefined) continue;
      const nextSet = close(b, set.map((k) => step(b, k, c)).filter((k): k is number => k !== undefined));
      for (const j of close(a, [next])) todo.push([j, nextSet]);
    }
  }
  return true;
}
