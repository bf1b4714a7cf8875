// Golden cases for the Condition element (iam-semantics §3, §4, §5), evaluator and encoder
// together.

import { describe, expect, it } from "vitest";
import type { ContextValue } from "../../src/iam/request.js";
import { evaluatePolicy } from "../../src/eval/evaluate.js";
import { keyTypesOf } from "../../src/encode/key-types.js";
import type { Condition } from "../../src/iam/ast.js";
import { allowed, both, cond, identity, req, resourcePolicy } from "./ast-helpers.js";

function withConds(conditions: Condition[], version?: string | null) {
  return identity([{ action: "*", resource: "*", conditions }], version);
}
function holds(c: Condition | Condition[], context: Record<string, ContextValue>, version?: string | null) {
  return allowed(withConds(Array.isArray(c) ? c : [c], version), req("s3:X", "*", context));
}

describe("§3.1–§3.3 presence, polarity and combination", () => {
  it("§3.1 a positive operator is false on a missing key", () => {
    expect(holds(cond("StringEquals", "aws:SourceVpce", "vpce-1"), {})).toBe(false);
  });
  it("§3.1 a negated operator is true on a missing key", () => {
    expect(holds(cond("StringNotEquals", "aws:SourceVpce", "vpce-1"), {})).toBe(true);
    expect(holds(cond("ArnNotLike", "aws:PrincipalArn", "arn:aws:iam::1:role/*"), { "aws:PrincipalArn": null })).toBe(true);
  });
  it("§3.2 values OR under a positive operator", () => {
    const c = cond("StringEquals", "aws:PrincipalAccount", ["A", "B"]);
    expect(holds(c, { "aws:PrincipalAccount": "B" })).toBe(true);
    expect(holds(c, { "aws:PrincipalAccount": "C" })).toBe(false);
  });
  it("§3.2 values NOR under a negated operator", () => {
    const c = cond("StringNotEquals", "aws:PrincipalAccount", ["A", "B"]);
    expect(holds(c, { "aws:PrincipalAccount": "B" })).toBe(false);
    expect(holds(c, { "aws:PrincipalAccount": "C" })).toBe(true);
  });
  it("§3.2 keys and operators AND", () => {
    const cs = [cond("StringEquals", "k1", "a"), cond("StringEquals", "k2", "b"), cond("Bool", "aws:SecureTransport", "true")];
    expect(holds(cs, { k1: "a", k2: "b", "aws:SecureTransport": "true" })).toBe(true);
    expect(holds(cs, { k1: "a", k2: "x", "aws:SecureTransport": "true" })).toBe(false);
  });
  it("§1.7 key names are case-insensitive", () => {
    expect(holds(cond("IpAddress", "aws:SourceIP", "10.0.0.0/8"), { "AWS:SourceIp": "10.1.2.3" })).toBe(true);
    expect(holds(cond("StringEquals", "aws:ResourceTag/TagKey1", "v"), { "aws:resourcetag/tagkey1": "v" })).toBe(true);
  });
  it("§3.5 IfExists is true on a missing key, the operator otherwise", () => {
    const c = cond("StringLikeIfExists", "ec2:InstanceType", "t3.*");
    expect(holds(c, {})).toBe(true);
    expect(holds(c, { "ec2:InstanceType": "t3.micro" })).toBe(true);
    expect(holds(c, { "ec2:InstanceType": "m5.large" })).toBe(false);
    expect(holds(cond("StringNotEqualsIfExists", "k", "a"), {})).toBe(true);
  });
  it("§3.4 Null: true tests absence, false presence; values OR", () => {
    expect(holds(cond("Null", "aws:TokenIssueTime", "true"), {})).toBe(true);
    expect(holds(cond("Null", "aws:TokenIssueTime", "true"), { "aws:TokenIssueTime": "2020-01-01" })).toBe(false);
    expect(holds(cond("Null", "aws:TokenIssueTime", "false"), { "aws:TokenIssueTime": "2020-01-01" })).toBe(true);
    expect(holds(cond("Null", "k", ["true", "false"]), {})).toBe(true);
  });
});

