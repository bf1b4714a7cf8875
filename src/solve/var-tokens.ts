// What the exact engine can know about atoms with var tokens (policy variables) without a
// string solver.
// Contract:
//   - `tokenLemmas(f)` is a conjunction of facts valid for every assignment, over the var-token
//     atoms of f and token-free atoms: each var-token atom implies its pattern with every var
//     token widened to `*` (a variable's value is some string); an equality `v = ${x}` implies
//     that v and x match the same token-free patterns, and two equalities that share a side make
//     their other sides agree on them too; on one variable, `α ${x} β` implies `γ ${x} δ` when
//     α's values are all γ's and β's all δ's. Conjoined to f before its Boolean abstraction, they
//     keep "unsat" a proof and rule out models that no string could give.
//   - `readValueCandidates(f, hint)` proposes values for the variables the tokens read, taken
//     from a model of the abstraction: a var-token atom the hint makes true, matched against the
//     hint's value of its variable, gives its tokens' values (`arn:aws:s3:::${b}/*` against
//     `arn:aws:s3:::x/y` gives b = x). Proposals prove nothing; the caller checks them.

import { foldCase, hasVarTokens, matchPattern, patternKey, patternWithin, type Pattern, type Token } from "../iam/pattern.js";
import { and, iff, implies, type Assignment, type Formula } from "../logic/ir.js";

type Match = Extract<Formula, { k: "match" }>;

/** Past this many equalities sharing a variable, their pairwise lemmas are left out. */
const MAX_PAIRED_EQUALITIES = 16;

export function tokenLemmas(f: Formula): Formula {
  const tokenAtoms = new Map<string, Match>();
  const plain = new Map<string, Map<string, Match>>(); // variable → token-free atoms on it
  collect(f, tokenAtoms, plain);
  const lemmas: Formula[] = [];
  for (const a of tokenAtoms.values()) {
    const wide: Pattern = { tokens: widen(a.p.tokens), caseInsensitive: a.p.caseInsensitive };
    if (!(wide.tokens.length === 1 && wide.tokens[0].t === "star" && !wide.tokens[0].noColon)) lemmas.push(implies(a, { k: "match", v: a.v, p: wide }));
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

function collect(f: Formula, tokenAtoms: Map<string, Match>, plain: Map<string, Map<string, Match>>): void {
  if (f.k === "not") collect(f.a, tokenAtoms, plain);
  else if (f.k === "and" || f.k === "or") for (const a of f.args) collect(a, tokenAtoms, plain);
  else if (f.k === "match") {
    const key = `${f.v}\u0000${patternKey(f.p)}`;
    if (hasVarTokens(f.p)) tokenAtoms.set(key, f);
    else {
      let m = plain.get(f.v);
      if (!m) plain.set(f.v, (m = new Map()));
      m.set(key, f);
    }
  }
}

function widen(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const u: Token = t.t === "var" ? { t: "star", noColon: false } : t;
    const last = out[out.length - 1];
    if (u.t === "star" && last?.t === "star") out[out.length - 1] = { t: "star", noColon: last.noColon && u.noColon };
    else out.push(u);
  }
  return out;
}

export function readValueCandidates(f: Formula, hint: Assignment, abstractValue: (atom: Match) => boolean | undefined): Map<string, string> {
  const tokenAtoms = new Map<string, Match>();
  const plain = new Map<string, Map<string, Match>>();
  collect(f, tokenAtoms, plain);
  // A captured value is kept only if the variable's own atoms judge it as they judge the hint's
  // value: then every constraint the abstraction satisfied on the variable still holds.
  const agreesWithHint = (v: string, text: string) => {
    const own = hint.strings.get(v);
    return [...(plain.get(v)?.values() ?? [])].every((a) => own !== undefined && matchPattern(a.p, text) === matchPattern(a.p, own));
  };
  const out = new Map<string, string>();
  for (const a of tokenAtoms.values()) {
    if (abstractValue(a) !== true) continue;
    const value = hint.strings.get(a.v);
    if (value === undefined) continue;
    for (const [v, text] of captureTokens(a.p, value)) if (!out.has(v) && agreesWithHint(v, text)) out.set(v, text);
  }
  return out;
}

/**
 * The var tokens' values that make `value` match `p` (leftmost, shortest), or none. A regular
 * expression backtracks, so patterns with many wildcards and long values are not tried.
 */
function captureTokens(p: Pattern, value: string): Map<string, string> {
  const wild = p.tokens.filter((t) => t.t !== "lit").length;
  if (wild > MAX_CAPTURE_WILDCARDS || value.length > MAX_CAPTURE_LENGTH) return new Map();
  const names: string[] = [];
  let source = "";
  for (const t of p.tokens) {
    if (t.t === "lit") source += escape(p.caseInsensitive ? foldCase(t.s) : t.s);
    else if (t.t === "char") source += t.noColon ? "[^:]" : "[\\s\\S]";
    else if (t.t === "star") source += t.noColon ? "[^:]*" : "[\\s\\S]*";
    else {
      const seen = names.indexOf(t.v);
      if (seen >= 0) source += `\\${seen + 1}`;
      else {
        names.push(t.v);
        source += "([\\s\\S]*?)";
      }
    }
  }
  const m = new RegExp(`^${source}$`, "u").exec(p.caseInsensitive ? foldCase(value) : value);
  return new Map(m ? names.map((v, i) => [v, m[i + 1]] as const) : []);
}

const MAX_CAPTURE_WILDCARDS = 6;
const MAX_CAPTURE_LENGTH = 256;

const escape = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");

