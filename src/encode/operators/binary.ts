// BinaryEquals on "s:<key>" holding canonical base64. Mirrors eval/operators/binary.ts.

import { valueVar } from "../../iam/operators.js";
import { literalPattern } from "../../logic/pattern.js";
import { canonicalBase64 } from "../../iam/values.js";
import { FALSE, match } from "../../logic/ir.js";
import type { EncodeFamily } from "./family.js";

export const binaryFamily: EncodeFamily = {
  match(_kind, key, p) {
    const b = canonicalBase64(p);
    return b === undefined ? FALSE : match(valueVar("binary", key), literalPattern(b));
  },
};
