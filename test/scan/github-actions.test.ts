// docs/github-actions.md cannot drift from the CLI: its workflow parses, has what upload-sarif
// needs (full history for --base, permission to write security events, the upload on
// `if: always()` of the file the scan writes), and its keyaki command line is accepted by keyaki's
// own argument parser — then runs, on a pull request of a temporary repository, and writes SARIF.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as Sarif from "sarif";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { main } from "../../src/cli/main.js";
import { git as gitIn } from "./scan-cli.js";
import { parseScanArgs } from "../../src/cli/scan.js";

const DOC = join(import.meta.dirname, "..", "..", "docs", "github-actions.md");

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}

function workflow(): { on: unknown; permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> } {
  const block = /```yaml\n([\s\S]*?)```/.exec(readFileSync(DOC, "utf8"));
  expect(block, "a yaml block in docs/github-actions.md").not.toBeNull();
  return parse(block![1]);
}

/** The scan step's argv after `npx keyaki scan` (GitHub's expression filled in) and the file it writes. */
function scanCommand(steps: Step[], baseRef: string): { argv: string[]; out: string } {
  const run = steps.find((s) => s.run?.includes("keyaki scan"))?.run;
  expect(run).toBeDefined();
  const line = run!.replace(/\$\{\{\s*github\.base_ref\s*\}\}/g, baseRef).trim();
  const m = /^npx keyaki scan (.*?)\s*>\s*(\S+)$/.exec(line);
  expect(m, line).not.toBeNull();
  return { argv: m![1].split(/\s+/), out: m![2] };
}

describe("docs/github-actions.md", () => {
  it("is a workflow upload-sarif accepts, whose keyaki command keyaki accepts", () => {
    const wf = workflow();
    expect(wf.on).toHaveProperty("pull_request");
    expect(wf.permissions["security-events"]).toBe("write");
    const steps = Object.values(wf.jobs)[0].steps;
    const checkout = steps.find((s) => s.uses?.startsWith("actions/checkout@"))!;
    expect(checkout.with?.["fetch-depth"]).toBe(0);
    const { argv, out } = scanCommand(steps, "main");
    const args = parseScanArgs(argv);
    expect(args).toMatchObject({ base: "origin/main", output: "sarif", paths: [] });
    const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"))!;
    expect(upload.if).toBe("always()");
    expect(upload.with?.sarif_file).toBe(out);
    expect(steps.indexOf(upload)).toBeGreaterThan(steps.findIndex((s) => s.run?.includes("keyaki scan")));
  });

  it("runs on a pull request of a repository and writes SARIF located in its templates", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keyaki-gha-"));
    const git = (...args: string[]) => gitIn(dir, ...args);
    const template = (actions: string) => `Resources:
  Reports:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: reports-example
      PolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::444455556666:root
            Action: ${actions}
            Resource: arn:aws:s3:::reports-example/*
`;
    git("init", "-q", "-b", "main");
    mkdirSync(join(dir, "infra"));
    writeFileSync(join(dir, "infra", "bucket.yaml"), template("s3:GetObject"));
    git("add", ".");
    git("commit", "-qm", "base");
    git("update-ref", "refs/remotes/origin/main", "HEAD"); // what actions/checkout's full fetch leaves
    git("checkout", "-qb", "feature");
    writeFileSync(join(dir, "infra", "bucket.yaml"), template("[s3:GetObject, s3:PutObject]"));
    git("commit", "-qam", "widen");
    const { argv } = scanCommand(Object.values(workflow().jobs)[0].steps, "main");
    let stdout = "";
    const code = await main(["scan", ...argv], {
      cwd: dir,
      env: {},
      stdout: (t) => void (stdout += t),
      stderr: () => undefined,
      readStdin: async () => "",
    });
    expect(code).toBe(2);
    const log = JSON.parse(stdout) as Sarif.Log;
    const widened = log.runs[0].results!.find((r) => r.ruleId === "check-no-new-access")!;
    expect(widened.level).toBe("error");
    expect(widened.properties?.against).toBe("origin/main");
    expect(widened.locations![0].physicalLocation).toMatchObject({
      artifactLocation: { uri: "infra/bucket.yaml" },
      region: { startLine: 9 },
    });
  }, 60_000);
});
