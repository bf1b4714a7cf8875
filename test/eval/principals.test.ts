// Golden cases for Principal / NotPrincipal and the principal condition keys (iam-semantics §1.6,
// §2.3, §5, §6.2, §6.7, §7.1, §10.8, §10.12), evaluator and encoder together. Principals are
// read only in resource policies; there the principal keys follow from the principal.

import { describe, expect, it } from "vitest";
import type { RequestPrincipal } from "../../src/iam/request.js";
import { allowed, both, cond, identity, req, resourcePolicy, type PrincipalSpec } from "./ast-helpers.js";
import type { Condition } from "../../src/iam/ast.js";

const A = "111122223333";
const USER = { AWS: `arn:aws:iam::${A}:user/alice` };
const PATH_USER = { AWS: `arn:aws:iam::${A}:user/staff/alice` };
const ROOT = { AWS: `arn:aws:iam::${A}:root` };
const ROLE = { AWS: `arn:aws:iam::${A}:role/path/R` };
const SESSION = { AWS: `arn:aws:sts::${A}:assumed-role/R/s1` };
const FED = { AWS: `arn:aws:sts::${A}:federated-user/bob` };
const OTHER = { AWS: "arn:aws:iam::444455556666:user/alice" };
const SERVICE = { Service: "s3.amazonaws.com" };

/** A role session whose role is `role/path/R` (the context's aws:PrincipalArn gives the path). */
const pathSession = (session = "s1") => ({
  principal: { AWS: `arn:aws:sts::${A}:assumed-role/R/${session}` },
  context: { "aws:PrincipalArn": ROLE.AWS },
});

function grants(principal: PrincipalSpec, who: RequestPrincipal, context = {}) {
  return allowed(resourcePolicy([{ principal, action: "s3:GetObject", resource: "*" }]), req("s3:GetObject", "*", context, who));
}

function when(conditions: Condition[], who: RequestPrincipal, context = {}) {
  return allowed(
    resourcePolicy([{ principal: "*", action: "s3:GetObject", resource: "*", conditions }]),
    req("s3:GetObject", "*", context, who),
  );
}

