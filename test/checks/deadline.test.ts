// The timeout holds for a whole check (run.ts): no query starts after the deadline. Time is a
// fake clock here, so the tests do not depend on how fast this machine is.

import { afterAll, describe, expect, it } from "vitest";
import { checkNoNewAccess, close } from "../../src/index.js";
import { encodePolicy } from "../../src/encode/encode.js";
import { keyTypesOf } from "../../src/encode/key-types.js";
import type { EncodeContext } from "../../src/encode/types.js";
import { evaluatePolicy } from "../../src/eval/evaluate.js";
import { not } from "../../src/logic/ir.js";
import { parsePolicy } from "../../src/policy/parse.js";
import { runProperty, type Property } from "../../src/checks/run.js";
import { defaultSolver } from "../../src/solve/index.js";

afterAll(() => close());

const doc = (actions: string[]) =>
  JSON.stringify({ Version: "2012-10-17", Statement: actions.map((a) => ({ Effect: "Allow", Action: a, Resource: "*" })) });

/** "Does the policy allow anything at all?" over three statements that each allow one action. */
function anyAccess(): Property {
  const policy = parsePolicy(doc(["s3:GetObject", "ec2:RunInstances", "iam:PassRole"]), "IDENTITY_POLICY").policy!;
  const ctx: EncodeContext = { keyTypes: keyTypesOf([policy]), frees: new Map() };
  const enc = encodePolicy(policy, ctx);
  return {
    policyType: "IDENTITY_POLICY",
    partition: "aws",
    keyTypes: ctx.keyTypes,
    frees: ctx.frees,
    violation: enc.allows,
    statementCount: 3,
    canBeAtFault: () => true,
    statementAllows: (i) => enc.statements[i],
    faultContext: not(enc.denied),
    replay(request, frees) {
      const e = evaluatePolicy(policy, request, { keyTypes: ctx.keyTypes, frees });
      return { violated: e.allowed, atFault: e.statements, touched: e.touched };
    },
  };
}

/** A clock that reads 0 for its first `calls` readings, then a time far past any deadline. */
function clockRunningOutAfter(calls: number): () => number {
  let n = 0;
  return () => (n++ < calls ? 0 : 1e12);
}

describe("the check timeout", () => {
  it("with time for every query, every statement at fault is found", async () => {
    const out = await runProperty(anyAccess(), defaultSolver, 10_000, clockRunningOutAfter(Infinity));
    expect(out.kind).toBe("fail");
    if (out.kind === "fail")
      expect({ statements: out.statements, unexamined: out.unexamined }).toEqual({ statements: [0, 1, 2], unexamined: [] });
  });

  it("pinpointing that runs out of time lists what it did not examine, and starts no query", async () => {
    // Readings: the deadline, then the first query's two (before it is built, before it is
    // asked: checks/query.ts); every later query finds the time gone.
    const out = await runProperty(anyAccess(), defaultSolver, 10_000, clockRunningOutAfter(3));
    expect(out.kind).toBe("fail");
    if (out.kind !== "fail") return;
    expect(out.statements).toHaveLength(1);
    expect([...out.statements, ...out.unexamined].sort()).toEqual([0, 1, 2]);
  });

  it("a first query with no time left is UNKNOWN, never PASS", async () => {
    const out = await runProperty(anyAccess(), defaultSolver, 10_000, clockRunningOutAfter(1));
    expect(out).toEqual({ kind: "unknown", reason: expect.stringMatching(/timeout ran out/) });
  });

  it("a check given less time than any query needs is UNKNOWN", async () => {
    const r = await checkNoNewAccess(
      { existingPolicyDocument: doc(["ec2:RunInstances"]), newPolicyDocument: doc(["s3:GetObject"]), policyType: "IDENTITY_POLICY" },
      { timeoutSeconds: 0.001 },
    );
    expect(r.result).toBe("UNKNOWN");
    expect(r.unknownReason).toMatch(/timeout ran out/);
  });
});
