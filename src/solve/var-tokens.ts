// What the exact engine can know about atoms with var tokens (policy variables) without a
// string solver.
// Contract:
//   - `tokenLemmas(f)` is a conjunction of facts valid for every assignment, over the var-token
//     atoms of f and token-free atoms: each var-token atom implies its pattern with every var
//     token widened to `*` (a variable's value is some string); an equality `v = ${x}` implies
//     that v and x match the same token-free patterns, and two equalities that share a side make
//     their other sides agree on them too; on one variable, `α ${x} β` implies `γ ${x} δ` when
//     α's values are all γ's and β's all δ's; where f asks whether x is "", `α ${x} β ∧ x ≠ ""`
//     implies α ?* β (x holds a character). Conjoined to f before its Boolean abstraction, they
//     keep "unsat" a proof and rule out models that no string could give.
//   - `readValueCandidates(f, hint)` proposes values for the variables the tokens read, taken
//     from a model of the abstraction: a var-token atom the hint makes true, matched against the
//     hint's value of its variable, gives its tokens' values (`arn:aws:s3:::${b}/*` against
//     `arn:aws:s3:::x/y` gives b = x); read variables tied by an equality the hint makes true
//     share one list of proposals. Proposals prove nothing; the caller checks them.

import {
  concatPatterns,
  foldCase,
  hasVarTokens,
  matchPattern,
  patternKey,
  patternWithin,
  type Pattern,
  type Token,
} from "../logic/pattern.js";
import { and, forEachAtom, iff, implies, not, type Assignment, type Formula } from "../logic/ir.js";

type Match = Extract<Formula, { k: "match" }>;

/** Past this many equalities sharing a variable, their pairwise lemmas are left out. */
const MAX_PAIRED_EQUALITIES = 16;

export function tokenLemmas(f: Formula): Formula {
  const { tokenAtoms, plain } = atomsOf(f);
  const lemmas: Formula[] = [];
  for (const a of tokenAtoms.values()) {
    const tokens = a.p.tokens.map((t): Token => (t.t === "var" ? { t: "star", noColon: false } : t));
    const wide = concatPatterns([{ tokens, caseInsensitive: a.p.caseInsensitive }], a.p.caseInsensitive);
    if (!(wide.tokens.length === 1 && wide.tokens[0].t === "star" && !wide.tokens[0].noColon))
      lemmas.push(implies(a, { k: "match", v: a.v, p: wide }));
  }
  // A variable that is not "" holds at least one character: where f asks whether x is "" (the
  // EMPTY_STRING_AS_ABSENT guards of policy variables), `α ${x} β ∧ x ≠ ""` implies α ?* β with
  // the other tokens widened to `*`.
  for (const a of tokenAtoms.values()) {
    for (const x of new Set(a.p.tokens.flatMap((t) => (t.t === "var" ? [t.v] : [])))) {
      const empty = [...(plain.get(x)?.values() ?? [])].find((q) => q.p.tokens.length === 0);
      if (!empty) continue;
      const tokens = a.p.tokens.flatMap((t): Token[] =>
        t.t !== "var"
          ? [t]
          : t.v === x
            ? [
                { t: "char", noColon: false },
                { t: "star", noColon: false },
              ]
            : [{ t: "star", noColon: false }],
      );
      const wide = concatPatterns([{ tokens, caseInsensitive: a.p.caseInsensitive }], a.p.caseInsensitive);
      lemmas.push(implies(and(a, not(empty)), { k: "match", v: a.v, p: wide }));
    }
  }
  // Equalities v = ${x} (case-sensitive, the whole pattern one token), as pairs of variables.
  const equalities: { atom: Match; sides: [string, string] }[] = [];
  for (const a of tokenAtoms.values()) {
    const [t] = a.p.tokens;
    if (a.p.tokens.length === 1 && t.t === "var" && !a.p.caseInsensitive && t.v !== a.v) equalities.push({ atom: a, sides: [a.v, t.v] });
  }
  const agree = (guard: Formula, u: string, w: string) => {
    const patterns = new Map([...(plain.get(u) ?? new Map()), ...(plain.get(w) ?? new Map())]);
    for (const q of patterns.values()) lemmas.push(implies(guard, iff({ k: "match", v: u, p: q.p }, { k: "match", v: w, p: q.p })));
  };
  for (const e of equalities) agree(e.atom, ...e.sides);
  if (equalities.length <= MAX_PAIRED_EQUALITIES) {
    for (let i = 0; i < equalities.length; i++) {
      for (let j = i + 1; j < equalities.length; j++) {
        const [a, b] = [equalities[i], equalities[j]];
        const shared = a.sides.find((s) => b.sides.includes(s));
        if (shared === undefined) continue;
        const u = a.sides.find((s) => s !== shared) ?? shared;
        const w = b.sides.find((s) => s !== shared) ?? shared;
        if (u !== w) agree(and(a.atom, b.atom), u, w);
      }
    }
  }
  // Containment: on one variable, `α ${x} β` implies `γ ${x} δ` when α ⊆ γ and β ⊆ δ.
  const byVariable = new Map<string, Match[]>();
  for (const a of tokenAtoms.values()) byVariable.set(a.v, [...(byVariable.get(a.v) ?? []), a]);
  for (const atoms of byVariable.values()) {
    if (atoms.length > MAX_COMPARED_ATOMS) continue;
    for (const a of atoms) for (const b of atoms) if (a !== b && segmentsWithin(a.p, b.p)) lemmas.push(implies(a, b));
  }
  return and(...lemmas);
}

