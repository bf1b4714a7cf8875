// An independent glob matcher for the evaluator: tokens → an anchored RegExp (`*` = `.*`,
// `?` = one code point). The encoder uses iam/pattern.ts instead, so the differential test also
// cross-checks the two glob implementations.

import type { GlobToken } from "../../iam/glob.js";

export function globRegex(tokens: GlobToken[]): RegExp {
  const body = tokens
    .map((t) => {
      switch (t.t) {
        case "lit":
          return t.s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
        case "star":
        case "var":
          return ".*";
        case "char":
          return ".";
      }
    })
    .join("");
  return new RegExp(`^${body}$`, "su");
}
