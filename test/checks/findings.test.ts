// findings: Access Analyzer-shaped, complete (every outside request the evaluator allows is
// covered by a finding — checked on random requests here, proved by the solver in the library)
// and concise (each finding grants something; none is covered by another).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { close, findings, type Finding } from "../../src/index.js";
import { evaluatePolicy } from "../../src/eval/evaluate.js";
import { keyTypesOf } from "../../src/encode/key-types.js";
import { parsePolicy } from "../../src/policy/parse.js";
import type { Request, RequestPrincipal } from "../../src/iam/request.js";
import { globPattern, matchPattern } from "../../src/logic/pattern.js";
import { parseCidr, parseIp } from "../../src/iam/values.js";

afterAll(() => close());

const example = (name: string) => readFileSync(join(__dirname, "..", "..", "examples", name), "utf8");
const S3 = "AWS::S3::Bucket";
const HOME = "123456789012";
type Stmt = Record<string, unknown>;
const doc = (...statements: Stmt[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

const run = (policy: string, trustedAccounts = [HOME], trustedOrganizations?: string[]) =>
  findings({ policyDocument: policy, resourceType: S3, trustedAccounts, ...(trustedOrganizations ? { trustedOrganizations } : {}) });

describe("findings: seed examples", () => {
  it("policy 1: one public finding, shaped like Access Analyzer's", async () => {
    const r = await run(example("public-bucket.json"));
    expect(r.unknownReason).toBeUndefined();
    expect(r.findings).toEqual([
      {
        principal: { AWS: "*" },
        action: ["s3:PutObject"],
        resource: "arn:aws:s3:::DOC-EXAMPLE-BUCKET",
        condition: {},
        isPublic: true,
        statementIndexes: [0],
        statementLocations: [expect.objectContaining({ path: "/Statement/0", document: "policyDocument" })],
      },
    ]);
  });
  it("policy 2: none", async () => {
    expect((await run(example("public-bucket-deny-outside.json"))).findings).toEqual([]);
  });
});

describe("findings: the accessrefinery example (access-analyzer-api.md §2.5)", () => {
  it("two cubes with the policy's own condition values, not public", async () => {
    const st = (arn: string, ip: string) => ({
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: "s3:ListBucket",
      Resource: "arn:aws:s3:::b",
      Condition: { StringLike: { "aws:PrincipalArn": arn }, IpAddress: { "aws:SourceIp": ip } },
    });
    const r = await run(
      doc(st("arn:aws:iam::111122223333:user/a*c", "200.10.10.10/31"), st("arn:aws:iam::111122223333:user/*bc", "200.10.10.10/32")),
    );
    expect(r.unknownReason).toBeUndefined();
    expect(r.findings.map((f) => f.condition)).toEqual([
      { "aws:PrincipalArn": "arn:aws:iam::111122223333:user/a*c", "aws:SourceIp": "200.10.10.10/31" },
      { "aws:PrincipalArn": "arn:aws:iam::111122223333:user/*bc", "aws:SourceIp": "200.10.10.10/32" },
    ]);
    expect(r.findings.every((f) => !f.isPublic)).toBe(true);
  });
});

describe("findings: concise", () => {
  it("drops access inside the zone and findings covered by another; merges actions", async () => {
    const r = await run(
      doc(
        { Effect: "Allow", Principal: { AWS: HOME }, Action: "s3:*", Resource: "*" },
        { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
        { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/public/*" },
        { Effect: "Allow", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*" },
      ),
    );
    expect(r.findings).toEqual([
      {
        principal: { AWS: "*" },
        action: ["s3:GetObject", "s3:PutObject"],
        resource: "arn:aws:s3:::b/*",
        condition: {},
        isPublic: true,
        statementIndexes: [1, 2, 3],
        statementLocations: [1, 2, 3].map((i) => expect.objectContaining({ path: `/Statement/${i}`, document: "policyDocument" })),
      },
    ]);
  });
  it("a Deny carve-out is flagged as an over-approximation", async () => {
    const r = await run(
      doc(
        { Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" },
        { Effect: "Deny", Principal: "*", Action: "s3:DeleteBucket", Resource: "*" },
      ),
    );
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].overApproximates).toBe(true);
  });
  it("a condition value per finding (one cube per value)", async () => {
    const r = await run(
      doc({
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceVpc": ["vpc-1", "vpc-2"] } },
      }),
    );
    expect(r.findings.map((f) => f.condition)).toEqual([{ "aws:SourceVpc": "vpc-1" }, { "aws:SourceVpc": "vpc-2" }]);
    expect(r.findings.every((f) => !f.isPublic)).toBe(true);
  });
});

// ---- Randomized completeness: every allowed outside request is covered by some finding. ----

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const ACCOUNTS = [HOME, "111122223333", "444455556666"];
const VPCS = ["vpc-1", "vpc-2", "vpc-3"];
const IPS = ["203.0.113.0/24", "198.51.100.0/24", "0.0.0.0/0"];
const ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:Get*", "s3:*"];
const RESOURCES = ["arn:aws:s3:::b/*", "arn:aws:s3:::b/a/*", "arn:aws:s3:::b/a/x", "*"];

function randomPolicy(r: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const statements: Stmt[] = [];
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const cond: Record<string, Record<string, unknown>> = {};
    if (r() < 0.4)
      cond[pick(["StringEquals", "StringLike", "StringNotEquals", "StringEqualsIfExists"])] = { "aws:SourceVpc": pick([...VPCS, "vpc-*"]) };
    if (r() < 0.3) cond[pick(["IpAddress", "NotIpAddress"])] = { "aws:SourceIp": pick(IPS) };
    if (r() < 0.3) cond.StringEquals = { ...(cond.StringEquals ?? {}), "aws:PrincipalAccount": pick(ACCOUNTS) };
    if (r() < 0.2) cond.Bool = { "aws:SecureTransport": "true" };
    const principal = r() < 0.6 ? "*" : { AWS: pick(ACCOUNTS) };
    statements.push({
      Effect: r() < 0.75 ? "Allow" : "Deny",
      [r() < 0.1 ? "NotPrincipal" : "Principal"]: principal,
      [r() < 0.15 ? "NotAction" : "Action"]: pick(ACTIONS),
      Resource: pick(RESOURCES),
      ...(Object.keys(cond).length > 0 ? { Condition: cond } : {}),
    });
  }
  return doc(...statements);
}

function randomRequest(r: () => number): Request {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const account = pick(ACCOUNTS);
  const principal: RequestPrincipal = r() < 0.2 ? "anonymous" : { AWS: `arn:aws:iam::${account}:user/u` };
  const vpc = r() < 0.5 ? pick(VPCS) : null;
  return {
    principal,
    action: pick(["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "ec2:RunInstances"]),
    resource: pick(["arn:aws:s3:::b/a/x", "arn:aws:s3:::b/y", "arn:aws:s3:::c"]),
    context: {
      "aws:SourceVpc": vpc,
      "aws:SourceIp": vpc ? null : pick(["203.0.113.7", "198.51.100.7", "192.0.2.7"]),
      "aws:PrincipalAccount": principal === "anonymous" ? "anonymous" : account,
      "aws:PrincipalArn": principal === "anonymous" ? null : principal.AWS,
      "aws:SecureTransport": pick(["true", "false"]),
    },
  };
}

/** Does a finding cover the request? (Its principal, actions, resource and conditions all match.) */
function covers(f: Finding, q: Request): boolean {
  const [type, value] = Object.entries(f.principal)[0];
  const p = q.principal!;
  const principalOk =
    value === "*" ||
    (type === "AWS" &&
      p !== "anonymous" &&
      "AWS" in p &&
      (p.AWS === value || p.AWS.split(":")[4] === value || (p.AWS.split(":")[4] === value.split(":")[4] && value.endsWith(":root"))));
  const actionOk = f.action.some((a) => matchPattern(globPattern(a.toLowerCase()), q.action.toLowerCase()));
  const resourceOk = f.resource === "*" || matchPattern(globPattern(f.resource), q.resource);
  const condOk = Object.entries(f.condition).every(([k, v]) => {
    const have = q.context[k];
    if (typeof have !== "string") return false;
    if (k === "aws:SourceIp") {
      const c = parseCidr(v)!;
      const ip = parseIp(have)!;
      return ip >= c.lo && ip <= c.hi;
    }
    return matchPattern(globPattern(v), have);
  });
  return principalOk && actionOk && resourceOk && condOk;
}

describe("findings: complete on random policies (evaluator-checked)", () => {
  it("every allowed request from outside 123456789012 is covered by a finding", async () => {
    const r = rng(20240611);
    let checked = 0;
    for (let round = 0; round < 40; round++) {
      const text = randomPolicy(r);
      const result = await run(text);
      expect(result.unknownReason, text).toBeUndefined();
      const policy = parsePolicy(text, "RESOURCE_POLICY").policy!;
      const keyTypes = keyTypesOf([policy]);
      for (let i = 0; i < 60; i++) {
        const q = randomRequest(r);
        const inside = q.principal !== "anonymous" && q.context["aws:PrincipalAccount"] === HOME;
        if (inside || evaluatePolicy(policy, q, { keyTypes }).allowed !== true) continue;
        expect(
          result.findings.some((f) => covers(f, q)),
          `${text}\n${JSON.stringify(q)}`,
        ).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });
});
