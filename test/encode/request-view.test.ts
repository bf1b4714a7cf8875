// The request view and its inverse: requestToAssignment, assignmentToRequest, requestDomain.
// The round-trip property: decoding a model and re-encoding the request gives every atom the
// same truth value (value atoms of absent keys aside, which no formula reads unguarded), and
// replaying the decoded request through the evaluator gives the formulas' answers.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decimalText } from "../../src/eval/decimal.js";
import { encodePolicy } from "../../src/encode/encode.js";
import { keyTypesOf } from "../../src/encode/key-types.js";
import { assignmentToRequest, requestDomain, requestToAssignment } from "../../src/eval/request-view.js";
import { varsOf } from "../../src/encode/vars.js";
import { evaluatePolicy } from "../../src/eval/evaluate.js";
import type { KeyTypes } from "../../src/iam/key-types.js";
import { PRINCIPAL_KEYS, derivedKeyRule } from "../../src/iam/principal-keys.js";
import { principalKind, principalView } from "../../src/iam/principal.js";
import { IP_MAX, parseNumber } from "../../src/iam/values.js";
import { evaluateFormula, formulaVariables } from "../../src/logic/evaluate.js";
import { emptyAssignment, type Assignment, type Formula } from "../../src/logic/ir.js";
import { rational, type Rational } from "../../src/logic/rational.js";
import { cond, identity, req } from "../eval/ast-helpers.js";
import { policyArb, REQUEST_ACTIONS, REQUEST_PRINCIPALS, REQUEST_RESOURCES, REQUEST_VALUES } from "./arbitraries.js";

const RUNS = Number(process.env.KEYAKI_DIFF_RUNS ?? 2000) / 2;

describe("requestToAssignment", () => {
  const p = identity([
    {
      action: "*",
      resource: "*",
      conditions: [
        cond("StringEquals", "s", "x"),
        cond("NumericEquals", "n", "1"),
        cond("DateEquals", "d", "2020-01-01"),
        cond("IpAddress", "ip", "10.0.0.0/8"),
        cond("Bool", "b", "true"),
        cond("BinaryEquals", "bin", "QUJD"),
      ],
    },
  ]);
  const kt = keyTypesOf([p]);
  it("lower-cases the action and reads typed values by family", () => {
    const a = requestToAssignment(
      req("S3:GetObject", "arn:aws:s3:::b", { S: "x", N: "1.50", d: "2020-01-01", ip: "10.1.2.3", b: "TRUE", bin: "QUJD" }),
      kt,
    );
    expect(a.strings.get("action")).toBe("s3:getobject");
    expect(a.strings.get("resource")).toBe("arn:aws:s3:::b");
    expect(a.strings.get("s:s")).toBe("x");
    expect(a.numbers.get("n:n")).toEqual(rational(3n, 2n));
    expect(a.numbers.get("d:d")).toEqual(rational(1577836800n));
    expect(a.numbers.get("ip:ip")).toEqual(rational(0x0a010203n));
    expect(a.bools.get("b:b")).toBe(true);
    expect(a.strings.get("s:bin")).toBe("QUJD");
    expect(a.bools.get("present:s")).toBe(true);
  });
  it("marks absent keys (missing, null or an empty list) and gives them defaults", () => {
    const a = requestToAssignment(req("s3:X", "*", { s: null, n: [] }), kt, new Map([["X|y", true]]));
    expect(a.bools.get("present:s")).toBe(false);
    expect(a.bools.get("present:n")).toBe(false);
    expect(a.bools.get("present:ip")).toBe(false);
    expect(a.strings.has("s:s")).toBe(true);
    expect(a.bools.get("free:X|y")).toBe(true);
  });
  it("rejects what the symbolic model does not represent: multi-valued and ill-typed values", () => {
    expect(() => requestToAssignment(req("s3:X", "*", { s: ["a", "b"] }), kt)).toThrow(/single-valued key `s` several values/);
    expect(requestToAssignment(req("s3:X", "*", { s: ["a", "a"] }), kt).strings.get("s:s")).toBe("a");
    // s3:max-keys is a catalogue key, whose value AWS builds as a number.
    const known = keyTypesOf([identity([{ action: "*", resource: "*", conditions: [cond("NumericEquals", "s3:max-keys", "1")] }])]);
    expect(() => requestToAssignment(req("s3:X", "*", { "s3:max-keys": "ten" }), known)).toThrow(/numeric/);
  });
  it("a key the catalogue does not know may hold an ill-typed value: illtyped:<key>, printed back as `ill-typed`", () => {
    expect(kt.loose).toEqual(new Set(["n", "d", "ip", "b"]));
    const a = requestToAssignment(req("s3:X", "*", { n: "ten" }), kt);
    expect([a.bools.get("illtyped:n"), a.bools.get("present:n")]).toEqual([true, true]);
    expect(requestToAssignment(req("s3:X", "*", { n: "10" }), kt).bools.get("illtyped:n")).toBe(false);
    const back = assignmentToRequest(a, kt, "IDENTITY_POLICY").request;
    expect(back.context.n).toBe("ill-typed");
  });
  it("keeps an undecodable binary value as is (it equals no canonical base64)", () => {
    expect(requestToAssignment(req("s3:X", "*", { bin: "not base64" }), kt).strings.get("s:bin")).toBe("not base64");
  });
});

