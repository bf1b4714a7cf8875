// The pattern classifiers shared by the evaluator and the encoder (src/iam/): which construct a
// text is, and its readings. The differential test cannot see these (both sides share them), so
// they are pinned here.

import { describe, expect, it } from "vitest";
import { actionMatcher } from "../../src/iam/action.js";
import type { Matcher } from "../../src/iam/ambiguity.js";
import { arnConditionMatcher, resourceMatcher } from "../../src/iam/arn.js";
import { scanGlob, splitComponents } from "../../src/iam/glob.js";
import { matchPattern } from "../../src/logic/pattern.js";
import { principalLayer, principalMatcher, type PrincipalCase, type PrincipalMatcher } from "../../src/iam/principal.js";
import { LOC } from "./ast-helpers.js";

const kind = (m: Matcher) => (m.kind === "exact" ? (m.patterns.length ? "exact" : "nothing") : m.spec.code);
const readings = (m: Matcher, v: string) =>
  m.kind === "exact"
    ? m.patterns.some((p) => matchPattern(p, v))
    : [m.narrow.some((p) => matchPattern(p, v)), m.wide.some((p) => matchPattern(p, v))];

describe("§1.2 §5 scanning wildcard text", () => {
  it("§5 escapes are literal characters and other `${…}` are variables under 2012-10-17", () => {
    expect(scanGlob("a${*}b${?}${$}*", true)).toEqual([{ t: "lit", s: "a*b?$" }, { t: "star" }]);
    expect(scanGlob("x/${aws:UserName}", true)).toEqual([
      { t: "lit", s: "x/" },
      { t: "var", text: "${aws:UserName}", key: "aws:username" },
    ]);
    expect(scanGlob("${aws:PrincipalTag/team, 'company wide'}", true)).toEqual([
      { t: "var", text: "${aws:PrincipalTag/team, 'company wide'}", key: "aws:principaltag/team", default: "company wide" },
    ]);
    expect(scanGlob("x/${aws", true)).toEqual([{ t: "lit", s: "x/${aws" }]);
  });
  it("§5 a malformed variable is plain text whose wildcards glob", () => {
    for (const text of ["${}", "${aws:user name}", "${ aws:username}", "${k, x}", "${k,'x'}", "${k, 'x}"]) {
      expect(
        scanGlob(text, true).some((t) => t.t === "var"),
        text,
      ).toBe(false);
    }
    expect(scanGlob("${a *}", true)).toEqual([{ t: "lit", s: "${a " }, { t: "star" }, { t: "lit", s: "}" }]);
  });
  it("§1.2 without variables `${…}` is text whose wildcards glob", () => {
    expect(scanGlob("${a*}", false)).toEqual([{ t: "lit", s: "${a" }, { t: "star" }, { t: "lit", s: "}" }]);
  });
  it("§2.2 splits at the first five colons, the last component keeping the rest", () => {
    const comps = splitComponents(scanGlob("arn:aws:s3:::b/x:y:*", false), 5);
    expect(comps).toEqual([
      [{ t: "lit", s: "arn" }],
      [{ t: "lit", s: "aws" }],
      [{ t: "lit", s: "s3" }],
      [],
      [],
      [{ t: "lit", s: "b/x:y:" }, { t: "star" }],
    ]);
  });
});

