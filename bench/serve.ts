// Part `serve`: `keyaki serve` under load, against the same checks run in-process in the same run.
// Contract: takes real managed-policy checks (a sample of sets 1 and 2); runs them once through
// the library in this process, untimed (the expected answers, and warm engines as the server's
// workers will have them after their first requests); starts the built `keyaki serve --port 0`
// as a child process; then alternates ROUNDS rounds of (every check in-process, sequentially,
// timed) and (`clients` concurrent AWS SDK clients — @aws-sdk/client-accessanalyzer, dummy
// credentials, loopback only — replaying the checks cyclically for a share of `requests`), so
// that a change of the shared machine's load during the run weighs on both sides alike.
// Reports throughput (checks/s) of each side over all its rounds, client-side latency p50 / p99 /
// max, the server process's RSS (sampled every 250 ms from /proc: at start, when every check has
// been answered once, its mean over each tenth of the run, and its peak; it counts as flat when
// the last tenth's mean is within 10% of the third tenth's, once both workers are warm), and any
// answer that differs from the in-process one (result PASS/FAIL/UNKNOWN, or an error). Targets
// (issue 12): ≥ 80% of in-process throughput, p99 < 100 ms, RSS flat. With `clients` closed-loop
// clients, mean latency is clients / throughput (Little's law): p99 < 100 ms needs more than
// 10 × clients checks/s.

import { AccessAnalyzerClient, CheckAccessNotGrantedCommand, CheckNoNewAccessCommand } from "@aws-sdk/client-accessanalyzer";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { checkAccessNotGranted, checkNoNewAccess, close } from "../src/index.js";
import type { CheckSpec } from "./measure.js";
import { percentile } from "./stats.js";
import type { TargetRow } from "./targets.js";

export interface ServeFigures {
  checks: number;
  requests: number;
  clients: number;
  inProcessPerSecond: number;
  /** Per-check time in-process: what a request's latency is made of before any queueing. */
  inProcessP50Ms: number;
  inProcessP99Ms: number;
  serverPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  rssStartMiB: number;
  rssPeakMiB: number;
  rssWarmMiB: number;
  rssLastTenthMiB: number;
  /** Mean RSS over each tenth of the run, in order: the trend. */
  rssByTenthMiB: number[];
  mismatches: string[];
  errors: Record<string, number>;
}

type Answer = string; // PASS, FAIL, UNKNOWN or error:<code>

async function inProcess(spec: CheckSpec, timeoutSeconds: number): Promise<Answer> {
  try {
    const r =
      spec.kind === "no-new-access"
        ? await checkNoNewAccess(spec.input, { timeoutSeconds })
        : await checkAccessNotGranted(spec.input, { timeoutSeconds });
    return r.result;
  } catch (e) {
    return `error:${(e as { code?: string }).code ?? (e as Error).name}`;
  }
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function startServe(root: string, timeoutSeconds: number) {
  const child = spawn(
    process.execPath,
    [path.join(root, "bin", "keyaki.js"), "serve", "--port", "0", "--timeout", String(timeoutSeconds)],
    {
      cwd: root,
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let head = "";
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      head += d.toString();
      const m = /listening on (\S+)/.exec(head);
      if (m) {
        child.stderr!.off("data", onData);
        child.stderr!.resume(); // the per-request log lines are read and dropped
        resolve(m[1]);
      }
    };
    child.stderr!.on("data", onData);
    child.on("exit", (c) => reject(new Error(`keyaki serve exited with ${c}: ${head}`)));
  });
  return { child, url };
}

/** Rounds of in-process and server work, alternating. */
const ROUNDS = 5;

