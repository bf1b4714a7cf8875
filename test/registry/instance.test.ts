// keyaki instances (src/keyaki.ts): options, not environment. An instance's options reach its
// checks (engine, timeout and partition defaults, strict mode), instances own their engines
// and close them, and library code reads no environment variable.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createKeyaki, defaultKeyaki, KeyakiError } from "../../src/index.js";
import { sharedSolver } from "../../src/solve/index.js";
import { and, not, TRUE } from "../../src/logic/ir.js";

const ALLOW = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
const ang = { policyDocument: ALLOW, access: [{ actions: ["s3:GetObject"] }], policyType: "IDENTITY_POLICY" as const };

const made = [createKeyaki({ engine: "finite", strict: true }), createKeyaki({ engine: "z3", strict: true })];
afterAll(() => Promise.all(made.map((k) => k.close())));

describe("createKeyaki(options)", () => {
  it("the engine option chooses the engine that answers", async () => {
    const [finite, z3] = made;
    expect(finite.solver).not.toBe(z3.solver);
    expect((await finite.solver.decide(and(TRUE), new Map(), { timeoutMs: 5000 })).engine).toBe("finite");
    expect((await z3.solver.decide(and(TRUE), new Map(), { timeoutMs: 5000 })).engine).toBe("z3");
    expect((await finite.solver.decide(not(TRUE), new Map(), { timeoutMs: 5000 })).result.status).toBe("unsat");
    for (const k of made) expect((await k.checkAccessNotGranted(ang)).result).toBe("FAIL");
  });

  it("the timeout and partition options are every call's defaults; a call's own options win", async () => {
    const k = createKeyaki({ timeoutSeconds: -1, partition: "aws-nowhere" });
    try {
      await expect(k.checkAccessNotGranted(ang)).rejects.toMatchObject({ code: "INVALID_PARTITION" });
      await expect(k.checkAccessNotGranted(ang, { partition: "aws" })).rejects.toMatchObject({ code: "INVALID_TIMEOUT" });
      expect((await k.checkAccessNotGranted(ang, { partition: "aws-cn", timeoutSeconds: 10 })).result).toBe("FAIL");
      await expect(k.validatePolicy({ policyDocument: ALLOW, policyType: "IDENTITY_POLICY" })).rejects.toBeInstanceOf(KeyakiError);
    } finally {
      await k.close();
    }
  });

  it("close() can be called twice, and the instance is usable afterwards", async () => {
    const k = createKeyaki({ engine: "finite" });
    expect((await k.checkAccessNotGranted(ang)).result).toBe("FAIL");
    await k.close();
    await k.close();
    expect((await k.checkAccessNotGranted(ang)).result).toBe("FAIL");
    await k.close();
  });

  it("the test setup made the default instance strict (test/setup.ts)", () => {
    expect(sharedSolver().strict).toBe(true);
    expect(defaultKeyaki().solver).toBe(sharedSolver());
    expect(createKeyaki().solver).not.toBe(sharedSolver());
  });
});

describe("library code reads no environment variable", () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
  it("process.env appears only at the edge: the CLI (src/cli) and the server's command (src/cli/serve.ts)", () => {
    const readers = files("src")
      .filter((f) => f.endsWith(".ts") && !f.startsWith(join("src", "cli")) && f !== join("src", "server", "cli.ts"))
      .filter((f) => /process\.env/.test(readFileSync(f, "utf8")));
    expect(readers).toEqual([]);
  });
});
