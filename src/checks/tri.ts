// Kleene three-valued connectives over the evaluator's Tri.

import type { Tri } from "../eval/types.js";

export function triNot(a: Tri): Tri {
  return a === "unknown" ? a : !a;
}

export function triAnd(...xs: Tri[]): Tri {
  if (xs.includes(false)) return false;
  return xs.includes("unknown") ? "unknown" : true;
}

export function triOr(...xs: Tri[]): Tri {
  if (xs.includes(true)) return true;
  return xs.includes("unknown") ? "unknown" : false;
}
