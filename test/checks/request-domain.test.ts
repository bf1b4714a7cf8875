// End-to-end: checks reason only about requests AWS could send (issue 10 §3; docs/semantics.md
// "The request domain"). Each table row of the issue answers as stated, and every counterexample
// is a real request of the check's partition.

import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import {
  checkAccessNotGranted,
  checkNoExternalAccess,
  checkNoNewAccess,
  checkNoPublicAccess,
  close,
  KeyakiError,
} from "../../src/index.js";

afterAll(() => close());

type Statement = Record<string, unknown>;
const doc = (...Statement: Statement[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const nna = (
  existing: string,
  updated: string,
  policyType: "IDENTITY_POLICY" | "RESOURCE_POLICY" = "IDENTITY_POLICY",
  partition?: string,
) => checkNoNewAccess({ existingPolicyDocument: existing, newPolicyDocument: updated, policyType }, partition ? { partition } : undefined);

describe("the issue's table (§3)", () => {
  it("`arn:AWS:s3:::b/*` against `arn:aws:s3:::b/*`: PASS, no real ARN has that case", async () => {
    const allow = (Resource: string) => doc({ Effect: "Allow", Action: "s3:GetObject", Resource });
    expect((await nna(allow("arn:aws:s3:::b/*"), allow("arn:AWS:s3:::b/*"))).result).toBe("PASS");
    expect((await nna(allow("arn:aws:s3:::b/*"), allow("ARN:aws:s3:::b/*"))).result).toBe("PASS");
    // The other way is a real difference, with a real ARN.
    const r = await nna(allow("arn:AWS:s3:::b/*"), allow("arn:aws:s3:::b/*"));
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.resource).toMatch(/^arn:aws:s3:::b\//);
  });
  it("`ARN:` in ArnEquals: PASS, no ARN-valued key holds it", async () => {
    const allow = (v: string) =>
      doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { ArnEquals: { "aws:SourceArn": v } } });
    expect((await nna(allow("arn:aws:sns:us-east-1:111122223333:t"), allow("ARN:aws:sns:us-east-1:111122223333:t"))).result).toBe("PASS");
    expect((await nna(allow("arn:aws:sns:us-east-1:111122223333:t"), allow("arn:AWS:sns:us-east-1:111122223333:t"))).result).toBe("PASS");
    const r = await nna(allow("arn:aws:sns:us-east-1:111122223333:t"), allow("arn:aws:sns:*:111122223333:t"));
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.context["aws:SourceArn"]).toMatch(/^arn:aws:sns:[^:]*:111122223333:t$/);
  });
  it("StringEqualsIgnoreCase aws:PrincipalServiceName against StringEquals: PASS, service principals are lower case", async () => {
    const allow = (op: string) =>
      doc({
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: "*",
        Condition: { [op]: { "aws:PrincipalServiceName": "s3.amazonaws.com" } },
      });
    expect((await nna(allow("StringEquals"), allow("StringEqualsIgnoreCase"))).result).toBe("PASS");
    // In a resource policy the key follows from the principal.
    const resource = (op: string) =>
      doc({
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: "*",
        Condition: { [op]: { "aws:PrincipalServiceName": "s3.amazonaws.com" } },
      });
    expect((await nna(resource("StringEquals"), resource("StringEqualsIgnoreCase"), "RESOURCE_POLICY")).result).toBe("PASS");
    // A service principal written in upper case names nobody.
    const principal = (Service: string) => doc({ Effect: "Allow", Principal: { Service }, Action: "s3:GetObject", Resource: "*" });
    expect(
      (await nna(doc({ Effect: "Deny", Principal: "*", Action: "*", Resource: "*" }), principal("S3.amazonaws.com"), "RESOURCE_POLICY"))
        .result,
    ).toBe("PASS");
    expect(
      (await nna(doc({ Effect: "Deny", Principal: "*", Action: "*", Resource: "*" }), principal("s3.amazonaws.com"), "RESOURCE_POLICY"))
        .result,
    ).toBe("FAIL");
  });
  it("Principal `123456789012` against the account's root ARN: PASS, partition `a` does not exist", async () => {
    const grant = (AWS: string) => doc({ Effect: "Allow", Principal: { AWS }, Action: "s3:GetObject", Resource: "*" });
    expect((await nna(grant("arn:aws:iam::123456789012:root"), grant("123456789012"), "RESOURCE_POLICY")).result).toBe("PASS");
    expect((await nna(grant("123456789012"), grant("arn:aws:iam::123456789012:root"), "RESOURCE_POLICY")).result).toBe("PASS");
  });
  it("cloudformation stacks (AWS's labelled example): PASS", async () => {
    const actions = ["cloudformation:UpdateStack", "cloudformation:DeleteStack"];
    const existing = doc(
      { Effect: "Allow", Action: "*", Resource: "*" },
      { Effect: "Deny", Action: actions, Resource: "arn:aws:cloudformation:*:*:stack/MySensitiveStack/*" },
    );
    const updated = doc({ Effect: "Allow", Action: actions, Resource: "arn:aws:cloudformation:*:*:stack/NotMySensitiveStack/*" });
    const r = await nna(existing, updated);
    expect(r.result).toBe("PASS");
    expect(r.diagnostics?.map((d) => d.code) ?? []).not.toContain("RESOURCE_SEGMENT_WILDCARD");
  });
  it("sts:AssumeRole with NotResource (AWS's labelled example): PASS", async () => {
    const existing = doc(
      { Effect: "Allow", Action: "*", Resource: "*" },
      { Effect: "Deny", Action: "sts:AssumeRole", NotResource: "arn:aws:iam::*:role/AssumableRoles/*" },
    );
    const updated = doc(
      { Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" },
      { Effect: "Deny", Action: "sts:AssumeRole", NotResource: "arn:aws:iam::*:role/AssumableRoles/MyRole" },
    );
    expect((await nna(existing, updated)).result).toBe("PASS");
    // The converse grants the other roles under the path: FAIL with a real role ARN.
    const onlyAssumeRole = (s: Statement) => ({ ...s, Action: "sts:AssumeRole" });
    const r = await nna(
      doc(onlyAssumeRole({ Effect: "Allow", Resource: "*" }), {
        Effect: "Deny",
        Action: "sts:AssumeRole",
        NotResource: "arn:aws:iam::*:role/AssumableRoles/MyRole",
      }),
      doc(onlyAssumeRole({ Effect: "Allow", Resource: "*" }), {
        Effect: "Deny",
        Action: "sts:AssumeRole",
        NotResource: "arn:aws:iam::*:role/AssumableRoles/*",
      }),
    );
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.resource).toMatch(/^arn:aws:iam::[^:]{12}:role\/AssumableRoles\//);
  });
});

