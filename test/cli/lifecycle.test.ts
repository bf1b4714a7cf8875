// The command's contract with the library, against a stand-in library: UNKNOWN exits 3,
// exceptions become INTERNAL_ERROR without a stack (unless KEYAKI_DEBUG=1), and close() is always
// called once the library was loaded (the CLI's own instance, made by createKeyaki).
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CheckResponse } from "../../src/checks/types.js";
import { main } from "../../src/cli/main.js";
import { KeyakiError } from "../../src/diagnostics/diagnostic.js";

const lib = vi.hoisted(() => ({
  answer: undefined as unknown as () => Promise<CheckResponse>,
  closed: 0,
  calls: [] as unknown[],
}));

vi.mock("../../src/keyaki.js", () => ({
  createKeyaki: () => ({
    checkNoNewAccess: (input: unknown, options: unknown) => (lib.calls.push([input, options]), lib.answer()),
    checkAccessNotGranted: (input: unknown, options: unknown) => (lib.calls.push([input, options]), lib.answer()),
    close: async () => void lib.closed++,
  }),
}));

async function cli(argv: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    cwd: process.cwd(),
    env,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => '{"Statement": []}',
  });
  return { code, stdout, stderr };
}

const ARGS = [
  "check-access-not-granted",
  "--policy-document",
  "-",
  "--access",
  '[{"actions": ["s3:*"]}]',
  "--policy-type",
  "RESOURCE_POLICY",
];

beforeEach(() => {
  lib.closed = 0;
  lib.calls = [];
});

describe("keyaki against a stand-in library", () => {
  it("passes AWS's request shape and the timeout through", async () => {
    lib.answer = async () => ({ result: "PASS", message: "ok", reasons: [] });
    expect((await cli([...ARGS, "--timeout", "3"])).code).toBe(0);
    expect(lib.calls).toEqual([
      [
        { policyDocument: '{"Statement": []}', access: [{ actions: ["s3:*"] }], policyType: "RESOURCE_POLICY" },
        { timeoutSeconds: 3, partition: "aws" },
      ],
    ]);
    expect(lib.closed).toBe(1);
  });

  it("UNKNOWN exits 3 and says why", async () => {
    lib.answer = async () => ({ result: "UNKNOWN", message: "could not decide.", reasons: [], unknownReason: "the solver timed out" });
    expect(await cli(ARGS)).toEqual({ code: 3, stdout: "UNKNOWN: could not decide.\n\nWhy UNKNOWN: the solver timed out\n", stderr: "" });
    const j = await cli([...ARGS, "--output", "json"]);
    expect(j.code).toBe(3);
    expect(JSON.parse(j.stdout)).toEqual({
      result: "UNKNOWN",
      message: "could not decide.",
      reasons: [],
      unknownReason: "the solver timed out",
    });
    expect(lib.closed).toBe(2);
  });

  it("a library exception is INTERNAL_ERROR on one line, the stack only with KEYAKI_DEBUG=1", async () => {
    lib.answer = async () => {
      throw new TypeError("boom\nsecond line");
    };
    expect(await cli(ARGS)).toEqual({ code: 1, stdout: "", stderr: "keyaki: error INTERNAL_ERROR: internal error: boom\n" });
    const debug = await cli(ARGS, { KEYAKI_DEBUG: "1" });
    expect(debug.stderr).toMatch(/^TypeError: boom\nsecond line\n {4}at /);
    expect(debug.stderr.endsWith("keyaki: error INTERNAL_ERROR: internal error: boom\n")).toBe(true);
    const j = await cli([...ARGS, "--output", "json"]);
    expect(JSON.parse(j.stdout)).toEqual({ error: { code: "INTERNAL_ERROR", message: "internal error: boom", diagnostics: [] } });
    expect(lib.closed).toBe(3);
  });

  it("a KeyakiError keeps its code; a result outside PASS/FAIL/UNKNOWN is internal", async () => {
    lib.answer = async () => {
      throw new KeyakiError("INVALID_POLICY_TYPE", "policy type `X` is not one of IDENTITY_POLICY, RESOURCE_POLICY");
    };
    expect((await cli(ARGS)).stderr).toBe(
      "keyaki: error INVALID_POLICY_TYPE: policy type `X` is not one of IDENTITY_POLICY, RESOURCE_POLICY\n",
    );
    lib.answer = async () => ({ result: "MAYBE" }) as unknown as CheckResponse;
    expect(await cli(ARGS)).toEqual({
      code: 1,
      stdout: "",
      stderr: "keyaki: error INTERNAL_ERROR: internal error: the library answered with result `MAYBE`\n",
    });
    expect(lib.closed).toBe(2);
  });

  it("does not load the library for help, usage errors or unreadable input", async () => {
    await cli(["--help"]);
    await cli(["check-no-new-access", "--nope"]);
    await cli([
      "check-no-new-access",
      "--existing-policy-document",
      "file://nope.json",
      "--new-policy-document",
      "{}",
      "--policy-type",
      "IDENTITY_POLICY",
    ]);
    expect(lib.calls).toEqual([]);
    expect(lib.closed).toBe(0);
  });
});
