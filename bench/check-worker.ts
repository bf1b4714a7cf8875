// The worker thread that makes the library calls, so the main thread can stop a runaway check.
// Contract: handles one message at a time from the parent: `{spec, timeoutSeconds, engine}` →
// sets KEYAKI_ENGINE (deleted when engine is undefined), runs the check with runCheck and posts
// the CheckRecord; `{close: true}` → calls the library's close() and posts `{closed: true}`.

import { parentPort } from "node:worker_threads";
import { close } from "../src/index.js";
import { runCheck, type CheckSpec } from "./measure.js";

type Message = { close: true } | { spec: CheckSpec; timeoutSeconds: number; engine?: string };

const port = parentPort;
if (!port) throw new Error("check-worker.js runs only as a worker thread");

port.on("message", async (m: Message) => {
  if ("close" in m) {
    await close();
    port.postMessage({ closed: true });
    return;
  }
  if (m.engine === undefined) delete process.env.KEYAKI_ENGINE;
  else process.env.KEYAKI_ENGINE = m.engine;
  port.postMessage(await runCheck(m.spec, m.timeoutSeconds));
});
