// Golden cases for set operators and multi-valued keys (iam-semantics §3.4 Null row, §3.5, §3.6,
// §4.1, §4.2, §10.5, §10.6), evaluator and encoder together (ast-helpers `both`).

import { describe, expect, it } from "vitest";
import { keyTypesOf } from "../../src/encode/key-types.js";
import { evaluatePolicy } from "../../src/eval/evaluate.js";
import type { ContextValue } from "../../src/iam/request.js";
import type { Condition } from "../../src/iam/ast.js";
import { allowed, both, cond, identity, req } from "./ast-helpers.js";

function withConds(conditions: Condition[]) {
  return identity([{ action: "*", resource: "*", conditions }]);
}
function holds(c: Condition | Condition[], context: Record<string, ContextValue>) {
  return allowed(withConds(Array.isArray(c) ? c : [c]), req("s3:X", "*", context));
}
const TAGS = "aws:TagKeys";
const tags = (v: ContextValue) => ({ [TAGS]: v });

describe("§4.1 set operators on a multi-valued key", () => {
  it("§4.1 ForAllValues:<positive>: true on a missing or empty key, else every value matches some policy value", () => {
    const c = cond("ForAllValues:StringEquals", TAGS, ["a", "b"]);
    expect(holds(c, {})).toBe(true);
    expect(holds(c, tags([]))).toBe(true);
    expect(holds(c, tags(null))).toBe(true);
    expect(holds(c, tags(["a"]))).toBe(true);
    expect(holds(c, tags(["b", "a"]))).toBe(true);
    expect(holds(c, tags(["a", "c"]))).toBe(false);
    expect(holds(c, tags("c"))).toBe(false);
  });
  it("§4.1 ForAnyValue:<positive>: false on a missing key, else some value matches", () => {
    const c = cond("ForAnyValue:StringLike", TAGS, "a*");
    expect(holds(c, {})).toBe(false);
    expect(holds(c, tags([]))).toBe(false);
    expect(holds(c, tags(["x", "ab"]))).toBe(true);
    expect(holds(c, tags(["x", "b"]))).toBe(false);
  });
  it("§4.1 ForAllValues:<negated>: true on a missing key, else no value matches any policy value", () => {
    const c = cond("ForAllValues:StringNotEquals", TAGS, ["a", "b"]);
    expect(holds(c, {})).toBe(true);
    expect(holds(c, tags(["c", "d"]))).toBe(true);
    expect(holds(c, tags(["c", "b"]))).toBe(false);
  });
  it("§4.1 ForAnyValue:<negated>: false on a missing key, else some value matches no policy value", () => {
    const c = cond("ForAnyValue:StringNotEquals", TAGS, ["a", "b"]);
    expect(holds(c, {})).toBe(false);
    expect(holds(c, tags(["a", "b"]))).toBe(false);
    expect(holds(c, tags(["a", "c"]))).toBe(true);
  });
  it("§4.3 values are a set: order and duplicates do not matter", () => {
    const c = cond("ForAllValues:StringEquals", TAGS, "a");
    expect(holds(c, tags(["a", "a"]))).toBe(true);
    expect(holds(cond("ForAnyValue:StringEquals", TAGS, "b"), tags(["a", "a", "b"]))).toBe(true);
  });
  it("§4.1 more request values than element variables: one witness per question keeps the answer", () => {
    const p = withConds([cond("ForAnyValue:StringEquals", TAGS, "a"), cond("ForAllValues:StringLike", TAGS, "?")]);
    // Two questions, and a spare element: ForAllValues reads [""] unlike [] (EMPTY_STRING_AS_ABSENT).
    expect(keyTypesOf([p]).sets?.get("aws:tagkeys")?.elements).toBe(3);
    expect(allowed(p, req("s3:X", "*", tags(["x", "y", "z", "a"])))).toBe(true);
    expect(allowed(p, req("s3:X", "*", tags(["x", "y", "zz", "a"])))).toBe(false);
    expect(allowed(p, req("s3:X", "*", tags(["x", "y", "z"])))).toBe(false);
  });
  it("§4.1 the other families: Numeric, Date, IP, Bool, Arn under set operators", () => {
    expect(holds(cond("ForAllValues:NumericLessThan", "k:n", "10"), { "k:n": ["1", "9.5"] })).toBe(true);
    expect(holds(cond("ForAllValues:NumericLessThan", "k:n", "10"), { "k:n": ["1", "10"] })).toBe(false);
    expect(holds(cond("ForAnyValue:DateGreaterThan", "k:d", "2020-01-01"), { "k:d": ["2019-01-01", "2021-01-01"] })).toBe(true);
    expect(holds(cond("ForAnyValue:IpAddress", "k:ip", "10.0.0.0/8"), { "k:ip": ["8.8.8.8", "10.1.1.1"] })).toBe(true);
    expect(holds(cond("ForAllValues:Bool", "k:b", "true"), { "k:b": ["true", "false"] })).toBe(false);
    expect(holds(cond("ForAllValues:ArnLike", "aws:CalledVia", "arn:aws:s3:::*"), { "aws:CalledVia": ["arn:aws:s3:::b"] })).toBe(true);
  });
});

