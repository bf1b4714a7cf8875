// The command in-process: exit codes and where each message goes, for everything that is decided
// before a check runs (usage, help, version, unreadable input, malformed --access).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], stdin = "", cwd = process.cwd()): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    cwd,
    env: {},
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => stdin,
  });
  return { code, stdout, stderr };
}

const ANG = ["check-access-not-granted", "--policy-document", "file://examples/identity-policy.json", "--policy-type", "IDENTITY_POLICY"];

describe("keyaki (in-process)", () => {
  it("prints help and version on stdout with exit 0", async () => {
    const top = await cli(["--help"]);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain("keyaki check-no-new-access --existing-policy-document DOC");
    expect(top.stdout).toContain("Exit codes: 0 PASS, 2 FAIL, 3 UNKNOWN, 1 error");
    const sub = await cli(["check-access-not-granted", "-h"]);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/^Usage: keyaki check-access-not-granted/);
    const v = await cli(["--version"]);
    expect(v).toEqual({ code: 0, stdout: expect.stringMatching(/^keyaki \d+\.\d+\.\d+\n$/), stderr: "" });
  });

  it("usage errors: one line on stderr, exit 1", async () => {
    const r = await cli(["check-no-new-access", "--bogus"]);
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr: "keyaki: error USAGE_ERROR: unknown option `--bogus` (see `keyaki check-no-new-access --help`)\n",
    });
    expect((await cli([])).stderr).toMatch(/^keyaki: error USAGE_ERROR: missing command; .*\(see `keyaki --help`\)\n$/);
  });

  it("usage errors in json mode: the error object on stdout", async () => {
    const r = await cli(["check-no-new-access", "--output", "json", "--policy-type", "NOPE"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({
      error: {
        code: "USAGE_ERROR",
        message: "missing required options `--existing-policy-document`, `--new-policy-document`",
        diagnostics: [],
      },
    });
  });

  it("an unreadable file is a located one-line error", async () => {
    const r = await cli([...ANG.slice(0, 1), "--policy-document", "file://no/such.json", ...ANG.slice(3), "--access", "[]"]);
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr: "keyaki: error FILE_READ_ERROR: cannot read `no/such.json` given to `--policy-document`: no such file\n",
    });
    const dir = await cli([
      ...ANG.slice(0, 1),
      "--policy-document",
      "file://examples",
      ...ANG.slice(3),
      "--access",
      "[]",
      "--output",
      "json",
    ]);
    expect(JSON.parse(dir.stdout).error.code).toBe("FILE_READ_ERROR");
    expect(JSON.parse(dir.stdout).error.message).toContain("it is a directory");
  });

  it("file:// paths are relative to the working directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keyaki-cli-"));
    writeFileSync(join(dir, "access.json"), '[{"actions": ["s3:DeleteBucket"],}]');
    const r = await cli([...ANG.slice(0, 1), "--policy-document", "{}", ...ANG.slice(3), "--access", "file://access.json"], "", dir);
    // The file was found (relative to cwd) and its JSON error is located in it.
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^access\.json:1:33: error JSON_SYNTAX_ERROR: /);
    expect(r.stderr).toContain("> 1 | [{");
  });

  it("malformed --access JSON is located in the inline text", async () => {
    const r = await cli([...ANG, "--access", "[{actions: 1}]", "--output", "json"]);
    expect(r.code).toBe(1);
    const { error } = JSON.parse(r.stdout);
    expect(error.code).toBe("JSON_SYNTAX_ERROR");
    expect(error.diagnostics).toHaveLength(1);
    expect(error.diagnostics[0]).toMatchObject({ severity: "error", line: 1, column: 3, document: "access" });
  });
});
