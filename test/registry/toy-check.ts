// A check added the way docs/architecture.md ("Adding a check") says: this one module, plus one
// line in the registry's CHECKS (registry.test.ts adds it there with vi.mock). check-grants-nothing
// asks whether the policy allows any request at all; its body reuses check-access-not-granted with
// every action.

import { defineCheck } from "../../src/registry/check-definition.js";
import { POLICY_TYPE, verdictExit, verdictOutcome } from "../../src/registry/defs/shared.js";
import { checkPolicyType } from "../../src/checks/inputs.js";
import type { CheckOptions, CheckResponse, PolicyType } from "../../src/checks/types.js";

export interface CheckGrantsNothingInput {
  policyDocument: string;
  policyType: PolicyType;
}

const WORDS = {
  pass: "The policy document grants no access.",
  fail: "The policy document grants access.",
  unknown: "keyaki could not decide whether the policy document grants access.",
  reasonLead: "Access granted by",
};

export const checkGrantsNothingDef = defineCheck({
  command: "check-grants-nothing",
  fn: "checkGrantsNothing",
  operation: { name: "CheckGrantsNothing", path: "/policy/check-grants-nothing" },
  kind: "check",
  members: [
    { name: "policyDocument", type: "string", cli: { flag: "policy-document", arg: "DOC", read: "doc", help: "the policy under check" } },
    POLICY_TYPE,
  ],
  partition: true,
  help: {
    summary: "does the policy allow any request at all?",
    synopsis: ["--policy-document DOC --policy-type IDENTITY_POLICY|RESOURCE_POLICY [options]"],
    description: "Checks whether the policy allows any request. PASS proves it allows none.",
    notes: [],
  },
  report: {
    ruleName: "CheckGrantsNothing",
    question: "Does the policy allow any request at all?",
    counterexampleHeading: "Counterexample (allowed by the policy):",
  },
  validate: (input) => void checkPolicyType(input?.policyType),
  run: async (input: CheckGrantsNothingInput, options: CheckOptions | undefined, runtime): Promise<CheckResponse> => {
    const { checkAccessNotGranted } = await import("../../src/checks/api.js");
    const r = await checkAccessNotGranted({ ...input, access: [{ actions: ["*"] }] }, options, runtime);
    return { ...r, message: r.result === "PASS" ? WORDS.pass : r.result === "FAIL" ? WORDS.fail : WORDS.unknown };
  },
  words: () => WORDS,
  outcome: verdictOutcome,
  exit: verdictExit,
});
