// End-to-end checks with policy variables (iam-semantics §5): the queries go to Z3 (var tokens
// tie two string variables), and every counterexample is replayed through the evaluator.

import { afterAll, describe, expect, it } from "vitest";
import { checkAccessNotGranted, checkNoNewAccess, close, createKeyaki, type Keyaki } from "../../src/index.js";

/** Instances that force one engine (the default instance lets the front choose). */
const forced = { finite: createKeyaki({ engine: "finite", strict: true }), z3: createKeyaki({ engine: "z3", strict: true }) };
afterAll(() => Promise.all([close(), forced.finite.close(), forced.z3.close()]));

const doc = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allowS3 = (resource: string, condition?: object) =>
  doc([{ Effect: "Allow", Action: "s3:GetObject", Resource: resource, ...(condition ? { Condition: condition } : {}) }]);
const nna = (existing: string, updated: string, check: Keyaki["checkNoNewAccess"] = checkNoNewAccess) =>
  check({ existingPolicyDocument: existing, newPolicyDocument: updated, policyType: "IDENTITY_POLICY" }, { timeoutSeconds: 60 });

describe("check-no-new-access with policy variables", () => {
  it("§5 b/${aws:username}/* grants nothing beyond b/*: PASS", async () => {
    const r = await nna(allowS3("arn:aws:s3:::b/*"), allowS3("arn:aws:s3:::b/${aws:username}/*"));
    expect(r.result).toBe("PASS");
  });
  it("§5 b/* grants more than b/${aws:username}/*: FAIL with a consistent counterexample", async () => {
    const r = await nna(allowS3("arn:aws:s3:::b/${aws:username}/*"), allowS3("arn:aws:s3:::b/*"));
    expect(r.result).toBe("FAIL");
    const cx = r.counterexample!;
    expect(cx.resource.startsWith("arn:aws:s3:::b/")).toBe(true);
    const user = cx.context["aws:username"];
    // The replay already confirmed it; spelled out: the user's folder is not the resource's.
    if (typeof user === "string") expect(cx.resource.startsWith(`arn:aws:s3:::b/${user}/`)).toBe(false);
  });
  it("§5 a default widens access: FAIL when the old policy had none", async () => {
    const r = await nna(
      allowS3("arn:aws:s3:::b/${aws:PrincipalTag/team}/*"),
      allowS3("arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*"),
    );
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.context["aws:principaltag/team"]).toBeNull();
    expect(r.counterexample!.resource.startsWith("arn:aws:s3:::b/shared/")).toBe(true);
  });
  it("§5 StringEquals aws:ResourceAccount ${aws:PrincipalAccount}: same-account access only", async () => {
    const same = allowS3("*", { StringEquals: { "aws:ResourceAccount": "${aws:PrincipalAccount}" } });
    const fixed = allowS3("*", { StringEquals: { "aws:ResourceAccount": "111122223333", "aws:PrincipalAccount": "111122223333" } });
    expect((await nna(same, fixed)).result).toBe("PASS");
    const r = await nna(fixed, same);
    expect(r.result).toBe("FAIL");
    const ctx = r.counterexample!.context;
    expect(ctx["aws:ResourceAccount"]).toBe(ctx["aws:PrincipalAccount"]);
    expect(ctx["aws:ResourceAccount"]).not.toBe("111122223333");
  });
  it("§3.4 §5 a colon in a variable's value moves an Arn value's components: FAIL only through one", async () => {
    // arn:aws:${u}:*:1:x with u = "s:r" is arn:aws:s:r:*:1:x: any account, resource `1:x`.
    // Without a colon in u it names account 1, resource x, which arn:aws:*:*:1:x already allows.
    const fixed = allowS3("*", { ArnLike: { "aws:SourceArn": "arn:aws:*:*:1:x" } });
    const moving = allowS3("*", { ArnLike: { "aws:SourceArn": "arn:aws:${aws:username}:*:1:x" } });
    for (const check of [checkNoNewAccess, forced.finite.checkNoNewAccess, forced.z3.checkNoNewAccess]) {
      const r = await nna(fixed, moving, check);
      expect(r.result).toBe("FAIL");
      expect(String(r.counterexample!.context["aws:username"])).toContain(":");
      expect((await nna(moving, moving, check)).result).toBe("PASS");
    }
  });
  it("§5 a variable with no value in NotResource excludes nothing", async () => {
    const everything = doc([{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]);
    const notRes = doc([{ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::b/${aws:username}" }]);
    expect((await nna(everything, notRes)).result).toBe("PASS");
    const r = await nna(notRes, everything);
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.resource).toBe(`arn:aws:s3:::b/${r.counterexample!.context["aws:username"]}`);
  });
});

describe("check-access-not-granted with policy variables", () => {
  it("§5 a user's own folder does not reach another prefix", async () => {
    const p = allowS3("arn:aws:s3:::b/home/${aws:username}/*");
    const access = [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/shared/*"] }];
    const r = await checkAccessNotGranted({ policyDocument: p, access, policyType: "IDENTITY_POLICY" }, { timeoutSeconds: 60 });
    expect(r.result).toBe("PASS");
  });
});

describe("IgnoreCase operators with a variable (§3.4, §5): exact", () => {
  const prefix = (operator: string, value: string) =>
    doc([{ Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::b", Condition: { [operator]: { "s3:prefix": value } } }]);
  it("StringEquals home/${aws:username} grants nothing beyond StringEqualsIgnoreCase of the same: PASS", async () => {
    const r = await nna(prefix("StringEqualsIgnoreCase", "home/${aws:username}"), prefix("StringEquals", "home/${aws:username}"));
    expect(r.result).toBe("PASS");
  });
  it("the other way a case difference is new access: FAIL, the prefix differing from the user name only in case", async () => {
    const r = await nna(prefix("StringEquals", "home/${aws:username}"), prefix("StringEqualsIgnoreCase", "home/${aws:username}"));
    expect(r.result).toBe("FAIL");
    const cx = r.counterexample!;
    const p = cx.context["s3:prefix"] as string;
    const user = cx.context["aws:username"] as string;
    expect(p.toLowerCase()).toBe(`home/${user}`.toLowerCase());
    expect(p).not.toBe(`home/${user}`);
  });
});

describe("§5 §7.1 resource policies: variables that read principal keys hold the principal's values", () => {
  const bucket = (principal: object | string, resource: string, condition?: object) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: principal,
          Action: "s3:GetObject",
          Resource: resource,
          ...(condition ? { Condition: condition } : {}),
        },
      ],
    });
  const nnaResource = (existing: string, updated: string) =>
    checkNoNewAccess(
      { existingPolicyDocument: existing, newPolicyDocument: updated, policyType: "RESOURCE_POLICY" },
      { timeoutSeconds: 60 },
    );
  const A = "111122223333";

  it("b/${aws:PrincipalAccount}/* for one account's principals is b/<that account>/*: PASS both ways", async () => {
    const variable = bucket({ AWS: A }, "arn:aws:s3:::b/${aws:PrincipalAccount}/*");
    const fixed = bucket({ AWS: A }, `arn:aws:s3:::b/${A}/*`);
    expect((await nnaResource(fixed, variable)).result).toBe("PASS");
    expect((await nnaResource(variable, fixed)).result).toBe("PASS");
  });
  it("${aws:PrincipalArn} for one role is that role's ARN; ${aws:PrincipalType} for its sessions `AssumedRole`: PASS", async () => {
    const role = { AWS: `arn:aws:iam::${A}:role/R` };
    const variable = bucket(role, "*", { StringEquals: { "aws:SourceArn": "${aws:PrincipalArn}" } });
    expect((await nnaResource(bucket(role, "*", { StringEquals: { "aws:SourceArn": `arn:aws:iam::${A}:role/R` } }), variable)).result).toBe(
      "PASS",
    );
    const typed = bucket(role, "arn:aws:s3:::b/${aws:PrincipalType}/*");
    expect((await nnaResource(bucket(role, "arn:aws:s3:::b/AssumedRole/*"), typed)).result).toBe("PASS");
    // A user principal also reaches the user's federated sessions (an ambiguity), typed FederatedUser.
    const user = { AWS: `arn:aws:iam::${A}:user/alice` };
    const r = await nnaResource(bucket(user, "arn:aws:s3:::b/User/*"), bucket(user, "arn:aws:s3:::b/${aws:PrincipalType}/*"));
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.resource.startsWith("arn:aws:s3:::b/FederatedUser/")).toBe(true);
  });
  it("for any principal it reaches other accounts' folders: FAIL with the folder of the caller's account", async () => {
    const r = await nnaResource(bucket({ AWS: A }, `arn:aws:s3:::b/${A}/*`), bucket("*", "arn:aws:s3:::b/${aws:PrincipalAccount}/*"));
    expect(r.result).toBe("FAIL");
    const account = r.counterexample!.context["aws:principalaccount"];
    expect(r.counterexample!.resource.startsWith(`arn:aws:s3:::b/${account}/`)).toBe(true);
  });
  it("aws:ResourceAccount = ${aws:PrincipalAccount} limits access to same-account callers", async () => {
    const same = bucket("*", "*", { StringEquals: { "aws:ResourceAccount": "${aws:PrincipalAccount}" } });
    const r = await nnaResource(bucket("*", "*", { StringEquals: { "aws:ResourceAccount": A } }), same);
    expect(r.result).toBe("FAIL");
    const ctx = r.counterexample!.context;
    expect(ctx["aws:ResourceAccount"]).toBe(ctx["aws:principalaccount"]);
    // An anonymous caller's account is `anonymous` (§7.1); an IAM caller's is its ARN's.
    const p = r.counterexample!.principal;
    if (p !== "anonymous" && typeof p === "object" && "AWS" in p) expect(String(p.AWS).split(":")[4]).toBe(ctx["aws:ResourceAccount"]);
  });
  it("aws:SourceArn = ${aws:PrincipalArn}: the counterexample's source is the caller's ARN", async () => {
    const r = await nnaResource(
      bucket("*", "*", { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${A}:role/*` } }),
      bucket("*", "*", { ArnLike: { "aws:SourceArn": "${aws:PrincipalArn}" } }),
    );
    expect(r.result).toBe("FAIL");
    expect(r.counterexample!.context["aws:SourceArn"]).toBe(r.counterexample!.context["aws:PrincipalArn"]);
  });
});

describe("§5 §7.1 counterexamples through principal-key variables are found without Z3", () => {
  const pol = (s: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: s });
  const R = (extra: object) => ({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", ...extra });
  const account = { Principal: { AWS: "111122223333" } };
  const cases: [string, object[], object[]][] = [
    [
      "any account's users against one account",
      [R(account)],
      [R({ Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::${aws:PrincipalAccount}:user/*" } } })],
    ],
    [
      "an Arn value reading aws:PrincipalArn before a wildcard",
      [R({ Condition: { ArnLike: { "aws:SourceArn": "arn:aws:${aws:PrincipalArn}*:1:x" } } })],
      [R(account)],
    ],
    [
      "aws:PrincipalAccount compared with ${aws:ResourceAccount}",
      [R({ Condition: { "ForAnyValue:StringEquals": { "aws:PrincipalAccount": "${aws:ResourceAccount}" } } })],
      [R(account)],
    ],
  ];
  for (const [name, existing, updated] of cases) {
    it(`${name}: FAIL with the exact engine alone`, async () => {
      const r = await forced.finite.checkNoNewAccess(
        { existingPolicyDocument: pol(existing), newPolicyDocument: pol(updated), policyType: "RESOURCE_POLICY" },
        { timeoutSeconds: 30 },
      );
      expect(r.result).toBe("FAIL");
    });
  }
});

describe("§5 §7.1 a case of a principal-key tie leaves no other principal key untied", () => {
  it("aws:PrincipalType compared with a value reading ${aws:PrincipalAccount}: a FAIL that replays (found by the random checks)", async () => {
    const existing = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "s3:GetObject", Resource: "*" }],
    });
    const updated = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          NotPrincipal: { AWS: "111122223333" },
          Action: "s3:GetObject",
          Resource: "*",
          Condition: {
            StringEqualsIgnoreCaseIfExists: { "aws:PrincipalType": ["111122223333", "arn:aws:s3:::b/${aws:PrincipalAccount}"] },
          },
        },
      ],
    });
    for (const [a, b] of [
      [existing, updated],
      [updated, existing],
      [updated, updated],
    ]) {
      const r = await checkNoNewAccess(
        { existingPolicyDocument: a, newPolicyDocument: b, policyType: "RESOURCE_POLICY" },
        { timeoutSeconds: 30 },
      );
      expect(["PASS", "FAIL"]).toContain(r.result);
    }
  });
});
