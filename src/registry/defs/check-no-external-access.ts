// check-no-external-access (keyaki's; AWS has no such custom check): does the resource policy
// grant access to anyone outside the zone of trust? Not an AWS operation, so no server route.
// The body is checks/outside.ts checkNoExternalAccess.

import { defineCheck } from "../check-definition.js";
import { NO_EXTERNAL_ACCESS } from "../../checks/messages.js";
import type { CheckNoExternalAccessInput, CheckOptions, CheckResponse } from "../../checks/types.js";
import {
  DOC_HELP,
  RESOURCE_TYPE_HELP,
  validateZoneRequest,
  verdictExit,
  verdictOutcome,
  ZONE_HELP,
  ZONE_MEMBERS,
  ZONE_SYNOPSIS,
} from "./shared.js";

export const checkNoExternalAccessDef = defineCheck({
  command: "check-no-external-access",
  fn: "checkNoExternalAccess",
  kind: "check",
  members: ZONE_MEMBERS,
  partition: true,
  help: {
    summary: "does it grant access to anyone outside the trusted accounts and organizations?",
    synopsis: ZONE_SYNOPSIS,
    description: `Checks whether the resource policy grants access to any principal outside the zone of trust. FAIL
names the statements and shows one request from an outside principal that the policy allows.`,
    notes: [ZONE_HELP, RESOURCE_TYPE_HELP, DOC_HELP],
  },
  report: {
    ruleName: "CheckNoExternalAccess",
    question: "Does the resource policy allow any principal outside the trusted accounts and organizations?",
    counterexampleHeading: "Counterexample (allowed by the policy, from a principal outside the zone of trust):",
  },
  validate: validateZoneRequest,
  run: async (input: CheckNoExternalAccessInput, options: CheckOptions | undefined, runtime): Promise<CheckResponse> =>
    (await import("../../checks/outside.js")).checkNoExternalAccess(input, options, runtime),
  words: () => NO_EXTERNAL_ACCESS,
  outcome: verdictOutcome,
  exit: verdictExit,
});
