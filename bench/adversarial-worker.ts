// The child process of the adversarial set: runs a group of checks at once (Promise.all) through
// the public API and reports each one's wall time, measured from the moment the group started.
// Contract: handles one message at a time: `{group, timeoutSeconds}` → `{records}` (one per spec,
// in order, each with this process's peak RSS after the group); `{close: true}` → calls the
// library's close() and replies `{closed: true}`. Exits when the parent disconnects.

import { performance } from "node:perf_hooks";
import { close } from "../src/index.js";
import { callSpec, type AdversarialSpec } from "./adversarial-inputs.js";

export interface AdversarialRecord {
  name: string;
  ms: number;
  /** PASS / FAIL / UNKNOWN, `FINDINGS n` (with `?` when completeness was not proved), or `ERROR code`. */
  outcome: string;
  detail?: string;
  peakRssMiB: number;
}

type Message = { close: true } | { group: AdversarialSpec[]; timeoutSeconds: number };

if (!process.send) throw new Error("adversarial-worker.js runs only as a forked child process");
const send = (m: unknown) => process.send!(m);

process.on("message", async (m: Message) => {
  if ("close" in m) {
    await close();
    send({ closed: true });
    return;
  }
  const started = performance.now();
  const results = await Promise.all(
    m.group.map(async (spec) => {
      const r = await callSpec(spec, m.timeoutSeconds);
      return { name: spec.name, ms: performance.now() - started, ...r };
    }),
  );
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  send({ records: results.map((r) => ({ ...r, peakRssMiB })) });
});
process.on("disconnect", () => process.exit(0));
