// `npm run bench -- --set scan`: `keyaki scan` on a generated repository of templates and plans.
// Contract: writes N files into a fresh temporary directory (half CloudFormation YAML templates,
// half Terraform plans), built from the managed-policy corpus: each holds the corpus policy as an
// identity policy (AWS::IAM::ManagedPolicy / aws_iam_policy) and, as a bucket policy, the same
// statements granted to one account (every 10th to everyone, so some checks FAIL); then runs the
// scan in this process with check-no-public-access on resource policies and
// check-access-not-granted (iam:PassRole) on identity policies — once with one job (the library
// in this thread) and once with a worker pool of one job per core, in the same run — and returns
// both figures and the speed-up. The two reports must be identical (else it throws).

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CorpusPolicy } from "./corpus.js";

export interface ScanRun {
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

export interface ScanFigures {
  one: ScanRun;
  all: ScanRun & { jobs: number };
  speedup: number;
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

/** Writes the generated repository: `files` templates and plans from the corpus (see the header). */
export function writeRepository(dir: string, corpus: CorpusPolicy[], files: number): void {
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
        {
          address: "aws_iam_policy.this",
          mode: "managed",
          type: "aws_iam_policy",
          name: "this",
          values: { name: p.name, policy: JSON.stringify(doc) },
        },
        {
          address: "aws_s3_bucket_policy.this",
          mode: "managed",
          type: "aws_s3_bucket_policy",
          name: "this",
          values: { bucket, policy: JSON.stringify(resource) },
        },
      ];
      const plan = {
        format_version: "1.2",
        terraform_version: "1.9.5",
        planned_values: { root_module: { child_modules: [{ address: `module.m${i}`, resources }] } },
      };
      writeFileSync(path.join(dir, `plan-${i}.json`), JSON.stringify(plan, null, 1));
    }
  }
}

export async function measureScan(corpus: CorpusPolicy[], files: number, log: (line: string) => void): Promise<ScanFigures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "keyaki-bench-scan-"));
  try {
    writeRepository(dir, corpus, files);
    log(`scan: ${files} files written to ${dir}`);
    const { scan } = await import("../src/scan/run.js");
    const { createCheckPool } = await import("../src/scan/pool.js");
    const lib = await import("../src/index.js");
    const once = async (jobs: number): Promise<{ run: ScanRun; json: string }> => {
      const pool = jobs > 1 ? createCheckPool(jobs) : undefined;
      const started = performance.now();
      try {
        const { report } = await scan(
          {
            paths: [dir],
            cwd: dir,
            options: { account: "111122223333", region: "us-east-1", partition: "aws" },
            checks: [
              { check: "check-no-public-access" },
              { check: "check-access-not-granted", actions: ["iam:PassRole"], policyTypes: ["IDENTITY_POLICY"] },
            ],
            timeoutSeconds: 10,
            jobs,
            ...(pool ? { pool } : {}),
            onFile: (_f, i, n) => {
              if ((i + 1) % 500 === 0) log(`scan, ${jobs} job${jobs > 1 ? "s" : ""}: ${i + 1}/${n} files`);
            },
          },
          lib,
        );
        const seconds = (performance.now() - started) / 1000;
        const s = report.summary;
        return {
          run: {
            files: s.files,
            policies: s.policies,
            checks: s.checks,
            pass: s.pass,
            fail: s.fail,
            unknown: s.unknown,
            errors: s.errors,
            seconds,
            checksPerSecond: s.checks / seconds,
          },
          json: JSON.stringify(report),
        };
      } finally {
        await pool?.close();
      }
    };
    try {
      const jobs = os.availableParallelism();
      const one = await once(1);
      const all = await once(jobs);
      if (one.json !== all.json) throw new Error(`the scan's report with ${jobs} jobs differs from the one with 1 job`);
      return { one: one.run, all: { ...all.run, jobs }, speedup: one.run.seconds / all.run.seconds };
    } finally {
      await lib.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function scanLine(f: ScanFigures): string {
  const o = f.one;
  return (
    `scan: ${o.files} files, ${o.policies} policies, ${o.checks} checks (${o.pass} PASS, ${o.fail} FAIL, ${o.unknown} UNKNOWN, ${o.errors} errors); ` +
    `1 job ${o.seconds.toFixed(1)} s (${o.checksPerSecond.toFixed(0)} checks/s), ${f.all.jobs} jobs ${f.all.seconds.toFixed(1)} s (${f.all.checksPerSecond.toFixed(0)} checks/s): speed-up ${f.speedup.toFixed(2)}×, same report`
  );
}
