// The encoder's own contract: key families, variable sorts, the free-construct registry and the
// shape of the policy formulas.

import { describe, expect, it } from "vitest";
import { encodePolicy } from "../../src/encode/encode.js";
import { keyTypesOf } from "../../src/encode/key-types.js";
import type { EncodeContext } from "../../src/encode/types.js";
import { varsOf } from "../../src/encode/vars.js";
import { FREE_CODES } from "../../src/iam/ambiguity.js";
import { IP_MAX } from "../../src/iam/values.js";
import { and, boolVar, cmp, match } from "../../src/logic/ir.js";
import { globPattern } from "../../src/iam/pattern.js";
import { rational } from "../../src/logic/rational.js";
import { cond, identity, resourcePolicy } from "../eval/ast-helpers.js";

describe("keyTypesOf", () => {
  it("§3.4 gives each lower-cased key the family of its first non-Null operator, in order", () => {
    const p = identity([
      { action: "*", resource: "*", conditions: [cond("Null", "K1", "true"), cond("ArnLike", "aws:SourceArn", "arn:*")] },
      { action: "*", resource: "*", conditions: [cond("NumericLessThan", "k1", "1"), cond("StringEquals", "k1", "a")] },
    ]);
    const q = identity([
      { action: "*", resource: "*", conditions: [cond("ForAnyValue:DateEquals", "d", "2020-01-01"), cond("IpAddressIfExists", "ip", "10.0.0.0/8")] },
      { action: "*", resource: "*", conditions: [cond("Bool", "b", "true"), cond("BinaryEquals", "bin", "QUJD"), cond("Null", "only", "false")] },
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
      resource: ["arn:aws:ec2:*:*:instance/*", "arn:aws:waf:*", "b/${aws:username}", "arn:aws:s3:::b/${aws:CurrentTime}"],
      conditions: [
        cond("ArnLike", "aws:SourceArn", "arn:aws:s3:*"),
        cond("StringEquals", "aws:TagKeys", "a"),
        cond("ForAnyValue:StringEqualsIfExists", "aws:TagKeys", "b"),
        cond("ForAllValues:Null", "aws:TagKeys", "true"),
        cond("StringEquals", "aws:SourceArn", "${aws:username}"),
        cond("StringEqualsIgnoreCase", "aws:SourceArn", "${aws:username}"),
        cond("ArnLike", "aws:SourceArn", "arn:aws:${aws:username}:*:1:x"),
        cond("Bool", "aws:SecureTransport", "${aws:username}"),
        cond("NumericEquals", "aws:SourceArn", "1"),
      ],
    },
    { effect: "Deny", notPrincipal: { AWS: "111122223333" }, action: "*", resource: "*" },
  ]);
  const ctx: EncodeContext = { keyTypes: keyTypesOf([p]), frees: new Map() };
  encodePolicy(p, ctx);
  it("§0.2 registers every free construct once, with its code, kind and a one-sentence message", () => {
    expect(new Set([...ctx.frees.values()].map((c) => c.code))).toEqual(new Set(Object.keys(FREE_CODES)));
    for (const c of ctx.frees.values()) {
      expect(c.id.startsWith(c.code + "|")).toBe(true);
      expect(c.kind).toBe(FREE_CODES[c.code as keyof typeof FREE_CODES]);
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
