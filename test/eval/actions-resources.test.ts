// Golden cases for Action/NotAction (iam-semantics §2.1), Resource/NotResource (§2.2, §5) and
// statement combination (§6.1); each checks the evaluator and the encoder together.

import { describe, expect, it } from "vitest";
import { allowed, both, identity, req, resourcePolicy } from "./ast-helpers.js";

const B = "arn:aws:s3:::b/k";

describe("§6.1 statements: applies = principal ∧ action ∧ resource ∧ conditions", () => {
  it("§6.1 an Allow that applies allows", () => {
    const p = identity([{ action: "s3:GetObject", resource: B }]);
    expect(both(p, req("s3:GetObject", B)).decision).toBe("Allow");
  });
  it("§6.1 no applicable Allow is an implicit deny", () => {
    const p = identity([{ action: "s3:GetObject", resource: B }]);
    expect(both(p, req("s3:PutObject", B)).decision).toBe("ImplicitDeny");
  });
  it("§6.1 explicit Deny beats Allow", () => {
    const p = identity([
      { action: "s3:*", resource: "*" },
      { effect: "Deny", action: "s3:GetObject", resource: B },
    ]);
    const e = both(p, req("s3:GetObject", B));
    expect(e.decision).toBe("ExplicitDeny");
    expect(e.allowed).toBe(false);
    expect(e.statements).toEqual([true, true]);
  });
  it("§1.3 an empty Action list matches nothing", () => {
    expect(allowed(identity([{ action: [], resource: "*" }]), req("s3:GetObject"))).toBe(false);
  });
});

describe("§2.1 actions", () => {
  it("§2.1 prefix and name are case-insensitive", () => {
    const p = identity([{ action: "IAM:listaccesskeys", resource: "*" }]);
    expect(allowed(p, req("iam:ListAccessKeys"))).toBe(true);
  });
  it("§2.1 `*` is any sequence and `?` one character in the name", () => {
    const p = identity([{ action: ["iam:*AccessKey*", "s3:Get?bject"], resource: "*" }]);
    expect(allowed(p, req("iam:ListAccessKeys"))).toBe(true);
    expect(allowed(p, req("iam:AccessKey"))).toBe(true);
    expect(allowed(p, req("s3:GetXbject"))).toBe(true);
    expect(allowed(p, req("s3:Getbject"))).toBe(false);
  });
  it("§2.1 `*` alone matches every action of every service", () => {
    const p = identity([{ action: "*", resource: "*" }]);
    expect(allowed(p, req("anything:AtAll"))).toBe(true);
  });
  it("§2.1 a pattern matches the whole action, not a prefix of it", () => {
    const p = identity([{ action: "s3:Get", resource: "*" }]);
    expect(allowed(p, req("s3:GetObject"))).toBe(false);
  });
  it("§2.1 a stray space, a comma or an empty part makes an action match nothing", () => {
    for (const a of ["s3:GetObject ", "s3:   GetObject", "s3:", "s3:GetObject,s3:PutObject", ":GetObject", "GetObject"]) {
      const p = identity([{ action: a, resource: "*" }]);
      expect(allowed(p, req("s3:GetObject")), a).toBe(false);
      expect(allowed(p, req(a)), a).toBe(false);
    }
  });
  it("§2.1 a malformed NotAction entry excludes nothing (Allow+NotAction grants everything else too)", () => {
    const p = identity([{ notAction: "s3:GetObject ", resource: "*" }]);
    expect(allowed(p, req("s3:GetObject"))).toBe(true);
  });
  it("§2.1 NotAction matches every action except the listed ones", () => {
    const p = identity([{ notAction: ["s3:Get*", "iam:*"], resource: "*" }]);
    expect(allowed(p, req("s3:GetObject"))).toBe(false);
    expect(allowed(p, req("IAM:CreateUser"))).toBe(false);
    expect(allowed(p, req("s3:PutObject"))).toBe(true);
  });
  it("§2.1 a wildcard in the service prefix is ambiguous (ACTION_SERVICE_WILDCARD)", () => {
    const p = identity([{ action: "s3*:Get*", resource: "*" }]);
    const e = both(p, req("s3express:GetObject"));
    expect(e.allowed).toBe("unknown");
    expect([...e.touched]).toEqual(["ACTION_SERVICE_WILDCARD|s3*:get*"]);
    // The literal reading matches only a prefix written `s3*`, which both readings share.
    expect(allowed(p, req("S3*:GetObject"))).toBe(true);
    expect(allowed(p, req("ec2:GetObject"))).toBe(false);
  });
});