describe("classifiers", () => {
  it("§2.1 actions", () => {
    expect(kind(actionMatcher("*"))).toBe("exact");
    expect(kind(actionMatcher("s3:Get*"))).toBe("exact");
    expect(kind(actionMatcher("s3*:Get*"))).toBe("ACTION_SERVICE_WILDCARD");
    expect(kind(actionMatcher("*:Get*"))).toBe("ACTION_SERVICE_WILDCARD");
    for (const bad of ["s3:Get Object", "s3 :Get", "s3:a:b", "", "**", "s3:Get,s3:Put", "s_3:Get"])
      expect(kind(actionMatcher(bad)), bad).toBe("nothing");
    expect(readings(actionMatcher("s3*:Get*"), "s3express:getobject")).toEqual([false, true]);
  });
  it("§2.2 resources", () => {
    const cases: [string, string, boolean][] = [
      ["*", "exact", false],
      ["arn:aws:s3:::b/*", "exact", false],
      ["arn:aws:s3:::*", "exact", false],
      ["arn:aws:ec2:*:*:instance/*", "exact", false],
      ["arn:aws:*x:::c", "RESOURCE_SERVICE_WILDCARD", false],
      ["arn:aws:s3:*x::c", "exact", false],
      ["arn:aws:iam::*", "SHORT_ARN_PATTERN", false],
      ["arn:aws:s3", "SHORT_ARN_PATTERN", false],
      ["ARN:aws:s3", "exact", false],
      ["arn:aws:s3:::${aws:username}", "exact", true],
      ["arn:aws:s3:::${aws:username}", "exact", false],
      ["arn:aws:s3:${aws:username}::b", "RESOURCE_VARIABLE_POSITION", true],
      ["b/${aws:username}", "RESOURCE_VARIABLE_POSITION", true],
      ["arn:aws:s3:::b/${aws:CurrentTime}", "UNSUPPORTED_VARIABLE_KEY", true],
      ["arn:aws:s3:::b/${aws:TagKeys}", "UNSUPPORTED_VARIABLE_KEY", true],
      ["arn:aws:s3:${aws:username}", "SHORT_ARN_PATTERN", true],
      ["arn:aws:s3:::${*}", "exact", true],
    ];
    for (const [text, k, vars] of cases) expect(kind(resourceMatcher(text, vars)), `${text} ${vars}`).toBe(k);
    // A segment-final `*` stops at `:` (the one reading, docs/semantics.md "Resources").
    expect(readings(resourceMatcher("arn:aws:ec2:*:*:instance/*", false), "arn:aws:ec2:r:a:b:instance/i")).toBe(false);
    expect(readings(resourceMatcher("arn:aws:ec2:*:*:instance/*", false), "arn:aws:ec2:r:a:instance/i")).toBe(true);
    expect(readings(resourceMatcher("arn:aws:s3*:::b", false), "arn:aws:s3express:::b")).toEqual([false, true]);
    expect(readings(resourceMatcher("arn:aws:s3*:::b", false), "arn:aws:s3*:::b")).toEqual([true, true]);
    expect(readings(resourceMatcher("b/${aws:username}/*", true), "b/alice/k")).toEqual([false, true]);
  });
  it("§2.2.4 §10.3 a wildcard in the resource-type prefix (RESOURCE_TYPE_WILDCARD)", () => {
    const cases: [string, string][] = [
      ["arn:aws:iam::1:u*", "RESOURCE_TYPE_WILDCARD"], // AWS's own "not allowed" example
      ["arn:aws:iam::1:us?r/bob", "RESOURCE_TYPE_WILDCARD"],
      ["arn:aws:ec2:*:*:instance*", "RESOURCE_TYPE_WILDCARD"], // with segment-final stars too
      ["arn:aws:logs:*:1:log-group*:x", "RESOURCE_TYPE_WILDCARD"],
      ["arn:aws:s3:::b*", "exact"], // S3's resource part starts with a bucket name, no type
      ["arn:aws:sns:*:1:t*", "exact"], // SNS topics have no type either
      ["arn:aws:iam::1:*", "exact"], // the whole-resource wildcard
      ["arn:aws:ec2:*:*:*", "exact"],
      ["arn:aws:iam::1:user/*", "exact"], // the wildcard is past the type
      ["arn:aws:iam::1:user/u*:x", "exact"],
      ["arn:aws:nosuchservice::1:u*", "exact"], // unknown to iam-data: no formats to go by
      ["arn:aws:IAM::1:u*", "exact"], // service names compare case-sensitively, like ARNs
      ["arn:aws:iam*::1:u*", "RESOURCE_SERVICE_WILDCARD"], // takes precedence
      ["arn:aws:iam:${aws:username}:1:u*", "RESOURCE_VARIABLE_POSITION"],
      ["arn:aws:iam::${*}", "SHORT_ARN_PATTERN"],
    ];
    for (const [text, k] of cases) expect(kind(resourceMatcher(text, true)), text).toBe(k);
    const u = resourceMatcher("arn:aws:iam::1:u*", false);
    expect(readings(u, "arn:aws:iam::1:user/bob")).toEqual([false, true]);
    expect(readings(u, "arn:aws:iam::1:u*")).toEqual([true, true]);
    expect(readings(u, "arn:aws:iam::2:user/bob")).toEqual([false, false]);
    // Only the type segment's wildcards turn literal; the rest globs as before.
    expect(readings(resourceMatcher("arn:aws:iam::1:u*/b*", false), "arn:aws:iam::1:u*/bob")).toEqual([true, true]);
    expect(readings(resourceMatcher("arn:aws:iam::1:u*/b*", false), "arn:aws:iam::1:user/bob")).toEqual([false, true]);
    // Segment-final stars stop at `:` in both readings.
    const i = resourceMatcher("arn:aws:ec2:*:*:instance*", false);
    expect(readings(i, "arn:aws:ec2:r:1:instance/i-1")).toEqual([false, true]);
    expect(readings(i, "arn:aws:ec2:r:1:instance*")).toEqual([true, true]);
    expect(readings(i, "arn:aws:ec2:r:x:1:instance*")).toEqual([false, false]);
    // AWS managed policies (ROSAInstallerPolicy, SageMakerStudioProjectUserRolePermissionsBoundary)
    // rely on the wide reading in Allow: `security-group*` covers `security-group-rule`.
    const sg = resourceMatcher("arn:aws:ec2:*:*:security-group*/*", false);
    expect(readings(sg, "arn:aws:ec2:r:1:security-group-rule/sgr-1")).toEqual([false, true]);
    expect(readings(resourceMatcher("arn:aws:bedrock:*:*:*-model/*", false), "arn:aws:bedrock:r::foundation-model/m")).toEqual([
      false,
      true,
    ]);
    expect(sg.kind === "free" && sg.spec.message).not.toContain("colon");
    // Variables in the resource part keep working in both readings.
    const v = resourceMatcher("arn:aws:iam::1:u*/${aws:username}", true);
    expect(kind(v)).toBe("RESOURCE_TYPE_WILDCARD");
  });
  it("§3.4 Arn condition values", () => {
    expect(kind(arnConditionMatcher("arn:aws:s3:::b/*", false))).toBe("exact");
    expect(kind(arnConditionMatcher("arn:aws:s3:*", false))).toBe("ARN_CONDITION_SHORT_PATTERN");
    expect(kind(arnConditionMatcher("foo", false))).toBe("exact");
    expect(readings(arnConditionMatcher("arn:*:*:r:a:x", false), "arn:p:s:t:r:a:x")).toBe(false);
    expect(readings(arnConditionMatcher("arn:aws:s3:*", false), "arn:aws:s3:x:y")).toEqual([false, true]);
  });
  it("§1.6 principals", () => {
    const pkind = (m: PrincipalMatcher) => (m.kind === "exact" ? (m.cases.length ? "exact" : "nothing") : m.spec.code);
    const hit = (cs: PrincipalCase[], text: string, session = "") =>
      cs.some((c) => matchPattern(c.p, text) && (!c.s || matchPattern(c.s, session)));
    const preadings = (m: PrincipalMatcher, text: string, session = "") =>
      m.kind === "exact" ? hit(m.cases, text, session) : [hit(m.narrow, text, session), hit(m.wide, text, session)];
    const aws = (value: string) => principalMatcher({ type: "AWS", value, loc: LOC });
    expect(pkind(principalMatcher({ type: "*", loc: LOC }))).toBe("exact");
    expect(pkind(aws("*"))).toBe("AWS_STAR_PRINCIPAL");
    expect(pkind(aws("arn:aws:iam::1:user/*"))).toBe("PRINCIPAL_PARTIAL_WILDCARD");
    expect(pkind(aws("AIDAEXAMPLE"))).toBe("nothing");
    expect(pkind(aws("12345678901"))).toBe("nothing");
    expect(pkind(aws("123456789012"))).toBe("exact");
    expect(pkind(aws("arn:aws:iam::123456789012:user/u"))).toBe("USER_PRINCIPAL_FEDERATED_SESSIONS");
    expect(pkind(aws("arn:aws:sts::123456789012:assumed-role/R"))).toBe("nothing");
    const role = "AWS:arn:aws:iam::123456789012:role/a/b/R";
    expect(preadings(aws("123456789012"), role, "s")).toBe(true);
    expect(preadings(aws("arn:aws:iam::123456789012:role/a/b/R"), role, "s")).toBe(true);
    expect(preadings(aws("arn:aws:iam::123456789012:role/R"), role, "s")).toBe(false);
    expect(preadings(aws("arn:aws:sts::123456789012:assumed-role/R/s"), role, "s")).toBe(true);
    expect(preadings(aws("arn:aws:sts::123456789012:assumed-role/R/s"), role, "t")).toBe(false);
    expect(preadings(aws("arn:aws:sts::123456789012:assumed-role/b/s"), role, "s")).toBe(false);
    expect(preadings(aws("arn:aws:sts::123456789012:assumed-role/R/*"), role, "t")).toEqual([false, true]);
    expect(preadings(aws("arn:aws:iam::123456789012:user/u"), "AWS:arn:aws:sts::123456789012:federated-user/f")).toEqual([false, true]);
    expect(preadings(principalMatcher({ type: "Service", value: "*", loc: LOC }), "Service:x")).toBe(false);
  });
  it("§6.7 principal layers", () => {
    const layer = (value: string) => principalLayer({ type: "AWS", value, loc: LOC });
    expect(layer("123456789012")).toBe("account");
    expect(layer("arn:aws:iam::123456789012:root")).toBe("account");
    expect(layer("arn:aws:iam::123456789012:user/u")).toBe("user");
    expect(layer("arn:aws:iam::123456789012:role/p/R")).toBe("role");
    expect(layer("arn:aws:sts::123456789012:assumed-role/R/s")).toBe("session");
    expect(layer("arn:aws:sts::123456789012:federated-user/f")).toBe("fedUser");
    expect(layer("*")).toBe("any");
    expect(layer("AIDAX")).toBe("none");
    expect(principalLayer({ type: "*", loc: LOC })).toBe("any");
    expect(principalLayer({ type: "Service", value: "s", loc: LOC })).toBe("none");
  });
});
