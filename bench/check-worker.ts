// The child process that makes the library calls, so the bench can stop a runaway check and
// measure the library's memory without the harness's copy of the corpus.
// Contract: handles one message at a time from the parent over IPC: `{spec, timeoutSeconds,
// engine}` → runs the check with runCheck on a keyaki instance made for `engine` (the default
// instance when undefined; `z3`, `finite` force that engine; `z3:unsliced` is Z3 on the whole
// question, slicing off; each instance made once and kept) and sends back the CheckRecord (its
// peakRssMiB is this process's maxRSS); `{close: true}` → closes every instance and replies
// `{closed: true}`. Exits when the parent disconnects.

import { close, createKeyaki, type EngineChoice, type Keyaki } from "../src/index.js";
import { runCheck, type CheckSpec } from "./measure.js";

type Message = { close: true } | { spec: CheckSpec; timeoutSeconds: number; engine?: string };

if (!process.send) throw new Error("check-worker.js runs only as a forked child process");
const send = (m: unknown) => process.send!(m);

/** The instances by `engine` string (the bench's own, closed with the default one). */
const instances = new Map<string, Keyaki>();

function instanceFor(engine: string): Keyaki {
  let k = instances.get(engine);
  if (!k) {
    const [choice, slicing] = engine.split(":");
    const forced = choice === "z3" || choice === "finite" ? { engine: choice as EngineChoice } : {};
    instances.set(engine, (k = createKeyaki({ ...forced, slicing: slicing !== "unsliced" })));
  }
  return k;
}

process.on("message", async (m: Message) => {
  if ("close" in m) {
    await Promise.all([close(), ...[...instances.values()].map((k) => k.close())]);
    send({ closed: true });
    return;
  }
  send(await runCheck(m.spec, m.timeoutSeconds, m.engine === undefined ? undefined : instanceFor(m.engine)));
});
process.on("disconnect", () => process.exit(0));
