// BinaryEquals (§3.4): equal bytes, compared as canonical base64 of both sides. A request value
// that is not base64 is kept as text: it equals no canonical base64, so it matches nothing (the
// request view keeps it the same way).

import { canonicalBase64 } from "../../iam/values.js";
import type { EvalFamily } from "./family.js";

export const binaryFamily: EvalFamily<string> = {
  read: (v) => canonicalBase64(v) ?? v,
  match(_kind, v, p) {
    const b = canonicalBase64(p);
    return b !== undefined && b === v;
  },
};