describe("§3.4 operator families", () => {
  it("§3.4 StringEquals is exact and case-sensitive, its `*` literal", () => {
    expect(holds(cond("StringEquals", "k", "Abc"), { k: "Abc" })).toBe(true);
    expect(holds(cond("StringEquals", "k", "Abc"), { k: "abc" })).toBe(false);
    expect(holds(cond("StringEquals", "k", "a*"), { k: "ab" })).toBe(false);
    expect(holds(cond("StringEquals", "k", "a*"), { k: "a*" })).toBe(true);
  });
  it("§3.4 StringEqualsIgnoreCase folds case", () => {
    expect(holds(cond("StringEqualsIgnoreCase", "k", "Abc"), { k: "aBC" })).toBe(true);
    expect(holds(cond("StringNotEqualsIgnoreCase", "k", "Abc"), { k: "aBC" })).toBe(false);
  });
  it("§3.4 StringLike globs, case-sensitively", () => {
    expect(holds(cond("StringLike", "k", "home/*/x?"), { k: "home/a/b/x1" })).toBe(true);
    expect(holds(cond("StringLike", "k", "home/*"), { k: "Home/a" })).toBe(false);
    expect(holds(cond("StringNotLike", "k", "home/*"), { k: "tmp/a" })).toBe(true);
  });
  it("§3.4 Numeric compares rationals; NumericLessThan {k: 10} means v < 10", () => {
    expect(holds(cond("NumericLessThan", "s3:max-keys", "10"), { "s3:max-keys": "9.5" })).toBe(true);
    expect(holds(cond("NumericLessThan", "s3:max-keys", "10"), { "s3:max-keys": "10" })).toBe(false);
    expect(holds(cond("NumericLessThanEquals", "s3:max-keys", "10"), { "s3:max-keys": "10.00" })).toBe(true);
    expect(holds(cond("NumericEquals", "n", "1.50"), { n: "1.5" })).toBe(true);
    expect(holds(cond("NumericNotEquals", "n", ["1", "2"]), { n: "3" })).toBe(true);
    expect(holds(cond("NumericGreaterThan", "n", "-1"), { n: "0" })).toBe(true);
    expect(holds(cond("NumericGreaterThanEquals", "n", "2"), { n: "1.999" })).toBe(false);
  });
  it("§3.4 Date compares instants; a date-only value is 00:00 UTC", () => {
    const k = "aws:CurrentTime";
    expect(holds(cond("DateLessThan", k, "2020-01-01"), { [k]: "2019-12-31T23:59:59Z" })).toBe(true);
    expect(holds(cond("DateLessThan", k, "2020-01-01"), { [k]: "2020-01-01T00:00:00Z" })).toBe(false);
    expect(holds(cond("DateEquals", k, "2020-01-01"), { [k]: "2020-01-01T01:00:00+01:00" })).toBe(true);
    expect(holds(cond("DateEquals", k, "2020-01-01"), { [k]: "1577836800" })).toBe(true);
    expect(holds(cond("DateGreaterThan", k, "1577836800"), { [k]: "2020-01-01T00:00:00.5Z" })).toBe(true);
    expect(holds(cond("DateNotEquals", k, "2020-01-01"), { [k]: "2020-01-02" })).toBe(true);
  });
  it("§3.4 IpAddress tests CIDR membership (IPv4 and IPv6, host bits ignored)", () => {
    const k = "aws:SourceIp";
    expect(holds(cond("IpAddress", k, "203.0.113.5/24"), { [k]: "203.0.113.200" })).toBe(true);
    expect(holds(cond("IpAddress", k, "203.0.113.5"), { [k]: "203.0.113.6" })).toBe(false);
    expect(holds(cond("IpAddress", k, "2001:db8::/32"), { [k]: "2001:db8::1" })).toBe(true);
    expect(holds(cond("IpAddress", k, "0.0.0.0/0"), { [k]: "2001:db8::1" })).toBe(false);
    expect(holds(cond("NotIpAddress", k, ["10.0.0.0/8", "192.168.0.0/16"]), { [k]: "8.8.8.8" })).toBe(true);
  });
  it("§3.4 Bool compares true/false, case-insensitively", () => {
    const k = "aws:SecureTransport";
    expect(holds(cond("Bool", k, "false"), { [k]: "false" })).toBe(true);
    expect(holds(cond("Bool", k, "True"), { [k]: "TRUE" })).toBe(true);
    expect(holds(cond("Bool", k, "true"), { [k]: "false" })).toBe(false);
  });
  it("§3.5 BoolIfExists on a missing MFA key allows long-term keys (the documented trap)", () => {
    expect(holds(cond("BoolIfExists", "aws:MultiFactorAuthPresent", "true"), {})).toBe(true);
  });
  it("§3.4 BinaryEquals compares decoded bytes", () => {
    expect(holds(cond("BinaryEquals", "k", "QUJD"), { k: "QUJD" })).toBe(true);
    expect(holds(cond("BinaryEquals", "k", "AB=="), { k: "AA==" })).toBe(true);
    expect(holds(cond("BinaryEquals", "k", "QUJD"), { k: "QUJE" })).toBe(false);
  });
  it("§3.4 Arn operators are component-wise: a `*` does not cross a colon before the resource part", () => {
    const pattern = "arn:aws:someservice:*:111122223333:finance/*";
    const value = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt";
    expect(holds(cond("StringLike", "aws:SourceArn", pattern), { "aws:SourceArn": value })).toBe(true);
    expect(holds(cond("ArnLike", "aws:SourceArn", pattern), { "aws:SourceArn": value })).toBe(false);
    expect(holds(cond("ArnNotLike", "aws:SourceArn", pattern), { "aws:SourceArn": value })).toBe(true);
  });
  it("§3.4 ArnEquals ≡ ArnLike, and the resource part globs across colons", () => {
    for (const op of ["ArnEquals", "ArnLike"]) {
      const c = cond(op, "aws:SourceArn", "arn:aws:logs:*:1:log-group:*");
      expect(holds(c, { "aws:SourceArn": "arn:aws:logs:eu-west-1:1:log-group:g:log-stream:s" })).toBe(true);
      expect(holds(c, { "aws:SourceArn": "arn:aws:logs:eu-west-1:2:log-group:g" })).toBe(false);
    }
  });
  it("§3.4 an Arn value that is not a six-component ARN does not match", () => {
    expect(holds(cond("ArnLike", "aws:SourceArn", "arn:aws:s3:::*"), { "aws:SourceArn": "arn:aws:s3" })).toBe(false);
  });
  it("§3.4 a short Arn pattern with a wildcard is ambiguous (ARN_CONDITION_SHORT_PATTERN)", () => {
    const c = cond("ArnLike", "aws:SourceArn", "arn:aws:s3:*");
    expect(holds(c, { "aws:SourceArn": "arn:aws:s3:x" })).toBe(true);
    const e = both(withConds([c]), req("s3:X", "*", { "aws:SourceArn": "arn:aws:s3:::b" }));
    expect(e.allowed).toBe("unknown");
    expect([...e.touched]).toEqual(["ARN_CONDITION_SHORT_PATTERN|arn:aws:s3:*"]);
  });
});

