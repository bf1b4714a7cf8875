// BinaryEquals (§3.4): equal bytes, compared as canonical base64 of both sides.

import { canonicalBase64 } from "../../iam/values.js";
import type { EvalFamily } from "./family.js";

export const binaryFamily: EvalFamily<string> = {
  read: canonicalBase64,
  match(_kind, v, p) {
    const b = canonicalBase64(p);
    return b !== undefined && b === v;
  },
};
