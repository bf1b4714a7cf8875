// check-no-external-access (keyaki's; AWS has no such custom check): does the resource policy
// grant access to anyone outside the zone of trust? Not an AWS operation, so no server route.
// The body is checks/outside.ts checkNoExternalAccess.

import { defineCheck } from "../check-definition.js";
import { checkResourceType, checkZone } from "../../checks/inputs.js";
import { NO_EXTERNAL_ACCESS } from "../../checks/messages.js";
import type { CheckNoExternalAccessInput, CheckOptions, CheckResponse } from "../../checks/types.js";
import {
  DOC_HELP,
  RESOURCE_POLICY_DOCUMENT,
  RESOURCE_TYPE,
  RESOURCE_TYPE_HELP,
  TRUSTED_ACCOUNTS,
  TRUSTED_ORGANIZATIONS,
  verdictExit,
  verdictOutcome,
  ZONE_HELP,
} from "./shared.js";

export const checkNoExternalAccessDef = defineCheck({
  command: "check-no-external-access",
  fn: "checkNoExternalAccess",
  kind: "check",
  members: [RESOURCE_POLICY_DOCUMENT, RESOURCE_TYPE, TRUSTED_ACCOUNTS, TRUSTED_ORGANIZATIONS],
  partition: true,
  help: {
    summary: "does it grant access to anyone outside the trusted accounts and organizations?",
    synopsis: ["--policy-document DOC --resource-type TYPE", "--trusted-accounts ID[,ID...] [--trusted-organizations O[,O...]] [options]"],
    description: `Checks whether the resource policy grants access to any principal outside the zone of trust. FAIL
names the statements and shows one request from an outside principal that the policy allows.`,
    notes: [ZONE_HELP, RESOURCE_TYPE_HELP, DOC_HELP],
  },
  validate(input) {
    checkResourceType(input?.resourceType);
    checkZone(input ?? {});
  },
  run: async (input: CheckNoExternalAccessInput, options: CheckOptions | undefined, runtime): Promise<CheckResponse> =>
    (await import("../../checks/outside.js")).checkNoExternalAccess(input, options, runtime),
  words: () => NO_EXTERNAL_ACCESS,
  outcome: verdictOutcome,
  exit: verdictExit,
});