/** Past this many var-token atoms on one variable, their containments are not looked for. */
const MAX_COMPARED_ATOMS = 32;

/** Same var tokens in the same order, and each piece between them within the other's. */
function segmentsWithin(small: Pattern, big: Pattern): boolean {
  const split = (p: Pattern) => {
    const pieces: Token[][] = [[]];
    const names: string[] = [];
    for (const t of p.tokens) {
      if (t.t === "var") {
        names.push(t.v);
        pieces.push([]);
      } else pieces[pieces.length - 1].push(t);
    }
    return { pieces: pieces.map((tokens) => ({ tokens, caseInsensitive: p.caseInsensitive })), names: names.join("\u0000") };
  };
  const s = split(small);
  const b = split(big);
  return s.names === b.names && s.pieces.every((piece, i) => patternWithin(piece, b.pieces[i]));
}

interface Atoms {
  /** The var-token atoms, one per (variable, pattern). */
  tokenAtoms: Map<string, Match>;
  /** Per variable, its token-free atoms. */
  plain: Map<string, Map<string, Match>>;
}

// Both exports read the same formula's atoms, one after the other (solve/index.ts).
const atomsCache = new WeakMap<Formula, Atoms>();

function atomsOf(f: Formula): Atoms {
  let atoms = atomsCache.get(f);
  if (atoms) return atoms;
  atoms = { tokenAtoms: new Map(), plain: new Map() };
  const { tokenAtoms, plain } = atoms;
  forEachAtom(f, (a) => {
    if (a.k !== "match") return;
    const key = `${a.v}\u0000${patternKey(a.p)}`;
    if (hasVarTokens(a.p)) tokenAtoms.set(key, a);
    else {
      let m = plain.get(a.v);
      if (!m) plain.set(a.v, (m = new Map()));
      m.set(key, a);
    }
  });
  atomsCache.set(f, atoms);
  return atoms;
}

/**
 * Values for the variables the tokens read, captured from the abstract model: each var-token atom
 * the model makes true, matched against its variable's value, gives each token's text. Every
 * distinct capture is kept, in the order of the atoms (two atoms may disagree, and only one of
 * them may lead to a real model), those the variable's own atoms judge as they judge the model's
 * value first.
 */
export function readValueCandidates(
  f: Formula,
  hint: Assignment,
  abstractValue: (atom: Match) => boolean | undefined,
): Map<string, string[]> {
  const { tokenAtoms, plain } = atomsOf(f);
  // A captured value is kept only if the variable's own atoms judge it as they judge the hint's
  // value: then every constraint the abstraction satisfied on the variable still holds.
  const agreesWithHint = (v: string, text: string) => {
    const own = hint.strings.get(v);
    return [...(plain.get(v)?.values() ?? [])].every((a) => own !== undefined && matchPattern(a.p, text) === matchPattern(a.p, own));
  };
  const agreeing = new Map<string, string[]>();
  const others = new Map<string, string[]>();
  for (const a of tokenAtoms.values()) {
    if (abstractValue(a) !== true) continue;
    const value = hint.strings.get(a.v);
    if (value === undefined) continue;
    for (const [v, text] of captureTokens(a.p, value)) {
      const into = agreesWithHint(v, text) ? agreeing : others;
      const seen = into.get(v) ?? [];
      if (!seen.includes(text)) into.set(v, [...seen, text]);
    }
  }
  // A capture the variable's own atoms judge otherwise may still lead to a model (the abstraction
  // may have chosen its value for a disjunct the real model does not need): it comes last.
  for (const [v, texts] of others) agreeing.set(v, [...(agreeing.get(v) ?? []), ...texts.filter((t) => !agreeing.get(v)?.includes(t))]);
  return sharedAcrossEqualities(agreeing, tokenAtoms, abstractValue);
}

