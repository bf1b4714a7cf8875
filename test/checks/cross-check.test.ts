// The check-level cross-check, first shard (cross-check-run.ts says what it compares).

import { expect, it } from "vitest";
import { checkNoNewAccess } from "../../src/index.js";
import { noNewAccessWhole } from "./whole-question.js";
import { crossCheck, CROSS_RUNS } from "./cross-check-run.js";

crossCheck(Math.ceil(CROSS_RUNS / 2), 0, 2);

// Found by the cross-check while it was being built: `s?:Put*` and `S?:PUT*` are one action
// pattern (actions compare ignoring case), but their ACTION_SERVICE_WILDCARD constructs were two
// frees, so the whole question found a FAIL on a mix of readings that the sliced one hid.

it("one ACTION_SERVICE_WILDCARD reading for patterns that differ only in case", async () => {
  const allow = (action: string) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] });
  for (const [a, b] of [
    ["s?:Put*", "S?:PUT*"],
    ["*:GetObject", "*:GETOBJECT"],
  ]) {
    expect(await noNewAccessWhole(allow(a), allow(b), "IDENTITY_POLICY")).toBe("PASS");
    expect(
      (await checkNoNewAccess({ existingPolicyDocument: allow(a), newPolicyDocument: allow(b), policyType: "IDENTITY_POLICY" })).result,
    ).toBe("PASS");
  }
  // A different pattern still differs: FAIL.
  expect(await noNewAccessWhole(allow("s?:Put*"), allow("s?:Get*"), "IDENTITY_POLICY")).toBe("FAIL");
});
