// Golden cases for Principal / NotPrincipal (iam-semantics §1.6, §2.3, §6.7), evaluator and
// encoder together. Principals are read only in resource policies.

import { describe, expect, it } from "vitest";
import type { RequestPrincipal } from "../../src/eval/request.js";
import { allowed, both, identity, req, resourcePolicy, type PrincipalSpec } from "./ast-helpers.js";

const A = "111122223333";
const USER = { AWS: `arn:aws:iam::${A}:user/alice` };
const ROOT = { AWS: `arn:aws:iam::${A}:root` };
const ROLE = { AWS: `arn:aws:iam::${A}:role/path/R` };
const SESSION = { AWS: `arn:aws:sts::${A}:assumed-role/R/s1` };
const OTHER = { AWS: "arn:aws:iam::444455556666:user/alice" };

function grants(principal: PrincipalSpec, who: RequestPrincipal) {
  return allowed(resourcePolicy([{ principal, action: "s3:GetObject", resource: "*" }]), req("s3:GetObject", "*", {}, who));
}

describe("§2.3 principals", () => {
  it("§1.6 `*` matches everyone, anonymous callers included", () => {
    for (const who of ["anonymous", USER, { Service: "s3.amazonaws.com" }] as RequestPrincipal[]) expect(grants("*", who)).toBe(true);
  });
  it("§1.6 {AWS: *} matches AWS principals and anonymous; other kinds only in the wide reading (AWS_STAR_PRINCIPAL)", () => {
    expect(grants({ AWS: "*" }, USER)).toBe(true);
    expect(grants({ AWS: "*" }, "anonymous")).toBe(true);
    const p = resourcePolicy([{ principal: { AWS: "*" }, action: "*", resource: "*" }]);
    const e = both(p, req("s3:X", "*", {}, { Service: "s3.amazonaws.com" }));
    expect(e.allowed).toBe("unknown");
    expect([...e.touched]).toEqual(["AWS_STAR_PRINCIPAL|AWS:*"]);
  });
  it("§1.6 an account (12 digits or its root ARN) matches every principal of that account", () => {
    for (const spec of [{ AWS: A }, { AWS: `arn:aws:iam::${A}:root` }]) {
      expect(grants(spec, USER)).toBe(true);
      expect(grants(spec, ROOT)).toBe(true);
      expect(grants(spec, SESSION)).toBe(true);
      expect(grants(spec, OTHER)).toBe(false);
      expect(grants(spec, "anonymous")).toBe(false);
    }
  });
  it("§1.6 the root ARN keeps its partition; bare digits mean partition aws", () => {
    expect(grants({ AWS: `arn:aws-cn:iam::${A}:root` }, { AWS: `arn:aws-cn:iam::${A}:user/x` })).toBe(true);
    expect(grants({ AWS: A }, { AWS: `arn:aws-cn:iam::${A}:user/x` })).toBe(false);
  });
  it("§1.6 a user ARN matches exactly that user, case-sensitively", () => {
    expect(grants(USER, USER)).toBe(true);
    expect(grants(USER, { AWS: `arn:aws:iam::${A}:user/Alice` })).toBe(false);
    expect(grants(USER, ROOT)).toBe(false);
  });
  it("§2.3 a role ARN matches the role and its sessions", () => {
    expect(grants(ROLE, ROLE)).toBe(true);
    expect(grants(ROLE, SESSION)).toBe(true);
    expect(grants(ROLE, { AWS: `arn:aws:sts::${A}:assumed-role/Q/s1` })).toBe(false);
  });
  it("§1.6 an assumed-role or federated-user session ARN matches exactly that session", () => {
    expect(grants(SESSION, SESSION)).toBe(true);
    expect(grants(SESSION, { AWS: `arn:aws:sts::${A}:assumed-role/R/s2` })).toBe(false);
    expect(grants(SESSION, ROLE)).toBe(false);
    const fed = { AWS: `arn:aws:sts::${A}:federated-user/bob` };
    expect(grants(fed, fed)).toBe(true);
  });
  it("§1.6 a unique id (AIDA…, AROA…) or other non-ARN value matches nothing", () => {
    expect(grants({ AWS: "AROAEXAMPLEID" }, { AWS: "AROAEXAMPLEID" })).toBe(false);
    expect(grants({ AWS: "alice" }, { AWS: "alice" })).toBe(false);
  });
  it("§1.6 a partial wildcard is ambiguous (PRINCIPAL_PARTIAL_WILDCARD): nothing, or a glob", () => {
    const p = resourcePolicy([{ principal: { AWS: `arn:aws:iam::${A}:user/a*` }, action: "*", resource: "*" }]);
    const e = both(p, req("s3:X", "*", {}, USER));
    expect(e.allowed).toBe("unknown");
    expect([...e.touched]).toEqual([`PRINCIPAL_PARTIAL_WILDCARD|AWS:arn:aws:iam::${A}:user/a*`]);
    expect(grants({ AWS: `arn:aws:iam::${A}:user/a*` }, ROOT)).toBe(false);
  });
  it("§1.6 Service, Federated and CanonicalUser match exactly", () => {
    expect(grants({ Service: "s3.amazonaws.com" }, { Service: "s3.amazonaws.com" })).toBe(true);
    expect(grants({ Service: "s3.amazonaws.com" }, { Service: "S3.amazonaws.com" })).toBe(false);
    expect(grants({ Service: "s3.amazonaws.com" }, { AWS: "s3.amazonaws.com" })).toBe(false);
    expect(grants({ Federated: "accounts.google.com" }, { Federated: "accounts.google.com" })).toBe(true);
    expect(grants({ CanonicalUser: "abc" }, { CanonicalUser: "abc" })).toBe(true);
    expect(grants({ CanonicalUser: "abc" }, { CanonicalUser: "abd" })).toBe(false);
  });
  it("§1.6 values and types in one block OR", () => {
    const spec = { AWS: [`arn:aws:iam::${A}:user/bob`, USER.AWS], Service: "s3.amazonaws.com" };
    expect(grants(spec, USER)).toBe(true);
    expect(grants(spec, { Service: "s3.amazonaws.com" })).toBe(true);
    expect(grants(spec, ROOT)).toBe(false);
  });
  it("§6.7 Deny + NotPrincipal denies everyone except those listed (anonymous included)", () => {
    const p = resourcePolicy([
      { principal: "*", action: "*", resource: "*" },
      { effect: "Deny", notPrincipal: USER, action: "*", resource: "*" },
    ]);
    expect(allowed(p, req("s3:X", "*", {}, USER))).toBe(true);
    expect(allowed(p, req("s3:X", "*", {}, OTHER))).toBe(false);
    expect(allowed(p, req("s3:X", "*", {}, "anonymous"))).toBe(false);
  });
  it("§6.7 legacy Allow + NotPrincipal grants everyone except those listed", () => {
    const p = resourcePolicy([{ notPrincipal: { AWS: A }, action: "*", resource: "*" }]);
    expect(allowed(p, req("s3:X", "*", {}, "anonymous"))).toBe(true);
    expect(allowed(p, req("s3:X", "*", {}, USER))).toBe(false);
  });
  it("§6.1 principals are implicit in identity policies", () => {
    const p = identity([{ action: "*", resource: "*" }]);
    expect(allowed(p, req("s3:X", "*"))).toBe(true);
  });
});