describe("§2.3 principals", () => {
  it("§1.6 `*` matches everyone, anonymous callers included", () => {
    for (const who of ["anonymous", USER, SERVICE, SESSION, FED, ROOT] as RequestPrincipal[]) expect(grants("*", who)).toBe(true);
  });
  it("§1.6 §10.12 {AWS: *} matches AWS principals and anonymous; other kinds only in the wide reading (AWS_STAR_PRINCIPAL)", () => {
    for (const who of [USER, SESSION, FED, ROOT, "anonymous"] as RequestPrincipal[]) expect(grants({ AWS: "*" }, who)).toBe(true);
    const p = resourcePolicy([{ principal: { AWS: "*" }, action: "*", resource: "*" }]);
    const e = both(p, req("s3:X", "*", {}, SERVICE));
    expect(e.allowed).toBe("unknown");
    expect([...e.touched]).toEqual(["AWS_STAR_PRINCIPAL|AWS:*"]);
  });
  it("§1.6 an account (12 digits or its root ARN) matches every principal of that account: users, role sessions, federated users, root", () => {
    for (const spec of [{ AWS: A }, { AWS: `arn:aws:iam::${A}:root` }]) {
      for (const who of [USER, PATH_USER, ROOT, SESSION, FED]) expect(grants(spec, who), JSON.stringify(who)).toBe(true);
      expect(grants(spec, pathSession().principal, pathSession().context)).toBe(true);
      for (const who of [OTHER, "anonymous", SERVICE] as RequestPrincipal[]) expect(grants(spec, who)).toBe(false);
    }
  });
  it("§1.6 the root ARN keeps its partition; bare digits name the account in the policy's own partition (any, here)", () => {
    expect(grants({ AWS: `arn:aws-cn:iam::${A}:root` }, { AWS: `arn:aws-cn:iam::${A}:user/x` })).toBe(true);
    expect(grants({ AWS: `arn:aws:iam::${A}:root` }, { AWS: `arn:aws-cn:iam::${A}:user/x` })).toBe(false);
    expect(grants({ AWS: A }, { AWS: `arn:aws-cn:iam::${A}:user/x` })).toBe(true);
  });
  it("§1.6 a user ARN matches exactly that user, case-sensitively, path included", () => {
    expect(grants(USER, USER)).toBe(true);
    expect(grants(USER, { AWS: `arn:aws:iam::${A}:user/Alice` })).toBe(false);
    expect(grants(USER, PATH_USER)).toBe(false);
    expect(grants(USER, ROOT)).toBe(false);
    expect(grants(USER, SESSION)).toBe(false);
  });
  it("§2.3 §6.2 a user ARN also reaches the user's GetFederationToken sessions, which the request does not tie to it (USER_PRINCIPAL_FEDERATED_SESSIONS)", () => {
    const p = resourcePolicy([{ principal: USER, action: "*", resource: "*" }]);
    const e = both(p, req("s3:X", "*", {}, FED));
    expect(e.allowed).toBe("unknown");
    expect([...e.touched]).toEqual([`USER_PRINCIPAL_FEDERATED_SESSIONS|AWS:${USER.AWS}`]);
    expect(grants(USER, { AWS: "arn:aws:sts::444455556666:federated-user/bob" })).toBe(false);
  });
  it("§1.6 §2.3 a role ARN matches its sessions (the role itself makes no request), path included", () => {
    expect(grants(ROLE, pathSession().principal, pathSession().context)).toBe(true);
    expect(grants(ROLE, pathSession("other").principal, pathSession().context)).toBe(true);
    // Without the path in the context the session's role is `role/R`: another role.
    expect(grants(ROLE, SESSION)).toBe(false);
    expect(grants({ AWS: `arn:aws:iam::${A}:role/R` }, SESSION)).toBe(true);
    expect(grants(ROLE, { AWS: `arn:aws:sts::${A}:assumed-role/Q/s1` }, { "aws:PrincipalArn": `arn:aws:iam::${A}:role/path/Q` })).toBe(
      false,
    );
    expect(() => grants(ROLE, ROLE)).toThrow(/is a role/);
  });
  it("§1.6 an assumed-role session ARN matches exactly that session, of the role of that name at any path", () => {
    expect(grants(SESSION, SESSION)).toBe(true);
    expect(grants(SESSION, pathSession().principal, pathSession().context)).toBe(true);
    expect(grants(SESSION, { AWS: `arn:aws:sts::${A}:assumed-role/R/s2` })).toBe(false);
    expect(grants(SESSION, { AWS: `arn:aws:sts::${A}:assumed-role/R2/s1` })).toBe(false);
    expect(grants(SESSION, USER)).toBe(false);
  });
  it("§1.6 a federated-user ARN matches exactly that session", () => {
    expect(grants(FED, FED)).toBe(true);
    expect(grants(FED, { AWS: `arn:aws:sts::${A}:federated-user/bobby` })).toBe(false);
    expect(grants(FED, USER)).toBe(false);
  });
  it("§1.6 a unique id (AIDA…, AROA…) or other non-ARN value matches nothing", () => {
    expect(grants({ AWS: "AROAEXAMPLEID" }, { AWS: "AROAEXAMPLEID" })).toBe(false);
    expect(grants({ AWS: "AIDAEXAMPLEID" }, USER)).toBe(false);
    expect(grants({ AWS: "alice" }, { AWS: "alice" })).toBe(false);
  });
  it("§1.6 a partial wildcard is ambiguous (PRINCIPAL_PARTIAL_WILDCARD): nothing, or a glob over the request ARN", () => {
    const p = resourcePolicy([{ principal: { AWS: `arn:aws:iam::${A}:user/a*` }, action: "*", resource: "*" }]);
    const e = both(p, req("s3:X", "*", {}, USER));
    expect(e.allowed).toBe("unknown");
    expect([...e.touched]).toEqual([`PRINCIPAL_PARTIAL_WILDCARD|AWS:arn:aws:iam::${A}:user/a*`]);
    expect(grants({ AWS: `arn:aws:iam::${A}:user/a*` }, ROOT)).toBe(false);
    // "All sessions of R": the session name globs.
    const q = resourcePolicy([{ principal: { AWS: `arn:aws:sts::${A}:assumed-role/R/*` }, action: "*", resource: "*" }]);
    expect(both(q, req("s3:X", "*", {}, SESSION)).allowed).toBe("unknown");
    expect(both(q, req("s3:X", "*", {}, { AWS: `arn:aws:sts::${A}:assumed-role/Q/s1` })).allowed).toBe(false);
  });
  it("§1.6 Service, Federated and CanonicalUser match exactly", () => {
    expect(grants(SERVICE, SERVICE)).toBe(true);
    expect(grants(SERVICE, { Service: "S3.amazonaws.com" })).toBe(false);
    expect(grants(SERVICE, { AWS: "s3.amazonaws.com" })).toBe(false);
    expect(grants({ Federated: "accounts.google.com" }, { Federated: "accounts.google.com" })).toBe(true);
    expect(grants({ CanonicalUser: "abc" }, { CanonicalUser: "abc" })).toBe(true);
    expect(grants({ CanonicalUser: "abc" }, { CanonicalUser: "abd" })).toBe(false);
  });
  it("§1.6 values and types in one block OR", () => {
    const spec = { AWS: [`arn:aws:iam::${A}:user/bob`, USER.AWS], Service: "s3.amazonaws.com" };
    expect(grants(spec, USER)).toBe(true);
    expect(grants(spec, SERVICE)).toBe(true);
    expect(grants(spec, ROOT)).toBe(false);
  });
  it("§6.1 principals are implicit in identity policies", () => {
    const p = identity([{ action: "*", resource: "*" }]);
    expect(allowed(p, req("s3:X", "*"))).toBe(true);
  });
});

