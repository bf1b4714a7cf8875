// `npm run bench -- --set adversarial`: every fixed pathological input (adversarial-inputs.ts)
// with --timeout 1 and 3, sequentially and 8 at a time (Promise.all in one process), each in a
// child process (adversarial-worker.ts). Prints, per (timeout, mode), the maximum and p99
// overshoot past the timeout (target ≤ 0.5 s, issue 11), the outcomes and the peak RSS.
// Contract: a group still running `hardLimitMs` after it started is stopped (SIGKILL, a fresh
// child for the next group) and each of its checks counts as having taken the hard limit, with
// outcome BENCH_HARD_LIMIT, so a hang shows as an overshoot instead of stalling the run.

import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { adversarialSpecs, type AdversarialSpec } from "./adversarial-inputs.js";
import type { AdversarialRecord } from "./adversarial-worker.js";
import { percentile } from "./stats.js";

const WORKER = fileURLToPath(new URL("./adversarial-worker.js", import.meta.url));
export const ADVERSARIAL_TIMEOUTS = [1, 3] as const;
export const CONCURRENCY = 8;
/** Target of issue 11: every check ends within its timeout plus this. */
export const OVERSHOOT_TARGET_S = 0.5;

export interface AdversarialRow {
  timeoutSeconds: number;
  mode: string;
  count: number;
  maxOvershootS: number;
  p99OvershootS: number;
  over: number;
  peakRssMiB: number;
  outcomes: Record<string, number>;
  worst: Array<{ name: string; s: number; outcome: string; detail?: string }>;
}

class GroupRunner {
  private child: ChildProcess | undefined;
  constructor(private readonly hardLimitMs: number) {}

  private get c(): ChildProcess {
    return (this.child ??= fork(WORKER, [], { serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"] }));
  }

  run(group: AdversarialSpec[], timeoutSeconds: number): Promise<AdversarialRecord[]> {
    const c = this.c;
    return new Promise((resolve) => {
      const done = (r: AdversarialRecord[], kill: boolean) => {
        clearTimeout(timer);
        c.off("message", onMessage);
        c.off("exit", onExit);
        if (kill) {
          this.child = undefined;
          if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
        }
        resolve(r);
      };
      const failed = (outcome: string) => group.map((s) => ({ name: s.name, ms: this.hardLimitMs, outcome, peakRssMiB: 0 }));
      const onMessage = (m: { records: AdversarialRecord[] }) => done(m.records, false);
      const onExit = () => done(failed("BENCH_WORKER_DIED"), true);
      const timer = setTimeout(() => done(failed("BENCH_HARD_LIMIT"), true), this.hardLimitMs);
      c.on("message", onMessage);
      c.on("exit", onExit);
      c.send({ group, timeoutSeconds });
    });
  }

  async close(): Promise<void> {
    const c = this.child;
    this.child = undefined;
    if (!c) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => (c.kill("SIGKILL"), resolve()), 15_000);
      c.once("message", () => (clearTimeout(timer), resolve()));
      c.once("exit", () => (clearTimeout(timer), resolve()));
      c.send({ close: true });
    });
    if (c.connected) c.disconnect();
  }
}

function row(timeoutSeconds: number, mode: string, records: AdversarialRecord[]): AdversarialRow {
  const over = records.map((r) => r.ms / 1000 - timeoutSeconds);
  const outcomes: Record<string, number> = {};
  for (const r of records) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  const worst = [...records]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 3)
    .map((r) => ({ name: r.name, s: r.ms / 1000, outcome: r.outcome, ...(r.detail ? { detail: r.detail.slice(0, 120) } : {}) }));
  return {
    timeoutSeconds,
    mode,
    count: records.length,
    maxOvershootS: Math.max(...over),
    p99OvershootS: percentile(over, 99),
    over: over.filter((s) => s > OVERSHOOT_TARGET_S).length,
    peakRssMiB: Math.max(...records.map((r) => r.peakRssMiB)),
    outcomes,
    worst,
  };
}

/** Runs the whole adversarial set; `hardLimitS` stops a group that runs that long. */
export async function runAdversarial(hardLimitS: number, log: (line: string) => void): Promise<AdversarialRow[]> {
  const specs = adversarialSpecs();
  const rows: AdversarialRow[] = [];
  for (const timeoutSeconds of ADVERSARIAL_TIMEOUTS) {
    for (const [mode, size] of [
      ["sequential", 1],
      [`${CONCURRENCY} at a time`, CONCURRENCY],
    ] as const) {
      // A fresh process per row: Z3's start-up and the memory peak belong to the row.
      const runner = new GroupRunner(hardLimitS * 1000);
      const records: AdversarialRecord[] = [];
      // 8 at a time: the set repeated to fill whole groups, so every group is full.
      const list = size === 1 ? specs : Array.from({ length: Math.ceil(specs.length / size) * size }, (_, i) => specs[i % specs.length]);
      for (let i = 0; i < list.length; i += size) {
        records.push(...(await runner.run(list.slice(i, i + size), timeoutSeconds)));
      }
      await runner.close();
      const r = row(timeoutSeconds, mode, records);
      log(`adversarial: timeout ${timeoutSeconds} s, ${mode}: max overshoot ${r.maxOvershootS.toFixed(2)} s`);
      rows.push(r);
    }
  }
  return rows;
}

export function adversarialTable(rows: AdversarialRow[]): string {
  const head = ["timeout", "mode", "checks", "max over (s)", "p99 over (s)", `> ${OVERSHOOT_TARGET_S} s`, "peak MiB", "outcomes"];
  const lines = rows.map((r) => [
    `${r.timeoutSeconds} s`,
    r.mode,
    String(r.count),
    r.maxOvershootS.toFixed(2),
    r.p99OvershootS.toFixed(2),
    String(r.over),
    r.peakRssMiB.toFixed(0),
    Object.entries(r.outcomes)
      .map(([k, v]) => `${k} ${v}`)
      .join(", "),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  const out = [fmt(head), ...lines.map(fmt)];
  const met = rows.every((r) => r.maxOvershootS <= OVERSHOOT_TARGET_S);
  out.push(`target: every check ends within timeout + ${OVERSHOOT_TARGET_S} s — ${met ? "met" : "NOT MET"}`);
  for (const r of rows)
    for (const w of r.worst)
      out.push(`  ${r.timeoutSeconds} s ${r.mode}: ${w.name} ${w.s.toFixed(2)} s ${w.outcome}${w.detail ? ` (${w.detail})` : ""}`);
  return out.join("\n");
}
