// Null (§3.4): `"true"` — the key is absent; `"false"` — it is present. Values OR. Any other
// value matches nothing (the parser rejects it).

import { parseBool } from "../../iam/values.js";

export function nullMatch(present: boolean, policyValue: string): boolean {
  const b = parseBool(policyValue);
  return b === undefined ? false : b ? !present : present;
}