describe("§3.4 a String operator on a Bool key compares the Boolean as the text `true` / `false`", () => {
  const T = "aws:SecureTransport";
  it('§3.4 StringEquals is case-sensitive against `true` / `false` (the lakeformation managed policies\' StringEquals "true")', () => {
    expect(holds(cond("StringEquals", T, "true"), { [T]: "true" })).toBe(true);
    expect(holds(cond("StringEquals", T, "true"), { [T]: "false" })).toBe(false);
    expect(holds(cond("StringEquals", T, "true"), {})).toBe(false);
    expect(holds(cond("StringEquals", T, "false"), { [T]: "false" })).toBe(true);
    expect(holds(cond("StringEquals", T, "True"), { [T]: "true" })).toBe(false);
    // The request's Boolean, however the request spells it, prints as `true`.
    expect(holds(cond("StringEquals", T, "true"), { [T]: "TRUE" })).toBe(true);
    expect(holds(cond("StringEquals", T, ["x", "false"]), { [T]: "false" })).toBe(true);
  });
  it("§3.4 StringEqualsIgnoreCase folds case; StringLike globs over `true` / `false`", () => {
    expect(holds(cond("StringEqualsIgnoreCase", T, "TRUE"), { [T]: "true" })).toBe(true);
    expect(holds(cond("StringEqualsIgnoreCase", T, "TRUE"), { [T]: "false" })).toBe(false);
    expect(holds(cond("StringLike", T, "f*"), { [T]: "false" })).toBe(true);
    expect(holds(cond("StringLike", T, "f*"), { [T]: "true" })).toBe(false);
    expect(holds(cond("StringLike", T, "*"), { [T]: "true" })).toBe(true);
    expect(holds(cond("StringLike", T, "*"), {})).toBe(false);
    expect(holds(cond("StringLike", T, "?rue"), { [T]: "true" })).toBe(true);
    expect(holds(cond("StringLike", T, "T*"), { [T]: "true" })).toBe(false);
  });
  it("§3.1 negated String operators: true on a missing key, else the text does not match", () => {
    expect(holds(cond("StringNotEquals", T, "true"), {})).toBe(true);
    expect(holds(cond("StringNotEquals", T, "true"), { [T]: "false" })).toBe(true);
    expect(holds(cond("StringNotEquals", T, "true"), { [T]: "true" })).toBe(false);
    expect(holds(cond("StringNotEqualsIgnoreCase", T, "FALSE"), { [T]: "false" })).toBe(false);
    expect(holds(cond("StringNotLike", T, "t*"), { [T]: "false" })).toBe(true);
    expect(holds(cond("StringNotLike", T, "t*"), { [T]: "true" })).toBe(false);
  });
  it("§3.5 …IfExists: true on a missing key, the String operator otherwise", () => {
    expect(holds(cond("StringEqualsIfExists", T, "true"), {})).toBe(true);
    expect(holds(cond("StringEqualsIfExists", T, "true"), { [T]: "false" })).toBe(false);
    expect(holds(cond("StringNotLikeIfExists", T, "f*"), { [T]: "false" })).toBe(false);
  });
  it("§3.4 a value that is neither `true` nor `false` matches no request (AIOpsAssistantPolicy: aws:ViaAWSService = amplify.amazonaws.com)", () => {
    const V = "aws:ViaAWSService";
    for (const b of ["true", "false"]) {
      expect(holds(cond("StringEquals", V, "amplify.amazonaws.com"), { [V]: b })).toBe(false);
      expect(holds(cond("StringNotEquals", V, "amplify.amazonaws.com"), { [V]: b })).toBe(true);
    }
  });
  it("§3.4 a request value that is no Boolean answers neither polarity", () => {
    for (const op of ["StringEquals", "StringNotEquals"]) {
      const p = withConds([cond(op, T, "yes")]);
      expect(evaluatePolicy(p, req("s3:X", "*", { [T]: "yes" }), { keyTypes: keyTypesOf([p]) }).allowed).toBe(false);
    }
  });
  it("§4.1 set operators on a multi-valued Bool key compare each element's text", () => {
    const B = "k:bset"; // unknown, read first with ForAnyValue:Bool: a multi-valued Bool key
    const first = cond("ForAnyValue:BoolIfExists", B, ["true", "false"]);
    const all = [first, cond("ForAllValues:StringEquals", B, "true")];
    expect(keyTypesOf([withConds(all)]).get(B)).toBe("bool");
    expect(holds(all, { [B]: ["true", "TRUE"] })).toBe(true);
    expect(holds(all, { [B]: ["true", "false"] })).toBe(false);
    const any = [first, cond("ForAnyValue:StringLike", B, "f*")];
    expect(holds(any, { [B]: ["true", "false"] })).toBe(true);
    expect(holds(any, { [B]: ["true"] })).toBe(false);
    const none = [first, cond("ForAllValues:StringNotEqualsIgnoreCase", B, "FALSE")];
    expect(holds(none, { [B]: ["true"] })).toBe(true);
    expect(holds(none, { [B]: ["true", "false"] })).toBe(false);
  });
  it("§5 escapes are exact (2012-10-17); `${…}` is literal text under 2008-10-17", () => {
    expect(holds(cond("StringLike", T, "tru${?}"), { [T]: "true" })).toBe(false);
    expect(holds(cond("StringLike", T, "${*}"), { [T]: "true" })).toBe(false);
    expect(holds(cond("StringEquals", T, "${aws:username}"), { [T]: "true", "aws:username": "true" }, "2008-10-17")).toBe(false);
    expect(holds(cond("StringLike", T, "${*}"), { [T]: "true" }, "2008-10-17")).toBe(false);
    expect(holds(cond("StringLike", T, "t*"), { [T]: "true" }, null)).toBe(true);
  });
  it("§5 a policy variable in the value leaves the comparison free (CONDITION_TYPE_MISMATCH)", () => {
    const p = withConds([cond("StringEquals", T, "${aws:username}")]);
    const e = both(p, req("s3:X", "*", { [T]: "true", "aws:username": "true" }));
    expect(e.allowed).toBe("unknown");
    expect([...e.touched]).toEqual(['CONDITION_TYPE_MISMATCH|{"StringEquals":{"aws:securetransport":["${aws:username}"]}}']);
    // §3.1 without the key the missing-key rule decides, whatever the comparison means.
    const absent = both(p, req("s3:X", "*", { "aws:username": "true" }));
    expect(absent.allowed).toBe(false);
    expect(absent.touched.size).toBe(0);
  });
  it("§7.1 on the derived aws:PrincipalIsAWSService of a resource policy", () => {
    const p = resourcePolicy([
      { principal: "*", action: "*", resource: "*", conditions: [cond("StringEquals", "aws:PrincipalIsAWSService", "true")] },
    ]);
    expect(allowed(p, req("s3:X", "*", {}, { Service: "s3.amazonaws.com" }))).toBe(true);
    expect(allowed(p, req("s3:X", "*", {}, { AWS: "arn:aws:iam::111122223333:user/alice" }))).toBe(false);
    expect(allowed(p, req("s3:X", "*", {}, "anonymous"))).toBe(false);
  });
  it("§3.4 the real lakeformation statement (SageMakerStudioProjectProvisioningRolePolicy, Sid LFAccess)", () => {
    const L = "lakeformation:EnabledOnlyForMetaDataAccess";
    const p = identity([
      {
        action: "lakeformation:GetDataAccess",
        resource: "*",
        conditions: [cond("StringEquals", "aws:ResourceAccount", "${aws:PrincipalAccount}"), cond("StringEquals", L, "true")],
      },
    ]);
    expect(keyTypesOf([p]).get(L.toLowerCase())).toBe("bool");
    const ctx = (b: string | null) => ({ "aws:ResourceAccount": "111122223333", "aws:PrincipalAccount": "111122223333", [L]: b });
    expect(allowed(p, req("lakeformation:GetDataAccess", "*", ctx("true")))).toBe(true);
    expect(allowed(p, req("lakeformation:GetDataAccess", "*", ctx("false")))).toBe(false);
    expect(allowed(p, req("lakeformation:GetDataAccess", "*", ctx(null)))).toBe(false);
  });
});

