// End to end: checks over set operators and multi-valued keys (iam-semantics §4.1, §4.2, §3.6),
// with counterexamples replayed through the evaluator and the catalogue's warnings.

import { afterAll, describe, expect, it } from "vitest";
import { checkAccessNotGranted, checkNoNewAccess, close } from "../../src/index.js";

afterAll(() => close());

const identity = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allowTags = (values: string[], op = "ForAllValues:StringEquals") =>
  identity({ Effect: "Allow", Action: "ec2:CreateTags", Resource: "*", Condition: { [op]: { "aws:TagKeys": values } } });
const noNew = (existing: string, updated: string) =>
  checkNoNewAccess({ existingPolicyDocument: existing, newPolicyDocument: updated, policyType: "IDENTITY_POLICY" });

describe("check-no-new-access with set operators", () => {
  it("§4.1 ForAllValues [a, b] grants more than [a]: the counterexample's aws:TagKeys holds b", async () => {
    const r = await noNew(allowTags(["a"]), allowTags(["a", "b"]));
    expect(r.result).toBe("FAIL");
    const tags = r.counterexample!.context["aws:TagKeys"];
    expect(Array.isArray(tags)).toBe(true);
    expect(tags).toContain("b");
    expect((tags as string[]).every((t) => t === "a" || t === "b")).toBe(true);
  });
  it("§4.1 ForAllValues [a] grants nothing [a, b] does not", async () => {
    expect((await noNew(allowTags(["a", "b"]), allowTags(["a"]))).result).toBe("PASS");
  });
  it("§4.1 ForAnyValue [a] grants more than ForAllValues [a]: some request also carries another tag key", async () => {
    const r = await noNew(allowTags(["a"]), allowTags(["a"], "ForAnyValue:StringEquals"));
    expect(r.result).toBe("FAIL");
    const tags = r.counterexample!.context["aws:TagKeys"] as string[];
    expect(tags).toContain("a");
    expect(tags.some((t) => t !== "a")).toBe(true);
  });
  it("§4.2 a Deny with ForAnyValue does not cover requests without the key", async () => {
    const guarded = identity(
      { Effect: "Allow", Action: "ec2:CreateTags", Resource: "*" },
      { Effect: "Deny", Action: "ec2:CreateTags", Resource: "*", Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": ["secret"] } } },
    );
    const r = await noNew(
      identity({ Effect: "Allow", Action: "ec2:CreateTags", Resource: "*", Condition: { Null: { "aws:TagKeys": "false" } } }),
      guarded,
    );
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.context["aws:TagKeys"]).toBeNull();
  });
  it("§4.2 the Null guard closes the ForAllValues hole of a missing key", async () => {
    const open = allowTags(["a"]);
    const guarded = identity({
      Effect: "Allow",
      Action: "ec2:CreateTags",
      Resource: "*",
      Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["a"] }, Null: { "aws:TagKeys": "false" } },
    });
    expect((await noNew(open, guarded)).result).toBe("PASS");
    const r = await noNew(guarded, open);
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.context["aws:TagKeys"]).toBeNull();
  });
});

describe("check-access-not-granted and the catalogue's warnings", () => {
  it("§4.2 the classic exploit grants anonymous callers, with a FORALLVALUES_WITH_SINGLE_VALUED_KEY warning", async () => {
    const doc = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::b/*",
          Condition: { "ForAllValues:StringLike": { "aws:PrincipalArn": "arn:aws:iam::111122223333:user/admin" } },
        },
      ],
    });
    const r = await checkAccessNotGranted({ policyDocument: doc, access: [{ actions: ["s3:GetObject"] }], policyType: "RESOURCE_POLICY" });
    expect(r.result).toBe("FAIL");
    const w = r.diagnostics?.find((d) => d.code === "FORALLVALUES_WITH_SINGLE_VALUED_KEY");
    expect(w?.path).toBe("/Statement/0/Condition/ForAllValues:StringLike/aws:PrincipalArn");
    expect(w?.document).toBe("policyDocument");
  });
  it("§3.6 a plain operator on a multi-valued key is a FAIL only under one reading, with the ambiguity named", async () => {
    const plain = identity({
      Effect: "Allow",
      Action: "ec2:CreateTags",
      Resource: "*",
      Condition: { StringEquals: { "aws:TagKeys": "a" } },
    });
    const r = await noNew(allowTags(["a"], "ForAnyValue:StringEquals"), plain);
    // Narrow: false (nothing new); wide: some value is a — exactly ForAnyValue. Either way PASS.
    expect(r.result).toBe("PASS");
    expect(r.diagnostics?.map((d) => d.code)).toContain("MULTIVALUED_KEY_WITHOUT_SET_OPERATOR");
    const back = await noNew(plain, allowTags(["a"], "ForAnyValue:StringEquals"));
    expect(back.result).toBe("FAIL");
    expect(back.diagnostics?.map((d) => d.code)).toContain("PLAIN_OPERATOR_ON_MULTIVALUED_KEY");
  });
  it("§7 unknown global keys and type mismatches are warned about", async () => {
    const doc = identity({
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "*",
      Condition: { StringEquals: { "aws:NoSuchKey": "x", "aws:SourceIp": "10.0.0.1" } },
    });
    const r = await checkAccessNotGranted({ policyDocument: doc, access: [{ actions: ["s3:PutObject"] }], policyType: "IDENTITY_POLICY" });
    expect(r.result).toBe("PASS");
    expect(r.diagnostics?.map((d) => d.code)).toEqual(["INVALID_GLOBAL_CONDITION_KEY", "TYPE_MISMATCH"]);
  });
});

describe("§10.7 an empty string read as a value or as absent", () => {
  const doc = (c: object) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: "*", Condition: c }] });
  const nna = (a: string, b: string) =>
    checkNoNewAccess({ existingPolicyDocument: a, newPolicyDocument: b, policyType: "IDENTITY_POLICY" });
  it('a tag whose value is "" matches StringLike `*` if AWS reads it as a value, but not `?*`: FAIL, named', async () => {
    const r = await nna(doc({ StringLike: { "aws:RequestTag/team": "?*" } }), doc({ StringLike: { "aws:RequestTag/team": "*" } }));
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.context["aws:RequestTag/team"]).toBe("");
    expect(r.diagnostics!.map((d) => d.code)).toContain("EMPTY_STRING_AS_ABSENT");
  });
  it('Null and ForAllValues read one key\'s "" alike: with Null present, ForAllValues [a] adds nothing', async () => {
    // Only a mix of readings (Null: a value; ForAllValues: absent) would let "" through.
    const r = await nna(
      doc({ StringEquals: { "aws:RequestTag/team": "a" } }),
      doc({ Null: { "aws:RequestTag/team": "false" }, "ForAllValues:StringEquals": { "aws:RequestTag/team": "a" } }),
    );
    expect(r.result).toBe("PASS");
  });
  it('one kind of operator on one key reads "" one way: ForAllValues [a] still grants nothing [a, b] does not', async () => {
    const tags = (v: string[]) => doc({ "ForAllValues:StringEquals": { "aws:TagKeys": v } });
    expect((await nna(tags(["a", "b"]), tags(["a"]))).result).toBe("PASS");
  });
});