/**
 * Read variables that an equality `u = ${w}` the hint makes true ties together get one list of
 * candidates, the same for each, in the same order: the caller tries the j-th candidate of every
 * variable at once, and two tied variables given different values could never give a model
 * (`aws:PrincipalAccount = ${aws:ResourceAccount}` with one captured from the principal's ARN and
 * the other from the hint's own value of the first).
 */
function sharedAcrossEqualities(
  candidates: Map<string, string[]>,
  tokenAtoms: Map<string, Match>,
  abstractValue: (atom: Match) => boolean | undefined,
): Map<string, string[]> {
  const parent = new Map<string, string>();
  const root = (v: string): string => {
    let r = v;
    while (parent.has(r)) r = parent.get(r)!;
    return r;
  };
  for (const a of tokenAtoms.values()) {
    const [t] = a.p.tokens;
    if (a.p.tokens.length !== 1 || t.t !== "var" || a.p.caseInsensitive || t.v === a.v || abstractValue(a) !== true) continue;
    const [x, y] = [root(a.v), root(t.v)];
    if (x !== y) parent.set(x, y);
  }
  if (parent.size === 0) return candidates;
  const pooled = new Map<string, string[]>();
  for (const [v, texts] of [...candidates].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const r = root(v);
    const pool = pooled.get(r) ?? [];
    for (const text of texts) if (!pool.includes(text)) pool.push(text);
    pooled.set(r, pool);
  }
  // A tied variable with no capture of its own (the hint may give it no value) takes its class's.
  const members = new Set([...candidates.keys(), ...parent.keys(), ...parent.values()]);
  return new Map([...members].filter((v) => pooled.has(root(v))).map((v) => [v, pooled.get(root(v))!] as const));
}

/**
 * The var tokens' values that make `value` match `p` (a var's first reading the shortest, a
 * star's the longest, as a regular expression with lazy groups and back-references would read
 * them), or none. A backtracking search with a step budget: no RegExp is built from policy text,
 * and a pattern that needs more steps (many wildcards, long values) yields no capture — captures
 * are only candidates, every model is checked.
 */
function captureTokens(p: Pattern, value: string): Map<string, string> {
  const wild = p.tokens.filter((t) => t.t !== "lit").length;
  if (wild > MAX_CAPTURE_WILDCARDS || value.length > MAX_CAPTURE_LENGTH) return new Map();
  const v = Array.from(p.caseInsensitive ? foldCase(value) : value);
  const tokens = p.tokens.map((t) => (t.t === "lit" ? { ...t, chars: Array.from(p.caseInsensitive ? foldCase(t.s) : t.s) } : t));
  const captured = new Map<string, string[]>();
  let budget = MAX_CAPTURE_STEPS;
  const fits = (chars: string[], at: number) => chars.every((c, k) => v[at + k] === c);
  const go = (k: number, at: number): boolean => {
    if (--budget < 0) return false;
    if (k === tokens.length) return at === v.length;
    const t = tokens[k];
    if (t.t === "lit") return fits(t.chars, at) && go(k + 1, at + t.chars.length);
    if (t.t === "char") return at < v.length && !(t.noColon && v[at] === ":") && go(k + 1, at + 1);
    if (t.t === "star") {
      let end = at;
      while (end < v.length && !(t.noColon && v[end] === ":")) end++;
      for (let e = end; e >= at; e--) if (go(k + 1, e)) return true;
      return false;
    }
    const seen = captured.get(t.v);
    if (seen) return fits(seen, at) && go(k + 1, at + seen.length);
    for (let e = at; e <= v.length; e++) {
      captured.set(t.v, v.slice(at, e));
      if (go(k + 1, e)) return true;
      if (budget < 0) break;
    }
    captured.delete(t.v);
    return false;
  };
  if (!go(0, 0)) return new Map();
  return new Map([...captured].map(([name, chars]) => [name, chars.join("")] as const));
}

const MAX_CAPTURE_WILDCARDS = 6;
const MAX_CAPTURE_LENGTH = 256;
/** Steps of the capture search before it gives up (a few milliseconds at most). */
const MAX_CAPTURE_STEPS = 20_000;
