// findings (keyaki's; Access Analyzer's findings, offline): who outside the zone of trust can
// access the resource? Not an AWS operation, so no server route. The body is checks/findings.ts.

import { defineCheck } from "../check-definition.js";
import type { CheckOptions, FindingsInput, FindingsResponse } from "../../checks/types.js";
import { DOC_HELP, RESOURCE_TYPE_HELP, validateZoneRequest, ZONE_HELP, ZONE_MEMBERS, ZONE_SYNOPSIS } from "./shared.js";

export const findingsDef = defineCheck({
  command: "findings",
  fn: "findings",
  kind: "findings",
  members: ZONE_MEMBERS,
  partition: true,
  help: {
    summary: "who outside the trusted accounts and organizations can access the resource?",
    synopsis: ZONE_SYNOPSIS,
    description: `Lists who outside the zone of trust can access the resource, as Access Analyzer's findings
(principal, action, resource, condition, isPublic). The list is proved complete: every allowed
request from outside is covered by some finding.`,
    notes: [ZONE_HELP, RESOURCE_TYPE_HELP, DOC_HELP],
    exitCodes: "Exit codes: 0 no findings, 2 findings, 3 completeness unproved (a timeout), 1 error.",
  },
  report: {
    ruleName: "Findings",
    question: "Who outside the trusted accounts and organizations can access the resource (a complete list of findings)?",
  },
  validate: validateZoneRequest,
  run: async (input: FindingsInput, options: CheckOptions | undefined, runtime): Promise<FindingsResponse> =>
    (await import("../../checks/findings.js")).findings(input, options, runtime.solver),
  outcome: (r) => `findings=${r.findings.length}`,
  exit: (r) => (r.unknownReason !== undefined ? 3 : r.findings.length > 0 ? 2 : 0),
});
