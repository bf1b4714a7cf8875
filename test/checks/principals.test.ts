// End-to-end principal checks (iam-semantics §1.6, §2.3, §6.7, §7.1): a Principal element and
// the principal condition keys describe the same callers, so the checks prove them equivalent;
// counterexamples print readable principals.

import { afterAll, describe, expect, it } from "vitest";
import { checkAccessNotGranted, checkNoNewAccess, close } from "../../src/index.js";

afterAll(() => close());

const A = "111122223333";
const BUCKET = "arn:aws:s3:::example-bucket/*";
const doc = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allow = (principal: unknown, extra: object = {}) => ({
  Effect: "Allow",
  Principal: principal,
  Action: "s3:GetObject",
  Resource: BUCKET,
  ...extra,
});
const type = "RESOURCE_POLICY" as const;

async function noNew(existing: string, updated: string) {
  return checkNoNewAccess({ existingPolicyDocument: existing, newPolicyDocument: updated, policyType: type });
}

describe("principal element ≡ principal condition keys", () => {
  it("§1.6 §7.1 a role principal ≡ `*` + aws:PrincipalArn of the role: PASS both ways", async () => {
    const role = `arn:aws:iam::${A}:role/R`;
    const a = doc(allow({ AWS: role }));
    const b = doc(allow("*", { Condition: { StringEquals: { "aws:PrincipalArn": role } } }));
    expect((await noNew(a, b)).result).toBe("PASS");
    expect((await noNew(b, a)).result).toBe("PASS");
  });
  it("§1.6 §7.1 a role with a path ≡ `*` + ArnLike aws:PrincipalArn of that ARN: PASS both ways", async () => {
    const role = `arn:aws:iam::${A}:role/team/R`;
    const a = doc(allow({ AWS: role }));
    const b = doc(allow("*", { Condition: { ArnLike: { "aws:PrincipalArn": role } } }));
    expect((await noNew(a, b)).result).toBe("PASS");
    expect((await noNew(b, a)).result).toBe("PASS");
  });
  it("§1.6 §7.1 an account principal ≡ `*` + aws:PrincipalAccount: PASS both ways", async () => {
    const a = doc(allow({ AWS: A }));
    const b = doc(allow("*", { Condition: { StringEquals: { "aws:PrincipalAccount": A } } }));
    expect((await noNew(a, b)).result).toBe("PASS");
    expect((await noNew(b, a)).result).toBe("PASS");
  });
  it("§7.1 a service principal ≡ `*` + aws:PrincipalServiceName: PASS both ways", async () => {
    const a = doc(allow({ Service: "cloudtrail.amazonaws.com" }));
    const b = doc(allow("*", { Condition: { StringEquals: { "aws:PrincipalServiceName": "cloudtrail.amazonaws.com" } } }));
    expect((await noNew(a, b)).result).toBe("PASS");
    expect((await noNew(b, a)).result).toBe("PASS");
  });
  it("§5 aws:PrincipalType AssumedRole ≡ every role session: narrower than the account, and the counterexample is a user", async () => {
    const a = doc(allow({ AWS: A }, { Condition: { StringEquals: { "aws:PrincipalType": "AssumedRole" } } }));
    const b = doc(allow({ AWS: A }));
    expect((await noNew(b, a)).result).toBe("PASS");
    const r = await noNew(a, b);
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.principal).not.toEqual({ AWS: expect.stringContaining("assumed-role") });
    expect(r.counterexample!.context["aws:PrincipalType"]).not.toBe("AssumedRole");
  });
  it("§7.1 a role session counterexample reads as a session ARN and carries its role as aws:PrincipalArn", async () => {
    const role = `arn:aws:iam::${A}:role/team/R`;
    const r = await checkAccessNotGranted({
      policyDocument: doc(allow({ AWS: role })),
      access: [{ actions: ["s3:GetObject"] }],
      policyType: type,
    });
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.principal).toEqual({ AWS: `arn:aws:sts::${A}:assumed-role/R/session` });
    expect(r.counterexample!.context).toEqual({ "aws:PrincipalArn": role });
  });
  it("§7.1 the printed principal keys agree with the principal", async () => {
    const a = doc(
      allow("*", {
        Condition: { StringEquals: { "aws:PrincipalAccount": A }, ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${A}:user/*` } },
      }),
    );
    const r = await checkAccessNotGranted({ policyDocument: a, access: [{ actions: ["s3:GetObject"] }], policyType: type });
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.principal).toEqual({ AWS: `arn:aws:iam::${A}:user/alice` });
    expect(r.counterexample!.context).toEqual({ "aws:PrincipalAccount": A, "aws:PrincipalArn": `arn:aws:iam::${A}:user/alice` });
  });
  it("§2.3 §6.2 a user principal reaches the user's federated sessions, which aws:PrincipalArn does not: FAIL with USER_PRINCIPAL_FEDERATED_SESSIONS", async () => {
    const user = `arn:aws:iam::${A}:user/alice`;
    const a = doc(allow("*", { Condition: { ArnEquals: { "aws:PrincipalArn": user } } }));
    const b = doc(allow({ AWS: user }));
    expect((await noNew(b, a)).result).toBe("PASS");
    const r = await noNew(a, b);
    expect(r.result).toBe("FAIL");
    expect(r.diagnostics?.map((d) => d.code)).toContain("USER_PRINCIPAL_FEDERATED_SESSIONS");
    expect(r.counterexample!.principal).toEqual({ AWS: expect.stringMatching(new RegExp(`^arn:aws:sts::${A}:federated-user/`)) });
  });
});

describe("§6.7 seed example 2: Deny with NotPrincipal an account", () => {
  const seed2 = doc(
    { Effect: "Allow", Principal: "*", Action: ["s3:PutObject"], Resource: "arn:aws:s3:::DOC-EXAMPLE-BUCKET" },
    { Effect: "Deny", NotPrincipal: { AWS: "123456789012" }, Action: "*", Resource: "*" },
  );
  const account = doc({
    Effect: "Allow",
    Principal: { AWS: "123456789012" },
    Action: ["s3:PutObject"],
    Resource: "arn:aws:s3:::DOC-EXAMPLE-BUCKET",
  });
  it("grants nothing outside the account: replacing it by the account grant adds nothing (PASS)", async () => {
    expect((await noNew(account, seed2)).result).toBe("PASS");
  });
  it("the account grant adds access to the account's users only if AWS checks NotPrincipal layer by layer: FAIL with NOT_PRINCIPAL_LAYERS", async () => {
    const r = await noNew(seed2, account);
    expect(r.result).toBe("FAIL");
    expect(r.diagnostics?.map((d) => d.code)).toContain("NOT_PRINCIPAL_LAYERS");
    const p = r.counterexample!.principal as { AWS: string };
    expect(p.AWS).toMatch(/::123456789012:/);
    expect(p.AWS).not.toMatch(/:root$/);
  });
});