describe("§3.5 / §10.5 IfExists with set operators", () => {
  it("§3.5 ForAllValues:…IfExists is true on a missing key", () => {
    expect(holds(cond("ForAllValues:StringNotLikeIfExists", TAGS, "a*"), {})).toBe(true);
    expect(holds(cond("ForAllValues:StringNotLikeIfExists", TAGS, "a*"), tags(["ab"]))).toBe(false);
  });
  it("§10.5 ForAnyValue:…IfExists on a missing key is FORANYVALUE_IFEXISTS_MISSING_KEY (narrow false, wide true)", () => {
    const p = withConds([cond("ForAnyValue:StringEqualsIfExists", TAGS, "a")]);
    const e = both(p, req("s3:X", "*", {}));
    expect(e.allowed).toBe("unknown");
    expect([...e.touched]).toEqual(['FORANYVALUE_IFEXISTS_MISSING_KEY|{"ForAnyValue:StringEqualsIfExists":{"aws:tagkeys":["a"]}}']);
    expect(both(p, req("s3:X", "*", tags(["b", "a"]))).allowed).toBe(true);
    expect(both(p, req("s3:X", "*", tags(["b"]))).allowed).toBe(false);
  });
});

describe("§4.2 set operators on a single-valued key", () => {
  it("§4.2 the classic exploit: Allow ForAllValues:StringLike aws:PrincipalArn grants anonymous callers", () => {
    const p = withConds([cond("ForAllValues:StringLike", "aws:PrincipalArn", "arn:aws:iam::111122223333:user/admin")]);
    expect(keyTypesOf([p]).sets?.has("aws:principalarn")).toBe(false);
    expect(allowed(p, req("s3:X", "*", {}))).toBe(true);
    expect(allowed(p, req("s3:X", "*", { "aws:PrincipalArn": "arn:aws:iam::111122223333:user/admin" }))).toBe(true);
    expect(allowed(p, req("s3:X", "*", { "aws:PrincipalArn": "arn:aws:iam::111122223333:user/bob" }))).toBe(false);
  });
  it("§4.2 ForAnyValue with Deny does not match a request without the key", () => {
    const p = identity([
      { action: "*", resource: "*" },
      { effect: "Deny", action: "*", resource: "*", conditions: [cond("ForAnyValue:StringEquals", TAGS, "secret")] },
    ]);
    expect(allowed(p, req("s3:X", "*", {}))).toBe(true);
    expect(allowed(p, req("s3:X", "*", tags(["x", "secret"])))).toBe(false);
  });
  it("§4.1 an unknown key read with a set operator is multi-valued; with plain operators only, single-valued", () => {
    const p = withConds([cond("ForAnyValue:StringEquals", "k:u", "a"), cond("StringEquals", "k:v", "a")]);
    const kt = keyTypesOf([p]);
    expect(kt.sets?.has("k:u")).toBe(true);
    expect(kt.sets?.has("k:v")).toBe(false);
    expect(allowed(p, req("s3:X", "*", { "k:u": ["b", "a"], "k:v": "a" }))).toBe(true);
  });
});