describe("assignmentToRequest", () => {
  const kt: KeyTypes = new Map([
    ["s", "string"],
    ["n", "numeric"],
    ["d", "date"],
    ["ip", "ip"],
    ["b", "bool"],
    ["gone", "string"],
  ]);
  it("prints typed values canonically and lists every key, null when absent", () => {
    const a = emptyAssignment();
    a.strings.set("action", "s3:getobject");
    a.strings.set("resource", "arn:aws:s3:::b/k");
    a.strings.set("principal", "AWS:arn:aws:iam::111122223333:user/alice");
    a.strings.set("s:s", "v");
    a.numbers.set("n:n", rational(-5n, 4n));
    a.numbers.set("d:d", rational(1577836800n * 2n + 1n, 2n));
    a.numbers.set("ip:ip", rational((1n << 32n) + 0x20010db8n * (1n << 96n) + 1n));
    a.bools.set("b:b", false);
    for (const k of ["s", "n", "d", "ip", "b"]) a.bools.set(`present:${k}`, true);
    a.bools.set("present:gone", false);
    a.bools.set("free:CODE|x", true);
    const { request, frees } = assignmentToRequest(a, kt, "RESOURCE_POLICY");
    expect(request).toEqual({
      action: "s3:getobject",
      resource: "arn:aws:s3:::b/k",
      principal: { AWS: "arn:aws:iam::111122223333:user/alice" },
      context: { s: "v", n: "-1.25", d: "2020-01-01T00:00:00.5Z", ip: "2001:db8::1", b: "false", gone: null },
    });
    expect(frees).toEqual(new Map([["CODE|x", true]]));
  });
  it("fills variables a model leaves out with values from the domain", () => {
    const { request } = assignmentToRequest(emptyAssignment(), kt, "RESOURCE_POLICY");
    expect(evaluateFormula(requestDomain("RESOURCE_POLICY"), requestToAssignment(request, kt))).toBe(true);
    expect(Object.values(request.context).every((v) => v === null)).toBe(true);
  });
  it("identity-policy requests carry no principal", () => {
    expect(assignmentToRequest(emptyAssignment(), kt, "IDENTITY_POLICY").request.principal).toBeUndefined();
  });
});

