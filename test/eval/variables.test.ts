// Golden cases for policy variables (iam-semantics §5, §1.2, §2.2.11, §10.2, §10.14), evaluator
// and encoder together (ast-helpers `both`).

import { describe, expect, it } from "vitest";
import { keyTypesOf } from "../../src/encode/key-types.js";
import { evaluatePolicy } from "../../src/eval/evaluate.js";
import type { ContextValue } from "../../src/iam/request.js";
import type { Condition } from "../../src/iam/ast.js";
import { allowed, both, cond, identity, req } from "./ast-helpers.js";

const res = (resource: string | string[], version?: string | null) => identity([{ action: "*", resource }], version);
const notRes = (notResource: string) => identity([{ action: "*", notResource }]);
const holds = (c: Condition, context: Record<string, ContextValue>, version?: string | null) =>
  allowed(identity([{ action: "*", resource: "*", conditions: [c] }], version), req("s3:X", "*", context));

describe("§5 variables in Resource", () => {
  const p = res("arn:aws:s3:::b/${aws:username}/*");
  it("§5 the resource part reads the key's value", () => {
    expect(allowed(p, req("s3:X", "arn:aws:s3:::b/alice/k", { "aws:username": "alice" }))).toBe(true);
    expect(allowed(p, req("s3:X", "arn:aws:s3:::b/alice/k", { "aws:username": "bob" }))).toBe(false);
  });
  it("§5 key names in variables are case-insensitive", () => {
    const q = res("arn:aws:s3:::b/${AWS:UserName}/*");
    expect(allowed(q, req("s3:X", "arn:aws:s3:::b/alice/k", { "aws:username": "alice" }))).toBe(true);
  });
  it("§5 a variable with no value and no default matches no resource", () => {
    expect(allowed(p, req("s3:X", "arn:aws:s3:::b//k", {}))).toBe(false);
    expect(allowed(p, req("s3:X", "arn:aws:s3:::b//k", { "aws:username": null }))).toBe(false);
  });
  it("§5 in NotResource such an entry excludes nothing", () => {
    const q = notRes("arn:aws:s3:::b/${aws:username}");
    expect(allowed(q, req("s3:X", "arn:aws:s3:::b/alice", {}))).toBe(true);
    expect(allowed(q, req("s3:X", "arn:aws:s3:::b/alice", { "aws:username": "alice" }))).toBe(false);
    expect(allowed(q, req("s3:X", "arn:aws:s3:::b/alice", { "aws:username": "bob" }))).toBe(true);
  });
  it("§5 an absent key with a default reads the default, literally", () => {
    const q = res("arn:aws:s3:::b/${aws:PrincipalTag/team, 'company-wide*'}/*");
    expect(allowed(q, req("s3:X", "arn:aws:s3:::b/company-wide*/k", {}))).toBe(true);
    expect(allowed(q, req("s3:X", "arn:aws:s3:::b/company-wide-x/k", {}))).toBe(false);
    expect(allowed(q, req("s3:X", "arn:aws:s3:::b/eng/k", { "aws:PrincipalTag/team": "eng" }))).toBe(true);
    expect(allowed(q, req("s3:X", "arn:aws:s3:::b/company-wide*/k", { "aws:PrincipalTag/team": "eng" }))).toBe(false);
  });
  it("§5 §10.14 a substituted `*` or `?` is a literal character", () => {
    expect(allowed(p, req("s3:X", "arn:aws:s3:::b/a*/k", { "aws:username": "a*" }))).toBe(true);
    expect(allowed(p, req("s3:X", "arn:aws:s3:::b/ab/k", { "aws:username": "a*" }))).toBe(false);
    expect(allowed(p, req("s3:X", "arn:aws:s3:::b/x/k", { "aws:username": "?" }))).toBe(false);
  });
  it("§5 two variables, and one key twice", () => {
    const q = res("arn:aws:s3:::${aws:PrincipalTag/dept}/${aws:username}/${aws:username}");
    const ctx = { "aws:PrincipalTag/dept": "d", "aws:username": "u" };
    expect(allowed(q, req("s3:X", "arn:aws:s3:::d/u/u", ctx))).toBe(true);
    expect(allowed(q, req("s3:X", "arn:aws:s3:::d/u/v", ctx))).toBe(false);
  });
  it("§2.2.11 a variable outside the resource part is RESOURCE_VARIABLE_POSITION (nothing, or `*`)", () => {
    for (const text of ["arn:aws:s3:${aws:RequestedRegion}::b", "b/${aws:username}"]) {
      const e = both(res(text), req("s3:X", text.replace(/\$\{[^}]*\}/, "x"), { "aws:username": "x", "aws:requestedregion": "x" }));
      expect(e.allowed, text).toBe("unknown");
      expect([...e.touched], text).toEqual([`RESOURCE_VARIABLE_POSITION|${text}`]);
    }
  });
  it("§5 §7 a variable naming a multi-valued or non-string key (the catalogue's types) is UNSUPPORTED_VARIABLE_KEY", () => {
    for (const key of [
      "aws:TagKeys",
      "aws:CurrentTime",
      "aws:VpceOrgPaths",
      "kms:EncryptionContextKeys",
      "dynamodb:Attributes",
      "aws:SecureTransport",
    ]) {
      const text = `arn:aws:s3:::b/\${${key}}`;
      const e = both(res(text), req("s3:X", "arn:aws:s3:::b/x", {}));
      expect([...e.touched], key).toEqual([`UNSUPPORTED_VARIABLE_KEY|${text}`]);
    }
  });
  it("§5 in a condition such a variable leaves the comparison free; without the condition's key the missing-key rule decides", () => {
    const c = (op: string) => cond(op, "s3:prefix", "home/${aws:CurrentTime}");
    const text = (op: string) => `UNSUPPORTED_VARIABLE_KEY|{"${op}":{"s3:prefix":["home/\${aws:CurrentTime}"]}}`;
    const on = both(identity([{ action: "*", resource: "*", conditions: [c("StringLike")] }]), req("s3:X", "*", { "s3:prefix": "home/x" }));
    expect(on.allowed).toBe("unknown");
    expect([...on.touched]).toEqual([text("StringLike")]);
    expect(holds(c("StringLike"), {})).toBe(false);
    expect(holds(c("StringNotLike"), {})).toBe(true);
  });
  it("§1.2 under 2008-10-17 a variable is literal text", () => {
    const q = res("arn:aws:s3:::b/${aws:username}", "2008-10-17");
    expect(allowed(q, req("s3:X", "arn:aws:s3:::b/${aws:username}", { "aws:username": "alice" }))).toBe(true);
    expect(allowed(q, req("s3:X", "arn:aws:s3:::b/alice", { "aws:username": "alice" }))).toBe(false);
  });
  it("§5 keys read only through variables are declared as string keys", () => {
    expect(keyTypesOf([p]).get("aws:username")).toBe("string");
    expect(keyTypesOf([res("arn:aws:s3:::b/${aws:username}", "2008-10-17")]).has("aws:username")).toBe(false);
  });
});

