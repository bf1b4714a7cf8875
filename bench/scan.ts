// `npm run bench -- --set scan`: `keyaki scan` on a generated repository of templates and plans.
// Contract: writes N files into a fresh temporary directory (half CloudFormation YAML templates,
// half Terraform plans), built from the managed-policy corpus: each holds the corpus policy as an
// identity policy (AWS::IAM::ManagedPolicy / aws_iam_policy) and, as a bucket policy, the same
// statements granted to one account (every 10th to everyone, so some checks FAIL); then runs
// `keyaki scan` (the built CLI, a fresh process each time, as a user runs it) with
// check-no-public-access on resource policies and check-access-not-granted (iam:PassRole) on
// identity policies — with one job and with one job per core, in the same run, alternating which
// goes first, 3 rounds on the full bench (1 with --quick), each with the load average around it
// (other work on the machine skews both) — and returns every round, the median round's figures
// and speed-up. The reports must be identical but for checks that ran out of time in one run
// (a busy machine): each round counts the results that differ. Each round also runs the
// machine's own baseline for parallel work: two independent one-job processes at once, each on
// one half of the repository (its files lie in part-0/ and part-1/). The pool can beat it only by
// the start-up and extraction warm-up of one process: each worker, like each process, compiles
// the library's hot code anew. The full bench also scans the whole corpus with --base
// (measureCorpusScan). dist/ must be built (npm run bench does).

import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CorpusPolicy } from "./corpus.js";

/** The built CLI (npm run bench builds first). */
const BIN = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "..", "bin", "keyaki.js");

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

export interface ScanRound {
  /** Results that differ between the two reports (0: the same report, as it must be without timeouts). */
  differing: number;
  one: ScanRun;
  all: ScanRun & { jobs: number };
  speedup: number;
  /** Two independent one-job processes at once, each on half the repository: the machine's parallel baseline. */
  halves: { seconds: number; checks: number; speedup: number };
  /** The 1-minute load average before and after the round (other work on the machine). */
  load: [number, number];
}

export interface ScanFigures extends ScanRound {
  /** Every round (3 on the full bench); the figures above are the median round's. */
  rounds: ScanRound[];
  /** The whole corpus with --base (full bench only). */
  corpus?: ScanRun & { jobs: number; load: number };
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

/** The generated repository's two halves (subdirectories), for the parallel baseline. */
const HALVES = ["part-0", "part-1"];

/** Writes the generated repository: `files` templates and plans from the corpus (see the header), half in each of HALVES. */
export function writeRepository(root: string, corpus: CorpusPolicy[], files: number): void {
  for (const h of HALVES) mkdirSync(path.join(root, h), { recursive: true });
  for (let i = 0; i < files; i++) {
    const dir = path.join(root, HALVES[i < files / 2 ? 0 : 1]);
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

interface CliScan {
  run: ScanRun;
  json: string;
}

/** One `keyaki scan` in a fresh process of the built CLI (as a user runs it: cold). */
async function cliScan(dir: string, args: string[]): Promise<CliScan> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, "scan", ...args, "--output", "json"], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CI: "true" },
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on("data", (b: Buffer) => stdout.push(b));
  child.stderr.on("data", (b: Buffer) => stderr.push(b));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  const seconds = (performance.now() - started) / 1000;
  const out = Buffer.concat(stdout).toString("utf8");
  // Exit 1 with a report: some policies the library rejects (the corpus has a few), counted as errors.
  let report: { summary: Record<string, number> };
  try {
    report = JSON.parse(out) as { summary: Record<string, number> };
    if (typeof report.summary?.checks !== "number") throw new Error("no report");
  } catch {
    throw new Error(
      `keyaki scan ${args.join(" ")} ended with ${status} and no report: ${Buffer.concat(stderr).toString("utf8").slice(0, 500)}`,
    );
  }
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
    json: out,
  };
}

const CONFIG = `checks:
  - check-no-public-access
  - check: check-access-not-granted
    actions: ["iam:PassRole"]
    policyTypes: [IDENTITY_POLICY]
`;
const PSEUDO = ["--account", "111122223333", "--region", "us-east-1", "--partition", "aws"];

