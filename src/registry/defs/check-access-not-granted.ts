// check-access-not-granted (AWS's CheckAccessNotGranted): does the policy allow any of the
// listed access? The body is checks/api.ts checkAccessNotGranted.

import { defineCheck } from "../check-definition.js";
import { checkPolicyType, parseAccess } from "../../checks/inputs.js";
import { accessNotGrantedWords } from "../../checks/messages.js";
import type { Access, CheckAccessNotGrantedInput, CheckOptions, CheckResponse } from "../../checks/types.js";
import { DOC_HELP, POLICY_TYPE, verdictExit, verdictOutcome } from "./shared.js";

export const checkAccessNotGrantedDef = defineCheck({
  command: "check-access-not-granted",
  fn: "checkAccessNotGranted",
  operation: { name: "CheckAccessNotGranted", path: "/policy/check-access-not-granted" },
  kind: "check",
  members: [
    {
      name: "policyDocument",
      type: "string",
      cli: { flag: "policy-document", arg: "DOC", read: "doc", help: "the policy under check" },
    },
    // One entry, with actions and/or resources: validated by parseAccess, located (`/0/actions/1`).
    {
      name: "access",
      type: "list",
      cli: {
        flag: "access",
        arg: "ACCESS",
        read: "json",
        help: `a JSON list with one entry, inline, file://PATH or -, e.g.\n'[{"actions":["s3:DeleteBucket"],"resources":["arn:aws:s3:::b/*"]}]'`,
      },
    },
    POLICY_TYPE,
  ],
  partition: true,
  help: {
    summary: "does the policy allow any of the listed actions or resources?",
    synopsis: ["--policy-document DOC --access ACCESS", "--policy-type IDENTITY_POLICY|RESOURCE_POLICY [options]"],
    description: `Checks whether the policy allows any of the listed access. With only actions: any of them on any
resource; with only resources: any action on any of them; with both: any listed action on any
listed resource. PASS proves it allows none; FAIL names the statements that grant it and shows one
such request.`,
    notes: [DOC_HELP],
  },
  report: {
    ruleName: "CheckAccessNotGranted",
    question:
      "Does the policy allow any of the listed actions (on any resource), any action on the listed resources, or a listed action on a listed resource?",
    counterexampleHeading: "Counterexample (allowed by the policy, within the listed access):",
  },
  validate(input) {
    checkPolicyType(input?.policyType);
    parseAccess(input?.access);
  },
  run: async (input: CheckAccessNotGrantedInput, options: CheckOptions | undefined, runtime): Promise<CheckResponse> =>
    (await import("../../checks/api.js")).checkAccessNotGranted(input, options, runtime),
  words: (input) => accessNotGrantedWords(((input.access as unknown[])?.[0] ?? {}) as Access),
  outcome: verdictOutcome,
  exit: verdictExit,
});
