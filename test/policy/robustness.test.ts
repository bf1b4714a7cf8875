// Bad input never crashes the parser: fuzzing (fast-check, fixed seeds), huge and deeply nested
// documents. Every result honours the contract: a policy xor at least one error, diagnostics
// sorted and located consistently with their offsets.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Located } from "../../src/iam/ast.js";
import { MAX_POLICY_CHARACTERS } from "../../src/policy/limits.js";
import { parsePolicy } from "../../src/policy/parse.js";
import type { PolicyType } from "../../src/iam/ast.js";
import { ALLOW_ALL, identity } from "./helpers.js";

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** The parser's contract, checked on any input. */
function holdsContract(text: string, type: PolicyType): void {
  const r = parsePolicy(text, type);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (r.policy) expect(errors).toEqual([]);
  else expect(errors.length).toBeGreaterThan(0);
  expect(r.diagnostics.map((d) => d.code)).not.toContain("INTERNAL_PARSE_ERROR");
  let last = 0;
  for (const d of r.diagnostics) {
    expect(d.offset).toBeGreaterThanOrEqual(last);
    last = d.offset;
    expect(d.offset).toBeLessThanOrEqual(text.length);
    expect({ line: d.line, column: d.column }).toEqual(lineColumn(text, d.offset));
    expect(d.path === "" || d.path.startsWith("/")).toBe(true);
    expect(d.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  }
  if (!r.policy) return;
  // Every located value points at JSON text that denotes it.
  const located: Located<string>[] = [];
  for (const s of r.policy.statements) {
    located.push(...s.action.patterns, ...(s.resource?.patterns ?? []));
    for (const c of s.conditions) located.push(...c.values);
  }
  for (const v of located) {
    const raw = text.slice(v.loc.offset, v.loc.offset + v.loc.length);
    expect(raw.startsWith('"') ? JSON.parse(raw) : raw).toBe(v.value);
    expect(lineColumn(text, v.loc.offset)).toEqual({ line: v.loc.line, column: v.loc.column });
  }
}

const KEYS = [
  "Version",
  "Id",
  "Statement",
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
  "AWS",
  "Service",
  "Federated",
  "StringEquals",
  "StringLike",
  "ForAnyValue:StringLike",
  "NumericLessThan",
  "DateGreaterThan",
  "Bool",
  "IpAddress",
  "BinaryEquals",
  "Null",
  "NullIfExists",
  "aws:SourceIp",
  "aws:username",
  "AWS:UserName",
  "x",
];
const STRINGS = [
  "Allow",
  "Deny",
  "*",
  "2012-10-17",
  "2008-10-17",
  "s3:GetObject",
  "s3:Get Object",
  "arn:aws:s3:::b/*",
  "arn:aws:waf:*",
  "123456789012",
  "arn:aws:iam::*:role/x*",
  "true",
  "false",
  "10",
  "1e3",
  "10.0.0.0/8",
  "2020-01-01",
  "QUJD",
  "a*",
  "",
  "a b",
];

const policyish: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...STRINGS),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 5 }),
  ),
})).value;

const statement = fc.record(
  {
    Sid: fc.constantFrom("A", "B", "a b"),
    Effect: fc.constantFrom("Allow", "Deny", "allow"),
    Principal: fc.oneof(fc.constant("*"), fc.record({ AWS: fc.constantFrom("*", "123456789012", ["arn:aws:iam::1:root"]) })),
    Action: fc.oneof(fc.constantFrom(...STRINGS), fc.array(fc.constantFrom(...STRINGS), { maxLength: 3 })),
    Resource: fc.oneof(fc.constantFrom(...STRINGS), fc.array(fc.constantFrom(...STRINGS), { maxLength: 3 })),
    Condition: fc.dictionary(
      fc.constantFrom(...KEYS.slice(12, 22)),
      fc.dictionary(
        fc.constantFrom("aws:SourceIp", "k", "K"),
        fc.oneof(
          fc.constantFrom(...STRINGS),
          fc.array(fc.oneof(fc.constantFrom(...STRINGS), fc.integer(), fc.boolean()), { maxLength: 3 }),
        ),
        { maxKeys: 2 },
      ),
      { maxKeys: 2 },
    ),
  },
  { requiredKeys: [] },
);
const policies = fc.record(
  { Version: fc.constantFrom("2012-10-17", "2008-10-17"), Statement: fc.oneof(statement, fc.array(statement, { maxLength: 3 })) },
  { requiredKeys: ["Statement"] },
);

const SEEDS = [
  identity(`"Sid": "A", ${ALLOW_ALL}, "Condition": {"StringEquals": {"aws:username": ["a", "b"]}, "Bool": {"aws:SecureTransport": false}}`),
  `{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Principal": {"AWS": ["*"]}, "NotAction": "s3:*", "Resource": "arn:aws:s3:::b/*"}}`,
];
const TOKENS = ['"', "{", "}", "[", "]", ",", ":", '"Effect"', "null", "1", '"*"', " ", "\\", "\n", "\u0000", "\uFEFF"];
const mutation = fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.constantFrom(...TOKENS));
const mutated = fc.tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([seed, edits]) =>
  edits.reduce((t, [at, del, tok]) => {
    const i = at % (t.length + 1);
    return t.slice(0, i) + tok + t.slice(i + del);
  }, seed),
);

