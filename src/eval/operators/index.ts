// Comparison (an operator family, or an exact cross-family one: iam/condition.ts) → its evaluator
// implementation.

import type { Comparison } from "../../iam/condition.js";
import { arnFamily } from "./arn.js";
import { binaryFamily } from "./binary.js";
import { boolFamily } from "./bool.js";
import { dateFamily } from "./date.js";
import type { EvalFamily } from "./family.js";
import { ipFamily } from "./ip.js";
import { numericFamily } from "./numeric.js";
import { stringFamily } from "./string.js";
import { stringOnBoolFamily } from "./string-on-bool.js";

export const EVAL_FAMILIES: Record<Comparison, EvalFamily<any>> = {
  string: stringFamily,
  arn: arnFamily,
  numeric: numericFamily,
  date: dateFamily,
  ip: ipFamily,
  bool: boolFamily,
  binary: binaryFamily,
  stringOnBool: stringOnBoolFamily,
};