describe("free constructs and deferred cases in conditions", () => {
  it("§3.4 an operator of another family than the key's compares undocumentedly: its comparison is free (CONDITION_TYPE_MISMATCH)", () => {
    const p = withConds([cond("NumericEquals", "k", "1"), cond("StringEquals", "K", "1")]);
    expect(keyTypesOf([p]).get("k")).toBe("numeric");
    const e = both(p, req("s3:X", "*", { k: "1" }));
    expect(e.allowed).toBe("unknown");
    expect([...e.touched]).toEqual(['CONDITION_TYPE_MISMATCH|{"StringEquals":{"k":["1"]}}']);
    // §3.1 §3.5 on a request without the key: positive false, negated and IfExists true.
    const none = req("s3:X", "*", {});
    for (const [op, want] of [
      ["StringEquals", false],
      ["StringNotEquals", true],
      ["StringEqualsIfExists", true],
      ["ForAllValues:StringEquals", true],
      ["ForAnyValue:StringEquals", false],
    ] as const) {
      const q = withConds([cond("NumericEquals", "k", "1")]);
      const r = both(withConds([cond(op, "k", "1")]), none, keyTypesOf([q]));
      expect(r.allowed, op).toBe(want);
      expect(r.touched.size, op).toBe(0);
    }
    // With the key, a negated operator's truth is the comparison's negation: free as well.
    const neg = both(withConds([cond("StringNotEquals", "k", "1")]), req("s3:X", "*", { k: "1" }), keyTypesOf([p]));
    expect(neg.allowed).toBe("unknown");
  });
  it("§3.4 a Bool operator on a string key stays free: which strings AWS reads as Booleans is undocumented", () => {
    // aws:SourceVpce is a string key in the catalogue, whatever operators read it.
    const V = "aws:SourceVpce";
    const p = withConds([cond("StringEquals", V, "a"), cond("Bool", V, "true")]);
    expect(keyTypesOf([p]).get("aws:sourcevpce")).toBe("string");
    const e = both(withConds([cond("Bool", V, "true")]), req("s3:X", "*", { [V]: "true" }), keyTypesOf([p]));
    expect(e.allowed).toBe("unknown");
    expect([...e.touched]).toEqual(['CONDITION_TYPE_MISMATCH|{"Bool":{"aws:sourcevpce":["true"]}}']);
  });
  it("§3.4 an unknown key read by several families takes the first of numeric, date, ip, bool, binary, string: statement order does not matter", () => {
    const s = cond("StringEquals", "foo:n", "5");
    const n = cond("NumericLessThan", "foo:n", "5");
    expect(keyTypesOf([withConds([s, n])]).get("foo:n")).toBe("numeric");
    expect(keyTypesOf([withConds([n, s])]).get("foo:n")).toBe("numeric");
    expect(keyTypesOf([withConds([cond("StringEquals", "k", "a"), cond("Bool", "k", "true")])]).get("k")).toBe("bool");
  });
  it("§0.2 a mismatch's free is per condition text: a value with `${` under 2008-10-17 gets its own id", () => {
    const c = () => cond("StringEquals", "n", "${aws:username}");
    const first = cond("NumericEquals", "n", "1");
    const ids = (version: string | null) => [...both(withConds([first, c()], version), req("s3:X", "*", { n: "1" })).touched];
    expect(ids("2012-10-17")).toEqual(['CONDITION_TYPE_MISMATCH|{"StringEquals":{"n":["${aws:username}"]}}']);
    expect(ids("2008-10-17")).toEqual(['CONDITION_TYPE_MISMATCH|{"Version":"2008-10-17","StringEquals":{"n":["${aws:username}"]}}']);
    expect(ids(null)).toEqual(ids("2008-10-17"));
  });
  it("§5 `${*}` in a StringLike value is a literal `*`", () => {
    expect(holds(cond("StringLike", "k", "a${*}"), { k: "a*" })).toBe(true);
    expect(holds(cond("StringLike", "k", "a${*}"), { k: "ab" })).toBe(false);
  });
  it("§3.4 a catalogue key's value that does not parse makes both polarities false (outside the model: AWS types it)", () => {
    for (const op of ["NumericEquals", "NumericNotEquals"]) {
      const p = withConds([cond(op, "s3:max-keys", "1")]);
      expect(evaluatePolicy(p, req("s3:X", "*", { "s3:max-keys": "abc" }), { keyTypes: keyTypesOf([p]) }).allowed).toBe(false);
    }
  });
  it("§3.4 an unknown key's value that does not parse leaves the comparison free, one per operator and key (ILL_TYPED_VALUE)", () => {
    for (const op of ["NumericEquals", "NumericNotEquals"]) {
      const e = both(withConds([cond(op, "n", "1")]), req("s3:X", "*", { n: "abc" }));
      expect(e.allowed, op).toBe("unknown");
      expect([...e.touched], op).toEqual([`ILL_TYPED_VALUE|{"${op}":"n"}`]);
    }
  });
  it("§0.2 with frees given, the evaluator is two-valued and follows each free's value", () => {
    const p = withConds([cond("ArnLike", "aws:SourceArn", "arn:aws:s3:*")]);
    const kt = keyTypesOf([p]);
    const id = "ARN_CONDITION_SHORT_PATTERN|arn:aws:s3:*";
    const r = req("s3:X", "*", { "aws:SourceArn": "arn:aws:s3:::b" });
    expect(evaluatePolicy(p, r, { keyTypes: kt, frees: new Map([[id, true]]) }).decision).toBe("Allow");
    expect(evaluatePolicy(p, r, { keyTypes: kt, frees: new Map() }).decision).toBe("ImplicitDeny");
  });
});