describe("requestDomain", () => {
  const ok = (policyType: "IDENTITY_POLICY" | "RESOURCE_POLICY", action: string, principal?: string, session = "s") => {
    const a = emptyAssignment();
    a.strings.set("action", action);
    if (principal !== undefined) a.strings.set("principal", principal);
    a.strings.set("principal-session", session);
    return evaluateFormula(requestDomain(policyType), a);
  };
  it("requires an action `service:name` and, for resource policies, a principal of a known kind (§2.3)", () => {
    expect(ok("IDENTITY_POLICY", "s3:getobject")).toBe(true);
    expect(ok("IDENTITY_POLICY", "s3:")).toBe(false);
    expect(ok("IDENTITY_POLICY", "getobject")).toBe(false);
    const A = "111122223333";
    for (const p of [
      "anonymous",
      `AWS:arn:aws:iam::${A}:user/alice`,
      `AWS:arn:aws:iam::${A}:user/p/alice`,
      `AWS:arn:aws:iam::${A}:role/R`,
      `AWS:arn:aws:iam::${A}:role/p/R`,
      `AWS:arn:aws-cn:sts::${A}:federated-user/bob`,
      `AWS:arn:aws:iam::${A}:root`,
      "Service:s3.amazonaws.com",
      "Federated:f",
      "CanonicalUser:c",
    ])
      expect(ok("RESOURCE_POLICY", "s3:x", p), p).toBe(true);
    for (const p of [
      "AWS:x",
      "AWS:",
      "anonymous2",
      "Other:x",
      "",
      `AWS:arn:aws:sts::${A}:assumed-role/R/s`,
      `AWS:arn:aws:iam::${A}:role/p/`,
      `AWS:arn:aws:iam::${A}:group/g`,
      "AWS:arn:aws:iam::1:user/alice",
      `AWS:arn::iam::${A}:user/alice`,
      `AWS:arn:aws:iam::${A}:user/`,
      `AWS:arn:aws:iam::${A}:root/x`,
      "Service:",
    ])
      expect(ok("RESOURCE_POLICY", "s3:x", p), p).toBe(false);
    expect(ok("RESOURCE_POLICY", "s3:x", `AWS:arn:aws:iam::${A}:role/R`, ""), "a role session has a name").toBe(false);
    expect(ok("RESOURCE_POLICY", "s3:x", `AWS:arn:aws:iam::${A}:user/alice`, ""), "only role sessions read it").toBe(true);
  });
});

describe("decimalText", () => {
  it("is exact for terminating decimals and reads back", () => {
    for (const [r, t] of [
      [rational(0n), "0"],
      [rational(-3n, 2n), "-1.5"],
      [rational(1n, 1024n), "0.0009765625"],
      [rational(12345n, 100n), "123.45"],
      [rational(-1n, 5n), "-0.2"],
    ] as [Rational, string][]) {
      expect(decimalText(r)).toBe(t);
      expect(parseNumber(t)).toEqual(r);
    }
  });
});

// ---- The round-trip property on random models of random policies. ----

function atoms(f: Formula, out: Formula[] = []): Formula[] {
  if (f.k === "not") atoms(f.a, out);
  else if (f.k === "and" || f.k === "or") for (const x of f.args) atoms(x, out);
  else if (f.k !== "const") out.push(f);
  return out;
}

const VALUE_PREFIXES = ["illtyped", "s", "n", "d", "ip", "b"];

