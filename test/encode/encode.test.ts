// The encoder's own contract: key families, variable sorts, the free-construct registry and the
// shape of the policy formulas.

import { describe, expect, it } from "vitest";
import { encodePolicy } from "../../src/encode/encode.js";
import { keyTypesOf } from "../../src/encode/key-types.js";
import type { EncodeContext } from "../../src/encode/types.js";
import { varsOf } from "../../src/encode/vars.js";
import { FREE_CODES } from "../../src/iam/ambiguity.js";
import { IP_MAX } from "../../src/iam/values.js";
import { encodeCondition } from "../../src/encode/condition.js";
import { EncodeEnv } from "../../src/encode/env.js";
import { and, boolVar, cmp, FALSE, match, not, or, TRUE } from "../../src/logic/ir.js";
import type { Condition } from "../../src/iam/ast.js";
import { globPattern } from "../../src/logic/pattern.js";
import { rational } from "../../src/logic/rational.js";
import { cond, identity, resourcePolicy } from "../eval/ast-helpers.js";

describe("keyTypesOf", () => {
  it("§3.4 gives each lower-cased key the family of its first non-Null operator, in order", () => {
    const p = identity([
      { action: "*", resource: "*", conditions: [cond("Null", "K1", "true"), cond("ArnLike", "aws:SourceArn", "arn:*")] },
      { action: "*", resource: "*", conditions: [cond("NumericLessThan", "k1", "1"), cond("StringEquals", "k1", "a")] },
    ]);
    const q = identity([
      {
        action: "*",
        resource: "*",
        conditions: [cond("ForAnyValue:DateEquals", "d", "2020-01-01"), cond("IpAddressIfExists", "ip", "10.0.0.0/8")],
      },
      {
        action: "*",
        resource: "*",
        conditions: [cond("Bool", "b", "true"), cond("BinaryEquals", "bin", "QUJD"), cond("Null", "only", "false")],
      },
    ]);
    expect([...keyTypesOf([p, q])]).toEqual([
      ["k1", "numeric"],
      ["aws:sourcearn", "string"],
      ["d", "date"],
      ["ip", "ip"],
      ["b", "bool"],
      ["bin", "binary"],
      ["only", "string"],
    ]);
  });
});

describe("§3.4 a String operator on a Bool key", () => {
  const T = "aws:SecureTransport";
  const present = boolVar("present:aws:securetransport");
  const b = boolVar("b:aws:securetransport");
  /** The formula of one condition (the key typed by the conditions before it), and the frees it registers. */
  function encoded(c: Condition, before: Condition[] = []) {
    const p = identity([{ action: "*", resource: "*", conditions: [...before, c] }]);
    const ctx: EncodeContext = { keyTypes: keyTypesOf([p]), frees: new Map() };
    return { f: encodeCondition(c, new EncodeEnv(ctx, true)), frees: [...ctx.frees.keys()] };
  }
  it("§3.4 is (b ∧ the value matches `true`) ∨ (¬b ∧ it matches `false`), each match decided now", () => {
    expect(encoded(cond("StringEquals", T, "true"))).toEqual({ f: and(present, b), frees: [] });
    expect(encoded(cond("StringEquals", T, "false")).f).toEqual(and(present, not(b)));
    expect(encoded(cond("StringEquals", T, "True")).f).toEqual(FALSE);
    expect(encoded(cond("StringEqualsIgnoreCase", T, "FALSE")).f).toEqual(and(present, not(b)));
    expect(encoded(cond("StringLike", T, "*")).f).toEqual(and(present, or(b, not(b))));
    expect(encoded(cond("StringLike", T, "?a*")).f).toEqual(and(present, not(b)));
    expect(encoded(cond("StringEquals", T, ["true", "false"])).f).toEqual(and(present, or(b, not(b))));
    expect(encoded(cond("StringEquals", "aws:ViaAWSService", "amplify.amazonaws.com")).f).toEqual(FALSE);
  });
  it("§3.1 §3.5 negation and IfExists apply to it as to any operator", () => {
    expect(encoded(cond("StringNotEquals", T, "true")).f).toEqual(or(not(present), not(b)));
    expect(encoded(cond("StringNotEquals", "aws:ViaAWSService", "amplify.amazonaws.com")).f).toEqual(TRUE);
    expect(encoded(cond("StringEqualsIfExists", T, "true")).f).toEqual(or(not(present), and(present, b)));
  });
  it("§4.1 on a multi-valued Bool key it reads each element's Boolean", () => {
    const B = "k:bset";
    const f = encoded(cond("ForAnyValue:StringEquals", B, "false"), [cond("ForAnyValue:Bool", B, "true")]).f;
    const e = (i: number) => ({ in: boolVar(`in:k:bset#${i}`), b: boolVar(`b:k:bset#${i}`), ill: boolVar(`illtyped:k:bset#${i}`) });
    // k:bset is unknown to the catalogue: an element may be text that is no Boolean (ILL_TYPED_VALUE).
    const ill = boolVar('free:ILL_TYPED_VALUE|{"StringEquals":"k:bset"}');
    const m = (i: number) => or(and(not(e(i).ill), not(e(i).b)), and(e(i).ill, ill));
    expect(f).toEqual(or(and(e(1).in, m(1)), and(e(2).in, m(2))));
  });
  it("§5 a policy variable in the value leaves the comparison free, under the key's presence; under 2008-10-17 it is literal text", () => {
    const c = cond("StringEquals", T, "${aws:username}");
    const { f, frees } = encoded(c);
    const id = 'CONDITION_TYPE_MISMATCH|{"StringEquals":{"aws:securetransport":["${aws:username}"]}}';
    expect(frees).toEqual([id]);
    expect(f).toEqual(and(present, boolVar(`free:${id}`)));
    const neg = encoded(cond("StringNotEqualsIfExists", T, "${aws:username}"));
    const negId = 'CONDITION_TYPE_MISMATCH|{"StringNotEqualsIfExists":{"aws:securetransport":["${aws:username}"]}}';
    expect(neg.f).toEqual(or(not(present), or(not(present), not(boolVar(`free:${negId}`)))));
    const ctx: EncodeContext = {
      keyTypes: keyTypesOf([identity([{ action: "*", resource: "*", conditions: [c] }], "2008-10-17")]),
      frees: new Map(),
    };
    expect(encodeCondition(c, new EncodeEnv(ctx, false))).toEqual(FALSE);
  });
  it("§3.4 a Bool operator on a string key is CONDITION_TYPE_MISMATCH", () => {
    const { frees } = encoded(cond("Bool", "aws:SourceVpce", "true"), [cond("StringEquals", "aws:SourceVpce", "a")]);
    expect(frees).toContain('CONDITION_TYPE_MISMATCH|{"Bool":{"aws:sourcevpce":["true"]}}');
  });
});

