// Prefix structure of a lazily decided string variable, as clauses.
// Contract: `encodePrefixTrie(atoms, sat)` adds clauses (and auxiliary variables) that hold for
// the true atom values of every string, so they never cut off a real solution: for a trie over
// the patterns' leading literals, a variable per relevant node reads "the string starts with
// this node's text"; an atom implies its pattern's node, a node implies its parent node, of
// the nodes below one node in different branches at most one holds (no string starts with both
// `s3:Get` and `s3:Put`), and a pattern that is its leading literal and a free `*` is
// equivalent to its node (so `s3:GetObject` implies `s3:Get*` by propagation). Case-insensitive and case-sensitive patterns get separate tries (a
// case-insensitive node reads "the folded string starts with ...").
// Why: without it, the lazy loop learns these disjointness and containment facts one clause at
// a time (a policy with 600 literal actions cost 259 round trips); with it, unit propagation
// knows them.

import { foldCase, type Pattern } from "../../logic/pattern.js";
import { atMostOne } from "./cnf.js";
import type { SatSolver } from "./sat.js";

interface TrieNode {
  children: Map<string, TrieNode>;
  /** Atom literals whose pattern's leading literal ends here. */
  atoms: number[];
  /** Those of them whose pattern is that literal and one free `*`: the node's very meaning. */
  prefixAtoms: number[];
  lit: number; // SAT literal of "starts with this node's text", -1 if none
}

const node = (): TrieNode => ({ children: new Map(), atoms: [], prefixAtoms: [], lit: -1 });

export function encodePrefixTrie(atoms: readonly { lit: number; p: Pattern }[], sat: SatSolver): void {
  for (const ci of [false, true]) {
    const root = node();
    let used = 0;
    for (const { lit, p } of atoms) {
      if (p.caseInsensitive !== ci) continue;
      let n = root;
      for (const t of p.tokens) {
        if (t.t !== "lit") break;
        for (const ch of ci ? foldCase(t.s) : t.s) {
          let next = n.children.get(ch);
          if (!next) n.children.set(ch, (next = node()));
          n = next;
        }
      }
      if (n !== root) {
        n.atoms.push(lit);
        const last = p.tokens[p.tokens.length - 1];
        if (p.tokens.length === 2 && p.tokens[0].t === "lit" && last.t === "star" && !last.noColon) n.prefixAtoms.push(lit);
        used++;
      }
    }
    if (used > 1) encodeNode(root, -1, sat);
  }
}

// The nearest relevant node down each branch: one that some atom ends at, or that branches.
function nearest(n: TrieNode): TrieNode {
  while (n.atoms.length === 0 && n.children.size === 1) n = n.children.values().next().value!;
  return n;
}

function encodeNode(n: TrieNode, parentLit: number, sat: SatSolver): void {
  const below = [...n.children.values()].map(nearest);
  for (const m of below) {
    m.lit = 2 * sat.newVar();
    if (parentLit >= 0) sat.addClause([m.lit ^ 1, parentLit]);
    for (const a of m.atoms) sat.addClause([a ^ 1, m.lit]);
    for (const a of m.prefixAtoms) sat.addClause([m.lit ^ 1, a]);
  }
  atMostOne(
    below.map((m) => m.lit),
    sat,
  );
  for (const m of below) encodeNode(m, m.lit, sat);
}
