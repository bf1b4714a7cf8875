// The child process that makes the library calls, so the bench can stop a runaway check and
// measure the library's memory without the harness's copy of the corpus.
// Contract: handles one message at a time from the parent over IPC: `{spec, timeoutSeconds,
// engine}` → sets KEYAKI_ENGINE (deleted when engine is undefined; `z3:unsliced` also sets
// KEYAKI_SLICE=off, the whole question without slicing), runs the check with runCheck
// and sends back the CheckRecord (its peakRssMiB is this process's maxRSS); `{close: true}` →
// calls the library's close() and replies `{closed: true}`. Exits when the parent disconnects.

import { close } from "../src/index.js";
import { runCheck, type CheckSpec } from "./measure.js";

type Message = { close: true } | { spec: CheckSpec; timeoutSeconds: number; engine?: string };

if (!process.send) throw new Error("check-worker.js runs only as a forked child process");
const send = (m: unknown) => process.send!(m);

process.on("message", async (m: Message) => {
  if ("close" in m) {
    await close();
    send({ closed: true });
    return;
  }
  const [engine, slicing] = m.engine?.split(":") ?? [];
  if (engine === undefined) delete process.env.KEYAKI_ENGINE;
  else process.env.KEYAKI_ENGINE = engine;
  if (slicing === "unsliced") process.env.KEYAKI_SLICE = "off";
  else delete process.env.KEYAKI_SLICE;
  send(await runCheck(m.spec, m.timeoutSeconds));
});
process.on("disconnect", () => process.exit(0));
