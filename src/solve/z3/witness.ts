// Z3's strings → JS strings, made readable.
// Contract: `witnessStrings(f, chars, tidy)` joins each string variable's Z3 characters (code
// points) into a JS string. With `tidy`, every character that is not printable ASCII and that
// no pattern on that variable can tell apart from others (not in any of its literals, in either
// case, and not `:`) is first replaced by one printable character with the same property. Glob
// patterns treat all such characters alike, so every `match` atom keeps its truth value (the
// engine still validates the result). Z3 likes U+0000 or U+0100 for wildcards, and may pick
// UTF-16 surrogate code points, which a JS string cannot keep apart (a high and a low one fuse
// into one character); tidying replaces them too. Variables tied by var tokens (a pattern on one
// reads another's value) share one set of mentioned characters and so one replacement, so the
// same character is replaced alike in all of them and the tie still holds.

import { foldCase, type Pattern } from "../../logic/pattern.js";
import type { Formula } from "../../logic/ir.js";

const REPLACEMENTS = ["x", "z", "0", "9", "_", "-", "q", "j", "~", "!"];

function mentioned(f: Formula, out: Map<string, Set<number>>): void {
  switch (f.k) {
    case "not":
      mentioned(f.a, out);
      break;
    case "and":
    case "or":
      for (const a of f.args) mentioned(a, out);
      break;
    case "match": {
      let set = out.get(f.v);
      if (!set) out.set(f.v, (set = new Set([":".codePointAt(0)!])));
      addPattern(f.p, set);
      // Tie the variables the pattern reads to f.v: all of them share one set.
      for (const t of f.p.tokens) {
        if (t.t !== "var") continue;
        const other = out.get(t.v);
        if (other === set) continue;
        if (other) for (const c of other) set.add(c);
        for (const [name, s] of out) if (s === other) out.set(name, set);
        out.set(t.v, set);
      }
      break;
    }
  }
}

function addPattern(p: Pattern, set: Set<number>): void {
  for (const t of p.tokens) {
    if (t.t !== "lit") continue;
    for (const ch of t.s) for (const c of [ch, foldCase(ch), ch.toUpperCase()]) set.add(c.codePointAt(0)!);
  }
}

const isPlain = (c: number) => c >= 0x20 && c <= 0x7e;

export function witnessStrings(f: Formula, chars: Map<string, number[]>, tidy: boolean): Map<string, string> {
  const used = new Map<string, Set<number>>();
  if (tidy) mentioned(f, used);
  const out = new Map<string, string>();
  for (const [name, cps] of chars) {
    const set = used.get(name) ?? new Set([":".codePointAt(0)!]);
    const free = (c: string) => !set.has(c.codePointAt(0)!) && !set.has(c.toUpperCase().codePointAt(0)!);
    const r = tidy ? REPLACEMENTS.find(free)?.codePointAt(0) : undefined;
    const mapped = cps.map((c) => (r !== undefined && !isPlain(c) && !set.has(c) ? r : c));
    out.set(name, mapped.map((c) => String.fromCodePoint(c)).join(""));
  }
  return out;
}
