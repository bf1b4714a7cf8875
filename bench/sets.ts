// The check lists of sets 1 and 2, built from the managed-policy corpus.
//   Set 1: check-no-new-access (IDENTITY_POLICY) on every consecutive version pair of every
//          policy, both directions: `Name v3→v4` (the update) and `Name v4→v3` (the rollback).
//   Set 2: check-access-not-granted on the latest version of every policy, one check each, with
//          the twenty critical actions in one access entry.
// Contract: the order is the corpus order, so a run is reproducible; `every` keeps every n-th
// version pair for set 1, policy for set 2 (the --quick sample); `size` is the characters of policy text the check reads.

import type { CorpusPolicy } from "./corpus.js";
import type { CheckSpec } from "./measure.js";

export const CRITICAL_ACTIONS: readonly string[] = [
  "iam:PassRole",
  "s3:DeleteBucket",
  "kms:ScheduleKeyDeletion",
  "iam:CreateAccessKey",
  "iam:CreateUser",
  "iam:AttachUserPolicy",
  "iam:PutRolePolicy",
  "iam:UpdateAssumeRolePolicy",
  "iam:CreatePolicyVersion",
  "sts:AssumeRole",
  "s3:PutBucketPolicy",
  "s3:DeleteObject",
  "kms:Decrypt",
  "kms:PutKeyPolicy",
  "ec2:TerminateInstances",
  "lambda:UpdateFunctionCode",
  "organizations:LeaveOrganization",
  "cloudtrail:StopLogging",
  "cloudtrail:DeleteTrail",
  "secretsmanager:GetSecretValue",
];

function* everyNth<T>(xs: Iterable<T>, n: number): Generator<T> {
  let i = 0;
  for (const x of xs) if (i++ % n === 0) yield x;
}

function* pairs(corpus: readonly CorpusPolicy[]) {
  for (const p of corpus) for (let i = 1; i < p.versions.length; i++) yield { p, a: p.versions[i - 1], b: p.versions[i] };
}

/** Every n-th version pair, both directions of each. */
function* allSet1(corpus: readonly CorpusPolicy[], every: number): Generator<CheckSpec> {
  for (const { p, a, b } of everyNth(pairs(corpus), every)) {
    const size = a.text.length + b.text.length;
    for (const [old, neu] of [
      [a, b],
      [b, a],
    ])
      yield {
        name: `${p.name} ${old.id}→${neu.id}`,
        size,
        kind: "no-new-access",
        input: { existingPolicyDocument: old.text, newPolicyDocument: neu.text, policyType: "IDENTITY_POLICY" },
      };
  }
}

function* allSet2(corpus: readonly CorpusPolicy[]): Generator<CheckSpec> {
  for (const p of corpus)
    yield {
      name: `${p.name} ${p.latest.id}`,
      size: p.latest.text.length,
      kind: "access-not-granted",
      input: { policyDocument: p.latest.text, access: [{ actions: [...CRITICAL_ACTIONS] }], policyType: "IDENTITY_POLICY" },
    };
}

export const set1 = (corpus: readonly CorpusPolicy[], every = 1): CheckSpec[] => [...allSet1(corpus, every)];
export const set2 = (corpus: readonly CorpusPolicy[], every = 1): CheckSpec[] => [...everyNth(allSet2(corpus), every)];