describe("§5 variables in condition values", () => {
  it("§5 String operators substitute the value", () => {
    const c = cond("StringEquals", "s3:prefix", "home/${aws:username}");
    expect(holds(c, { "s3:prefix": "home/alice", "aws:username": "alice" })).toBe(true);
    expect(holds(c, { "s3:prefix": "home/alice", "aws:username": "bob" })).toBe(false);
    expect(holds(c, { "s3:prefix": "home/${aws:username}", "aws:username": "bob" })).toBe(false);
    expect(holds(c, { "s3:prefix": "home/${aws:username}" }, null)).toBe(true);
    const like = cond("StringLike", "s3:prefix", "home/${aws:username}/*");
    expect(holds(like, { "s3:prefix": "home/alice/x/y", "aws:username": "alice" })).toBe(true);
    expect(holds(like, { "s3:prefix": "home/al/x", "aws:username": "a?" })).toBe(false);
  });
  it("§5 a variable with no value: positive operators do not match, negated ones do", () => {
    expect(holds(cond("StringEquals", "s3:prefix", "${aws:username}"), { "s3:prefix": "" })).toBe(false);
    expect(holds(cond("StringLike", "s3:prefix", "*${aws:username}"), { "s3:prefix": "x" })).toBe(false);
    expect(
      holds(cond("StringNotEquals", "s3:ExistingObjectTag/Team", "${aws:PrincipalTag/Team}"), { "s3:ExistingObjectTag/Team": "x" }),
    ).toBe(true);
    expect(
      holds(cond("StringNotEquals", "s3:ExistingObjectTag/Team", "${aws:PrincipalTag/Team}"), {
        "s3:ExistingObjectTag/Team": "x",
        "aws:PrincipalTag/Team": "x",
      }),
    ).toBe(false);
  });
  it("§5 a default is used when the key is absent", () => {
    const c = cond("StringEquals", "s3:prefix", "${aws:PrincipalTag/team, 'all teams'}");
    expect(holds(c, { "s3:prefix": "all teams" })).toBe(true);
    expect(holds(c, { "s3:prefix": "all teams", "aws:PrincipalTag/team": "eng" })).toBe(false);
  });
  it("§5 a key compared with another key (StringEquals aws:ResourceAccount ${aws:PrincipalAccount})", () => {
    const c = cond("StringEquals", "aws:ResourceAccount", "${aws:PrincipalAccount}");
    expect(holds(c, { "aws:ResourceAccount": "111122223333", "aws:PrincipalAccount": "111122223333" })).toBe(true);
    expect(holds(c, { "aws:ResourceAccount": "111122223333", "aws:PrincipalAccount": "444455556666" })).toBe(false);
  });
  it("§5 Arn operators substitute, then split the ARN", () => {
    const c = cond("ArnLike", "aws:SourceArn", "arn:aws:sns:*:${aws:PrincipalAccount}:topic/*");
    expect(holds(c, { "aws:SourceArn": "arn:aws:sns:us-east-1:1:topic/a:b", "aws:PrincipalAccount": "1" })).toBe(true);
    expect(holds(c, { "aws:SourceArn": "arn:aws:sns:us-east-1:2:topic/a", "aws:PrincipalAccount": "1" })).toBe(false);
    const whole = cond("ArnEquals", "aws:SourceArn", "${aws:PrincipalArn}");
    expect(holds(whole, { "aws:SourceArn": "arn:aws:iam::1:user/u", "aws:PrincipalArn": "arn:aws:iam::1:user/u" })).toBe(true);
    expect(holds(whole, { "aws:SourceArn": "arn:aws:iam::1:user/v", "aws:PrincipalArn": "arn:aws:iam::1:user/u" })).toBe(false);
  });
  it("§3.4 §5 an Arn value is substituted, then split: a colon in the value moves the components", () => {
    // arn:aws:${u}:*:1:x with u = "s:r" reads arn:aws:s:r:*:1:x, whose `*` is component 5.
    const c = cond("ArnLike", "aws:SourceArn", "arn:aws:${aws:username}:*:1:x");
    const at = (arn: string, user: string) =>
      both(identity([{ action: "*", resource: "*", conditions: [c] }]), req("s3:X", "*", { "aws:SourceArn": arn, "aws:username": user }));
    expect(at("arn:aws:s:r:1:x", "s").allowed).toBe(true);
    expect(at("arn:aws:s:r:1:x", "s").touched.size).toBe(0);
    expect(at("arn:aws:s:r:1:x", "s:r").allowed).toBe(false);
    expect(at("arn:aws:s:r:q:1:x", "s:r").allowed).toBe(true);
    expect(at("arn:aws:s:r:q:1:x", "s").allowed).toBe(false);
    // Two colons in the value put the `*` in the resource part, where it crosses colons; with
    // one, it is component 5 and stops at a colon.
    expect(at("arn:aws:a:b:c:d:e:f:g:1:x", "a:b:c").allowed).toBe(true);
    expect(at("arn:aws:a:b:c:d:e:f:g:1:x", "a:b").allowed).toBe(false);
    expect(at("arn:aws:a:b:c:1:x", "a:b").allowed).toBe(true);
  });
  it("§3.4 §10.13 an Arn value that substitutes to fewer than five colons with a wildcard is ARN_CONDITION_SHORT_PATTERN", () => {
    const c = cond("ArnLike", "aws:SourceArn", "${aws:username}:*");
    const p = identity([{ action: "*", resource: "*", conditions: [c] }]);
    const short = both(p, req("s3:X", "*", { "aws:SourceArn": "a:b:c", "aws:username": "a" }));
    expect(short.allowed).toBe("unknown");
    expect([...short.touched]).toEqual(["ARN_CONDITION_SHORT_PATTERN|${aws:username}:*"]);
    // With five colons substituted it is an ordinary ARN pattern: exact.
    const long = both(p, req("s3:X", "*", { "aws:SourceArn": "a:b:c:d:e:f:g", "aws:username": "a:b:c:d:e" }));
    expect(long.allowed).toBe(true);
    expect(long.touched.size).toBe(0);
  });
  it("§3.4 §5 an IgnoreCase operator folds the variable's value with the rest, exactly", () => {
    const c = cond("StringEqualsIgnoreCase", "s3:prefix", "home/${aws:username}");
    const p = identity([{ action: "*", resource: "*", conditions: [c] }]);
    const at = (prefix: string, user: string) => both(p, req("s3:X", "*", { "s3:prefix": prefix, "aws:username": user }));
    expect(at("HOME/Alice", "aLICE").allowed).toBe(true);
    expect(at("home/alice", "alice").touched.size).toBe(0);
    // No ASCII match: Unicode folding of the variable's value is read as "at least the ASCII
    // matches", so only the ASCII reading says false (UNICODE_CASE_FOLDING, its own free).
    const bob = at("home/alice", "bob");
    expect(bob.allowed).toBe("unknown");
    expect([...bob.touched].sort()).toEqual([
      "UNICODE_CASE_FOLDING|IgnoreCase",
      'UNICODE_CASE_FOLDING|variable:{"StringEqualsIgnoreCase":{"s3:prefix":"home/${aws:username}"}}',
    ]);
    const ascii = new Map([...bob.touched].map((id) => [id, false]));
    expect(
      evaluatePolicy(p, req("s3:X", "*", { "s3:prefix": "home/alice", "aws:username": "bob" }), { keyTypes: keyTypesOf([p]), frees: ascii })
        .allowed,
    ).toBe(false);
    expect(at("home/alice*", "alice").allowed).toBe("unknown");
  });
  it("§10.2 a Bool value with a variable is BOOL_VARIABLE: narrow the literal text, wide substituted", () => {
    const c = cond("Bool", "aws:SecureTransport", "${aws:PrincipalTag/secure}");
    const p = identity([{ action: "*", resource: "*", conditions: [c] }]);
    const on = req("s3:X", "*", { "aws:SecureTransport": "true", "aws:PrincipalTag/secure": "TRUE" });
    const e = both(p, on);
    expect(e.allowed).toBe("unknown");
    expect([...e.touched]).toEqual(["BOOL_VARIABLE|${aws:PrincipalTag/secure}"]);
    expect(allowed(p, req("s3:X", "*", { "aws:SecureTransport": "true", "aws:PrincipalTag/secure": "false" }))).toBe(false);
    expect(allowed(p, req("s3:X", "*", { "aws:SecureTransport": "true" }))).toBe(false);
    const mixed = cond("Bool", "aws:SecureTransport", "t${aws:PrincipalTag/secure}");
    const q = identity([{ action: "*", resource: "*", conditions: [mixed] }]);
    expect(both(q, req("s3:X", "*", { "aws:SecureTransport": "true", "aws:PrincipalTag/secure": "RUE" })).allowed).toBe("unknown");
    expect(allowed(q, req("s3:X", "*", { "aws:SecureTransport": "true", "aws:PrincipalTag/secure": "x" }))).toBe(false);
  });
  it("§5 Numeric, Date, IP and Binary values keep `${…}` as literal text (which then matches nothing)", () => {
    expect(holds(cond("NumericEquals", "s3:max-keys", "${aws:username}"), { "s3:max-keys": "1", "aws:username": "1" })).toBe(false);
    expect(holds(cond("NumericNotEquals", "s3:max-keys", "${aws:username}"), { "s3:max-keys": "1", "aws:username": "1" })).toBe(true);
    expect(
      keyTypesOf([identity([{ action: "*", resource: "*", conditions: [cond("NumericEquals", "n", "${aws:username}")] }])]).has(
        "aws:username",
      ),
    ).toBe(false);
  });
});
