// check-no-external-access: the zone of trust (trusted accounts and organizations), the seed
// examples, service principals (docs/public-access.md, "Zone of trust"), input validation.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkNoExternalAccess, close, KeyakiError } from "../../src/index.js";
import { reasonAt } from "./reason-at.js";

afterAll(() => close());

const example = (name: string) => readFileSync(join(__dirname, "..", "..", "examples", name), "utf8");
const S3 = "AWS::S3::Bucket";
const HOME = "123456789012";
const ORG = "o-abcdefghij";

type Stmt = Record<string, unknown>;
const doc = (...statements: Stmt[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allow = (extra: Stmt = {}): Stmt => ({
  Effect: "Allow",
  Principal: "*",
  Action: "s3:GetObject",
  Resource: "arn:aws:s3:::b/*",
  ...extra,
});

async function check(policy: string, trustedAccounts = [HOME], trustedOrganizations?: string[]) {
  return checkNoExternalAccess({
    policyDocument: policy,
    resourceType: S3,
    trustedAccounts,
    ...(trustedOrganizations ? { trustedOrganizations } : {}),
  });
}

describe("check-no-external-access: seed examples (seed-examples.md)", () => {
  it("policy 1 grants access outside 123456789012, to a principal of another account", async () => {
    const r = await check(example("public-bucket.json"));
    expect(r.result).toBe("FAIL");
    expect(r.message).toBe("The resource policy grants access to principals outside the zone of trust.");
    expect(r.reasons).toEqual([reasonAt("Access from outside the zone of trust granted in the following statement with index: 0.", 0)]);
    const p = r.counterexample!.principal;
    expect(p === "anonymous" || !JSON.stringify(p).includes(HOME)).toBe(true);
  });
  it("policy 2 (Deny NotPrincipal 123456789012) grants nothing outside it", async () => {
    expect((await check(example("public-bucket-deny-outside.json"))).result).toBe("PASS");
  });
});

describe("the zone of trust", () => {
  it("principals of a trusted account are inside; of another account, outside", async () => {
    expect((await check(doc(allow({ Principal: { AWS: `arn:aws:iam::${HOME}:role/r` } })))).result).toBe("PASS");
    const r = await check(doc(allow({ Principal: { AWS: "111122223333" } })));
    expect(r.result).toBe("FAIL");
    expect(JSON.stringify(r.counterexample!.principal)).toContain("111122223333");
    expect((await check(doc(allow({ Principal: { AWS: "111122223333" } })), [HOME, "111122223333"])).result).toBe("PASS");
  });
  it("anonymous callers are outside (aws:PrincipalAccount is `anonymous`, §7.1)", async () => {
    const r = await check(doc(allow({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalAccount": "anonymous" } } })));
    expect(r.result).toBe("FAIL");
  });
  it("a principal is inside a trusted organization when its aws:PrincipalOrgID is one of them", async () => {
    const p = doc(allow({ Condition: { StringEquals: { "aws:PrincipalOrgID": ORG } } }));
    expect((await check(p)).result).toBe("FAIL");
    expect((await check(p, [HOME], [ORG])).result).toBe("PASS");
    expect((await check(p, [HOME], ["o-zzzzzzzzzz"])).result).toBe("FAIL");
  });
  it("aws:PrincipalAccount of a trusted account is inside", async () => {
    expect((await check(doc(allow({ Condition: { StringEquals: { "aws:PrincipalAccount": HOME } } })))).result).toBe("PASS");
  });
  it("a service principal is inside only when it acts for a trusted account or organization", async () => {
    const svc = (c?: Record<string, Record<string, string>>) =>
      doc(allow({ Principal: { Service: "cloudtrail.amazonaws.com" }, ...(c ? { Condition: c } : {}) }));
    expect((await check(svc())).result).toBe("FAIL");
    expect((await check(svc({ StringEquals: { "aws:SourceAccount": HOME } }))).result).toBe("PASS");
    expect((await check(svc({ ArnLike: { "aws:SourceArn": `arn:aws:cloudtrail:*:${HOME}:trail/*` } }))).result).toBe("PASS");
    expect((await check(svc({ StringEquals: { "aws:SourceAccount": "111122223333" } }))).result).toBe("FAIL");
    expect((await check(svc({ StringEquals: { "aws:SourceOrgID": ORG } }), [HOME], [ORG])).result).toBe("PASS");
  });
  it("federated principals are outside", async () => {
    const r = await check(doc(allow({ Principal: { Federated: `arn:aws:iam::${HOME}:saml-provider/idp` } })));
    expect(r.result).toBe("FAIL");
  });
});

describe("input validation", () => {
  const p = doc(allow());
  it("rejects a malformed account id, locating it by its index", async () => {
    const e = await check(p, [HOME, "12345"]).catch((x) => x);
    expect(e).toBeInstanceOf(KeyakiError);
    expect(e.code).toBe("INVALID_ACCOUNT_ID");
    expect(e.diagnostics[0]).toMatchObject({ path: "/1", document: "trustedAccounts" });
  });
  it("rejects a malformed organization id", async () => {
    const e = await check(p, [HOME], ["o-short"]).catch((x) => x);
    expect(e.code).toBe("INVALID_ORGANIZATION_ID");
    expect(e.diagnostics[0]).toMatchObject({ path: "/0", document: "trustedOrganizations" });
  });
  it("needs at least one trusted account", async () => {
    await expect(check(p, [])).rejects.toThrow(/at least one/);
  });
  it("rejects an unknown resource type", async () => {
    const e = await checkNoExternalAccess({ policyDocument: p, resourceType: "S3", trustedAccounts: [HOME] }).catch((x) => x);
    expect(e.code).toBe("INVALID_RESOURCE_TYPE");
  });
});