const types = fc.constantFrom<PolicyType>("IDENTITY_POLICY", "RESOURCE_POLICY");
const RUNS = { seed: 20261129, numRuns: 300 };

describe("fuzz: parsePolicy never throws and honours its contract", () => {
  it("random strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), types, (t, ty) => holdsContract(t, ty)),
      RUNS,
    );
  });
  it("random JSON", () => {
    fc.assert(
      fc.property(fc.json(), types, (t, ty) => holdsContract(t, ty)),
      RUNS,
    );
  });
  it("policy-shaped JSON with random element types", () => {
    fc.assert(
      fc.property(policyish, types, fc.boolean(), (v, ty, pretty) => holdsContract(JSON.stringify(v, null, pretty ? 2 : 0) ?? "", ty)),
      RUNS,
    );
  });
  it("random policies from the grammar, many of them valid", () => {
    fc.assert(
      fc.property(policies, types, (v, ty) => holdsContract(JSON.stringify(v, null, 2), ty)),
      RUNS,
    );
    // The located-value checks above only bite on accepted policies: make sure there are some.
    const sample = fc.sample(fc.tuple(policies, types), { seed: RUNS.seed, numRuns: 300 });
    const accepted = sample.filter(([v, ty]) => parsePolicy(JSON.stringify(v), ty).policy).length;
    expect(accepted).toBeGreaterThan(30);
  });
  it("mutated valid policies", () => {
    fc.assert(
      fc.property(mutated, types, (t, ty) => holdsContract(t, ty)),
      RUNS,
    );
  });
});

describe("size and nesting limits", () => {
  it("a 2 MiB document is refused quickly without parsing", () => {
    const text = `{"Statement": [${Array(60_000).fill(`{${ALLOW_ALL}}`).join(",")}]}`;
    expect(text.length).toBeGreaterThan(2 * 1_048_576);
    const t0 = performance.now();
    const r = parsePolicy(text, "IDENTITY_POLICY");
    expect(performance.now() - t0).toBeLessThan(100);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["POLICY_TOO_LARGE"]);
  });
  it("the limit counts UTF-8 bytes, not characters", () => {
    const text = `{"Statement": [], "Id": "${"é".repeat(530_000)}"}`; // ~1.06 MB in UTF-8, 0.53 M characters
    expect(parsePolicy(text, "IDENTITY_POLICY").diagnostics.map((d) => d.code)).toEqual(["POLICY_TOO_LARGE"]);
  });
  it("a document at the identity-policy size limit parses, in bounded time; one character more is refused there", () => {
    const one = `{${ALLOW_ALL}}`;
    const head = `{"Version": "2012-10-17", "Statement": [`;
    const size = (t: string) => t.replace(/[ \t\n\r]/g, "").length;
    const n = Math.floor((MAX_POLICY_CHARACTERS.IDENTITY_POLICY - size(head) - 2) / (size(one) + 1));
    let text = head + Array(n).fill(one).join(",") + "]}";
    expect(size(text)).toBeLessThanOrEqual(MAX_POLICY_CHARACTERS.IDENTITY_POLICY);
    const t0 = performance.now();
    const r = parsePolicy(text, "IDENTITY_POLICY");
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(r.policy!.statements).toHaveLength(n);
    const pad = MAX_POLICY_CHARACTERS.IDENTITY_POLICY - size(text) + 1;
    text = text.replace(`"Version"`, `"Id": "${"x".repeat(pad - 8)}", "Version"`);
    expect(size(text)).toBe(MAX_POLICY_CHARACTERS.IDENTITY_POLICY + 1);
    const over = parsePolicy(text, "IDENTITY_POLICY").diagnostics;
    expect(over.map((d) => d.code)).toEqual(["POLICY_TOO_LARGE"]);
    expect(over[0].offset).toBe(text.length - 1);
  });
  it("pathological nesting gives a located error, never a stack overflow", () => {
    for (const text of ["[".repeat(100_000), '{"a":'.repeat(100_000), `{"Statement": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`]) {
      const r = parsePolicy(text, "IDENTITY_POLICY");
      expect(r.policy).toBeUndefined();
      expect(r.diagnostics).toHaveLength(1);
      expect(r.diagnostics[0]).toMatchObject({ code: "NESTING_TOO_DEEP", severity: "error", line: 1 });
    }
  });
  it("brackets inside strings do not count as nesting", () => {
    const text = identity(`"Sid": "${"[".repeat(1000)}", ${ALLOW_ALL}`);
    expect(parsePolicy(text, "IDENTITY_POLICY").diagnostics.map((d) => d.code)).toEqual(["UNSUPPORTED_SID"]);
  });
  it("moderate nesting is a type error, not a nesting error", () => {
    const text = `{"Statement": ${"[".repeat(60)}${"]".repeat(60)}}`;
    expect(parsePolicy(text, "IDENTITY_POLICY").diagnostics.map((d) => d.code)).toContain("INVALID_ELEMENT_TYPE");
  });
});
