// The finite engine at the scale of real queries: hundreds of action patterns (literals and
// prefixes, case-insensitive) and hundreds of resource patterns on one variable, two policies in
// one query. Correctness only (the answers are known by construction); bench/finite-micro.ts
// measures time.

import { describe, expect, it } from "vitest";
import { globPattern, literalPattern, type Pattern } from "../../src/logic/pattern.js";
import { evaluateFormula } from "../../src/logic/evaluate.js";
import { and, match, not, or, type Formula, type Sort, type Vars } from "../../src/logic/ir.js";
import { solveFinite } from "../../src/solve/finite/index.js";

const OPTS = { timeoutMs: 120_000, resourceLimit: 200_000_000 };
const VARS: Vars = new Map<string, Sort>([
  ["action", { sort: "string" }],
  ["resource", { sort: "string" }],
]);

const VERBS = ["Get", "List", "Describe", "Put", "Delete"];
const services = Array.from({ length: 40 }, (_, i) => `svc${String(i).padStart(2, "0")}`);
const actions = services.flatMap((s) => Array.from({ length: 15 }, (_, k) => `${s}:${VERBS[k % 5]}Thing${k}`));
const act = (s: string): Pattern => globPattern(s, true);
const res = (s: string): Pattern => {
  // ARN components 1-5 take colon-free wildcards, the resource part free ones.
  const parts = s.split(":");
  const head = parts.slice(0, 5).join(":") + ":";
  const tail = parts.slice(5).join(":");
  return { tokens: [...globPattern(head, false, true).tokens, ...globPattern(tail).tokens], caseInsensitive: false };
};
const anyOf = (v: string, ps: Pattern[]): Formula => or(...ps.map((p) => match(v, p)));

describe.each([
  ["default", {}],
  ["eager", { eagerStateLimit: 1_000_000 }],
  ["lazy", { eagerStateLimit: 0 }],
])("finite engine: scale (%s)", (mode, modeOptions) => {
  const solve = (f: Formula) => {
    const out = solveFinite(f, VARS, OPTS, { strict: true, ...modeOptions });
    if (out.result.status === "sat") expect(evaluateFormula(f, out.result.model)).toBe(true);
    return out;
  };

  const literals = actions.map((a) => act(a));
  const prefixes = services.flatMap((s) => VERBS.map((v) => act(`${s}:${v}*`)));

  it("600 literal actions are covered by their 200 prefixes (unsat)", () => {
    const { result, stats } = solve(and(anyOf("action", literals), not(anyOf("action", prefixes))));
    expect(result.status).toBe("unsat");
    if (mode === "eager") expect(stats!.classes.action).toBeGreaterThan(600);
  });

  it("drop one prefix: the witness is one of its literals (sat)", () => {
    const dropped = "svc17:Describe*";
    const rest = services
      .flatMap((s) => VERBS.map((v) => `${s}:${v}*`))
      .filter((p) => p !== dropped)
      .map(act);
    const { result } = solve(and(anyOf("action", literals), not(anyOf("action", rest))));
    expect(result.status).toBe("sat");
    if (result.status === "sat") expect(result.model.strings.get("action")!.toLowerCase()).toMatch(/^svc17:describething\d+$/);
  });

  it("case: upper-case literals meet lower-case prefixes", () => {
    const upper = actions.map((a) => literalPattern(a.toUpperCase(), true));
    const { result } = solve(and(anyOf("action", upper), not(anyOf("action", prefixes))));
    expect(result.status).toBe("unsat");
  });

  // Two policies: statement i allows a slice of actions on a slice of resources.
  const buckets = Array.from({ length: 150 }, (_, i) => `arn:aws:s3:::bucket-${i}`);
  const policy = (extra: boolean): Formula => {
    const stmts: Formula[] = [];
    for (let i = 0; i < 30; i++) {
      const acts = actions.slice(i * 20, i * 20 + 20).map(act);
      acts.push(act(`${services[i]}:Get*`), act(`${services[(i + 7) % 40]}:List*`));
      const rs = buckets.slice(i * 5, i * 5 + 5).flatMap((b) => [res(`${b}/*`), res(`${b}/home/*/docs/*`)]);
      rs.push(res(`arn:aws:dynamodb:*:123456789012:table/T${i}*`));
      stmts.push(and(anyOf("action", acts), anyOf("resource", rs)));
    }
    if (extra) stmts.push(and(match("action", act("svc39:PutThing3")), match("resource", res("arn:aws:s3:::bucket-0/private/*"))));
    const deny = and(match("action", act("*:Delete*")), match("resource", res("arn:aws:s3:::*/private/*")));
    return and(or(...stmts), not(deny));
  };

  it("a policy is equivalent to a fresh copy of itself (unsat both ways)", () => {
    expect(solve(and(policy(false), not(policy(false)))).result.status).toBe("unsat");
  });

  it("new access: exactly the added statement (sat), and nothing lost (unsat)", () => {
    const { result, stats } = solve(and(policy(true), not(policy(false))));
    expect(result.status).toBe("sat");
    if (result.status === "sat") {
      expect(result.model.strings.get("action")!.toLowerCase()).toBe("svc39:putthing3");
      expect(result.model.strings.get("resource")!.startsWith("arn:aws:s3:::bucket-0/private/")).toBe(true);
    }
    if (mode === "eager") expect(stats!.classes.resource).toBeGreaterThan(300);
    expect(solve(and(policy(false), not(policy(true)))).result.status).toBe("unsat");
  });
});
