// Runs checks in a worker thread (check-worker.js) with a hard wall-clock limit per check.
// Contract: `run` resolves to the worker's CheckRecord (timed inside the worker, around the
// library call alone), or — when a check is still running after `hardLimitMs`, far past its own
// timeout — terminates the worker, records the check as error BENCH_HARD_LIMIT with ms = the
// time waited, and starts a fresh worker for the next check. If the worker dies, the check is
// error BENCH_WORKER_DIED. One check at a time. `close` calls the library's close() in the
// worker (bounded) and ends it.

import { Worker } from "node:worker_threads";
import { performance } from "node:perf_hooks";
import type { CheckRecord, CheckSpec } from "./measure.js";

const WORKER_URL = new URL("./check-worker.js", import.meta.url);
const CLOSE_LIMIT_MS = 15_000;

export class CheckRunner {
  private worker: Worker | undefined;
  constructor(private readonly hardLimitMs: number) {}

  private get w(): Worker {
    return (this.worker ??= new Worker(WORKER_URL));
  }

  private async reset(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }

  run(spec: CheckSpec, timeoutSeconds: number, engine?: string): Promise<CheckRecord> {
    const w = this.w;
    const started = performance.now();
    return new Promise<CheckRecord>((resolve) => {
      const done = (r: CheckRecord, reset: boolean) => {
        clearTimeout(timer);
        w.off("message", onMessage);
        w.off("error", onError);
        w.off("exit", onExit);
        if (reset) void this.reset().then(() => resolve(r));
        else resolve(r);
      };
      const failed = (code: string, message: string): CheckRecord => ({
        name: spec.name,
        kind: spec.kind,
        ms: performance.now() - started,
        error: { code, message },
      });
      const onMessage = (r: CheckRecord) => done(r, false);
      const onError = (e: Error) => done(failed("BENCH_WORKER_DIED", e.message), true);
      const onExit = (code: number) => done(failed("BENCH_WORKER_DIED", `worker exited with code ${code}`), true);
      const timer = setTimeout(
        () => done(failed("BENCH_HARD_LIMIT", `still running after ${this.hardLimitMs / 1000} s (its timeout was ${timeoutSeconds} s); stopped`), true),
        this.hardLimitMs,
      );
      w.on("message", onMessage);
      w.on("error", onError);
      w.on("exit", onExit);
      w.postMessage({ spec, timeoutSeconds, engine });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    const closed = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), CLOSE_LIMIT_MS);
      w.once("message", () => (clearTimeout(timer), resolve(true)));
      w.once("exit", () => (clearTimeout(timer), resolve(true)));
    });
    w.postMessage({ close: true });
    if (!(await closed)) process.stderr.write(`[bench] close() did not finish within ${CLOSE_LIMIT_MS / 1000} s\n`);
    await this.reset();
  }
}
