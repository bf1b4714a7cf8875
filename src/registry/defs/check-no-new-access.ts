// check-no-new-access (AWS's CheckNoNewAccess): does the new policy allow any request the
// existing one does not? The body is checks/api.ts checkNoNewAccess.

import { defineCheck } from "../check-definition.js";
import { checkPolicyType } from "../../checks/inputs.js";
import { NO_NEW_ACCESS } from "../../checks/messages.js";
import type { CheckNoNewAccessInput, CheckOptions, CheckResponse } from "../../checks/types.js";
import { DOC_HELP, POLICY_TYPE, verdictExit, verdictOutcome } from "./shared.js";

export const checkNoNewAccessDef = defineCheck({
  command: "check-no-new-access",
  fn: "checkNoNewAccess",
  operation: { name: "CheckNoNewAccess", path: "/policy/check-no-new-access" },
  kind: "check",
  members: [
    {
      name: "existingPolicyDocument",
      type: "string",
      cli: { flag: "existing-policy-document", arg: "DOC", read: "doc", help: "the reference policy" },
    },
    {
      name: "newPolicyDocument",
      type: "string",
      cli: { flag: "new-policy-document", arg: "DOC", read: "doc", help: "the updated policy under check" },
    },
    POLICY_TYPE,
  ],
  partition: true,
  help: {
    summary: "does the new policy allow any request the existing one does not?",
    synopsis: ["--existing-policy-document DOC --new-policy-document DOC", "--policy-type IDENTITY_POLICY|RESOURCE_POLICY [options]"],
    description: `Checks whether the new policy allows any request that the existing (reference) policy does not.
PASS proves it allows nothing new; FAIL names the new policy's statements that grant new access
and shows one request the new policy allows and the existing policy does not.`,
    notes: [DOC_HELP],
  },
  report: {
    ruleName: "CheckNoNewAccess",
    question: "Does the new policy allow any request that the existing (reference) policy does not?",
    underCheck: "newPolicyDocument",
    counterexampleHeading: "Counterexample (allowed by the new policy, not by the existing one):",
  },
  validate: (input) => void checkPolicyType(input?.policyType),
  run: async (input: CheckNoNewAccessInput, options: CheckOptions | undefined, runtime): Promise<CheckResponse> =>
    (await import("../../checks/api.js")).checkNoNewAccess(input, options, runtime),
  words: () => NO_NEW_ACCESS,
  outcome: verdictOutcome,
  exit: verdictExit,
});
