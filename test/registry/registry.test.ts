// The check registry (src/registry/registry.ts) is the one place a check is declared: a check added
// as one module (toy-check.ts) plus one line in CHECKS appears in the CLI's help and parsing, is
// dispatched by the CLI, is routed and validated by the server, and is a function of every
// keyaki instance — with no other file changed. The line is added here with vi.mock, as the
// registry module would have it.

import { afterAll, describe, expect, it, vi } from "vitest";

vi.mock("../../src/registry/registry.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/registry/registry.js")>();
  const { checkGrantsNothingDef } = await import("./toy-check.js");
  return { ...real, CHECKS: [...real.CHECKS, checkGrantsNothingDef] };
});

// The test setup (test/setup.ts) loaded keyaki.ts with the registry as it is: load everything
// again, over the registry with the added line.
vi.resetModules();
const { parseArguments, COMMANDS } = await import("../../src/cli/args.js");
const { helpText } = await import("../../src/cli/help.js");
const { main } = await import("../../src/cli/main.js");
const { createApp } = await import("../../src/server/app.js");
const { OPERATIONS } = await import("../../src/server/operations.js");
const { createKeyaki } = await import("../../src/keyaki.js");
const { close } = await import("../../src/index.js");

afterAll(() => close());

const ALLOW = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
const DENY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }] });

async function cli(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    cwd: process.cwd(),
    env: {},
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => "",
  });
  return { code, stdout, stderr };
}

describe("a check added as one module and one registry line", () => {
  it("is a command of the CLI, in the top help and with its own help", () => {
    expect(COMMANDS).toContain("check-grants-nothing");
    const top = helpText();
    expect(top).toContain("  keyaki check-grants-nothing --policy-document DOC --policy-type IDENTITY_POLICY|RESOURCE_POLICY [options]\n");
    expect(top).toMatch(/\n {2}check-grants-nothing +does the policy allow any request at all\?\n/);
    const own = helpText("check-grants-nothing" as never);
    expect(own).toMatch(/^Usage: keyaki check-grants-nothing --policy-document DOC/);
    expect(own).toContain("--policy-document DOC");
    expect(own).toContain("--partition ID");
  });

  it("is parsed from its flags, with the registry's usage rules", () => {
    expect(parseArguments(["check-grants-nothing", "--policy-document", "{}", "--policy-type", "IDENTITY_POLICY"])).toEqual({
      kind: "check",
      command: "check-grants-nothing",
      output: "text",
      timeoutSeconds: 10,
      partition: "aws",
      policyType: "IDENTITY_POLICY",
      policyDocument: { kind: "inline", text: "{}" },
    });
    expect(() => parseArguments(["check-grants-nothing", "--policy-type", "IDENTITY_POLICY"])).toThrow(
      "missing required option `--policy-document`",
    );
    expect(() => parseArguments(["check-grants-nothing", "--policy-document", "{}", "--policy-type", "X"])).toThrow(
      "invalid value `X` for `--policy-type`; expected `IDENTITY_POLICY` or `RESOURCE_POLICY`",
    );
  });

  it("is dispatched by the CLI: FAIL exits 2, PASS 0, bad input 1", async () => {
    const fail = await cli(["check-grants-nothing", "--policy-document", ALLOW, "--policy-type", "IDENTITY_POLICY", "--output", "json"]);
    expect(fail.code).toBe(2);
    expect(JSON.parse(fail.stdout)).toMatchObject({ result: "FAIL", message: "The policy document grants access." });
    const pass = await cli(["check-grants-nothing", "--policy-document", DENY, "--policy-type", "IDENTITY_POLICY", "--output", "json"]);
    expect(pass.code).toBe(0);
    expect(JSON.parse(pass.stdout)).toMatchObject({ result: "PASS" });
    const bad = await cli(["check-grants-nothing", "--policy-document", "{", "--policy-type", "IDENTITY_POLICY"]);
    expect(bad.code).toBe(1);
  });

  it("is reported in its own words: text and SARIF read them from its declaration", async () => {
    const text = await cli(["check-grants-nothing", "--policy-document", ALLOW, "--policy-type", "IDENTITY_POLICY"]);
    expect(text.code).toBe(2);
    expect(text.stdout, text.stdout).toContain("Counterexample (allowed by the policy):");
    const sarif = await cli(["check-grants-nothing", "--policy-document", ALLOW, "--policy-type", "IDENTITY_POLICY", "--output", "sarif"]);
    const rule = JSON.parse(sarif.stdout).runs[0].tool.driver.rules.find((r: { id: string }) => r.id === "check-grants-nothing");
    expect(rule).toMatchObject({ name: "CheckGrantsNothing", shortDescription: { text: "Does the policy allow any request at all?" } });
  });

  it("is a function of every instance", async () => {
    const k = createKeyaki({ strict: true });
    try {
      const f = (k as unknown as Record<string, (i: unknown) => Promise<{ result: string }>>).checkGrantsNothing;
      expect((await f({ policyDocument: ALLOW, policyType: "IDENTITY_POLICY" })).result).toBe("FAIL");
    } finally {
      await k.close();
    }
  });

  it("is a route of the server, its request validated as declared", async () => {
    const op = OPERATIONS.find((o) => o.name === "CheckGrantsNothing")!;
    expect(op.path).toBe("/policy/check-grants-nothing");
    const k = createKeyaki({ strict: true });
    const app = createApp({
      // In this thread (the pool's threads load the unmocked registry).
      runCheck: async (o, input) => ({
        ok: true,
        response: await (k as unknown as Record<string, (i: unknown) => Promise<Record<string, unknown>>>)[o.check.fn](input),
      }),
      maxBodyBytes: 1 << 20,
      maxInFlight: 2,
      timeoutSeconds: 10,
      log: () => undefined,
    });
    const post = (body: unknown) => app.request("/policy/check-grants-nothing", { method: "POST", body: JSON.stringify(body) });
    try {
      const ok = await post({ policyDocument: ALLOW, policyType: "IDENTITY_POLICY" });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ result: "FAIL" });
      const bad = await post({ policyDocument: ALLOW, policyType: "SOMETHING" });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ reason: "fieldValidationFailed", fieldList: [{ name: "policyType" }] });
    } finally {
      await k.close();
    }
  });
});
