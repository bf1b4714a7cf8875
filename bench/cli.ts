// CLI start-up: wall time of a whole `node bin/keyaki.js check-access-not-granted ...` process
// against the wall time of `node -e 0` on the same machine in the same run.
// Contract: runs each command `runs` times, sequentially, with spawnSync from the repository
// root, and reports medians and their ratio; returns a `skipped` note instead when the CLI or
// its example policy is missing. A CLI run that exits 1 (an error: not built, bad input, crash)
// is counted and its first output line kept, since its time would not be a check's start-up time
// (0 PASS, 2 FAIL and 3 UNKNOWN are answers).

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { median } from "./stats.js";

export const CLI_ARGS = [
  "bin/keyaki.js",
  "check-access-not-granted",
  "--policy-document",
  "file://examples/identity-policy.json",
  "--access",
  '[{"actions":["s3:DeleteBucket"]}]',
  "--policy-type",
  "IDENTITY_POLICY",
  "--output",
  "json",
];

export type CliFigures =
  | { skipped: string }
  | {
      runs: number;
      cliMedianMs: number;
      nodeMedianMs: number;
      /** cli median / `node -e 0` median. */
      ratio: number;
      exitCodes: number[];
      badRuns: number;
      firstProblem?: string;
    };

function time(root: string, args: string[]): { ms: number; status: number | null; output: string } {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  return { ms: performance.now() - started, status: r.status, output: `${r.stderr ?? ""}${r.stdout ?? ""}`.trim() };
}

export function measureCli(root: string, runs: number): CliFigures {
  const missing = ["bin/keyaki.js", "examples/identity-policy.json"].filter((f) => !existsSync(path.join(root, f)));
  if (missing.length > 0) return { skipped: `missing ${missing.join(", ")}` };
  const cli = Array.from({ length: runs }, () => time(root, CLI_ARGS));
  const node = Array.from({ length: runs }, () => time(root, ["-e", "0"]));
  const bad = cli.filter((r) => r.status === null || r.status === 1 || r.status > 3);
  const cliMedianMs = median(cli.map((r) => r.ms));
  const nodeMedianMs = median(node.map((r) => r.ms));
  return {
    runs,
    cliMedianMs,
    nodeMedianMs,
    ratio: cliMedianMs / nodeMedianMs,
    exitCodes: cli.map((r) => r.status ?? -1),
    badRuns: bad.length,
    ...(bad.length > 0 ? { firstProblem: bad[0].output.split("\n")[0] } : {}),
  };
}
