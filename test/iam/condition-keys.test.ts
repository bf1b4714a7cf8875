// The condition-key catalogue (iam-semantics §4.1, §7, §9): types, multi-valued keys, templates.

import { describe, expect, it } from "vitest";
import { keyInfo } from "../../src/iam/condition-keys.js";

describe("keyInfo", () => {
  it("§7 reads global keys case-insensitively, with their family", () => {
    expect(keyInfo("AWS:PrincipalArn")).toMatchObject({ known: true, type: "ARN", family: "string", multiValued: false });
    expect(keyInfo("aws:SourceIp")).toMatchObject({ known: true, family: "ip" });
    expect(keyInfo("aws:CurrentTime")).toMatchObject({ known: true, family: "date" });
    expect(keyInfo("aws:SecureTransport")).toMatchObject({ known: true, family: "bool" });
    expect(keyInfo("aws:MultiFactorAuthAge")).toMatchObject({ known: true, family: "numeric" });
  });
  it("§7.5 aws:EpochTime reads as a date and as a number", () => {
    expect(keyInfo("aws:EpochTime").families).toEqual(["date", "numeric"]);
  });
  it("§4.1 ArrayOf… types are multi-valued", () => {
    expect(keyInfo("aws:TagKeys")).toMatchObject({ known: true, family: "string", multiValued: true });
    expect(keyInfo("aws:CalledVia").multiValued).toBe(true);
    expect(keyInfo("aws:PrincipalOrgPaths").multiValued).toBe(true);
  });
  it("§7 templated keys match any tag key", () => {
    expect(keyInfo("aws:PrincipalTag/team")).toMatchObject({ known: true, family: "string" });
    expect(keyInfo("aws:RequestTag/a/b").known).toBe(true);
    expect(keyInfo("aws:principaltag/").known).toBe(false);
    expect(keyInfo("iam:ResourceTag/x").known).toBe(true);
  });
  it("§9 service keys come from the prefix's file, or the files an unassociated prefix names", () => {
    expect(keyInfo("s3:prefix")).toMatchObject({ known: true, family: "string" });
    expect(keyInfo("s3:max-keys")).toMatchObject({ known: true, family: "numeric" });
    expect(keyInfo("accounts.google.com:aud").known).toBe(true);
    expect(keyInfo("agent.foo.buildkite.dev:cluster_id").known).toBe(true);
  });
  it("§9 unknown keys are unknown", () => {
    for (const k of ["aws:Foo", "k", "s3:nosuchkey", "nosuchservice:x"])
      expect(keyInfo(k), k).toEqual({ known: false, families: [], multiValued: false });
  });
});
