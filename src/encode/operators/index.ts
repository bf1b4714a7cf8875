// Operator family → its encoder implementation (mirrors eval/operators/index.ts).

import type { OperatorFamily } from "../../iam/operators.js";
import { arnFamily } from "./arn.js";
import { binaryFamily } from "./binary.js";
import { boolFamily } from "./bool.js";
import { dateFamily } from "./date.js";
import type { EncodeFamily } from "./family.js";
import { ipFamily } from "./ip.js";
import { numericFamily } from "./numeric.js";
import { stringFamily } from "./string.js";

export const ENCODE_FAMILIES: Record<Exclude<OperatorFamily, "null">, EncodeFamily> = {
  string: stringFamily,
  arn: arnFamily,
  numeric: numericFamily,
  date: dateFamily,
  ip: ipFamily,
  bool: boolFamily,
  binary: binaryFamily,
};
