// Issue 11: every check on hostile input ends within its timeout (a generous hang bound here:
// 5 s for --timeout 1, so a hang fails CI instead of stalling it, without depending on this
// machine's speed), answers without INTERNAL_ERROR, and under concurrency too. The inputs are the
// adversarial benchmark's (bench/adversarial-inputs.ts): the report's repros and their families.

import { afterAll, describe, expect, it } from "vitest";
import { checkAccessNotGranted, checkNoExternalAccess, checkNoNewAccess, checkNoPublicAccess, close, findings, KeyakiError } from "../../src/index.js";
import { adversarialSpecs, type AdversarialSpec } from "../../bench/adversarial-inputs.js";

afterAll(() => close());

const HANG_BOUND_MS = 5_000;

async function run(spec: AdversarialSpec, timeoutSeconds: number): Promise<{ outcome: string; ms: number; detail?: string }> {
  const started = Date.now();
  const o = { timeoutSeconds };
  try {
    let outcome: string;
    let detail: string | undefined;
    if (spec.kind === "findings") {
      const r = await findings(spec.input as never, o);
      outcome = "FINDINGS";
      detail = r.unknownReason;
    } else {
      const r =
        spec.kind === "access-not-granted"
          ? await checkAccessNotGranted(spec.input, o)
          : spec.kind === "no-new-access"
            ? await checkNoNewAccess(spec.input, o)
            : spec.kind === "no-public-access"
              ? await checkNoPublicAccess(spec.input, o)
              : await checkNoExternalAccess(spec.input as never, o);
      outcome = r.result;
      detail = r.unknownReason;
    }
    return { outcome, ms: Date.now() - started, detail };
  } catch (e) {
    const code = e instanceof KeyakiError ? e.code : "THROWN";
    return { outcome: `ERROR ${code}`, ms: Date.now() - started, detail: (e as Error).message };
  }
}

describe("hostile inputs end within the timeout", () => {
  for (const spec of adversarialSpecs()) {
    it(`${spec.name} (${spec.kind}), --timeout 1`, async () => {
      const r = await run(spec, 1);
      expect(r.outcome, r.detail).not.toMatch(/INTERNAL|THROWN/);
      expect(r.ms, `${r.outcome} ${r.detail ?? ""}`).toBeLessThan(HANG_BOUND_MS);
    }, 30_000);
  }

  it("eight at a time (Promise.all), --timeout 1", async () => {
    const specs = adversarialSpecs().slice(0, 8);
    const started = Date.now();
    const rs = await Promise.all(specs.map((s) => run(s, 1)));
    for (const r of rs) expect(r.outcome, r.detail).not.toMatch(/INTERNAL|THROWN/);
    expect(Date.now() - started).toBeLessThan(2 * HANG_BOUND_MS);
  }, 60_000);
});
