// Reduces a set's check records to the figures the benchmark prints and writes.
// Contract: pure. Memory is the peak RSS (process.resourceUsage().maxRSS) of the check process
// each record reports: the bench runs each set in a fresh child process (runner.ts), so the peak is
// the library's alone for that set — not the harness's corpus copy, not Z3's child process.

import type { CheckRecord } from "./measure.js";
import { median, percentile, sum } from "./stats.js";

export interface SetSummary {
  count: number;
  medianMs: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  totalSeconds: number;
  peakRssMiB: number;
  /** The check after which the check process's peak RSS first reached the set's peak. */
  peakSetBy?: string;
  results: { PASS: number; FAIL: number; UNKNOWN: number };
  errors: number;
  errorCodes: Record<string, number>;
  firstErrors: Array<{ name: string; code: string; message: string }>;
  unknowns: Array<{ name: string; reason: string }>;
  /** UNKNOWN checks by cause (a check with several causes counts under each). */
  unknownCauses: Record<string, number>;
  slowest: Array<{ name: string; ms: number; outcome: string }>;
}

const TIME = /did not answer|timeout|timed out|time limit|budget/i;

/** Short names of why a check was UNKNOWN: `timeout` (the solver ran out of time), or `other`. */
export function unknownCauses(reason: string): string[] {
  return [TIME.test(reason) ? "timeout" : "other"];
}

export const outcome = (r: CheckRecord): string => r.result ?? `ERROR ${r.error?.code}`;

/** This process's (the harness's) peak RSS in MiB; maxRSS is in KiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function summarize(records: readonly CheckRecord[]): SetSummary {
  const ms = records.map((r) => r.ms);
  const results = { PASS: 0, FAIL: 0, UNKNOWN: 0 };
  const errorCodes: Record<string, number> = {};
  for (const r of records) {
    if (r.result) results[r.result]++;
    if (r.error) errorCodes[r.error.code] = (errorCodes[r.error.code] ?? 0) + 1;
  }
  const errored = records.filter((r) => r.error);
  return {
    count: records.length,
    medianMs: median(ms),
    p90Ms: percentile(ms, 90),
    p99Ms: percentile(ms, 99),
    maxMs: records.length ? Math.max(...ms) : NaN,
    totalSeconds: sum(ms) / 1000,
    peakRssMiB: Math.max(0, ...records.map((r) => r.peakRssMiB ?? 0)),
    peakSetBy: peakSetter(records),
    results,
    errors: errored.length,
    errorCodes,
    firstErrors: errored.slice(0, 10).map((r) => ({ name: r.name, ...r.error! })),
    unknowns: records.filter((r) => r.result === "UNKNOWN").map((r) => ({ name: r.name, reason: r.unknownReason ?? "" })),
    unknownCauses: countCauses(records),
    slowest: records
      .slice()
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5)
      .map((r) => ({ name: r.name, ms: r.ms, outcome: outcome(r) })),
  };
}

function countCauses(records: readonly CheckRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) if (r.result === "UNKNOWN") for (const c of unknownCauses(r.unknownReason ?? "")) out[c] = (out[c] ?? 0) + 1;
  return out;
}

function peakSetter(records: readonly CheckRecord[]): string | undefined {
  const peaks = records.map((r) => r.peakRssMiB ?? 0);
  const max = Math.max(0, ...peaks);
  const i = peaks.findIndex((p) => p === max);
  if (i < 0 || max === 0) return undefined;
  return i === 0 ? `${records[0].name} (or earlier)` : records[i].name;
}
