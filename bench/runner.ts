// Runs checks in a child process (check-worker.js) with a hard wall-clock limit per check.
// Contract: `run` resolves to the child's CheckRecord (timed in the child, around the library
// call alone), or — when a check is still running after `hardLimitMs`, far past its own timeout —
// kills the child (SIGKILL; its Z3 grandchild exits when its IPC channel closes), records the
// check as error BENCH_HARD_LIMIT with ms = the time waited, and forks a fresh child for the next
// check. If the child dies, the check is error BENCH_WORKER_DIED. One check at a time.
// `close` calls the library's close() in the child (bounded) and ends it; the next `run` forks a
// fresh child, so closing between sets gives each set its own memory high-water mark.

import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import type { CheckRecord, CheckSpec } from "./measure.js";

const WORKER = fileURLToPath(new URL("./check-worker.js", import.meta.url));
const CLOSE_LIMIT_MS = 15_000;

export class CheckRunner {
  private child: ChildProcess | undefined;

  constructor(private readonly hardLimitMs: number) {}

  private get c(): ChildProcess {
    return (this.child ??= fork(WORKER, [], { serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"] }));
  }

  private kill(): void {
    const c = this.child;
    this.child = undefined;
    if (c && c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  }

  run(spec: CheckSpec, timeoutSeconds: number, engine?: string): Promise<CheckRecord> {
    const c = this.c;
    const started = performance.now();
    return new Promise<CheckRecord>((resolve) => {
      const done = (r: CheckRecord, kill: boolean) => {
        clearTimeout(timer);
        c.off("message", onMessage);
        c.off("exit", onExit);
        if (kill) this.kill();
        resolve(r);
      };
      const failed = (code: string, message: string): CheckRecord => ({
        name: spec.name,
        kind: spec.kind,
        ms: performance.now() - started,
        error: { code, message },
      });
      const onMessage = (r: CheckRecord) => done(r, false);
      const onExit = (code: number | null, signal: string | null) =>
        done(failed("BENCH_WORKER_DIED", `the check process exited (${signal ?? `code ${code}`})`), true);
      const timer = setTimeout(
        () =>
          done(
            failed("BENCH_HARD_LIMIT", `still running after ${this.hardLimitMs / 1000} s (its timeout was ${timeoutSeconds} s); stopped`),
            true,
          ),
        this.hardLimitMs,
      );
      c.on("message", onMessage);
      c.on("exit", onExit);
      c.send({ spec, timeoutSeconds, engine });
    });
  }

  async close(): Promise<void> {
    const c = this.child;
    if (!c) return;
    const closed = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), CLOSE_LIMIT_MS);
      c.once("message", () => (clearTimeout(timer), resolve(true)));
      c.once("exit", () => (clearTimeout(timer), resolve(true)));
    });
    c.send({ close: true });
    if (!(await closed)) process.stderr.write(`[bench] close() did not finish within ${CLOSE_LIMIT_MS / 1000} s\n`);
    this.child = undefined;
    if (c.connected) c.disconnect();
  }
}