describe("§2.2 resources", () => {
  it("§2.2 `*` alone matches every resource, the literal `*` of wildcard-only actions too", () => {
    const p = identity([{ action: "*", resource: "*" }]);
    expect(allowed(p, req("s3:ListAllMyBuckets", "*"))).toBe(true);
    expect(allowed(p, req("s3:GetObject", "arn:aws:s3:::b/a:b/c"))).toBe(true);
  });
  it("§2.2 an ARN pattern does not match the literal resource `*`", () => {
    const p = identity([{ action: "*", resource: "arn:aws:s3:::*" }]);
    expect(allowed(p, req("s3:ListAllMyBuckets", "*"))).toBe(false);
  });
  it("§2.2 in the resource part `*` crosses `/` and `:`", () => {
    const p = identity([{ action: "*", resource: ["arn:aws:logs:us-east-1:1:log-group:*", "arn:aws:s3:::b/*/test/*"] }]);
    expect(allowed(p, req("logs:X", "arn:aws:logs:us-east-1:1:log-group:g:log-stream:s"))).toBe(true);
    expect(allowed(p, req("s3:X", "arn:aws:s3:::b/1///test///object.jpg"))).toBe(true);
    expect(allowed(p, req("s3:X", "arn:aws:s3:::b//test/object.jpg"))).toBe(true);
    expect(allowed(p, req("s3:X", "arn:aws:s3:::b/1-test/object.jpg"))).toBe(false);
    expect(allowed(p, req("s3:X", "arn:aws:s3:::b/test/object.jpg"))).toBe(false);
  });
  it("§2.2 in components 1–5 `?` and a non-final `*` do not cross a colon", () => {
    const p = identity([{ action: "*", resource: ["arn:aws:s3:u?::b", "arn:aws:s3:*x::c"] }]);
    expect(allowed(p, req("s3:X", "arn:aws:s3:u1::b"))).toBe(true);
    expect(allowed(p, req("s3:X", "arn:aws:s3:u:::b"))).toBe(false);
    expect(allowed(p, req("s3:X", "arn:aws:s3:a:bx::c"))).toBe(false);
    expect(allowed(p, req("s3:X", "arn:aws:s3:abx::c"))).toBe(true);
  });
  it("§2.2 §10.3 a wildcard in the service segment is literal or effective (RESOURCE_SERVICE_WILDCARD)", () => {
    const p = identity([{ action: "*", resource: "arn:aws:s3*:::b" }]);
    const e = both(p, req("s3:X", "arn:aws:s3express:::b"));
    expect(e.allowed).toBe("unknown");
    expect([...e.touched]).toEqual(["RESOURCE_SERVICE_WILDCARD|arn:aws:s3*:::b"]);
    // The literal text matches under both readings; another bucket under neither.
    expect(allowed(p, req("s3:X", "arn:aws:s3*:::b"))).toBe(true);
    expect(allowed(p, req("s3:X", "arn:aws:s3:::c"))).toBe(false);
  });
  it("§2.2.4 §10.3 a wildcard in the resource-type prefix is literal or effective (RESOURCE_TYPE_WILDCARD)", () => {
    const p = identity([{ action: "*", resource: "arn:aws:iam::1:u*" }]);
    const e = both(p, req("iam:X", "arn:aws:iam::1:user/bob"));
    expect(e.allowed).toBe("unknown");
    expect([...e.touched]).toEqual(["RESOURCE_TYPE_WILDCARD|arn:aws:iam::1:u*"]);
    // The literal text matches under both readings; another account under neither.
    expect(allowed(p, req("iam:X", "arn:aws:iam::1:u*"))).toBe(true);
    expect(allowed(p, req("iam:X", "arn:aws:iam::2:user/bob"))).toBe(false);
    // S3 has no resource type: a wildcard there is in a bucket name, which AWS allows.
    expect(both(identity([{ action: "*", resource: "arn:aws:s3:::b*" }]), req("s3:X", "arn:aws:s3:::bucket")).allowed).toBe(true);
  });
  it("§2.2.4 a Deny with a type wildcard is ambiguous too; a wildcard past the type is not", () => {
    const p = identity([
      { action: "*", resource: "*" },
      { effect: "Deny", action: "*", resource: ["arn:aws:iam::1:u*", "arn:aws:iam::1:role/*"] },
    ]);
    const e = both(p, req("iam:X", "arn:aws:iam::1:user/bob"));
    expect(e.allowed).toBe("unknown");
    expect([...e.touched]).toEqual(["RESOURCE_TYPE_WILDCARD|arn:aws:iam::1:u*"]);
    expect(both(p, req("iam:X", "arn:aws:iam::1:role/r")).allowed).toBe(false);
  });
  it("§2.2 §10.3 a segment-final `*` stops at `:`, the one reading (AWS's labelled answers)", () => {
    const p = identity([{ action: "*", resource: "arn:aws:ec2:*:*:instance/*" }]);
    expect(allowed(p, req("ec2:X", "arn:aws:ec2:us-east-1:111122223333:instance/i-1"))).toBe(true);
    const e = both(p, req("ec2:X", "arn:aws:ec2:us-east-1:extra:111122223333:instance/i-1"));
    expect(e.allowed).toBe(false);
    expect([...e.touched]).toEqual([]);
  });
  it("§2.2 resources are case-sensitive", () => {
    const p = identity([{ action: "*", resource: "arn:aws:iam::1:user/Bob" }]);
    expect(allowed(p, req("iam:X", "arn:aws:iam::1:user/bob"))).toBe(false);
  });
  it("§2.2 a short ARN pattern is ambiguous (SHORT_ARN_PATTERN): nothing, or a glob", () => {
    const p = identity([{ action: "*", resource: "arn:aws:waf:*" }]);
    const e = both(p, req("waf:X", "arn:aws:waf::1:rule/r"));
    expect(e.allowed).toBe("unknown");
    expect([...e.touched]).toEqual(["SHORT_ARN_PATTERN|arn:aws:waf:*"]);
    expect(allowed(p, req("s3:X", "arn:aws:s3:::b"))).toBe(false);
  });
  it("§2.2 a non-ARN pattern is a plain case-sensitive glob", () => {
    const p = identity([{ action: "*", resource: "my*:res" }]);
    expect(allowed(p, req("x:Y", "my:a:b:res"))).toBe(true);
    expect(allowed(p, req("x:Y", "My:res"))).toBe(false);
  });
  it("§2.2 NotResource matches every resource except those listed", () => {
    const p = identity([{ action: "*", notResource: ["arn:aws:s3:::b/*"] }]);
    expect(allowed(p, req("s3:GetObject", B))).toBe(false);
    expect(allowed(p, req("s3:GetObject", "arn:aws:s3:::c/k"))).toBe(true);
    expect(allowed(p, req("s3:ListAllMyBuckets", "*"))).toBe(true);
  });
  it("§2.2 a resource policy statement without Resource matches every resource", () => {
    const p = resourcePolicy([{ principal: "*", action: "sts:AssumeRole" }]);
    expect(allowed(p, req("sts:AssumeRole", "arn:aws:iam::1:role/R", {}, "anonymous"))).toBe(true);
  });
});

describe("§5 policy variables in Resource", () => {
  it("§5 `${*}`, `${?}` and `${$}` are the literal characters under 2012-10-17", () => {
    const p = identity([{ action: "*", resource: "arn:aws:s3:::b/${*}${?}${$}" }]);
    expect(allowed(p, req("s3:X", "arn:aws:s3:::b/*?$"))).toBe(true);
    expect(allowed(p, req("s3:X", "arn:aws:s3:::b/xy$"))).toBe(false);
  });
  it("§1.2 under 2008-10-17 or no Version `${...}` is literal text whose wildcards still glob", () => {
    for (const v of ["2008-10-17", null]) {
      const p = identity([{ action: "*", resource: "arn:aws:s3:::b/${aws:user*}" }], v);
      expect(allowed(p, req("s3:X", "arn:aws:s3:::b/${aws:username}")), String(v)).toBe(true);
      expect(allowed(p, req("s3:X", "arn:aws:s3:::b/alice")), String(v)).toBe(false);
    }
  });
});
