// The fixed pathological inputs of `npm run bench -- --set adversarial` (issue 11): the repros of
// the hostile-input report and their neighbours, one spec per check. Deterministic: no seed.
// Contract: `adversarialSpecs()` returns the same list every time; each spec names the library
// call (`kind`) and its input, in AWS's request shapes. `callSpec` makes that call and says how it
// ended (the bench's worker and the hostile-input tests both use it).

import {
  checkAccessNotGranted,
  checkNoExternalAccess,
  checkNoNewAccess,
  checkNoPublicAccess,
  findings,
  KeyakiError,
  type CheckAccessNotGrantedInput,
  type CheckNoExternalAccessInput,
  type CheckNoNewAccessInput,
  type CheckNoPublicAccessInput,
  type FindingsInput,
} from "../src/index.js";

export type AdversarialSpec =
  | { name: string; kind: "access-not-granted"; input: CheckAccessNotGrantedInput }
  | { name: string; kind: "no-new-access"; input: CheckNoNewAccessInput }
  | { name: string; kind: "no-public-access"; input: CheckNoPublicAccessInput }
  | { name: string; kind: "no-external-access" | "findings"; input: CheckNoExternalAccessInput | FindingsInput };

/**
 * Runs a spec's library call. Outcome: PASS / FAIL / UNKNOWN, `FINDINGS n` (with `?` when
 * completeness was not proved), `ERROR code` for a KeyakiError, or `ERROR INTERNAL` for anything
 * else thrown; detail: the unknown reason or the error's message.
 */
export async function callSpec(spec: AdversarialSpec, timeoutSeconds: number): Promise<{ outcome: string; detail?: string }> {
  const o = { timeoutSeconds };
  try {
    switch (spec.kind) {
      case "access-not-granted":
      case "no-new-access":
      case "no-public-access":
      case "no-external-access": {
        const r =
          spec.kind === "access-not-granted"
            ? await checkAccessNotGranted(spec.input, o)
            : spec.kind === "no-new-access"
              ? await checkNoNewAccess(spec.input, o)
              : spec.kind === "no-public-access"
                ? await checkNoPublicAccess(spec.input, o)
                : await checkNoExternalAccess(spec.input as never, o);
        return { outcome: r.result, ...(r.unknownReason ? { detail: r.unknownReason } : {}) };
      }
      case "findings": {
        const r = await findings(spec.input as never, o);
        return {
          outcome: `FINDINGS ${r.findings.length}${r.unknownReason ? "?" : ""}`,
          ...(r.unknownReason ? { detail: r.unknownReason } : {}),
        };
      }
    }
  } catch (e) {
    if (e instanceof KeyakiError) return { outcome: `ERROR ${e.code}`, detail: e.message };
    return { outcome: "ERROR INTERNAL", detail: e instanceof Error ? e.message : String(e) };
  }
}

const doc = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

const allowWith = (condition: object, extra: object = {}) => ({
  Effect: "Allow",
  Action: "s3:PutObject",
  Resource: "*",
  Condition: condition,
  ...extra,
});

const PUT = [{ actions: ["s3:PutObject"] }];

export function adversarialSpecs(): AdversarialSpec[] {
  const aStar40 = "a*".repeat(40);
  const starQ100 = "*?".repeat(100);
  // At the limits (policy/limits.ts): 2,048 characters and 256 wildcards in one string.
  const wideArn = "arn:aws:s3:::" + ("a*" + "b".repeat(6)).repeat(254);
  const hugeArn = "arn:aws:s3:::" + "a*".repeat(8192); // 16 KB: the repro (now refused)
  // 2,000 statements, just under the identity-policy size limit (262,144 characters).
  const many = Array.from({ length: 2000 }, (_, i) => ({
    Effect: "Allow",
    Action: "s3:PutObject",
    Resource: `arn:aws:s3:::b${i}/*`,
    ...(i % 2 === 0 ? { Condition: { StringLike: { "aws:PrincipalTag/t": `t${i}*` } } } : {}),
  }));
  const bucket = (statements: object[]) => doc(statements);
  const publicWith = (condition: object) =>
    bucket([{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", Condition: condition }]);
  const zone = { resourceType: "AWS::S3::Bucket", trustedAccounts: ["111122223333"] };
  const findingsPolicy = bucket(
    Array.from({ length: 12 }, (_, i) => ({
      Effect: "Allow",
      Principal: "*",
      Action: ["s3:GetObject", `s3:Put${i % 3 ? "Object" : "ObjectAcl"}`],
      Resource: `arn:aws:s3:::b/${"x*".repeat(20)}${i}`,
      Condition: {
        StringLike: {
          "aws:SourceArn": [`arn:aws:sns:*:*:${"a*".repeat(30)}${i}`, `arn:aws:sqs:*:*:q${i}*`],
          "aws:PrincipalTag/t": starQ100,
        },
      },
    })),
  );
  return [
    {
      name: "a*×40 StringLike",
      kind: "access-not-granted",
      input: {
        policyType: "IDENTITY_POLICY",
        access: PUT,
        policyDocument: doc([allowWith({ StringLike: { "aws:PrincipalTag/team": aStar40 } })]),
      },
    },
    {
      name: "*?×100 StringLike",
      kind: "access-not-granted",
      input: {
        policyType: "IDENTITY_POLICY",
        access: PUT,
        policyDocument: doc([allowWith({ StringLike: { "aws:PrincipalTag/team": starQ100 } })]),
      },
    },
    {
      name: "*?×100 no-new-access",
      kind: "no-new-access",
      input: {
        policyType: "IDENTITY_POLICY",
        existingPolicyDocument: doc([allowWith({ StringLike: { "aws:PrincipalTag/team": "x" } })]),
        newPolicyDocument: doc([allowWith({ StringLike: { "aws:PrincipalTag/team": starQ100 } })]),
      },
    },
    {
      name: "2 KB ARN, 254 wildcards",
      kind: "access-not-granted",
      input: {
        policyType: "IDENTITY_POLICY",
        access: PUT,
        policyDocument: doc([{ Effect: "Allow", Action: "s3:PutObject", Resource: wideArn }]),
      },
    },
    {
      name: "16 KB a* Resource",
      kind: "access-not-granted",
      input: {
        policyType: "IDENTITY_POLICY",
        access: PUT,
        policyDocument: doc([{ Effect: "Allow", Action: "s3:PutObject", Resource: hugeArn }]),
      },
    },
    {
      name: "2,000 statements",
      kind: "access-not-granted",
      input: { policyType: "IDENTITY_POLICY", access: PUT, policyDocument: doc(many) },
    },
    {
      name: "public a*×40",
      kind: "no-public-access",
      input: { resourceType: "AWS::S3::Bucket", policyDocument: publicWith({ StringLike: { "aws:PrincipalTag/team": aStar40 } }) },
    },
    {
      name: "external *?×100",
      kind: "no-external-access",
      input: { ...zone, policyDocument: publicWith({ StringLike: { "aws:PrincipalArn": `arn:aws:iam::*:${starQ100}` } }) },
    },
    { name: "findings wildcards", kind: "findings", input: { ...zone, policyDocument: findingsPolicy } },
  ];
}
