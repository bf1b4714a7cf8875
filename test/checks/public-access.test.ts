// check-no-public-access: one golden case per rule of "public", each naming its source
// (src/checks/public-rules.ts, docs/public-access.md), and the seed examples.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkNoPublicAccess, close, KeyakiError } from "../../src/index.js";
import { RESOURCE_TYPES } from "../../src/checks/public-rules.js";
import { evaluatePolicy } from "../../src/eval/evaluate.js";
import { keyTypesOf } from "../../src/encode/key-types.js";
import { parsePolicy } from "../../src/policy/parse.js";
import type { Request } from "../../src/iam/request.js";
import { reasonAt } from "./reason-at.js";

afterAll(() => close());

const example = (name: string) => readFileSync(join(__dirname, "..", "..", "examples", name), "utf8");
const S3 = "AWS::S3::Bucket";

type Stmt = Record<string, unknown>;
const doc = (...statements: Stmt[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allow = (extra: Stmt = {}): Stmt => ({
  Effect: "Allow",
  Principal: "*",
  Action: "s3:GetObject",
  Resource: "arn:aws:s3:::b/*",
  ...extra,
});
const when = (condition: Record<string, Record<string, unknown>>, extra: Stmt = {}) => allow({ Condition: condition, ...extra });

async function verdict(policy: string, resourceType = S3): Promise<string> {
  const r = await checkNoPublicAccess({ policyDocument: policy, resourceType });
  if (r.result === "FAIL") {
    // Every counterexample is allowed by the policy (the runner replays it; this re-checks).
    const p = parsePolicy(policy, "RESOURCE_POLICY").policy!;
    expect(evaluatePolicy(p, r.counterexample as Request, { keyTypes: keyTypesOf([p]) }).allowed).not.toBe(false);
  }
  return r.result;
}

describe("check-no-public-access: seed examples (seed-examples.md)", () => {
  it("policy 1 (Principal * may s3:PutObject) is public, with AWS's wording", async () => {
    const r = await checkNoPublicAccess({ policyDocument: example("public-bucket.json"), resourceType: S3 });
    expect(r.result).toBe("FAIL");
    expect(r.message).toBe("The resource policy grants public access for the given resource type.");
    expect(r.reasons).toEqual([reasonAt("Public access granted in the following statement with index: 0.", 0)]);
    expect(r.counterexample?.action).toBe("s3:PutObject");
  });

  it("policy 2 (plus Deny NotPrincipal 123456789012) is not public", async () => {
    const r = await checkNoPublicAccess({ policyDocument: example("public-bucket-deny-outside.json"), resourceType: S3 });
    expect(r.result).toBe("PASS");
    expect(r.message).toBe("The resource policy does not grant public access for the given resource type.");
  });

  it("a statement with a Sid is named by it (AWS's sid variant)", async () => {
    const r = await checkNoPublicAccess({ policyDocument: doc(allow({ Sid: "writestatement" })), resourceType: S3 });
    expect(r.reasons).toEqual([
      reasonAt("Public access granted in the following statement with sid: writestatement.", 0, "policyDocument", "writestatement"),
    ]);
  });
});

// S3 User Guide, "The meaning of 'public'" (access-analyzer-api.md §2.3).
describe("rules of S3's definition of public (§2.3)", () => {
  it("Principal * with no condition is public (§2.3 example)", async () => {
    expect(await verdict(doc(allow()))).toBe("FAIL");
  });
  it("a fixed AWS principal (account, user, role) is not public", async () => {
    for (const p of [
      "123456789012",
      "arn:aws:iam::123456789012:root",
      "arn:aws:iam::123456789012:role/r",
      "arn:aws:iam::123456789012:user/u",
    ])
      expect(await verdict(doc(allow({ Principal: { AWS: p } }))), p).toBe("PASS");
  });
  it('{"AWS": "*"} is public', async () => {
    expect(await verdict(doc(allow({ Principal: { AWS: "*" } })))).toBe("FAIL");
  });
  it("a fixed service principal is not public", async () => {
    expect(await verdict(doc(allow({ Principal: { Service: "cloudtrail.amazonaws.com" } })))).toBe("PASS");
  });
  it("Principal {Federated: graph.facebook.com} is public (§2.3 example)", async () => {
    expect(await verdict(doc(allow({ Principal: { Federated: "graph.facebook.com" } })))).toBe("FAIL");
  });
  it("aws:SourceVpc: a fixed value restricts, StringLike vpc-* does not (§2.3 examples)", async () => {
    expect(await verdict(doc(when({ StringEquals: { "aws:SourceVpc": "vpc-1" } })))).toBe("PASS");
    expect(await verdict(doc(when({ StringLike: { "aws:SourceVpc": "vpc-*" } })))).toBe("FAIL");
    // StringEquals reads `*` literally: a fixed value.
    expect(await verdict(doc(when({ StringEquals: { "aws:SourceVpc": "vpc-*" } })))).toBe("PASS");
  });
  it("…IfExists on a restricting key lets a request without the key through: public", async () => {
    expect(await verdict(doc(when({ StringEqualsIfExists: { "aws:SourceVpc": "vpc-1" } })))).toBe("FAIL");
  });
  it("a negated operator on a fixed value grants everyone else: public", async () => {
    expect(await verdict(doc(when({ StringNotEquals: { "aws:SourceVpc": "vpc-1" } })))).toBe("FAIL");
  });
  it("a Deny whose restricting value is fixed removes public access", async () => {
    expect(
      await verdict(
        doc(allow(), {
          Effect: "Deny",
          Principal: "*",
          Action: "*",
          Resource: "*",
          Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-1" } },
        }),
      ),
    ).toBe("PASS");
  });
  for (const key of [
    "aws:PrincipalOrgID",
    "aws:PrincipalAccount",
    "aws:SourceVpce",
    "aws:SourceAccount",
    "aws:SourceOwner",
    "s3:x-amz-server-side-encryption-aws-kms-key-id",
    "s3:DataAccessPointAccount",
  ]) {
    it(`${key}: fixed restricts, a wildcard does not`, async () => {
      const fixed =
        key === "aws:PrincipalOrgID"
          ? "o-abcdefghij"
          : key.startsWith("s3:x")
            ? "arn:aws:kms:us-east-1:123456789012:key/k"
            : "123456789012";
      expect(await verdict(doc(when({ StringEquals: { [key]: fixed } })))).toBe("PASS");
      expect(await verdict(doc(when({ StringLike: { [key]: "*" } })))).toBe("FAIL");
    });
  }
  it("aws:SourceArn and aws:PrincipalArn: a fixed ARN restricts; a wildcard account does not", async () => {
    for (const key of ["aws:SourceArn", "aws:PrincipalArn"]) {
      expect(await verdict(doc(when({ ArnEquals: { [key]: "arn:aws:iam::123456789012:role/r" } })))).toBe("PASS");
      expect(await verdict(doc(when({ ArnLike: { [key]: "arn:aws:iam::*:role/r" } })))).toBe("FAIL");
    }
  });
  it("aws:PrincipalArn with a wildcard inside a named account is not public (Access Analyzer's finding, §2.5)", async () => {
    expect(await verdict(doc(when({ StringLike: { "aws:PrincipalArn": "arn:aws:iam::123456789012:user/a*c" } })))).toBe("PASS");
  });
  it("aws:SourceIp: /8 or narrower (IPv4), /32 or narrower (IPv6) restricts; broader is public", async () => {
    expect(await verdict(doc(when({ IpAddress: { "aws:SourceIp": "203.0.113.0/24" } })))).toBe("PASS");
    expect(await verdict(doc(when({ IpAddress: { "aws:SourceIp": "12.0.0.0/8" } })))).toBe("PASS");
    expect(await verdict(doc(when({ IpAddress: { "aws:SourceIp": "0.0.0.0/1" } })))).toBe("FAIL");
    expect(await verdict(doc(when({ IpAddress: { "aws:SourceIp": "12.0.0.0/7" } })))).toBe("FAIL");
    expect(await verdict(doc(when({ IpAddress: { "aws:SourceIp": "2001:db8::/32" } })))).toBe("PASS");
    expect(await verdict(doc(when({ IpAddress: { "aws:SourceIp": "2001:db8::/31" } })))).toBe("FAIL");
    // RFC1918 private ranges restrict (they are /8 or narrower).
    expect(await verdict(doc(when({ IpAddress: { "aws:SourceIp": "10.0.0.0/8" } })))).toBe("PASS");
    // NotIpAddress grants everyone outside the block.
    expect(await verdict(doc(when({ NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } })))).toBe("FAIL");
  });
  it("aws:userid: `AROLEID:*` restricts, other wildcards do not", async () => {
    expect(await verdict(doc(when({ StringLike: { "aws:userid": "AROAEXAMPLEID:*" } })))).toBe("PASS");
    expect(await verdict(doc(when({ StringLike: { "aws:userid": "AROA*" } })))).toBe("FAIL");
  });
  it("s3:DataAccessPointArn: a wildcard name with a fixed account restricts in a bucket policy, not in an access-point policy", async () => {
    const p = doc(when({ StringLike: { "s3:DataAccessPointArn": "arn:aws:s3:us-east-1:123456789012:accesspoint/*" } }));
    expect(await verdict(p, "AWS::S3::Bucket")).toBe("PASS");
    expect(await verdict(p, "AWS::S3::AccessPoint")).toBe("FAIL");
  });
  it("a policy variable is not a fixed value", async () => {
    expect(await verdict(doc(when({ StringEquals: { "aws:SourceVpc": "${aws:username}" } })))).not.toBe("PASS");
  });
  it("a non-restricting key is attacker-controlled: fixing it does not help", async () => {
    expect(await verdict(doc(when({ StringEquals: { "aws:UserAgent": "my-agent" } })))).toBe("FAIL");
    expect(await verdict(doc(when({ Bool: { "aws:SecureTransport": "true" } })))).toBe("FAIL");
  });
  it("two restricting keys under one statement: one fixed value is enough", async () => {
    expect(
      await verdict(doc(when({ StringLike: { "aws:SourceVpc": "vpc-*" }, StringEquals: { "aws:SourceAccount": "123456789012" } }))),
    ).toBe("PASS");
  });
  it("pinpoints only the public statements", async () => {
    const r = await checkNoPublicAccess({
      policyDocument: doc(
        allow({ Principal: { AWS: "123456789012" } }),
        allow({ Sid: "open" }),
        when({ StringEquals: { "aws:SourceVpc": "vpc-1" } }),
      ),
      resourceType: S3,
    });
    expect(r.reasons.map((x) => x.statementIndex)).toEqual([1]);
  });
});

describe("per-type rules", () => {
  it("AWS::KMS::Key: a fixed kms:CallerAccount restricts (Access Analyzer resource types, §2.4)", async () => {
    const p = doc(when({ StringEquals: { "kms:CallerAccount": "123456789012" } }, { Action: "kms:Decrypt", Resource: "*" }));
    expect(await verdict(p, "AWS::KMS::Key")).toBe("PASS");
    expect(
      await verdict(doc(when({ StringLike: { "kms:CallerAccount": "*" } }, { Action: "kms:Decrypt", Resource: "*" })), "AWS::KMS::Key"),
    ).toBe("FAIL");
  });
  it("AWS::IAM::AssumeRolePolicyDocument: web identity is public unless its audience is fixed (§2.2 filter keys)", async () => {
    const trust = (c?: Record<string, Record<string, string>>) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Federated: "cognito-identity.amazonaws.com" },
            Action: "sts:AssumeRoleWithWebIdentity",
            ...(c ? { Condition: c } : {}),
          },
        ],
      });
    const T = "AWS::IAM::AssumeRolePolicyDocument";
    expect(await verdict(trust(), T)).toBe("FAIL");
    expect(await verdict(trust({ StringEquals: { "cognito-identity.amazonaws.com:aud": "us-east-1:pool" } }), T)).toBe("PASS");
  });
  it("AWS::IAM::AssumeRolePolicyDocument: an OIDC provider is restricted by its subject", async () => {
    const oidc = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    const trust = (c: Record<string, Record<string, string>>) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Federated: oidc }, Action: "sts:AssumeRoleWithWebIdentity", Condition: c }],
      });
    const T = "AWS::IAM::AssumeRolePolicyDocument";
    expect(await verdict(trust({ StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } }), T)).toBe("FAIL");
    expect(await verdict(trust({ StringEquals: { "token.actions.githubusercontent.com:sub": "repo:o/r:ref:refs/heads/main" } }), T)).toBe(
      "PASS",
    );
  });
  it("every one of AWS's 26 resource types is accepted; others are a located error", async () => {
    expect(RESOURCE_TYPES).toHaveLength(26);
    for (const t of RESOURCE_TYPES) expect(await verdict(doc(allow()), t), t).toBe("FAIL");
    await expect(checkNoPublicAccess({ policyDocument: doc(allow()), resourceType: "AWS::EC2::Instance" })).rejects.toThrow(KeyakiError);
  });
});
