// Comparison (an operator family, or an exact cross-family one: iam/condition.ts) → its encoder
// implementation (mirrors eval/operators/index.ts).

import type { Comparison } from "../../iam/condition.js";
import { arnFamily } from "./arn.js";
import { binaryFamily } from "./binary.js";
import { boolFamily } from "./bool.js";
import { dateFamily } from "./date.js";
import type { EncodeFamily } from "./family.js";
import { ipFamily } from "./ip.js";
import { numericFamily } from "./numeric.js";
import { stringFamily } from "./string.js";
import { stringOnBoolFamily } from "./string-on-bool.js";

export const ENCODE_FAMILIES: Record<Comparison, EncodeFamily> = {
  string: stringFamily,
  arn: arnFamily,
  numeric: numericFamily,
  date: dateFamily,
  ip: ipFamily,
  bool: boolFamily,
  binary: binaryFamily,
  stringOnBool: stringOnBoolFamily,
};
