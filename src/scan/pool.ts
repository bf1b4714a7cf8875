// The scan's check pool: the library's check functions, run on `jobs` worker threads.
// Contract: `createCheckPool(jobs)` returns an object with the same check functions as the
// library (the scan's Api), each call sent to the least busy worker (pool-worker.js, beside
// this module once built) and resolved with its response, or rejected with a KeyakiError
// rebuilt from the worker's (code, message, diagnostics). `close()` closes the library in every
// worker and ends them. Workers start on the first call, or all at once on `warm()`; one that dies is replaced on the next
// call, and the checks it held reject (the scan reports them as internal errors, never PASS). It needs the built module: from the
// TypeScript sources (tests under vitest) there is no pool-worker.js, and `available()` says so.

import type { KeyakiOptions } from "../keyaki.js";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { KeyakiError, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Api } from "./checks.js";

const WORKER = new URL("./pool-worker.js", import.meta.url);

export function poolAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER));
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

interface Slot {
  worker: Worker;
  busy: number;
}

export interface CheckPool extends Api {
  /** Starts every worker now (each loads the library), so the first checks find them ready. */
  warm(): void;
  close(): Promise<void>;
}

/** `options` make each worker's keyaki instance (engine, slicing: the CLI reads them from its environment). */
export function createCheckPool(jobs: number, options: KeyakiOptions = {}): CheckPool {
  const slots: Slot[] = [];
  const pending = new Map<number, Pending & { slot: Slot }>();
  let next = 0;
  const start = (): Slot => {
    const worker = new Worker(WORKER, { workerData: { options } });
    const slot: Slot = { worker, busy: 0 };
    worker.on(
      "message",
      (m: { id?: number; value?: unknown; error?: { keyaki: boolean; code?: string; message: string; diagnostics: Diagnostic[] } }) => {
        if (m.id === undefined) return;
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        p.slot.busy--;
        if (m.error)
          p.reject(
            m.error.keyaki
              ? new KeyakiError(m.error.code ?? "INTERNAL_ERROR", m.error.message, m.error.diagnostics)
              : new Error(m.error.message),
          );
        else p.resolve(m.value);
      },
    );
    // A worker that fails or exits is dropped (the next call starts a fresh one); its checks reject.
    const lost = (e: unknown) => {
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
      for (const [id, p] of pending)
        if (p.slot === slot) {
          pending.delete(id);
          p.reject(e);
        }
    };
    worker.on("error", lost);
    worker.on("exit", (code) => lost(new Error(`a check worker exited with code ${code}`)));
    slots.push(slot);
    return slot;
  };
  const call = (fn: string) => (input: unknown, options?: unknown) =>
    new Promise((resolve, reject) => {
      // A new worker only when every running one is busy.
      const idle = slots.reduce<Slot | undefined>((a, b) => (a === undefined || b.busy < a.busy ? b : a), undefined);
      const slot = idle && (idle.busy === 0 || slots.length >= jobs) ? idle : start();
      slot.busy++;
      const id = next++;
      pending.set(id, { resolve, reject, slot });
      slot.worker.postMessage({ id, fn, input, options });
    });
  return {
    warm() {
      while (slots.length < jobs) start();
    },
    checkNoNewAccess: call("checkNoNewAccess") as Api["checkNoNewAccess"],
    checkNoPublicAccess: call("checkNoPublicAccess") as Api["checkNoPublicAccess"],
    checkNoExternalAccess: call("checkNoExternalAccess") as Api["checkNoExternalAccess"],
    checkAccessNotGranted: call("checkAccessNotGranted") as Api["checkAccessNotGranted"],
    validatePolicy: call("validatePolicy") as Api["validatePolicy"],
    async close() {
      await Promise.all(
        slots.map(
          (s) =>
            new Promise<void>((resolve) => {
              const done = () => {
                clearTimeout(timer);
                s.worker.off("message", onMessage);
                void s.worker.terminate().then(() => resolve());
              };
              const timer = setTimeout(done, 15_000);
              const onMessage = (m: { closed?: boolean }) => {
                if (m.closed) done();
              };
              s.worker.on("message", onMessage);
              s.worker.postMessage({ close: true });
            }),
        ),
      );
      slots.length = 0;
    },
  };
}
