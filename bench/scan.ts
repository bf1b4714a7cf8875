// `npm run bench -- --set scan`: `keyaki scan` on a generated repository of templates and plans.
// Contract: writes N files into a fresh temporary directory (half CloudFormation YAML templates,
// half Terraform plans), built from the managed-policy corpus: each holds the corpus policy as an
// identity policy (AWS::IAM::ManagedPolicy / aws_iam_policy) and, as a bucket policy, the same
// statements granted to one account (every 10th to everyone, so some checks FAIL); then runs the
// scan in this process with check-no-public-access on resource policies and
// check-access-not-granted (iam:PassRole) on identity policies, and returns the figures. Checks
// run one at a time (the scan has no worker pool yet), so there is one figure, not a speed-up.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CorpusPolicy } from "./corpus.js";

export interface ScanFigures {
  files: number;
  policies: number;
  checks: number;
  pass: number;
  fail: number;
  unknown: number;
  errors: number;
  seconds: number;
  checksPerSecond: number;
}

function bucketPolicy(doc: { Statement?: unknown }, bucket: string, publicToo: boolean): object {
  const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]).filter((s) => s && typeof s === "object");
  return {
    Version: "2012-10-17",
    Statement: statements.map((s) => {
      const { Resource: _, NotResource: __, ...rest } = s as Record<string, unknown>;
      return { ...rest, Principal: publicToo ? "*" : { AWS: "arn:aws:iam::111122223333:root" }, Resource: `arn:aws:s3:::${bucket}/*` };
    }),
  };
}

export async function measureScan(corpus: CorpusPolicy[], files: number, log: (line: string) => void): Promise<ScanFigures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "keyaki-bench-scan-"));
  try {
    for (let i = 0; i < files; i++) {
      const p = corpus[i % corpus.length];
      const doc = p.latestDocument as { Statement?: unknown };
      const bucket = `bench-${i}`;
      const resource = bucketPolicy(doc, bucket, i % 10 === 0);
      if (i % 2 === 0) {
        const template = {
          AWSTemplateFormatVersion: "2010-09-09",
          Resources: {
            Bucket: { Type: "AWS::S3::Bucket", Properties: { BucketName: bucket } },
            BucketPolicy: { Type: "AWS::S3::BucketPolicy", Properties: { Bucket: { Ref: "Bucket" }, PolicyDocument: resource } },
            Managed: { Type: "AWS::IAM::ManagedPolicy", Properties: { ManagedPolicyName: p.name, PolicyDocument: doc } },
          },
        };
        // JSON is YAML: written as a .yaml file so the YAML reader is measured too
        writeFileSync(path.join(dir, `stack-${i}.yaml`), JSON.stringify(template, null, 2));
      } else {
        const resources = [
          { address: "aws_iam_policy.this", mode: "managed", type: "aws_iam_policy", name: "this", values: { name: p.name, policy: JSON.stringify(doc) } },
          { address: "aws_s3_bucket_policy.this", mode: "managed", type: "aws_s3_bucket_policy", name: "this", values: { bucket, policy: JSON.stringify(resource) } },
        ];
        const plan = { format_version: "1.2", terraform_version: "1.9.5", planned_values: { root_module: { child_modules: [{ address: `module.m${i}`, resources }] } } };
        writeFileSync(path.join(dir, `plan-${i}.json`), JSON.stringify(plan, null, 1));
      }
    }
    log(`scan: ${files} files written to ${dir}`);
    const { scan } = await import("../src/scan/run.js");
    const api = await import("../src/index.js");
    const started = performance.now();
    try {
      const { report } = await scan(
        {
          paths: [dir],
          cwd: dir,
          options: { account: "111122223333", region: "us-east-1", partition: "aws" },
          checks: [{ check: "check-no-public-access" }, { check: "check-access-not-granted", actions: ["iam:PassRole"], policyTypes: ["IDENTITY_POLICY"] }],
          timeoutSeconds: 10,
          onFile: (_f, i, n) => {
            if ((i + 1) % 200 === 0) log(`scan: ${i + 1}/${n} files`);
          },
        },
        api,
      );
      const seconds = (performance.now() - started) / 1000;
      const s = report.summary;
      return { files: s.files, policies: s.policies, checks: s.checks, pass: s.pass, fail: s.fail, unknown: s.unknown, errors: s.errors, seconds, checksPerSecond: s.checks / seconds };
    } finally {
      await api.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function scanLine(f: ScanFigures): string {
  return (
    `scan: ${f.files} files, ${f.policies} policies, ${f.checks} checks (${f.pass} PASS, ${f.fail} FAIL, ${f.unknown} UNKNOWN, ${f.errors} errors) ` +
    `in ${f.seconds.toFixed(1)} s, ${f.checksPerSecond.toFixed(0)} checks/s, 1 job (no worker pool yet)`
  );
}
