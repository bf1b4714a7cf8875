// What a command produced, and the CLI's exit code for it.
// Contract: an Outcome is a check's response, findings, a validate-policy response, or an error.
// `exitCode`: 0 PASS (or nothing found), 2 FAIL (or findings, or a validate-policy ERROR or
// SECURITY_WARNING finding), 3 UNKNOWN (or findings not proved complete), 1 an error; a result the
// library does not answer with throws. Cheap to import: types only besides this.

import type { CheckResponse, FindingsResponse } from "../checks/types.js";
import type { ValidatePolicyResponse } from "../validate/types.js";
import type { ErrorShape } from "./json.js";

export type Outcome =
  | { kind: "response"; response: CheckResponse }
  | { kind: "findings"; response: FindingsResponse }
  | { kind: "validate"; response: ValidatePolicyResponse }
  | ({ kind: "error" } & ErrorShape);

export const EXIT = { PASS: 0, ERROR: 1, FAIL: 2, UNKNOWN: 3 } as const;

export function exitCode(out: Outcome): number {
  switch (out.kind) {
    case "error":
      return EXIT.ERROR;
    case "findings":
      return out.response.unknownReason !== undefined ? EXIT.UNKNOWN : out.response.findings.length > 0 ? EXIT.FAIL : EXIT.PASS;
    case "validate":
      return out.response.findings.some((f) => f.findingType === "ERROR" || f.findingType === "SECURITY_WARNING") ? EXIT.FAIL : EXIT.PASS;
    case "response": {
      const result: string = out.response.result;
      if (result !== "PASS" && result !== "FAIL" && result !== "UNKNOWN") throw new Error(`the library answered with result \`${result}\``);
      return EXIT[result];
    }
  }
}
