// `keyaki scan --jobs N` through the built command: with enough checks (50 a job) they run on N
// worker threads, and the report is the same bytes as with one job, including errors raised in a
// worker.
import { mkdtempSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, keyaki } from "../cli/built.js";

beforeAll(ensureBuilt, 120_000);

describe("keyaki scan --jobs", () => {
  it("gives the same report with 1 job and with 3 worker threads", () => {
    const dir = mkdtempSync(join(tmpdir(), "keyaki-pool-"));
    cpSync(join(import.meta.dirname, "fixtures"), dir, { recursive: true });
    // a policy the library rejects (an unknown Effect): an error raised in a worker
    for (let i = 0; i < 160; i++)
      writeFileSync(
        join(dir, `bucket-${i}.json`),
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: i % 7 === 0 ? "*" : { AWS: "arn:aws:iam::444455556666:root" },
              Action: "s3:GetObject",
              Resource: `arn:aws:s3:::b${i}/*`,
            },
          ],
        }),
      );
    writeFileSync(
      join(dir, "bad-policy.json"),
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Alow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }],
      }),
    );
    const args = ["scan", "--output", "json", "--account", "111122223333", "--region", "eu-west-1", "--partition", "aws"];
    const one = keyaki([...args, "--jobs", "1"], { cwd: dir });
    const three = keyaki([...args, "--jobs", "3"], { cwd: dir });
    expect(one.code).toBe(1);
    expect(three).toEqual(one);
    const report = JSON.parse(three.stdout);
    expect(report.summary.checks).toBeGreaterThan(150);
    expect(report.summary.fail).toBeGreaterThan(23);
    expect(report.errors.map((e: { file: string; code: string }) => `${e.file} ${e.code}`)).toEqual(["bad-policy.json INVALID_EFFECT"]);
  }, 120_000);
});