describe("§6.7 §10.8 NotPrincipal", () => {
  const denyAllBut = (spec: PrincipalSpec) =>
    resourcePolicy([
      { principal: "*", action: "*", resource: "*" },
      { effect: "Deny", notPrincipal: spec, action: "*", resource: "*" },
    ]);
  const layersId = (values: string[]) => `NOT_PRINCIPAL_LAYERS|NotPrincipal:${JSON.stringify(values)}`;
  it("§6.7 Deny + NotPrincipal denies everyone the list does not name, anonymous included", () => {
    const p = denyAllBut(USER);
    expect(both(p, req("s3:X", "*", {}, OTHER)).allowed).toBe(false);
    expect(both(p, req("s3:X", "*", {}, "anonymous")).allowed).toBe(false);
    expect(both(p, req("s3:X", "*", {}, SERVICE)).allowed).toBe(false);
  });
  it('§6.7 a listed user is exempt only if its account layer is listed too, which AWS only "might" check (NOT_PRINCIPAL_LAYERS)', () => {
    const e = both(denyAllBut(USER), req("s3:X", "*", {}, USER));
    expect(e.allowed).toBe("unknown");
    expect([...e.touched]).toEqual([layersId([`AWS:${USER.AWS}`])]);
    expect(allowed(denyAllBut({ AWS: [USER.AWS, ROOT.AWS] }), req("s3:X", "*", {}, USER))).toBe(true);
  });
  it("§6.7 AWS's own example (user Bob and the account root listed) exempts Bob, and the account's other users only in the narrow reading", () => {
    const p = denyAllBut({ AWS: [`arn:aws:iam::${A}:user/Bob`, ROOT.AWS] });
    expect(allowed(p, req("s3:X", "*", {}, { AWS: `arn:aws:iam::${A}:user/Bob` }))).toBe(true);
    expect(allowed(p, req("s3:X", "*", {}, ROOT))).toBe(true);
    expect(allowed(p, req("s3:X", "*", {}, USER))).toBe("unknown");
  });
  it("§6.7 a role session is exempt for sure only when the account, the role and the session are all listed", () => {
    const all = denyAllBut({ AWS: [ROOT.AWS, `arn:aws:iam::${A}:role/R`, SESSION.AWS] });
    expect(allowed(all, req("s3:X", "*", {}, SESSION))).toBe(true);
    expect(allowed(all, req("s3:X", "*", {}, { AWS: `arn:aws:sts::${A}:assumed-role/R/s2` }))).toBe("unknown");
    expect(allowed(denyAllBut(SESSION), req("s3:X", "*", {}, SESSION))).toBe("unknown");
  });
  it("§6.7 an account in NotPrincipal exempts its root for sure and its other principals in the narrow reading (seed example 2)", () => {
    const p = denyAllBut({ AWS: A });
    expect(allowed(p, req("s3:X", "*", {}, ROOT))).toBe(true);
    for (const who of [USER, SESSION, FED]) expect(allowed(p, req("s3:X", "*", {}, who))).toBe("unknown");
    expect(allowed(p, req("s3:X", "*", {}, OTHER))).toBe(false);
  });
  it("§6.7 legacy Allow + NotPrincipal grants everyone the list does not name, with the same layered reading", () => {
    const p = resourcePolicy([{ notPrincipal: { AWS: A }, action: "*", resource: "*" }]);
    expect(allowed(p, req("s3:X", "*", {}, "anonymous"))).toBe(true);
    expect(allowed(p, req("s3:X", "*", {}, OTHER))).toBe(true);
    expect(allowed(p, req("s3:X", "*", {}, ROOT))).toBe(false);
    expect(allowed(p, req("s3:X", "*", {}, USER))).toBe("unknown");
  });
});

