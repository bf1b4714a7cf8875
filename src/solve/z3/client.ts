// The parent side of the Z3 child process: start, queue, watchdog, crash recovery, shutdown.
// Contract: `run(request, deadline)` sends one query to the child (worker.mjs) and resolves
// with its reply or with `{ failed: reason }` — never rejects, and never later than `deadline`
// (a Date.now() value) plus WATCHDOG_GRACE_MS: the time spent waiting in the queue and for the
// child to load Z3 counts. Queries run one at a time, in order; one whose deadline has passed
// when its turn comes is not sent. The child is forked lazily by the first query and again by
// the first query after it died, was killed by the watchdog (no reply by the deadline plus the
// grace, once Z3 is loaded), or was stopped by `close()`. A child still loading Z3 at a query's
// deadline is left to finish loading (up to STARTUP_LIMIT_MS) so that the next query finds it
// ready; the query it was sent is dropped by the child as expired. While no query is in flight
// the child, its IPC channel and its stderr pipe are unref'd, so they never keep the parent
// process alive. `close()` kills the child and fails the queries queued before it; later queries
// start afresh.

import { fork, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface WorkerRequest {
  script: string;
  followUps: Record<string, string>;
  /** Date.now() value by which Z3 must stop; the child tightens the script's timeout to it. */
  z3Deadline: number;
}

export type WorkerReply = { check: string; extra: string } | { failed: string };

export type Fault = "crash" | "hang";

/** Time the child may take to start and load Z3 (init is 0.2–1.3 s) before it counts as broken. */
const STARTUP_LIMIT_MS = 20_000;
/** How long after a query's deadline the watchdog waits for its reply. */
export const WATCHDOG_GRACE_MS = 250;
/** With less time than this left when its turn comes, a query is not sent. */
const MIN_SEND_MS = 10;
const STDERR_TAIL = 2_000;

// worker.mjs is not compiled: it sits next to this module in src/, and from dist/src/solve/z3/
// it is found back in the package's src/solve/z3/.
function workerPath(): string {
  const candidates = [new URL("./worker.mjs", import.meta.url), new URL("../../../../src/solve/z3/worker.mjs", import.meta.url)];
  for (const c of candidates) if (existsSync(fileURLToPath(c))) return fileURLToPath(c);
  throw new Error("cannot find the z3 worker script `worker.mjs`");
}

export class Z3Process {
  private child: ChildProcess | undefined;
  /** When the current child was forked, and whether it has loaded Z3. */
  private startedAt = 0;
  private ready = false;
  private stderr = "";
  private lastFatal = "";
  private nextId = 1;
  private tail: Promise<unknown> = Promise.resolve();
  private generation = 0;
  private fault: Fault | undefined;
  private cancel: ((reason: string) => void) | undefined;

  run(req: WorkerRequest, deadline: number): Promise<WorkerReply> {
    const gen = this.generation;
    const result = this.tail.then(() => {
      if (gen !== this.generation) return { failed: "the z3 engine was closed" };
      if (deadline - Date.now() < MIN_SEND_MS) return { failed: "the time ran out while the query waited for z3" };
      return this.runNow(req, deadline);
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    this.generation++;
    this.cancel?.("the z3 engine was closed");
    await this.stop();
  }

  /** The child's process id, if one is running (tests). */
  pid(): number | undefined {
    return this.child?.pid;
  }

  /** Makes the child exit abruptly ("crash") or never answer ("hang") on the next query (tests). */
  injectFault(fault: Fault): void {
    this.fault = fault;
  }

  private start(): ChildProcess {
    this.stderr = "";
    this.lastFatal = "";
    const child = fork(workerPath(), [], {
      execArgv: [],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "json",
    });
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (d: string) => {
      this.stderr = (this.stderr + d).slice(-STDERR_TAIL);
    });
    child.on("message", (m: { fatal?: string; ready?: boolean }) => {
      if (m && typeof m.fatal === "string") this.lastFatal = m.fatal;
      if (m?.ready === true && this.child === child) this.ready = true;
    });
    child.on("exit", () => {
      if (this.child === child) this.child = undefined;
    });
    child.on("error", () => {
      if (this.child === child) this.child = undefined;
    });
    this.child = child;
    this.startedAt = Date.now();
    this.ready = false;
    return child;
  }

  private setRef(child: ChildProcess, on: boolean): void {
    const handles = [child, child.channel, child.stderr as unknown as { ref?(): void; unref?(): void } | null];
    for (const h of handles) if (h) on ? h.ref?.() : h.unref?.();
  }

  private runNow(req: WorkerRequest, deadline: number): Promise<WorkerReply> {
    let child: ChildProcess;
    try {
      child = this.child ?? this.start();
    } catch (e) {
      return Promise.resolve({ failed: `cannot start the z3 child process: ${(e as Error).message}` });
    }
    const limit = Math.max(0, deadline - Date.now()) + WATCHDOG_GRACE_MS;
    const id = this.nextId++;
    const fault = this.fault;
    this.fault = undefined;
    this.setRef(child, true);
    return new Promise<WorkerReply>((resolve) => {
      let settled = false;
      const finish = (r: WorkerReply, kill: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
        this.cancel = undefined;
        if (kill) void this.stop();
        else this.setRef(child, false);
        resolve(r);
      };
      const onMessage = (m: { id?: number; check?: string; extra?: string; error?: string }) => {
        if (m?.id !== id) return;
        if (typeof m.error === "string") finish({ failed: `z3 failed: ${m.error}` }, false);
        else finish({ check: String(m.check ?? ""), extra: String(m.extra ?? "") }, false);
      };
      const onExit = (code: number | null, signal: string | null) => {
        // Let the stderr pipe drain so the reason can quote the child's last words.
        setImmediate(() => {
          const why = (this.lastFatal || this.stderr).trim().split("\n").slice(0, 3).join(" | ");
          const how = signal ? `signal ${signal}` : `code ${code}`;
          finish({ failed: `the z3 child process exited (${how})${why ? `: ${why}` : ""}` }, false);
        });
      };
      const timer = setTimeout(() => {
        // A child still loading Z3 is not stuck: it drops this expired query and serves the next.
        if (!this.ready && Date.now() - this.startedAt < STARTUP_LIMIT_MS) {
          finish({ failed: `z3 was still starting after ${limit} ms` }, false);
        } else finish({ failed: `z3 did not answer within ${limit} ms; its process was stopped` }, true);
      }, limit);
      this.cancel = (reason) => finish({ failed: reason }, false);
      child.on("message", onMessage);
      child.on("exit", onExit);
      child.send({ id, ...req, ...(fault ? { [fault]: true } : {}) }, (err) => {
        if (err) finish({ failed: `cannot send the query to z3: ${err.message}` }, true);
      });
    });
  }

  private stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once("exit", () => resolve());
      // Keep the event loop alive until the exit is seen, or `await close()` would never return
      // in a script with nothing else to do (an idle child is unref'd).
      child.ref();
      child.kill("SIGKILL");
    });
  }
}
