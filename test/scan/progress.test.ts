// The scan's progress: plain, deterministic lines off a terminal and in CI (no escape codes, a
// bounded number whatever the scan's size); a cli-progress bar on a terminal, cleared at the end.
import { describe, expect, it } from "vitest";
import { scanProgress } from "../../src/cli/scan-progress.js";
import { main } from "../../src/cli/main.js";
import { join } from "node:path";

function sink(env: Record<string, string> = {}) {
  let text = "";
  return { io: { env, stderr: (t: string) => void (text += t) }, text: () => text };
}

describe("scan progress", () => {
  it("writes a line when the checks start and one at each quarter, off a terminal", () => {
    const s = sink();
    const p = scanProgress(s.io, false);
    p.onFile("a.yaml", 0, 2);
    p.onFile("b.yaml", 1, 2);
    for (let done = 0; done <= 1000; done++) p.onChecks(done, 1000);
    p.stop();
    expect(s.text()).toBe(
      "keyaki scan: 1000 checks to run\n" +
        "keyaki scan: 250/1000 checks done\nkeyaki scan: 500/1000 checks done\nkeyaki scan: 750/1000 checks done\nkeyaki scan: 1000/1000 checks done\n",
    );
  });

  it("writes plain lines in CI even on a terminal, and draws a bar on a terminal otherwise", () => {
    const ci = sink({ CI: "true" });
    const p = scanProgress(ci.io, true);
    p.onChecks(0, 3);
    p.onChecks(3, 3);
    p.stop();
    expect(ci.text()).toBe("keyaki scan: 3 checks to run\nkeyaki scan: 3/3 checks done\n");
    const tty = sink();
    const bar = scanProgress(tty.io, true, 100);
    bar.onFile("templates/app.yaml", 0, 1);
    bar.onChecks(0, 4);
    bar.onChecks(2, 4);
    bar.stop();
    expect(tty.text()).toContain("\x1b["); // drawn in place
    expect(tty.text()).toMatch(/keyaki scan files .*1\/1 templates\/app\.yaml/);
    expect(tty.text()).toMatch(/keyaki scan checks \[[█░]+\] 0\/4/);
    expect(tty.text()).not.toContain("\n"); // cleared on completion, not scrolled
  });

  it("goes to standard error, so the report on standard output is unchanged", async () => {
    let stdout = "";
    let stderr = "";
    const code = await main(["scan", "--output", "json", "policies"], {
      cwd: join(import.meta.dirname, "fixtures"),
      env: {},
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      readStdin: async () => "",
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).summary.files).toBe(2);
    expect(stderr).toMatch(/^keyaki scan: \d+ checks to run\n(keyaki scan: \d+\/\d+ checks done\n)+$/);
  }, 60_000);
});
