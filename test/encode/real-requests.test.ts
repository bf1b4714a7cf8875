// The request domain (docs/semantics.md "The request domain"): every real request is inside it,
// requests no service sends are not, and the letter atoms are only those the query needs.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodePolicy } from "../../src/encode/encode.js";
import { keyTypesOf } from "../../src/encode/key-types.js";
import { requestToAssignment } from "../../src/eval/request-view.js";
import { policyArb, requestArb } from "./arbitraries.js";
import { isRealRequest } from "./real-request.js";
import { componentLetters, realRequests } from "../../src/encode/real-requests.js";
import type { KeyTypes } from "../../src/iam/key-types.js";
import type { Partition } from "../../src/iam/partitions.js";
import { globPattern, literalPattern } from "../../src/logic/pattern.js";
import { evaluateFormula } from "../../src/logic/evaluate.js";
import { and, emptyAssignment, forEachAtom, match, type Formula } from "../../src/logic/ir.js";

const resource = (p: string) => match("resource", globPattern(p));
const inDomain = (
  query: Formula,
  values: Record<string, string | boolean>,
  partition: Partition = "aws",
  keyTypes: KeyTypes = new Map(),
) => {
  const a = emptyAssignment();
  a.strings.set("action", "s3:getobject");
  for (const [k, v] of Object.entries(values)) typeof v === "boolean" ? a.bools.set(k, v) : a.strings.set(k, v);
  return evaluateFormula(
    realRequests(query, { policyType: values.principal ? "RESOURCE_POLICY" : "IDENTITY_POLICY", keyTypes, partition }),
    a,
  );
};

describe("realRequests", () => {
  const q = resource("arn:aws:s3:::b/*");
  it("holds for real resources: `*`, ARNs with an empty, 12-character or AWS's own account", () => {
    for (const r of [
      "*",
      "arn:aws:s3:::b/k",
      "arn:aws:iam::aws:policy/ReadOnlyAccess",
      "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
      "arn:aws:mediaconnect:us-east-1:offering:x",
      "arn:aws:iam::partner:policy/permissions-boundary/x",
      "arn:aws:s3:::b/a:b:c",
    ]) {
      expect(inDomain(q, { resource: r }), r).toBe(true);
    }
  });
  it("excludes ARNs no service has: case, other partitions, short or long accounts, colons", () => {
    for (const r of [
      "arn:AWS:s3:::b/k",
      "ARN:aws:s3:::b/k",
      "arn:aws-cn:s3:::b/k",
      "arn:a:s3:::b/k",
      "arn:aws::::b/k",
      "arn:aws:iam::123:user/x",
      "arn:aws:iam::1111222233334:user/x",
      "arn:aws:s3",
      "b/k",
    ]) {
      expect(inDomain(q, { resource: r }), r).toBe(false);
    }
    expect(inDomain(q, { resource: "arn:aws-cn:s3:::b/k" }, "aws-cn")).toBe(true);
    expect(inDomain(q, { resource: "arn:aws:s3:::b/k" }, "aws-cn")).toBe(false);
  });
  it("an upper-case service is excluded where the query could tell it apart", () => {
    const upper = resource("arn:aws:S3:::b/*");
    expect(inDomain(upper, { resource: "arn:aws:S3:::b/k" })).toBe(false);
    expect(inDomain(upper, { resource: "arn:aws:s3:::b/k" })).toBe(true);
    // No pattern names `X`: the query cannot tell it from a lower-case letter, so no atom for it.
    expect(inDomain(upper, { resource: "arn:aws:X3:::b/k" })).toBe(true);
  });
  it("leaves variables alone that only `*` reads", () => {
    const atoms: string[] = [];
    forEachAtom(realRequests(resource("*"), { policyType: "IDENTITY_POLICY", keyTypes: new Map(), partition: "aws" }), (a) =>
      atoms.push(a.k === "match" ? a.v : ""),
    );
    expect(atoms).toEqual(["action"]);
  });
  it("ARN-valued keys hold ARNs of the partition when present; other keys are free", () => {
    const kt: KeyTypes = new Map([
      ["aws:sourcearn", "string"],
      ["s3:prefix", "string"],
    ]);
    const query = and(match("s:aws:sourcearn", globPattern("arn:aws:sns:*")), match("s:s3:prefix", globPattern("arn:*")));
    expect(
      inDomain(
        query,
        { "present:aws:sourcearn": true, "s:aws:sourcearn": "arn:aws:sns:us-east-1:111122223333:t", "s:s3:prefix": "ARN:x" },
        "aws",
        kt,
      ),
    ).toBe(true);
    expect(inDomain(query, { "present:aws:sourcearn": true, "s:aws:sourcearn": "ARN:aws:sns:us-east-1:111122223333:t" }, "aws", kt)).toBe(
      false,
    );
    expect(inDomain(query, { "present:aws:sourcearn": false, "s:aws:sourcearn": "ARN:aws:sns:us-east-1:111122223333:t" }, "aws", kt)).toBe(
      true,
    );
  });
  it("a `*` or `?` a pattern names is ruled out of service names as a character, not as a wildcard", () => {
    const kt: KeyTypes = new Map([["aws:principalservicename", "string"]]);
    const query = match("s:aws:principalservicename", literalPattern("*"));
    const at = (v: string) => inDomain(query, { "present:aws:principalservicename": true, "s:aws:principalservicename": v }, "aws", kt);
    expect(at("s3.amazonaws.com")).toBe(true);
    expect(at("*")).toBe(false);
    const principal = and(match("principal", literalPattern("Service:?")), resource("*"));
    expect(inDomain(principal, { principal: "Service:s3.amazonaws.com", "principal-session": "s" })).toBe(true);
    expect(inDomain(principal, { principal: "Service:?", "principal-session": "s" })).toBe(false);
  });
  it("keys the catalogue types ARN but does not name as ARNs stay free (`ec2:InstancePlatform`)", () => {
    const kt: KeyTypes = new Map([["ec2:instanceplatform", "string"]]);
    const query = match("s:ec2:instanceplatform", globPattern("windows"));
    expect(inDomain(query, { "present:ec2:instanceplatform": true, "s:ec2:instanceplatform": "windows" }, "aws", kt)).toBe(true);
  });
  it("resource policies: AWS principals in the partition, service principals without upper case", () => {
    const query = and(match("principal", { ...literalPattern("Service:s3.amazonaws.com"), caseInsensitive: true }), resource("*"));
    const at = (principal: string, partition: Partition = "aws") => inDomain(query, { principal, "principal-session": "s" }, partition);
    expect(at("AWS:arn:aws:iam::111122223333:user/alice")).toBe(true);
    expect(at("AWS:arn:a:iam::111122223333:user/alice")).toBe(false);
    expect(at("AWS:arn:aws-us-gov:iam::111122223333:root", "aws-us-gov")).toBe(true);
    expect(at("AWS:arn:aws:iam::111122223333:root", "aws-us-gov")).toBe(false);
    expect(at("Service:s3.amazonaws.com")).toBe(true);
    expect(at("Service:s3.amazonaws.coM")).toBe(false);
    expect(at("anonymous")).toBe(true);
  });
});