describe("§5 §7.1 principal keys follow from the principal (resource policies)", () => {
  const arn = (v: string) => [cond("ArnEquals", "aws:PrincipalArn", v)];
  it("§7.1 aws:PrincipalArn is the caller's ARN; a role session's is its role's ARN, path included; anonymous has none", () => {
    expect(when(arn(USER.AWS), USER)).toBe(true);
    expect(when(arn(ROOT.AWS), ROOT)).toBe(true);
    expect(when(arn(FED.AWS), FED)).toBe(true);
    expect(when(arn(ROLE.AWS), pathSession().principal, pathSession().context)).toBe(true);
    expect(when(arn(`arn:aws:iam::${A}:role/R`), SESSION)).toBe(true);
    expect(when(arn(SESSION.AWS), SESSION)).toBe(false);
    expect(when(arn("*"), "anonymous")).toBe(false);
    expect(when([cond("ArnNotEquals", "aws:PrincipalArn", USER.AWS)], "anonymous")).toBe(true);
    expect(when([cond("Null", "aws:PrincipalArn", "true")], "anonymous")).toBe(true);
  });
  it("§7.1 the request's own value of a derived key is overridden by the principal's", () => {
    expect(when(arn(USER.AWS), OTHER, { "aws:PrincipalArn": USER.AWS })).toBe(false);
    expect(when([cond("StringEquals", "aws:PrincipalAccount", A)], OTHER, { "AWS:PRINCIPALACCOUNT": A })).toBe(false);
  });
  it("§7.1 aws:PrincipalAccount is the caller's account, `anonymous` for anonymous callers", () => {
    const acct = (v: string, op = "StringEquals") => [cond(op, "aws:PrincipalAccount", v)];
    for (const who of [USER, ROOT, SESSION, FED]) expect(when(acct(A), who)).toBe(true);
    expect(when(acct(A), OTHER)).toBe(false);
    expect(when(acct("anonymous"), "anonymous")).toBe(true);
    expect(when(acct("1111*", "StringLike"), USER)).toBe(true);
    expect(when(acct("*:*", "StringLike"), USER)).toBe(false);
    expect(when(acct(`${A}:x`), USER)).toBe(false);
  });
  it("§5 aws:PrincipalType: Account, User, AssumedRole, FederatedUser, Anonymous", () => {
    const type = (v: string) => [cond("StringEquals", "aws:PrincipalType", v)];
    const cases: [RequestPrincipal, string][] = [
      [ROOT, "Account"],
      [USER, "User"],
      [SESSION, "AssumedRole"],
      [FED, "FederatedUser"],
      ["anonymous", "Anonymous"],
    ];
    for (const [who, t] of cases) {
      expect(when(type(t), who), t).toBe(true);
      expect(when(type(t === "User" ? "Account" : "User"), who), t).toBe(false);
    }
  });
  it("§7.1 aws:PrincipalIsAWSService: true for service principals, false for IAM principals, absent for anonymous callers", () => {
    const svc = (v: string) => [cond("Bool", "aws:PrincipalIsAWSService", v)];
    expect(when(svc("true"), SERVICE)).toBe(true);
    expect(when(svc("false"), USER)).toBe(true);
    expect(when(svc("true"), USER)).toBe(false);
    expect(when(svc("false"), "anonymous")).toBe(false);
    expect(when([cond("Null", "aws:PrincipalIsAWSService", "true")], "anonymous")).toBe(true);
  });
  it("§7.1 aws:PrincipalServiceName: the service principal's name, absent for every other caller", () => {
    const name = (v: string) => [cond("StringEquals", "aws:PrincipalServiceName", v)];
    expect(when(name("s3.amazonaws.com"), SERVICE)).toBe(true);
    expect(when(name("ec2.amazonaws.com"), SERVICE)).toBe(false);
    expect(when([cond("Null", "aws:PrincipalServiceName", "true")], USER)).toBe(true);
    expect(when([cond("Null", "aws:PrincipalServiceName", "true")], { Federated: "accounts.google.com" })).toBe(true);
  });
  it("§7.1 service, web-identity and canonical-user callers have no aws:PrincipalArn or aws:PrincipalAccount", () => {
    for (const who of [SERVICE, { Federated: "f" }, { CanonicalUser: "c" }] as RequestPrincipal[]) {
      expect(when(arn("arn:aws:iam::1:x"), who, { "aws:PrincipalArn": "arn:aws:iam::1:x" })).toBe(false);
      expect(when([cond("Null", "aws:PrincipalAccount", "true")], who, { "aws:PrincipalAccount": A })).toBe(true);
    }
  });
  it("§5 where AWS documents no value (the type of service, web-identity and canonical-user callers) the key is the request's own", () => {
    expect(when([cond("StringEquals", "aws:PrincipalType", "Web")], { Federated: "f" }, { "aws:PrincipalType": "Web" })).toBe(true);
    expect(when([cond("StringEquals", "aws:PrincipalType", "Web")], { Federated: "f" })).toBe(false);
  });
  it("§5 aws:username and aws:userid stay ordinary context keys (no glob gives the last path component; unique ids are not in the ARN)", () => {
    expect(when([cond("StringEquals", "aws:username", "bob")], USER, { "aws:username": "bob" })).toBe(true);
  });
  it("§6.1 identity policies: the principal keys are the request's own values", () => {
    const p = identity([{ action: "*", resource: "*", conditions: arn(USER.AWS) }]);
    expect(allowed(p, req("s3:X", "*", { "aws:PrincipalArn": USER.AWS }))).toBe(true);
  });
  it("§3.4 a derived key read with another family is an ordinary key (the type mismatch rule applies)", () => {
    const p = resourcePolicy([
      { principal: "*", action: "*", resource: "*", conditions: [cond("NumericEquals", "aws:PrincipalType", "1")] },
    ]);
    expect(both(p, req("s3:X", "*", {}, USER)).allowed).not.toBe(true);
  });
});