describe("one partition per check", () => {
  const grant = (AWS: string) => doc({ Effect: "Allow", Principal: { AWS }, Action: "s3:GetObject", Resource: "*" });
  it("a bare account id means the check's partition's account", async () => {
    expect((await nna(grant("arn:aws-cn:iam::123456789012:root"), grant("123456789012"), "RESOURCE_POLICY", "aws-cn")).result).toBe("PASS");
    // In aws-cn, an aws root ARN names nobody: the bare id is new access, in aws-cn.
    const r = await nna(grant("arn:aws:iam::123456789012:root"), grant("123456789012"), "RESOURCE_POLICY", "aws-cn");
    expect(r.result).toBe("FAIL");
    expect(JSON.stringify(r.counterexample!.principal)).toContain("arn:aws-cn:");
  });
  it("resources are ARNs of the check's partition", async () => {
    const allow = (Resource: string) => doc({ Effect: "Allow", Action: "s3:GetObject", Resource });
    expect((await nna(allow("arn:aws:s3:::b/*"), allow("arn:aws-us-gov:s3:::b/*"))).result).toBe("PASS");
    const r = await nna(allow("arn:aws:s3:::b/*"), allow("arn:aws-us-gov:s3:::b/*"), "IDENTITY_POLICY", "aws-us-gov");
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.resource).toMatch(/^arn:aws-us-gov:s3:::b\//);
    const g = await checkAccessNotGranted(
      { policyDocument: allow("arn:*:s3:::b/*"), access: [{ resources: ["arn:aws-iso:s3:::b/k"] }], policyType: "IDENTITY_POLICY" },
      { partition: "aws-iso" },
    );
    expect(g.result).toBe("FAIL");
  });
  it("an ARN of another partition is named: it matches no request of the check (OTHER_PARTITION)", async () => {
    const text = doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws-cn:s3:::b/*" });
    const r = await checkNoPublicAccess({ policyDocument: text, resourceType: "AWS::S3::Bucket" });
    expect(r.result).toBe("PASS"); // no request of aws carries that resource
    const w = r.diagnostics!.find((d) => d.code === "OTHER_PARTITION")!;
    expect([w.severity, w.path, w.offset]).toEqual(["warning", "/Statement/0/Resource", text.indexOf('"arn:aws-cn')]);
    const cn = await checkNoPublicAccess({ policyDocument: text, resourceType: "AWS::S3::Bucket" }, { partition: "aws-cn" });
    expect(cn.result).toBe("FAIL");
    expect(cn.diagnostics?.map((d) => d.code) ?? []).not.toContain("OTHER_PARTITION");
  });
  it("every partition AWS lists is accepted; anything else is an error", async () => {
    for (const partition of ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"]) {
      const r = await checkNoPublicAccess(
        { policyDocument: grant(`arn:${partition}:iam::123456789012:root`), resourceType: "AWS::S3::Bucket" },
        { partition },
      );
      expect(r.result, partition).toBe("PASS");
    }
    for (const partition of ["AWS", "a", ""]) {
      const e = await checkNoNewAccess(
        { existingPolicyDocument: grant("*"), newPolicyDocument: grant("*"), policyType: "RESOURCE_POLICY" },
        { partition },
      ).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(KeyakiError);
      expect((e as KeyakiError).code).toBe("INVALID_PARTITION");
    }
  });
  it("ARN accounts: empty, 12 characters, or AWS's own (`aws`)", async () => {
    const allow = (Resource: string) => doc({ Effect: "Allow", Action: "iam:GetPolicy", Resource });
    // An account of three digits names no resource; `aws` (AWS managed policies) is real.
    expect((await nna(doc({ Effect: "Deny", Action: "*", Resource: "*" }), allow("arn:aws:iam::123:policy/*"))).result).toBe("PASS");
    const r = await nna(allow("arn:aws:iam::*:policy/x"), allow("arn:aws:iam::aws:policy/*"));
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.resource).toMatch(/^arn:aws:iam::aws:policy\//);
  });
});

describe('one reading of "" per key (EMPTY_STRING_AS_ABSENT, §10.7)', () => {
  const allow = (Condition: Record<string, unknown>) => doc({ Effect: "Allow", Action: "s3:ListBucket", Resource: "*", Condition });
  it('Null and StringLike read a key\'s "" alike: no FAIL on a mix of readings', async () => {
    // "" as a value: both allow it; "" as absent: neither does. Only a mix tells them apart.
    const like = allow({ StringLike: { "s3:prefix": "*" } });
    const present = allow({ Null: { "s3:prefix": "false" } });
    expect((await nna(like, present)).result).toBe("PASS");
    expect((await nna(present, like)).result).toBe("PASS");
  });
  it("a FAIL that needs one reading names it", async () => {
    const r = await nna(allow({ StringLike: { "s3:prefix": "?*" } }), allow({ Null: { "s3:prefix": "false" } }));
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.context["s3:prefix"]).toBe("");
    expect(r.diagnostics!.map((d) => d.code)).toContain("EMPTY_STRING_AS_ABSENT");
  });
});

describe('one reading of "" per key, for policy variables too (EMPTY_STRING_AS_ABSENT, §10.7)', () => {
  // A variable reading a key's "" substitutes the empty text when "" is a value, and reads the
  // key as absent (its default, or no match) when "" is absent — as the key's conditions do.
  const get = (Resource: string, Condition?: Record<string, unknown>) =>
    doc({ Effect: "Allow", Action: "s3:GetObject", Resource, ...(Condition ? { Condition } : {}) });
  it("Null: a variable substitutes no tag that Null reads as missing", async () => {
    // "" as a value: Null is false; as absent: the variable matches nothing. Only a mix grants b/x.
    const r = await nna(doc(), get("arn:aws:s3:::b/${aws:PrincipalTag/team}*", { Null: { "aws:PrincipalTag/team": "true" } }));
    expect(r.result).toBe("PASS");
  });
  it("…IfExists: a variable substitutes no name that IfExists reads as missing", async () => {
    const existing = get("arn:aws:s3:::b/alice");
    const updated = get("arn:aws:s3:::b/${aws:username}", { StringEqualsIfExists: { "aws:username": "alice" } });
    expect((await nna(existing, updated)).result).toBe("PASS");
  });
  it("ForAllValues: a variable substitutes no tag that ForAllValues reads as an empty set", async () => {
    const existing = get("arn:aws:s3:::b/red");
    const updated = get("arn:aws:s3:::b/${aws:PrincipalTag/team}", { "ForAllValues:StringEquals": { "aws:PrincipalTag/team": "red" } });
    expect((await nna(existing, updated)).result).toBe("PASS");
  });
  it('a default: read for a "" that is absent, never alongside a condition reading it as a value', async () => {
    // "" as a value: b/ (Null false holds); as absent: Null false fails. b/guest needs a mix.
    const existing = get("arn:aws:s3:::b/${aws:username}");
    const updated = get("arn:aws:s3:::b/${aws:username, 'guest'}", { Null: { "aws:username": "false" } });
    expect((await nna(existing, updated)).result).toBe("PASS");
  });
  it('a FAIL that needs "" as a value names the reading', async () => {
    const r = await nna(get("arn:aws:s3:::b/?*"), get("arn:aws:s3:::b/${aws:username}"));
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.context["aws:username"]).toBe("");
    expect(r.counterexample!.resource).toBe("arn:aws:s3:::b/");
    expect(r.diagnostics!.map((d) => d.code)).toContain("EMPTY_STRING_AS_ABSENT");
  });
  it("String and Bool condition values with a variable read the key alike", async () => {
    const cond = (Condition: Record<string, unknown>) => doc({ Effect: "Allow", Action: "s3:ListBucket", Resource: "*", Condition });
    // s3:prefix = ${aws:username} with a Null on the name: "" matches "" only when both are values.
    const updated = cond({ StringEquals: { "s3:prefix": "${aws:username}" }, Null: { "aws:username": "true" } });
    expect((await nna(doc(), updated)).result).toBe("PASS");
    const withDefault = cond({ StringEquals: { "s3:prefix": "${aws:username, 'guest'}" }, Null: { "aws:username": "false" } });
    expect((await nna(cond({ StringEquals: { "s3:prefix": "${aws:username}" } }), withDefault)).result).toBe("PASS");
  });
});

describe("a value that can match nobody is named (INVALID_ARN_ACCOUNT)", () => {
  it("StringLike aws:PrincipalArn with a 3-digit account: PASS, the precise answer, with a located warning", async () => {
    const text = doc({
      Effect: "Allow",
      Principal: "*",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::b/*",
      Condition: { StringLike: { "aws:PrincipalArn": "arn:aws:iam::123:user/a*c" } },
    });
    const zone = { resourceType: "AWS::S3::Bucket", trustedAccounts: ["111122223333"] };
    const r = await checkNoExternalAccess({ policyDocument: text, ...zone });
    expect(r.result).toBe("PASS");
    const w = r.diagnostics!.find((d) => d.code === "INVALID_ARN_ACCOUNT")!;
    expect(w.severity).toBe("warning");
    expect(w.path).toBe("/Statement/0/Condition/StringLike/aws:PrincipalArn");
    expect(w.offset).toBe(text.indexOf('"arn:aws:iam::123:'));
    // With a real account the same policy grants access outside: FAIL.
    const real = await checkNoExternalAccess({ policyDocument: text.replace("::123:", "::123456789012:"), ...zone });
    expect(real.result).toBe("FAIL");
  });
});

describe("actions missing from the catalogue (open world, with a word)", () => {
  const allow = (Action: string) => doc({ Effect: "Allow", Action, Resource: "*" });
  it("`s3:G?tObject` against `s3:Get*`: FAIL, witnessed only by unlisted actions, which the warning says", async () => {
    const r = await nna(allow("s3:Get*"), allow("s3:G?tObject"));
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.action.toLowerCase()).toMatch(/^s3:g[^e]tobject$/);
    const w = r.diagnostics!.find((d) => d.code === "UNCATALOGUED_ACTIONS_ONLY")!;
    expect(w.severity).toBe("warning");
    expect(w.message).toMatch(
      /^only actions that the action catalogue \(@cloud-copilot\/iam-data \d+\.\d+\.\d+\) does not list witness this FAIL/,
    );
    expect([w.document, w.path]).toEqual(["newPolicyDocument", "/Statement/0/Action"]);
  });
  it("no warning when a listed action witnesses the FAIL, and the counterexample is one", async () => {
    const r = await nna(allow("s3:Get*"), allow("s3:*"));
    expect(r.result).toBe("FAIL");
    expect(r.diagnostics?.map((d) => d.code) ?? []).not.toContain("UNCATALOGUED_ACTIONS_ONLY");
    // A listed action outside the existing pattern (e.g. s3:PutObject), not an invented one.
    const g = await nna(allow("s3:G?tObject"), allow("s3:Get*"));
    expect(g.result).toBe("FAIL");
    expect(g.diagnostics?.map((d) => d.code) ?? []).not.toContain("UNCATALOGUED_ACTIONS_ONLY");
    expect(g.counterexample!.action.toLowerCase()).toMatch(/^s3:get/);
  });
  it("an action of a service the catalogue does not know: the warning too", async () => {
    const r = await nna(allow("s3:Get*"), allow("nosuchservice:Do*"));
    expect(r.result).toBe("FAIL");
    expect(r.diagnostics!.map((d) => d.code)).toContain("UNCATALOGUED_ACTIONS_ONLY");
  });
});

describe("non-ASCII case folding is an ambiguity (UNICODE_CASE_FOLDING)", () => {
  const allow = (op: string, v: string) =>
    doc({ Effect: "Allow", Action: "s3:ListBucket", Resource: "*", Condition: { [op]: { "s3:prefix": v } } });
  it("StringEqualsIgnoreCase `é` against StringEquals `é`: FAIL only under Unicode folding, named", async () => {
    const r = await nna(allow("StringEquals", "é"), allow("StringEqualsIgnoreCase", "é"));
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.context["s3:prefix"]).toBe("É");
    const w = r.diagnostics!.find((d) => d.code === "UNICODE_CASE_FOLDING")!;
    expect([w.document, w.path]).toEqual(["newPolicyDocument", "/Statement/0/Condition/StringEqualsIgnoreCase/s3:prefix"]);
    expect((await nna(allow("StringEqualsIgnoreCase", "é"), allow("StringEquals", "é"))).result).toBe("PASS");
  });
  it("`s` meets `ſ` under Unicode folding; one reading for every value", async () => {
    const r = await nna(allow("StringEquals", "s"), allow("StringEqualsIgnoreCase", "s"));
    expect(r.result).toBe("FAIL"); // `S`, under both readings: no warning needed
    expect(r.diagnostics?.map((d) => d.code) ?? []).not.toContain("UNICODE_CASE_FOLDING");
    const both = doc({ Effect: "Allow", Action: "s3:ListBucket", Resource: "*", Condition: { StringEquals: { "s3:prefix": ["s", "S"] } } });
    const u = await nna(both, allow("StringEqualsIgnoreCase", "s"));
    expect(u.result).toBe("FAIL");
    expect(u.counterexample!.context["s3:prefix"]).toBe("ſ");
    expect(u.diagnostics!.map((d) => d.code)).toContain("UNICODE_CASE_FOLDING");
    // The same IgnoreCase value on both sides is one reading: PASS.
    expect((await nna(allow("StringEqualsIgnoreCase", "ſé"), allow("StringEqualsIgnoreCase", "ſé"))).result).toBe("PASS");
    expect((await nna(allow("StringNotEqualsIgnoreCase", "ks"), allow("StringNotEqualsIgnoreCase", "ks"))).result).toBe("PASS");
  });
  it("`ſ` and the Kelvin sign in a policy value fold to ASCII letters under Unicode folding", async () => {
    for (const [ch, ascii] of [
      ["ſ", /^[sS]$/],
      ["\u212a", /^[kK]$/],
    ] as const) {
      const r = await nna(allow("StringEquals", ch), allow("StringEqualsIgnoreCase", ch));
      expect(r.result).toBe("FAIL");
      expect(r.counterexample!.context["s3:prefix"]).toMatch(ascii);
      expect(r.diagnostics!.map((d) => d.code)).toContain("UNICODE_CASE_FOLDING");
    }
  });
  it("a String operator on a Bool key: `falſe` is `false` only under Unicode folding", async () => {
    const on = (Condition: Record<string, unknown>) => doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition });
    const existing = on({ Bool: { "aws:SecureTransport": "true" } });
    const r = await nna(existing, on({ StringEqualsIgnoreCase: { "aws:SecureTransport": "falſe" } }));
    expect(r.result).toBe("FAIL");
    expect(String(r.counterexample!.context["aws:SecureTransport"])).toBe("false");
    expect(r.diagnostics!.map((d) => d.code)).toContain("UNICODE_CASE_FOLDING");
    // Its ASCII neighbour `fals` is nobody's text under either folding: PASS.
    expect((await nna(existing, on({ StringEqualsIgnoreCase: { "aws:SecureTransport": "fals" } }))).result).toBe("PASS");
  });
  it("an IgnoreCase value with a policy variable: no PASS that Unicode folding could break", async () => {
    // ASCII folding: the new policy allows the prefixes s and S, as the existing one does;
    // Unicode folding: also ſ. The Unicode reading of a variable's value is read as "at least the
    // ASCII matches": a FAIL under it, named, never a PASS.
    const on = (prefix: Record<string, unknown>) =>
      doc({ Effect: "Allow", Action: "s3:ListBucket", Resource: "*", Condition: { ...prefix, StringLike: { "aws:username": "s" } } });
    const existing = on({ ForAnyValue: { "s3:prefix": ["s", "S"] } }).replace('"ForAnyValue"', '"StringEquals"');
    const r = await nna(existing, on({ StringEqualsIgnoreCase: { "s3:prefix": "${aws:username}" } }));
    expect(r.result).toBe("FAIL");
    expect(r.diagnostics!.map((d) => d.code)).toContain("UNICODE_CASE_FOLDING");
    // Its case-sensitive neighbour is decided: PASS; and StringEquals within the IgnoreCase: PASS.
    expect((await nna(existing, on({ StringEquals: { "s3:prefix": "${aws:username}" } }))).result).toBe("PASS");
    const ignore = on({ StringEqualsIgnoreCase: { "s3:prefix": "${aws:username}" } });
    expect((await nna(ignore, on({ StringEquals: { "s3:prefix": "${aws:username}" } }))).result).toBe("PASS");
  });
});

describe("--partition on the command line", () => {
  const run = async (argv: string[]) => {
    let stdout = "";
    const code = await main(argv, {
      cwd: process.cwd(),
      env: {},
      stdout: (t) => void (stdout += t),
      stderr: () => undefined,
      readStdin: async () => "",
    });
    return { code, stdout };
  };
  const grant = (AWS: string) => doc({ Effect: "Allow", Principal: { AWS }, Action: "s3:GetObject", Resource: "*" });
  const args = [
    "check-no-new-access",
    "--existing-policy-document",
    grant("arn:aws:iam::123456789012:root"),
    "--new-policy-document",
    grant("123456789012"),
    "--policy-type",
    "RESOURCE_POLICY",
    "--output",
    "json",
  ];
  it("a bare account id against an aws root ARN: PASS in aws, FAIL in aws-cn", async () => {
    expect((await run(args)).code).toBe(0);
    const cn = await run([...args, "--partition", "aws-cn"]);
    expect(cn.code).toBe(2);
    expect(JSON.parse(cn.stdout).counterexample.principal.AWS).toMatch(/^arn:aws-cn:/);
  });
});
