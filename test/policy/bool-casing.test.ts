import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/policy/parse.js";

const withBool = (value: unknown) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { Bool: { "aws:SecureTransport": value } } }],
  });

describe("Bool values (iam-semantics §10.11: unusual forms are rejected, not guessed)", () => {
  it("accepts `true`, `false` and JSON booleans", () => {
    for (const v of ["true", "false", true, false]) expect(parsePolicy(withBool(v), "IDENTITY_POLICY").policy).toBeDefined();
  });
  it("rejects other casings with a located error", () => {
    const { policy, diagnostics } = parsePolicy(withBool("True"), "IDENTITY_POLICY");
    expect(policy).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({ code: "INVALID_BOOLEAN_VALUE", path: "/Statement/0/Condition/Bool/aws:SecureTransport" });
  });
});
