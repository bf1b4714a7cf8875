// Bool (§3.4): `true` / `false`, case-insensitive on both sides.

import { parseBool } from "../../iam/values.js";
import type { EvalFamily } from "./family.js";

export const boolFamily: EvalFamily<boolean> = {
  read: parseBool,
  match: (_kind, v, p) => parseBool(p) === v,
};