describe("§10.7 a present empty string may be read as absent (EMPTY_STRING_AS_ABSENT)", () => {
  const on = (c: Condition[], context: Record<string, ContextValue>) => both(withConds(c), req("s3:X", "*", context));
  const id = (key: string) => `EMPTY_STRING_AS_ABSENT|${JSON.stringify({ emptyString: key })}`;
  it('§4.1 ForAllValues on [""]: false with "" as a value, true with it absent (AWS\'s "null dataset")', () => {
    const e = on([cond("ForAllValues:StringEquals", "aws:TagKeys", "a")], { "aws:TagKeys": [""] });
    expect(e.allowed).toBe("unknown");
    expect([...e.touched]).toEqual([id("aws:tagkeys")]);
    // Beside another value the reading still decides: ["", "a"] is ["a"] when "" is absent.
    expect(on([cond("ForAllValues:StringEquals", "aws:TagKeys", "a")], { "aws:TagKeys": ["", "a"] }).allowed).toBe("unknown");
  });
  it('§10.7 Null and StringLike `*` read "" as present or absent; StringEquals `a` is false either way', () => {
    expect([...on([cond("Null", "s3:prefix", "false")], { "s3:prefix": "" }).touched]).toEqual([id("s3:prefix")]);
    expect(on([cond("StringLike", "s3:prefix", "*")], { "s3:prefix": "" }).allowed).toBe("unknown");
    const firm = on([cond("StringEquals", "s3:prefix", "a")], { "s3:prefix": "" });
    expect([firm.allowed, firm.touched.size]).toEqual([false, 0]);
    // IfExists: with "" as a value StringEqualsIfExists `a` is false, with it absent true.
    expect(on([cond("StringEqualsIfExists", "s3:prefix", "a")], { "s3:prefix": "" }).allowed).toBe("unknown");
  });
  it("§10.7 only string keys: a Bool or numeric key holds no empty string", () => {
    const e = on([cond("NumericLessThan", "s3:max-keys", "10")], { "s3:max-keys": "5" });
    expect([e.allowed, e.touched.size]).toEqual([true, 0]);
  });
});
