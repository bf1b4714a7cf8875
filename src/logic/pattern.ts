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
  for (const p of parts)
    for (const t of p.tokens) {
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
  return p.tokens.map((t) => (t.t === "lit" ? t.s : t.t === "char" ? "?" : t.t === "var" ? `\${${t.v}}` : "*")).join("");
}

type Step = { k: "c"; c: string } | { k: "any"; noColon: boolean } | { k: "star"; noColon: boolean };

/**
 * A pattern's steps as a bit-parallel automaton: state i (bit i) = the first i steps have
 * consumed the text read so far. A char step i moves bit i to bit i+1 on a character it accepts;
 * a star step i is an epsilon move i → i+1 and a self-loop on i+1. One character costs
 * O(steps / 32) word operations, so a match is O(value × pattern / 32) whatever the pattern.
 */
interface Automaton {
  steps: Step[];
  words: number;
  /** Per literal character: the char steps that accept it (bit i). */
  literal: Map<string, Uint32Array>;
  /** `?` steps: all (any non-colon), and those that also accept a colon. */
  any: Uint32Array;
  anyColon: Uint32Array;
  /** Star steps' self-loops (bit i+1 for star step i): all, and those that also loop on a colon. */
  loop: Uint32Array;
  loopColon: Uint32Array;
  /** Star steps (bit i), for the epsilon moves. */
  star: Uint32Array;
  chainedStars: boolean;
  start: Uint32Array;
}

function automaton(steps: Step[]): Automaton {
  const words = ((steps.length + 1) >>> 5) + 1;
  const bits = () => new Uint32Array(words);
  const set = (a: Uint32Array, i: number) => (a[i >>> 5] |= 1 << (i & 31));
  const a: Automaton = {
    steps,
    words,
    literal: new Map(),
    any: bits(),
    anyColon: bits(),
    loop: bits(),
    loopColon: bits(),
    star: bits(),
    chainedStars: false,
    start: bits(),
  };
  steps.forEach((s, i) => {
    if (s.k === "c") {
      let m = a.literal.get(s.c);
      if (!m) a.literal.set(s.c, (m = bits()));
      set(m, i);
    } else if (s.k === "any") {
      set(a.any, i);
      if (!s.noColon) set(a.anyColon, i);
    } else {
      set(a.star, i);
      set(a.loop, i + 1);
      if (!s.noColon) set(a.loopColon, i + 1);
      if (steps[i + 1]?.k === "star") a.chainedStars = true;
    }
  });
  set(a.start, 0);
  closeStars(a, a.start);
  return a;
}

/** Epsilon closure in place: a star step's start state reaches its end state. */
function closeStars(a: Automaton, x: Uint32Array): void {
  do {
    let carry = 0;
    let changed = false;
    for (let w = 0; w < a.words; w++) {
      const from = x[w] & a.star[w];
      const moved = ((from << 1) | carry) >>> 0;
      carry = from >>> 31;
      const y = (x[w] | moved) >>> 0;
      if (y !== x[w]) changed = true;
      x[w] = y;
    }
    // Without adjacent stars one pass settles it (a star's end state is not a star's start).
    if (!changed || !a.chainedStars) return;
  } while (true);
}

// Patterns are matched millions of times (model checks, replay, polishing): their automata are
// compiled once per pattern object; a pattern with var tokens keeps the automaton of the values
// it was last compiled with (a replay reads one request's values many times).
const compiled = new WeakMap<Pattern, Automaton>();
const compiledWithValues = new WeakMap<Pattern, { values: string; automaton: Automaton }>();