describe("varsOf", () => {
  it("sorts variables by their names", () => {
    const f = and(
      match("action", globPattern("s3:*")),
      match("principal", globPattern("AWS:*")),
      boolVar("present:k"),
      match("s:k", globPattern("a*")),
      cmp("n:n", "lt", rational(1n)),
      cmp("d:d", "lt", rational(1n)),
      cmp("ip:i", "lt", rational(1n)),
      boolVar("b:b"),
      boolVar("free:CODE|a:b"),
    );
    const v = varsOf(f);
    expect(v.get("action")).toEqual({ sort: "string" });
    expect(v.get("s:k")).toEqual({ sort: "string" });
    expect(v.get("present:k")).toEqual({ sort: "bool" });
    expect(v.get("free:CODE|a:b")).toEqual({ sort: "bool" });
    expect(v.get("n:n")).toEqual({ sort: "ordered", integer: false });
    expect(v.get("d:d")).toEqual({ sort: "ordered", integer: false });
    expect(v.get("ip:i")).toEqual({ sort: "ordered", integer: true, min: rational(0n), max: rational(IP_MAX) });
    expect(() => varsOf(boolVar("zz:k"))).toThrow(/unknown request variable/);
  });
});

describe("free constructs", () => {
  const p = resourcePolicy([
    {
      principal: { AWS: ["*", "arn:aws:iam::111122223333:user/a*", "arn:aws:iam::111122223333:user/alice"] },
      action: ["s3*:Get*"],
      resource: [
        "arn:aws:ec2:*:*:instance/*",
        "arn:aws:waf:*",
        "b/${aws:username}",
        "arn:aws:s3:::b/${aws:CurrentTime}",
        "arn:aws:s3*:::b",
        "arn:aws:iam::1:u*",
      ],
      conditions: [
        cond("ArnLike", "aws:SourceArn", "arn:aws:s3:*"),
        cond("StringEquals", "aws:TagKeys", "a"),
        cond("ForAnyValue:StringEqualsIfExists", "aws:TagKeys", "b"),
        cond("ForAllValues:Null", "aws:TagKeys", "true"),
        cond("StringEquals", "aws:SourceArn", "${aws:username}"),
        cond("StringEqualsIgnoreCase", "aws:SourceArn", "${aws:username}"),
        cond("Bool", "aws:SecureTransport", "${aws:username}"),
        cond("NumericEquals", "aws:SourceArn", "1"),
        cond("NumericEquals", "k:n", "1"),
        cond("StringEqualsIgnoreCase", "s3:prefix", "é"),
      ],
    },
    { effect: "Deny", notPrincipal: { AWS: "111122223333" }, action: "*", resource: "*" },
  ]);
  const ctx: EncodeContext = { keyTypes: keyTypesOf([p]), frees: new Map() };
  encodePolicy(p, ctx);
  it("§0.2 registers every free construct once, with its code and a one-sentence message", () => {
    expect(new Set([...ctx.frees.values()].map((c) => c.code))).toEqual(new Set(FREE_CODES));
    for (const c of ctx.frees.values()) {
      expect(c.id.startsWith(c.code + "|")).toBe(true);
      expect(c.message).toMatch(/^[a-z].*`.+`.*[^.]$/);
    }
  });
  it("§0.2 the same construct in two policies gets the same id", () => {
    const q = identity([{ action: "s3*:Get*", resource: "arn:aws:waf:*" }]);
    const ctx2: EncodeContext = { keyTypes: new Map(), frees: new Map() };
    encodePolicy(q, ctx2);
    for (const id of ctx2.frees.keys()) expect(ctx.frees.has(id), id).toBe(true);
  });
});

describe("encodePolicy", () => {
  it("§6.1 allows = OR(Allow statements) ∧ ¬OR(Deny statements); statements in order", () => {
    const p = identity([
      { action: "s3:*", resource: "*" },
      { effect: "Deny", action: "s3:Delete*", resource: "*" },
    ]);
    const e = encodePolicy(p, { keyTypes: new Map(), frees: new Map() });
    expect(e.statements).toHaveLength(2);
    expect(e.denied).toEqual(e.statements[1]);
    expect(e.allows).toEqual(and(e.statements[0], { k: "not", a: e.statements[1] }));
  });
  it("§6.1 identity policies never mention the principal", () => {
    const p = identity([{ action: "*", resource: "*" }]);
    const e = encodePolicy(p, { keyTypes: new Map(), frees: new Map() });
    expect(varsOf(e.allows).has("principal")).toBe(false);
  });
});
