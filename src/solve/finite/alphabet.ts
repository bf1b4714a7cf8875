// The alphabet partition of one string variable.
// Contract: given the patterns on a variable, `buildAlphabet` splits all characters (Unicode code
// points, as matchPattern reads them) into classes such that two characters of one class are
// matched by exactly the same pattern tokens: same literal characters (case-sensitive ones by
// identity, case-insensitive ones after ASCII folding) and same colon-ness (noColon wildcards
// reject ':'). So swapping a character for another of its class never changes a pattern's
// verdict, and exploring one representative per class explores every string.
// Class ids are numbered in witness-preference order: the representative of class 0 is the most
// readable character, so a breadth-first search that tries classes in id order finds, for each
// equivalence class of strings, a shortest witness that is also the most readable among them.

import { foldCase, type Pattern } from "../../logic/pattern.js";

export interface Alphabet {
  size: number;
  /** Representative character of each class. */
  reps: string[];
  /** Class of ':' (its own class, even when no pattern distinguishes it, so witnesses avoid it). */
  colon: number;
  /** Class of every character that no literal mentions. */
  other: number;
  classOf(ch: string): number;
}

// Readable first: lower-case letters, digits, upper-case, harmless punctuation; then '/', ':'
// (both structure ARNs, so a witness uses them only when a pattern requires them); then space.
// '*' and '?' are left out: in a counterexample they would read as wildcards.
const PREFERRED = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_.~+=@,!$&()[]{}<>;^|#%/: ";

/** Smaller is more readable. Control characters and lone surrogates come last. */
export function charRank(ch: string): number {
  const i = PREFERRED.indexOf(ch);
  if (i >= 0 && ch.length === 1) return i;
  const cp = ch.codePointAt(0)!;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0x300000 + cp;
  if (cp >= 0xd800 && cp < 0xe000) return 0x200000 + cp;
  return 0x100 + cp;
}

function isAsciiLetter(ch: string): boolean {
  return (ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z");
}

function otherCase(ch: string): string {
  return ch >= "a" && ch <= "z" ? ch.toUpperCase() : ch.toLowerCase();
}

export function buildAlphabet(patterns: readonly Pattern[]): Alphabet {
  const csLits = new Set<string>();
  const ciLits = new Set<string>();
  for (const p of patterns) {
    for (const t of p.tokens) {
      if (t.t !== "lit") continue;
      if (p.caseInsensitive) for (const ch of foldCase(t.s)) ciLits.add(ch);
      else for (const ch of t.s) csLits.add(ch);
    }
  }
  const candidates = new Set<string>(csLits);
  for (const ch of ciLits) {
    candidates.add(ch);
    if (isAsciiLetter(ch)) candidates.add(otherCase(ch));
  }
  candidates.add(":");

  // Signature: the literal tokens a character satisfies, and whether it is ':'.
  const groups = new Map<string, string[]>();
  for (const ch of candidates) {
    const f = foldCase(ch);
    const sig = `${csLits.has(ch) ? ch : ""}\u0000${ciLits.has(f) ? f : ""}\u0000${ch === ":" ? 1 : 0}`;
    let g = groups.get(sig);
    if (!g) groups.set(sig, (g = []));
    g.push(ch);
  }
  const classes: { rep: string; members: string[] }[] = [];
  for (const members of groups.values()) {
    members.sort((a, b) => charRank(a) - charRank(b));
    classes.push({ rep: members[0], members });
  }
  const otherRep = pickOther(candidates);
  const OTHER = { rep: otherRep, members: [] as string[] };
  classes.push(OTHER);
  classes.sort((a, b) => charRank(a.rep) - charRank(b.rep));

  const byChar = new Map<string, number>();
  classes.forEach((c, id) => {
    for (const m of c.members) byChar.set(m, id);
  });
  const other = classes.indexOf(OTHER);
  return {
    size: classes.length,
    reps: classes.map((c) => c.rep),
    colon: byChar.get(":")!,
    other,
    classOf: (ch) => byChar.get(ch) ?? other,
  };
}

function pickOther(used: Set<string>): string {
  for (const ch of PREFERRED) if (ch !== " " && !used.has(ch)) return ch;
  // Every readable ASCII character is in a literal: fall back to Latin-1 and beyond.
  for (let cp = 0xc0; ; cp++) {
    if (cp >= 0xd800 && cp < 0xe000) continue;
    const ch = String.fromCodePoint(cp);
    if (!used.has(ch)) return ch;
  }
}
