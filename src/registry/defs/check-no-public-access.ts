// check-no-public-access (AWS's CheckNoPublicAccess): does the resource policy grant public
// access? The body is checks/outside.ts checkNoPublicAccess.

import { defineCheck } from "../check-definition.js";
import { checkResourceType } from "../../checks/inputs.js";
import { NO_PUBLIC_ACCESS } from "../../checks/messages.js";
import type { CheckNoPublicAccessInput, CheckOptions, CheckResponse } from "../../checks/types.js";
import { DOC_HELP, RESOURCE_POLICY_DOCUMENT, RESOURCE_TYPE, RESOURCE_TYPE_HELP, verdictExit, verdictOutcome } from "./shared.js";

export const checkNoPublicAccessDef = defineCheck({
  command: "check-no-public-access",
  fn: "checkNoPublicAccess",
  operation: { name: "CheckNoPublicAccess", path: "/policy/check-no-public-access" },
  kind: "check",
  members: [RESOURCE_POLICY_DOCUMENT, RESOURCE_TYPE],
  partition: true,
  help: {
    summary: "does the resource policy grant public access?",
    synopsis: ["--policy-document DOC --resource-type TYPE [options]"],
    description: `Checks whether the resource policy grants public access: whether some request from an arbitrary
outsider (anonymous, or a principal of an account no policy value names), under no restricting
condition (every restricting key such as aws:SourceVpc or aws:PrincipalOrgID holding a value the
policy does not fix), is allowed. FAIL names the statements and shows one such request.`,
    notes: [RESOURCE_TYPE_HELP, DOC_HELP],
  },
  report: {
    ruleName: "CheckNoPublicAccess",
    question:
      "Does the resource policy allow some request from an arbitrary outsider while every restricting condition key holds a value the policy does not fix?",
    counterexampleHeading: "Counterexample (allowed by the policy, from an outsider under no restricting condition):",
  },
  validate: (input) => void checkResourceType(input?.resourceType),
  run: async (input: CheckNoPublicAccessInput, options: CheckOptions | undefined, runtime): Promise<CheckResponse> =>
    (await import("../../checks/outside.js")).checkNoPublicAccess(input, options, runtime),
  words: () => NO_PUBLIC_ACCESS,
  outcome: verdictOutcome,
  exit: verdictExit,
});