function valueArb(name: string, kt: KeyTypes): fc.Arbitrary<string | Rational | boolean> {
  if (name === "action") return fc.constantFrom(...REQUEST_ACTIONS, "S3:GETOBJECT", "Iam:PassRole");
  if (name === "resource") return fc.constantFrom(...REQUEST_RESOURCES);
  if (name === "principal")
    return fc.constantFrom(
      ...REQUEST_PRINCIPALS.map((p) => principalView(p).text),
      "AWS:arn:aws:iam::111122223333:role/path/R",
      "AWS:arn:aws:iam::111122223333:role/a:b/R",
    );
  if (name === "principal-session") return fc.constantFrom("s1", "s2", "x/y", "*");
  const colon = name.indexOf(":");
  const prefix = name.slice(0, colon);
  const key = name.slice(colon + 1).replace(/#\d+$/, "");
  switch (prefix) {
    case "s":
      return kt.get(key) === "binary" ? fc.constantFrom("QUJD", "AA==", "", "not base64") : fc.constantFrom(...REQUEST_VALUES.string);
    case "n":
      return fc
        .tuple(fc.bigInt(-1_000_000n, 1_000_000n), fc.nat(8), fc.boolean())
        .map(([n, e, two]) => rational(n, (two ? 2n : 10n) ** BigInt(e)));
    case "d":
      return fc
        .tuple(fc.bigInt(0n, 253402300799n), fc.bigInt(0n, 999_999_999n))
        .map(([s, ns]) => rational(s * 1_000_000_000n + ns, 1_000_000_000n));
    case "ip":
      return fc.oneof(fc.bigInt(0n, (1n << 32n) - 1n), fc.bigInt(0n, IP_MAX)).map((v) => rational(v));
    default:
      return fc.boolean();
  }
}

const modelArb = policyArb.chain((p) => {
  const kt = keyTypesOf([p]);
  const enc = encodePolicy(p, { keyTypes: kt, frees: new Map() });
  // One by one: `or` folds a TRUE member, and with it every other member's variables.
  const formulas = [enc.allows, enc.denied, ...enc.statements, requestDomain(p.type)];
  const names = [...new Set(formulas.flatMap((f) => [...varsOf(f).keys()]))];
  return fc.tuple(...names.map((n) => valueArb(n, kt))).map((values) => {
    const a: Assignment = emptyAssignment();
    names.forEach((n, i) => {
      const v = values[i];
      if (typeof v === "string") a.strings.set(n, v);
      else if (typeof v === "boolean") a.bools.set(n, v);
      else a.numbers.set(n, v);
    });
    // A derived principal key's own variables mean nothing for a principal that derives it (the
    // tie replaced their atoms); set them as the principal gives them, as the tie would.
    if (p.type === "RESOURCE_POLICY") {
      const derived = requestToAssignment(assignmentToRequest(a, kt, p.type).request, kt);
      for (const key of Object.keys(PRINCIPAL_KEYS)) {
        if (!derivedKeyRule(key, kt)) continue;
        for (const n of [`present:${key}`, `b:${key}`]) if (derived.bools.has(n)) a.bools.set(n, derived.bools.get(n)!);
        if (derived.strings.has(`s:${key}`)) a.strings.set(`s:${key}`, derived.strings.get(`s:${key}`)!);
      }
    }
    return { policy: p, kt, enc, a };
  });
});

describe("decode then re-encode", () => {
  it(
    `keeps every atom's truth value and replays to the formulas' answers (${RUNS} models)`,
    () => {
      fc.assert(
        fc.property(modelArb, ({ policy, kt, enc, a }) => {
          const { request, frees } = assignmentToRequest(a, kt, policy.type);
          const b = requestToAssignment(request, kt, frees);
          const formulas = [enc.allows, enc.denied, ...enc.statements];
          for (const atom of formulas.flatMap((f) => atoms(f))) {
            const v = (atom as { v: string }).v;
            // Elements of a value set may come back in another order: formulas compare below.
            if (/#\d+$/.test(v)) continue;
            // Value atoms of absent keys, and patterns reading them (policy variables), may change;
            // so may the typed value of an ill-typed one (no formula reads it then).
            const absentValue = (x: string) => {
              const colon = x.indexOf(":");
              const key = x.slice(colon + 1);
              return (
                VALUE_PREFIXES.includes(x.slice(0, colon)) &&
                (a.bools.get(`present:${key}`) === false || a.bools.get(`illtyped:${key}`) === true)
              );
            };
            if ([...formulaVariables(atom)].some(absentValue)) continue;
            // The session name is read for role sessions only.
            if (v === "principal-session" && principalKind(a.strings.get("principal")!) !== "role") continue;
            expect(
              evaluateFormula(atom, b),
              JSON.stringify(atom, (_, x) => (typeof x === "bigint" ? String(x) : x)),
            ).toBe(evaluateFormula(atom, a));
          }
          for (const f of formulas) expect(evaluateFormula(f, b)).toBe(evaluateFormula(f, a));
          const replay = evaluatePolicy(policy, request, { keyTypes: kt, frees });
          expect(replay.allowed).toBe(evaluateFormula(enc.allows, a));
          enc.statements.forEach((f, i) => expect(replay.statements[i]).toBe(evaluateFormula(f, a)));
        }),
        { numRuns: RUNS, seed: 20_260_602 },
      );
    },
    Math.max(60_000, RUNS * 20),
  );
});