function compile(pattern: Pattern, lookup: VarLookup | undefined): Automaton {
  const hit = compiled.get(pattern);
  if (hit) return hit;
  if (!hasVarTokens(pattern)) {
    const a = automaton(compileWith(pattern, lookup));
    compiled.set(pattern, a);
    return a;
  }
  const values = pattern.tokens.map((t) => (t.t === "var" ? varValue(t.v, lookup) : "")).join("\u0000");
  const last = compiledWithValues.get(pattern);
  if (last?.values === values) return last.automaton;
  const a = automaton(compileWith(pattern, lookup));
  compiledWithValues.set(pattern, { values, automaton: a });
  return a;
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

// Scratch state sets of the matcher, reused across calls (matching is synchronous and not
// reentrant); they grow to the widest automaton seen, which the input bounds limit.
let rowA = new Uint32Array(4);
let rowB = new Uint32Array(4);

/**
 * Does `value` match `pattern`? A bit-parallel simulation of the pattern's automaton: time
 * O(|value| × |pattern| / 32), no backtracking. A var token reads its variable through `lookup`;
 * a missing lookup or value throws.
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
  const a = compile(pattern, lookup);
  const n = a.words;
  if (rowA.length < n) {
    rowA = new Uint32Array(2 * n);
    rowB = new Uint32Array(2 * n);
  }
  let reach = rowA.subarray(0, n);
  let next = rowB.subarray(0, n);
  reach.set(a.start);
  for (const ch of v) {
    const lit = a.literal.get(ch);
    const colon = ch === ":";
    const any = colon ? a.anyColon : a.any;
    const loop = colon ? a.loopColon : a.loop;
    let carry = 0;
    let alive = 0;
    for (let w = 0; w < n; w++) {
      const r = reach[w];
      const step = r & (any[w] | (lit ? lit[w] : 0));
      const x = ((step << 1) | carry | (r & loop[w])) >>> 0;
      carry = step >>> 31;
      next[w] = x;
      alive |= x;
    }
    if (alive === 0) return false;
    closeStars(a, next);
    [reach, next] = [next, reach];
  }
  const end = a.steps.length;
  return (reach[end >>> 5] & (1 << (end & 31))) !== 0;
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
    const ok = s.k === "c" ? (t.k === "c" ? s.c === t.c : !(t.noColon && s.c === ":")) : t.k === "c" ? !(s.noColon && t.c === ":") : true;
    if (ok) push(s.k === "star" ? i : i + 1, t.k === "star" ? j : j + 1);
  }
  return false;
}

/**
 * Does every value `small` matches also match `big`? Patterns without var tokens; a
 * case-insensitive `small` in a case-sensitive `big` is a safe false. A search over a position of
 * `small` paired with the set of positions `big` can be in after the same characters: a pair
 * where `small` can stop and `big` cannot is a value of `small` outside `big`. The sets can be
 * exponentially many (`*a??…?`): past MAX_WITHIN_STATES pairs the answer is the safe false too.
 */
/** The text every value of a pattern starts with: its leading literal tokens. */
function literalPrefix(p: Pattern): string {
  let out = "";
  for (const t of p.tokens) {
    if (t.t !== "lit") break;
    out += t.s;
  }
  return out;
}

export function patternWithin(small: Pattern, big: Pattern): boolean {
  if (hasVarTokens(small) || hasVarTokens(big) || (small.caseInsensitive && !big.caseInsensitive)) return false;
  // A case-sensitive pattern's values, folded, match it read case-insensitively.
  if (!small.caseInsensitive && big.caseInsensitive) return patternWithin({ ...small, caseInsensitive: true }, big);
  // Cheap and exact for case-sensitive patterns: unless big's leading literal text starts
  // small's, small has a value that leaves big's at some position (where the two texts differ,
  // or where small's wildcard or end stands), and big cannot match it. validate-policy compares
  // a statement's hundreds of resources pairwise, mostly pairs ruled out here.
  if (!small.caseInsensitive && !big.caseInsensitive && !literalPrefix(small).startsWith(literalPrefix(big))) return false;
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
    if (seen.size > MAX_WITHIN_STATES) return false;
    if (i === a.length && !set.includes(b.length)) return false;
    for (const c of letters) {
      const next = step(a, i, c);
      if (next === undefined) continue;
      const nextSet = close(
        b,
        set.map((k) => step(b, k, c)).filter((k): k is number => k !== undefined),
      );
      for (const j of close(a, [next])) todo.push([j, nextSet]);
    }
  }
  return true;
}

/** Pairs patternWithin explores before it answers the safe false. */
const MAX_WITHIN_STATES = 4_096;