export async function measureScan(corpus: CorpusPolicy[], files: number, log: (line: string) => void): Promise<ScanFigures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "keyaki-bench-scan-"));
  try {
    writeRepository(dir, corpus, files);
    writeFileSync(path.join(dir, "keyaki.config.yaml"), CONFIG);
    log(`scan: ${files} files written to ${dir}`);
    const jobs = os.availableParallelism();
    // 1 job and all jobs alternate, first one then the other, so neither always runs first.
    const rounds: ScanRound[] = [];
    for (let round = 0; round < (files >= 1000 ? 3 : 1); round++) {
      const loadBefore = os.loadavg()[0];
      const order = round % 2 === 0 ? [1, jobs] : [jobs, 1];
      const got = new Map<number, CliScan>();
      for (const n of order) got.set(n, await cliScan(dir, [...PSEUDO, "--jobs", String(n), "."]));
      const one = got.get(1)!;
      const all = got.get(jobs)!;
      const started = performance.now();
      const halves = await Promise.all(HALVES.map((h) => cliScan(dir, [...PSEUDO, "--jobs", "1", h])));
      const halvesSeconds = (performance.now() - started) / 1000;
      // Equal but for checks that ran out of time in one of the runs (a busy machine): counted.
      const differing = differingResults(one.json, all.json);
      const r = {
        differing,
        one: one.run,
        all: { ...all.run, jobs },
        speedup: one.run.seconds / all.run.seconds,
        halves: {
          seconds: halvesSeconds,
          checks: halves.reduce((n, h) => n + h.run.checks, 0),
          speedup: one.run.seconds / halvesSeconds,
        },
        load: [loadBefore, os.loadavg()[0]] as [number, number],
      };
      log(`scan round ${round + 1}: ${roundText(r)}`);
      rounds.push(r);
    }
    const median = [...rounds].sort((x, y) => x.speedup - y.speedup)[Math.floor(rounds.length / 2)];
    const corpusRun = files >= 1000 ? await measureCorpusScan(corpus, log) : undefined;
    return { ...median, rounds, ...(corpusRun ? { corpus: corpusRun } : {}) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The whole corpus in the pull-request scan: each latest managed policy in a template (as an
 * identity policy and, granted to one account, as a bucket policy), its previous version at the
 * base commit; `keyaki scan --base HEAD~1` with all jobs runs check-no-public-access,
 * check-access-not-granted (iam:PassRole) and check-no-new-access against the base.
 */
export async function measureCorpusScan(
  corpus: CorpusPolicy[],
  log: (line: string) => void,
): Promise<ScanRun & { jobs: number; load: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "keyaki-bench-corpus-"));
  try {
    const git = (...args: string[]) =>
      execFileSync("git", args, {
        cwd: dir,
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: "b",
          GIT_AUTHOR_EMAIL: "b@example.com",
          GIT_COMMITTER_NAME: "b",
          GIT_COMMITTER_EMAIL: "b@example.com",
        },
      });
    const write = (version: (p: CorpusPolicy) => string) =>
      corpus.forEach((p, i) => {
        const doc = JSON.parse(version(p)) as { Statement?: unknown };
        const template = {
          Resources: {
            BucketPolicy: {
              Type: "AWS::S3::BucketPolicy",
              Properties: { Bucket: `corpus-${i}`, PolicyDocument: bucketPolicy(doc, `corpus-${i}`, false) },
            },
            Managed: { Type: "AWS::IAM::ManagedPolicy", Properties: { PolicyDocument: doc } },
          },
        };
        writeFileSync(path.join(dir, `policy-${i}.json`), JSON.stringify(template));
      });
    git("init", "-q", "-b", "main");
    write((p) => (p.versions.length > 1 ? p.versions[p.versions.length - 2].text : p.latest.text));
    writeFileSync(path.join(dir, "keyaki.config.yaml"), CONFIG);
    git("add", ".");
    git("commit", "-qm", "previous versions");
    write((p) => p.latest.text);
    git("commit", "-qam", "latest versions");
    log(`scan: the corpus (${corpus.length} policies) written to ${dir}, previous versions at HEAD~1`);
    const jobs = os.availableParallelism();
    const load = os.loadavg()[0];
    const r = (await cliScan(dir, [...PSEUDO, "--base", "HEAD~1", "--jobs", String(jobs), "."])).run;
    log(`scan: corpus with --base, ${jobs} jobs: ${r.checks} checks in ${r.seconds.toFixed(1)} s (load ${load.toFixed(1)})`);
    return { ...r, jobs, load };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function roundText(r: ScanRound): string {
  return (
    `1 job ${r.one.seconds.toFixed(1)} s, ${r.all.jobs} jobs ${r.all.seconds.toFixed(1)} s: ${r.speedup.toFixed(2)}×; ` +
    `two one-job processes on a half each, at once: ${r.halves.seconds.toFixed(1)} s, ${r.halves.speedup.toFixed(2)}× ` +
    `(load ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}), ${r.differing === 0 ? "same report" : `${r.differing} results differ`}` +
    (r.halves.checks === r.one.checks ? "" : `, the halves ran ${r.halves.checks} checks`)
  );
}

/** How many results of two reports differ (a check that ran out of time in one run only). */
function differingResults(a: string, b: string): number {
  if (a === b) return 0;
  const ra = (JSON.parse(a) as { results: unknown[] }).results;
  const rb = (JSON.parse(b) as { results: unknown[] }).results;
  if (ra.length !== rb.length) return Math.max(ra.length, rb.length);
  return ra.filter((x, i) => JSON.stringify(x) !== JSON.stringify(rb[i])).length;
}

export function scanLine(f: ScanFigures): string {
  const o = f.one;
  const lines = [
    `scan: ${o.files} files, ${o.policies} policies, ${o.checks} checks (${o.pass} PASS, ${o.fail} FAIL, ${o.unknown} UNKNOWN, ${o.errors} errors), each run a fresh \`keyaki scan\` process; ` +
      `median of ${f.rounds.length} round${f.rounds.length === 1 ? "" : "s"}: 1 job ${o.seconds.toFixed(1)} s (${o.checksPerSecond.toFixed(0)} checks/s), ${f.all.jobs} jobs ${f.all.seconds.toFixed(1)} s (${f.all.checksPerSecond.toFixed(0)} checks/s): speed-up ${f.speedup.toFixed(2)}× (target ≥ 1.7×); ` +
      `the machine's baseline, two independent one-job processes on a half each: ${f.halves.speedup.toFixed(2)}×`,
    ...f.rounds.map((r, i) => `  round ${i + 1}: ${roundText(r)}`),
  ];
  if (f.corpus)
    lines.push(
      `scan of the corpus with --base (${f.corpus.policies} policies, ${f.corpus.checks} checks: no-public-access, access-not-granted, no-new-access), ${f.corpus.jobs} jobs: ${f.corpus.seconds.toFixed(1)} s (target ≤ 15 s; load ${f.corpus.load.toFixed(1)})`,
    );
  return lines.join("\n");
}
