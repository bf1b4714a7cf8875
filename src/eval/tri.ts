// Kleene three-valued connectives for the evaluator (strong Kleene: false dominates AND, true
// dominates OR, unknown otherwise).

import type { Tri } from "./types.js";

export function triNot(a: Tri): Tri {
  return a === "unknown" ? "unknown" : !a;
}

export function triAnd(xs: Iterable<Tri>): Tri {
  let r: Tri = true;
  for (const x of xs) {
    if (x === false) return false;
    if (x === "unknown") r = "unknown";
  }
  return r;
}

export function triOr(xs: Iterable<Tri>): Tri {
  let r: Tri = false;
  for (const x of xs) {
    if (x === true) return true;
    if (x === "unknown") r = "unknown";
  }
  return r;
}
