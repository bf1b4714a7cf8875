// An unexpected exception inside the parser surfaces as INTERNAL_PARSE_ERROR, never as a throw.

import { expect, it, vi } from "vitest";

vi.mock("../../src/policy/statement.js", () => ({
  parseStatement: () => {
    throw new Error("boom");
  },
}));

it("turns an exception from a stage into one located INTERNAL_PARSE_ERROR", async () => {
  const { parsePolicy } = await import("../../src/policy/parse.js");
  const r = parsePolicy(`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}`, "IDENTITY_POLICY");
  expect(r.policy).toBeUndefined();
  expect(r.diagnostics).toEqual([
    {
      severity: "error",
      code: "INTERNAL_PARSE_ERROR",
      message: "internal error while parsing the policy: `boom`",
      line: 1,
      column: 1,
      offset: 0,
      path: "",
    },
  ]);
});
