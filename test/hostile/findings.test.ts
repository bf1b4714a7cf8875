// Issue 11: findings never guess. A finding whose query got no answer in time is kept only with
// its own mark (`unknownReason`) and the response's `unknownReason`; never as if proved. The same
// input gives the same findings whatever runs beside it (given the time to decide).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { close, findings, type Finding, type FindingsResponse } from "../../src/index.js";

afterAll(() => close());
afterEach(() => vi.restoreAllMocks());

const ORG_BUCKET = readFileSync(join(import.meta.dirname, "..", "..", "examples", "org-bucket.json"), "utf8");
const input = { policyDocument: ORG_BUCKET, resourceType: "AWS::S3::Bucket", trustedAccounts: ["123456789012"] };
const shape = (f: Finding) => JSON.stringify([f.principal, f.action, f.resource, f.condition]);

/** Date.now as it is, until `calls` readings; then a time far past any deadline. */
function clockRunningOutAfter(calls: number): void {
  const real = Date.now.bind(Date);
  let n = 0;
  vi.spyOn(Date, "now").mockImplementation(() => real() + (n++ < calls ? 0 : 1e9));
}

describe("findings never guess", () => {
  it("with no time at all: no finding, and the response says the list is not proved", async () => {
    const r = await findings(input, { timeoutSeconds: 0.001 });
    expect(r.unknownReason).toMatch(/could not be proved/);
    expect(r.findings.every((f) => f.unknownReason !== undefined)).toBe(true);
  });

  it("time running out at every point: each finding is proved (as in the full answer) or marked", async () => {
    const full = await findings(input, { timeoutSeconds: 30 });
    expect(full.unknownReason).toBeUndefined();
    const proved = new Set(full.findings.map(shape));
    let marked = 0;
    for (let calls = 0; calls < 400; calls += 7) {
      clockRunningOutAfter(calls);
      let r: FindingsResponse;
      try {
        r = await findings(input, { timeoutSeconds: 30 });
      } finally {
        vi.restoreAllMocks();
      }
      for (const f of r.findings) {
        if (f.unknownReason === undefined) expect(proved.has(shape(f)), `after ${calls} clock readings: ${shape(f)}`).toBe(true);
        else marked++;
      }
      if (r.findings.some((f) => f.unknownReason !== undefined)) expect(r.unknownReason).toBeDefined();
      if (r.unknownReason === undefined) expect(r.findings.map(shape).sort()).toEqual([...proved].sort());
    }
    expect(marked).toBeGreaterThan(0); // some cut fell between a finding's queries
  }, 120_000);

  it("the same findings alone and beside seven other checks", async () => {
    const alone = await findings(input, { timeoutSeconds: 30 });
    const together = await Promise.all(Array.from({ length: 8 }, () => findings(input, { timeoutSeconds: 30 })));
    for (const r of together) expect(r).toEqual(alone);
  }, 120_000);
});