export async function measureServe(
  root: string,
  specs: CheckSpec[],
  o: { requests: number; clients: number; timeoutSeconds: number; log: (line: string) => void },
): Promise<ServeFigures> {
  o.log(`serve: ${specs.length} checks in-process, once untimed (the expected answers)`);
  const expected: Answer[] = [];
  for (const s of specs) expected.push(await inProcess(s, o.timeoutSeconds));

  const { child, url } = await startServe(root, o.timeoutSeconds);
  const pid = child.pid!;
  const samples: number[] = [rssMiB(pid)];
  const sampler = setInterval(() => samples.push(rssMiB(pid)), 250);
  o.log(
    `serve: ${ROUNDS} rounds of ${specs.length} checks in-process then ${o.requests / ROUNDS} requests from ${o.clients} SDK clients to ${url}`,
  );
  const times: number[] = [];
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  const mismatches: string[] = [];
  let inProcessMs = 0;
  let inProcessChecks = 0;
  let serverMs = 0;
  let next = 0;
  let answered = 0;
  let warmSample = -1;
  const client = () =>
    new AccessAnalyzerClient({
      endpoint: url,
      region: "us-east-1",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
      maxAttempts: 1,
    });
  const worker = async (c: AccessAnalyzerClient, until: number) => {
    for (let i = next++; i < until; i = next++) {
      const spec = specs[i % specs.length];
      const start = performance.now();
      let answer: Answer;
      try {
        const r =
          spec.kind === "no-new-access"
            ? await c.send(new CheckNoNewAccessCommand(spec.input))
            : await c.send(new CheckAccessNotGrantedCommand(spec.input as never));
        answer = r.result!;
      } catch (e) {
        answer = `error:${(e as Error).name}`;
        errors[answer] = (errors[answer] ?? 0) + 1;
      }
      latencies.push(performance.now() - start);
      if (++answered === specs.length) warmSample = samples.push(rssMiB(pid)) - 1;
      const want = expected[i % specs.length];
      // UNKNOWN depends on time, so a timeout on one side only is not a disagreement.
      if (answer !== want && answer !== "UNKNOWN" && want !== "UNKNOWN" && mismatches.length < 10)
        mismatches.push(`${spec.name}: in-process ${want}, server ${answer}`);
    }
  };
  const clients = Array.from({ length: o.clients }, client);
  for (let round = 1; round <= ROUNDS; round++) {
    const t0 = performance.now();
    for (const s of specs) {
      const t = performance.now();
      await inProcess(s, o.timeoutSeconds);
      times.push(performance.now() - t);
    }
    inProcessMs += performance.now() - t0;
    inProcessChecks += specs.length;
    const until = Math.round((o.requests * round) / ROUNDS);
    const t1 = performance.now();
    await Promise.all(clients.map((c) => worker(c, until)));
    serverMs += performance.now() - t1;
  }
  await close();
  const inProcessPerSecond = inProcessChecks / (inProcessMs / 1000);
  const serverPerSecond = o.requests / (serverMs / 1000);
  clearInterval(sampler);
  samples.push(rssMiB(pid));
  for (const c of clients) c.destroy();
  const exited = new Promise((r) => child.on("exit", r));
  child.kill("SIGTERM");
  await exited;

  const tenth = Math.max(1, Math.floor(samples.length / 10));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    checks: specs.length,
    requests: o.requests,
    clients: o.clients,
    inProcessPerSecond,
    inProcessP50Ms: percentile(times, 50),
    inProcessP99Ms: percentile(times, 99),
    serverPerSecond,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
    rssStartMiB: samples[0],
    rssPeakMiB: Math.max(...samples),
    rssWarmMiB: warmSample >= 0 ? samples[warmSample] : NaN,
    rssLastTenthMiB: mean(samples.slice(-tenth)),
    rssByTenthMiB: Array.from({ length: 10 }, (_, k) =>
      mean(
        samples.slice(
          Math.floor((k * samples.length) / 10),
          Math.max(Math.floor(((k + 1) * samples.length) / 10), Math.floor((k * samples.length) / 10) + 1),
        ),
      ),
    ),
    mismatches,
    errors,
  };
}

export function serveLine(f: ServeFigures): string {
  const errs = Object.entries(f.errors).map(([k, v]) => `${k} ×${v}`);
  return [
    `keyaki serve (${f.clients} concurrent SDK clients, ${f.requests} requests over ${f.checks} managed-policy checks):`,
    `  throughput ${f.serverPerSecond.toFixed(0)} checks/s, in-process (sequential, same checks, rounds alternating with the server's) ${f.inProcessPerSecond.toFixed(0)} checks/s: ${((100 * f.serverPerSecond) / f.inProcessPerSecond).toFixed(0)}%`,
    `  latency p50 ${f.p50Ms.toFixed(1)} ms, p99 ${f.p99Ms.toFixed(1)} ms, max ${f.maxMs.toFixed(0)} ms (in-process, per check: p50 ${f.inProcessP50Ms.toFixed(1)} ms, p99 ${f.inProcessP99Ms.toFixed(1)} ms)`,
    `  server RSS: ${f.rssStartMiB.toFixed(0)} MiB at start, ${f.rssWarmMiB.toFixed(0)} MiB once warm (every check answered once), ${f.rssLastTenthMiB.toFixed(0)} MiB over the last tenth of the run, peak ${f.rssPeakMiB.toFixed(0)} MiB; by tenth of the run: ${f.rssByTenthMiB.map((x) => x.toFixed(0)).join(" ")} MiB`,
    `  errors: ${errs.length > 0 ? errs.join(", ") : "none"}; answers differing from in-process: ${f.mismatches.length === 0 ? "none" : f.mismatches.join("; ")}`,
  ].join("\n");
}

export function serveTargets(f: ServeFigures): TargetRow[] {
  const ratio = f.serverPerSecond / f.inProcessPerSecond;
  const growth = f.rssLastTenthMiB / f.rssByTenthMiB[2];
  return [
    { target: "serve ≥ 80% of in-process throughput", measured: `${(100 * ratio).toFixed(0)}%`, met: ratio >= 0.8 },
    { target: "serve p99 < 100 ms", measured: `${f.p99Ms.toFixed(1)} ms`, met: f.p99Ms < 100 },
    { target: "serve RSS flat (last tenth ≤ 1.1× third tenth)", measured: `${growth.toFixed(2)}×`, met: growth <= 1.1 },
    { target: "serve answers = in-process answers", measured: `${f.mismatches.length} differ`, met: f.mismatches.length === 0 },
  ];
}
