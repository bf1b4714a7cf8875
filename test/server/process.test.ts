// `keyaki serve` as a process: the built command listens on the port it prints, logs one line per
// request on stderr, answers a request in progress when SIGTERM arrives, and exits 0.

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, keyaki, ROOT } from "../cli/built.js";

beforeAll(ensureBuilt, 120_000);

describe("keyaki serve (process)", () => {
  it("serves, logs, and shuts down gracefully on SIGTERM", async () => {
    const child = spawn(process.execPath, [join(ROOT, "bin", "keyaki.js"), "serve", "--port", "0"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await serveAndStop();
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL"); // never leave a server behind
    }
    async function serveAndStop() {
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr.on("data", (d: Buffer) => {
          stderr += d.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
          if (m) resolve(m[1]);
        });
        child.on("exit", () => reject(new Error(`exited early: ${stderr}`)));
      });
      const body = JSON.stringify({
        policyDocument: readFileSync(join(ROOT, "examples", "public-bucket.json"), "utf8"),
        resourceType: "AWS::S3::Bucket",
      });
      const first = await fetch(url + "/policy/check-no-public-access", { method: "POST", body });
      expect((await first.json()).result).toBe("FAIL");
      // A request in flight when SIGTERM arrives is still answered.
      const inFlight = fetch(url + "/policy/check-no-public-access", { method: "POST", body });
      await new Promise((r) => setTimeout(r, 20));
      child.kill("SIGTERM");
      expect((await (await inFlight).json()).result).toBe("FAIL");
      expect(await exited).toBe(0);
      const logLines = stderr.split("\n").filter((l) => /CheckNoPublicAccess/.test(l));
      expect(logLines).toHaveLength(2);
      for (const l of logLines) expect(l).toMatch(/^\S+Z CheckNoPublicAccess FAIL 200 \d+ms$/);
      expect(stderr).toMatch(/shutting down/);
    }
  }, 60_000);

  it("--help, and a usage error for a bad port", () => {
    const help = keyaki(["serve", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: keyaki serve \[--host HOST\] \[--port PORT\]/);
    const bad = keyaki(["serve", "--port", "70000"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("keyaki: error USAGE_ERROR: invalid value `70000` for `--port` (see `keyaki serve --help`)\n");
  });
});
