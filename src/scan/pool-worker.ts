// One worker of the scan's check pool (pool.ts): runs the library's checks it is sent, on a keyaki
// instance made with the pool's options (workerData.options).
// Contract: for each message {id, fn, input, options} it posts {id, value} with the check's
// response, or {id, error} with a KeyakiError's code, message and diagnostics (or an internal
// error's message), one call at a time in arrival order. On {close: true} (after the calls before
// it) it closes its instance and posts {closed: true}.

import { parentPort, workerData } from "node:worker_threads";
import { KeyakiError } from "../diagnostics/diagnostic.js";
import { createKeyaki, type KeyakiOptions } from "../keyaki.js";

const api = createKeyaki((workerData as { options?: KeyakiOptions } | undefined)?.options ?? {});

type Fn = "checkNoNewAccess" | "checkNoPublicAccess" | "checkNoExternalAccess" | "checkAccessNotGranted" | "validatePolicy";

// One call at a time, in arrival order: the pool keeps several in flight so this worker never
// waits for the main thread, but a check's time bound must start when it starts, not while it
// waits behind others (interleaved, a check could run out of time only because of its neighbours).
let turn: Promise<void> = Promise.resolve();

parentPort?.on("message", (m: { id: number; fn: Fn; input: unknown; options: unknown } | { close: true }) => {
  turn = turn.then(() => handle(m));
});

async function handle(m: { id: number; fn: Fn; input: unknown; options: unknown } | { close: true }): Promise<void> {
  if ("close" in m) {
    await api.close();
    parentPort?.postMessage({ closed: true });
    return;
  }
  try {
    const value = await (api[m.fn] as (input: unknown, options: unknown) => Promise<unknown>)(m.input, m.options);
    parentPort?.postMessage({ id: m.id, value });
  } catch (e) {
    const err = e as { name?: string; code?: string; message?: string; diagnostics?: unknown };
    parentPort?.postMessage({
      id: m.id,
      error: {
        keyaki: e instanceof KeyakiError,
        code: err.code,
        message: String(err.message ?? e),
        diagnostics: err.diagnostics ?? [],
      },
    });
  }
}