describe("§3.6 / §10.6 a plain operator on a multi-valued key", () => {
  const id = (op: string) => `PLAIN_OPERATOR_ON_MULTIVALUED_KEY|{"${op}":{"aws:tagkeys":["a"]}}`;
  it("§10.6 positive: narrow false, wide some value matches", () => {
    const p = withConds([cond("StringEquals", TAGS, "a")]);
    const kt = keyTypesOf([p]);
    const e = both(p, req("s3:X", "*", tags(["a", "b"])));
    expect(e.allowed).toBe("unknown");
    expect([...e.touched]).toEqual([id("StringEquals")]);
    const yes = new Map([[id("StringEquals"), true]]);
    expect(evaluatePolicy(p, req("s3:X", "*", tags(["b", "a"])), { keyTypes: kt, frees: yes }).allowed).toBe(true);
    expect(evaluatePolicy(p, req("s3:X", "*", tags(["b"])), { keyTypes: kt, frees: yes }).allowed).toBe(false);
    expect(both(p, req("s3:X", "*", {})).allowed).toBe(false);
  });
  it("§10.6 negated: narrow false, wide no value matches", () => {
    const p = withConds([cond("StringNotEquals", TAGS, "a")]);
    const kt = keyTypesOf([p]);
    const yes = new Map([[id("StringNotEquals"), true]]);
    expect(both(p, req("s3:X", "*", tags(["b", "c"]))).allowed).toBe("unknown");
    expect(both(p, req("s3:X", "*", tags(["b", "a"]))).allowed).toBe(false);
    expect(evaluatePolicy(p, req("s3:X", "*", tags(["b", "c"])), { keyTypes: kt, frees: yes }).allowed).toBe(true);
    expect(evaluatePolicy(p, req("s3:X", "*", {}), { keyTypes: kt, frees: yes }).allowed).toBe(true);
    expect(evaluatePolicy(p, req("s3:X", "*", {}), { keyTypes: kt, frees: new Map() }).allowed).toBe(false);
  });
  it("§3.6 a single-valued key given several values reads the same (evaluator only: outside the symbolic model)", () => {
    const p = withConds([cond("StringEquals", "k:s", "a")]);
    const kt = keyTypesOf([p]);
    const e = evaluatePolicy(p, req("s3:X", "*", { "k:s": ["a", "b"] }), { keyTypes: kt });
    expect(e.allowed).toBe("unknown");
    expect(evaluatePolicy(p, req("s3:X", "*", { "k:s": ["a", "a"] }), { keyTypes: kt }).allowed).toBe(true);
  });
});

describe("§3.4 Null under a set qualifier (SET_OPERATOR_NULL)", () => {
  it("§3.4 ForAllValues:Null: narrow plain Null, wide true (Access Analyzer: always true)", () => {
    const p = withConds([cond("ForAllValues:Null", TAGS, "true")]);
    expect(both(p, req("s3:X", "*", {})).allowed).toBe(true);
    const e = both(p, req("s3:X", "*", tags(["a"])));
    expect(e.allowed).toBe("unknown");
    expect([...e.touched]).toEqual(['SET_OPERATOR_NULL|{"ForAllValues:Null":{"aws:tagkeys":["true"]}}']);
  });
  it("§3.4 ForAnyValue:Null: narrow false, wide plain Null (Access Analyzer: always false)", () => {
    const p = withConds([cond("ForAnyValue:Null", TAGS, "false")]);
    expect(both(p, req("s3:X", "*", {})).allowed).toBe(false);
    expect(both(p, req("s3:X", "*", tags(["a"]))).allowed).toBe("unknown");
  });
  it("§4.1 plain Null on a multi-valued key: an empty list is a missing key", () => {
    expect(holds(cond("Null", TAGS, "false"), tags([]))).toBe(false);
    expect(holds(cond("Null", TAGS, "false"), tags(["a"]))).toBe(true);
  });
});

describe("§4.1 element variables", () => {
  it("§4.1 one element per distinct question over the whole query, at least one", () => {
    const p = withConds([cond("ForAllValues:StringEquals", TAGS, "a"), cond("ForAnyValue:StringNotEquals", TAGS, "a")]);
    const q = withConds([cond("ForAnyValue:StringEquals", TAGS, "a"), cond("Null", "aws:CalledVia", "false")]);
    const kt = keyTypesOf([p, q]);
    // Plus a spare element where a condition may read "" as absent (EMPTY_STRING_AS_ABSENT):
    // ForAllValues:StringEquals `a` answers [""] unlike []; Null `false` [""] unlike [] too.
    expect(kt.sets?.get("aws:tagkeys")?.elements).toBe(3);
    expect(kt.sets?.get("aws:calledvia")?.elements).toBe(2);
    expect(keyTypesOf([p]).sets?.get("aws:tagkeys")?.elements).toBe(2);
    const r = withConds([cond("ForAnyValue:StringEquals", TAGS, "a")]);
    expect(keyTypesOf([r]).sets?.get("aws:tagkeys")?.elements).toBe(1);
  });
});

describe("§7 key families from the catalogue", () => {
  it("§7 a known key takes the catalogue's family; another family's operator is a type mismatch", () => {
    const p = withConds([cond("StringEquals", "aws:SourceIp", "10.0.0.1")]);
    expect(keyTypesOf([p]).get("aws:sourceip")).toBe("ip");
    const e = both(p, req("s3:X", "*", { "aws:SourceIp": "10.0.0.1" }));
    expect([...e.touched]).toEqual(['CONDITION_TYPE_MISMATCH|{"StringEquals":{"aws:sourceip":["10.0.0.1"]}}']);
  });
  it("§7.5 aws:EpochTime reads as a number under Numeric operators", () => {
    const p = withConds([cond("NumericLessThan", "aws:EpochTime", "100")]);
    expect(keyTypesOf([p]).get("aws:epochtime")).toBe("numeric");
    expect(allowed(p, req("s3:X", "*", { "aws:EpochTime": "99" }))).toBe(true);
  });
});
