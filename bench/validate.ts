// Part `validate` of `npm run bench`: validate-policy (src/validate/) on the latest version of
// every AWS managed policy, as an IDENTITY_POLICY, twice — AWS's syntactic checks alone
// (`semantic: false`) and with keyaki's engine deciding REDUNDANT_STATEMENT and the PassRole /
// service-linked-role warnings (the default, timeout 10 s per policy).
// Contract: one library call at a time, in this process, each timed around the call alone;
// reports median / p90 / p99 / max per policy, the total, the five slowest, and the finding
// counts per (finding type, code) of the semantic run. ERROR findings on these real AWS policies
// are listed (policy, code): each is a case to justify (test/corpus/validate-policy.test.ts).

import { close, validatePolicy } from "../src/index.js";
import type { CorpusPolicy } from "./corpus.js";
import { table } from "./report.js";
import { median, percentile, sum } from "./stats.js";

export interface ValidateRun {
  label: string;
  policies: number;
  medianMs: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  totalS: number;
  slowest: Array<[string, number]>;
  counts: Record<string, number>;
  errors: string[];
}

const TIMEOUT_SECONDS = 10;

async function run(corpus: readonly CorpusPolicy[], semantic: boolean, log: (line: string) => void): Promise<ValidateRun> {
  const times: Array<[string, number]> = [];
  const counts: Record<string, number> = {};
  const errors: string[] = [];
  let last = Date.now();
  for (const [i, p] of corpus.entries()) {
    const t = performance.now();
    const r = await validatePolicy(
      { policyDocument: p.latest.text, policyType: "IDENTITY_POLICY" },
      { semantic, timeoutSeconds: TIMEOUT_SECONDS },
    );
    times.push([p.name, performance.now() - t]);
    for (const f of r.findings) {
      const key = `${f.findingType} ${f.issueCode}`;
      counts[key] = (counts[key] ?? 0) + 1;
      if (f.findingType === "ERROR") errors.push(`${p.name}: ${f.issueCode}`);
    }
    if (Date.now() - last > 10_000) {
      last = Date.now();
      log(`validate (${semantic ? "semantic" : "syntax only"}): ${i + 1}/${corpus.length}`);
    }
  }
  const ms = times.map(([, t]) => t);
  return {
    label: semantic ? "with the engine (default)" : "syntax only (semantic: false)",
    policies: corpus.length,
    medianMs: median(ms),
    p90Ms: percentile(ms, 90),
    p99Ms: percentile(ms, 99),
    maxMs: Math.max(...ms),
    totalS: sum(ms) / 1000,
    slowest: times
      .slice()
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5),
    counts,
    errors,
  };
}

export async function measureValidate(corpus: readonly CorpusPolicy[], every: number, log: (line: string) => void): Promise<ValidateRun[]> {
  const chosen = corpus.filter((_, i) => i % every === 0);
  log(`validate: ${chosen.length} policies, syntax only then with the engine`);
  try {
    return [await run(chosen, false, log), await run(chosen, true, log)];
  } finally {
    await close();
  }
}

export function validateTable(runs: readonly ValidateRun[]): string {
  const f = (x: number) => x.toFixed(1);
  const rows = runs.map((r) => [r.label, String(r.policies), f(r.medianMs), f(r.p90Ms), f(r.p99Ms), f(r.maxMs), r.totalS.toFixed(1)]);
  const out = [table(["validate-policy", "policies", "median ms", "p90 ms", "p99 ms", "max ms", "total s"], rows)];
  for (const r of runs) out.push(`  slowest (${r.label}): ${r.slowest.map(([n, t]) => `${n} ${t.toFixed(0)} ms`).join(", ")}`);
  const last = runs[runs.length - 1];
  if (last) {
    const keys = Object.keys(last.counts).sort();
    out.push(
      "",
      table(
        ["finding type and code (with the engine)", "findings"],
        keys.map((k) => [k, String(last.counts[k])]),
      ),
    );
    out.push(
      `  ERROR findings on real AWS policies: ${last.errors.length} (see test/corpus/validate-policy.test.ts for why each kind is AWS's own rule firing)`,
    );
  }
  return out.join("\n");
}
