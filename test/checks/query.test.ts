// The one query loop (checks/query.ts): the deadline gate, hints, and the replay that must
// confirm every model. The solver is the real one, seen through a Solver that records each call.

import { afterAll, describe, expect, it } from "vitest";
import { encodePolicy } from "../../src/encode/encode.js";
import { keyTypesOf } from "../../src/encode/key-types.js";
import type { EncodeContext } from "../../src/encode/types.js";
import { evaluatePolicy } from "../../src/eval/evaluate.js";
import type { Formula, Vars } from "../../src/logic/ir.js";
import { parsePolicy } from "../../src/policy/parse.js";
import type { SolveOptions } from "../../src/solve/engine.js";
import { close, defaultSolver, type Solver } from "../../src/solve/index.js";
import { queries, type QueryOptions } from "../../src/checks/query.js";

afterAll(() => close());

const text = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
const policy = parsePolicy(text, "IDENTITY_POLICY").policy!;
const ctx: EncodeContext = { keyTypes: keyTypesOf([policy]), frees: new Map() };
const allows = encodePolicy(policy, ctx).allows;
const scope = { policyType: "IDENTITY_POLICY" as const, keyTypes: ctx.keyTypes, partition: "aws" as const };

/** The default solver, with every call's options recorded. */
function recording(): Solver & { calls: SolveOptions[] } {
  const calls: SolveOptions[] = [];
  return {
    calls,
    decide: (f: Formula, vars: Vars, options: SolveOptions) => (calls.push(options), defaultSolver.decide(f, vars, options)),
  };
}

const options = (solver: Solver, more: Partial<QueryOptions> = {}): QueryOptions => ({
  solver,
  deadline: Date.now() + 60_000,
  clock: Date.now,
  nextTurn: () => Promise.resolve(),
  hints: false,
  ...more,
});

const allowed = {
  what: "counterexample",
  polish: true,
  run: (request: Parameters<typeof evaluatePolicy>[1], frees: Map<string, boolean>) => {
    const e = evaluatePolicy(policy, request, { keyTypes: ctx.keyTypes, frees });
    return { confirmed: e.allowed === true, result: e.statements };
  },
};

describe("the query loop", () => {
  it("decodes a model to a request the evaluator confirms, polished to a real action", async () => {
    const w = await queries(scope, options(recording())).witness(allows, allowed);
    expect(w.status).toBe("sat");
    if (w.status === "sat") {
      expect(w.request.action).toBe("s3:GetObject");
      expect(w.replayed).toEqual([true]);
    }
  });

  it("a replay that does not confirm the model is an INTERNAL_ERROR, never an answer", async () => {
    const denying = { ...allowed, what: "finding witness", run: () => ({ confirmed: false, result: undefined }) };
    await expect(queries(scope, options(recording())).witness(allows, denying)).rejects.toMatchObject({
      code: "INTERNAL_ERROR",
      message: expect.stringMatching(/^finding witness replay disagrees with the solver \(action `s3:GetObject`/),
    });
  });

  it("past the deadline no query is asked: the answer is unknown, never unsat", async () => {
    const solver = recording();
    const asked = queries(scope, options(solver, { deadline: 0, clock: () => 1 }));
    expect(await asked.decide(allows)).toEqual({ status: "unknown", reason: "the timeout ran out" });
    expect(await asked.witness(allows, allowed)).toEqual({ status: "unknown", reason: "the timeout ran out" });
    expect(solver.calls).toHaveLength(0);
  });

  it("the solver gets the time left once the query is built", async () => {
    const solver = recording();
    let now = 0;
    // Each reading of the clock advances it 1 s: the second reading (after building) is the one passed on.
    await queries(scope, options(solver, { deadline: 10_000, clock: () => (now += 1000) })).decide(allows);
    expect(solver.calls.map((c) => c.timeoutMs)).toEqual([8000]);
  });

  it("with hints, each model is the next query's hint; without, none is passed", async () => {
    for (const hints of [true, false]) {
      const solver = recording();
      const asked = queries(scope, options(solver, { hints }));
      await asked.decide(allows);
      await asked.decide(allows);
      expect(solver.calls[0].hint).toBeUndefined();
      expect(solver.calls[1].hint !== undefined).toBe(hints);
    }
  });
});