describe("componentLetters", () => {
  const letters = (p: string, ci = false) => {
    const out = new Set<string>();
    componentLetters({ ...globPattern(p, ci, true), caseInsensitive: ci }, 2, out);
    return [...out].sort().join("");
  };
  it("takes the letters a pattern can put in the service component", () => {
    expect(letters("arn:aws:S3:::B/*")).toBe("S");
    expect(letters("arn:aws:s3:::B/*", true)).toBe("S"); // case-insensitive: s also matches S
    expect(letters("arn:aws:s3:::b/*")).toBe("");
  });
  it("after a wildcard that may cross colons, every later letter up to the component", () => {
    const out = new Set<string>();
    componentLetters(globPattern("*Foo:Bar:Baz"), 2, out);
    expect([...out].sort().join("")).toBe("BF");
  });
});

// The domain must contain every real request (a smaller one gives wrong PASSes, which the
// check-level cross-checks cannot see: both of their paths ask the same domain). Random policies
// × random requests, the real ones picked by a concrete definition written independently here.
describe("realRequests contains every real request (random policies × requests)", () => {
  it("holds on every generated request that is real", () => {
    let tried = 0;
    fc.assert(
      fc.property(
        policyArb.chain((p) => fc.record({ policy: fc.constant(p), request: requestArb(p, keyTypesOf([p])) })),
        ({ policy, request }) => {
          if (!isRealRequest(request)) return;
          const keyTypes = keyTypesOf([policy]);
          const enc = encodePolicy(policy, { keyTypes, frees: new Map() });
          const query = and(enc.allows, enc.denied);
          const domain = realRequests(query, { policyType: policy.type, keyTypes, partition: "aws" });
          let a;
          try {
            a = requestToAssignment(request, keyTypes);
          } catch {
            return; // outside the symbolic model (several values for a single-valued key, …)
          }
          tried++;
          expect(evaluateFormula(domain, a)).toBe(true);
        },
      ),
      { numRuns: Number(process.env.KEYAKI_DIFF_RUNS ?? 2000) / 2, seed: 20_261_205 },
    );
    expect(tried).toBeGreaterThan(200);
  });
});
