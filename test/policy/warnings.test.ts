// One test per warning code: the policy is still returned, and the warning is located.

import { describe, expect, it } from "vitest";
import { ALLOW_ALL, checked, expectAt, identity, resource } from "./helpers.js";

const ID = "IDENTITY_POLICY" as const;
const RES = "RESOURCE_POLICY" as const;

describe("warnings (verdict still given)", () => {
  it("MISSING_VERSION at the policy object; the policy reads as 2008-10-17", () => {
    const text = identity(ALLOW_ALL, "");
    expectAt(text, ID, "MISSING_VERSION", "warning", { line: 1, column: 1 }, "");
    expect(checked(text).policy!.version).toBeUndefined();
  });
  it("INVALID_ACTION for stray spaces, commas, empty parts and a missing colon", () => {
    for (const bad of [
      "s3:GetObject ",
      " s3:GetObject",
      "s3:   GetObject",
      "s3:GetObject,s3:PutObject",
      "s3:",
      ":Get",
      "s3",
      "s3:Get:Object",
      "",
    ]) {
      const text = identity(`"Effect": "Allow", "Action": ["s3:Ok", ${JSON.stringify(bad)}], "Resource": "*"`);
      const d = expectAt(text, ID, "INVALID_ACTION", "warning", { needle: JSON.stringify(bad) }, "/Statement/0/Action/1");
      expect(d.message).toBe(`action \`${bad}\` is malformed and matches nothing`);
    }
    const ok = checked(
      identity(`"Effect": "Allow", "Action": ["*", "s3:*", "iam:*AccessKey?", "ec2-instance-connect:Send_SSH-Key"], "Resource": "*"`),
    );
    expect(ok.diagnostics).toEqual([]);
  });
  it("WILDCARD_IN_SERVICE_NAME rather than INVALID_ACTION for a wildcard service prefix", () => {
    const text = identity(`"Effect": "Allow", "Action": "s3*:Get*", "Resource": "*"`);
    expectAt(text, ID, "WILDCARD_IN_SERVICE_NAME", "warning", { needle: `"s3*` }, "/Statement/0/Action");
  });
  it("MISSING_ARN_FIELD for a short ARN pattern", () => {
    const text = identity(`"Effect": "Allow", "Action": "waf:*", "Resource": ["arn:aws:s3:::b", "arn:aws:waf:*"]`);
    expectAt(text, ID, "MISSING_ARN_FIELD", "warning", { needle: `"arn:aws:waf` }, "/Statement/0/Resource/1");
  });
  it("INVALID_ARN_ACCOUNT for an account no ARN has: principals, Resource, ARN-valued keys", () => {
    const principal = resource(
      `"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::123456789012:root", "arn:aws:iam::123:user/a"]}, "Action": "s3:*"`,
    );
    const p = expectAt(principal, RES, "INVALID_ARN_ACCOUNT", "warning", { needle: `"arn:aws:iam::123:` }, "/Statement/0/Principal/AWS/1");
    expect(p.message).toBe(
      "principal `arn:aws:iam::123:user/a` has the account `123`, which is no 12-digit account id, so it matches no caller",
    );
    const res = identity(
      `"Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:iam::aws:policy/x", "arn:aws:s3:::b", "arn:aws:iam::1234567890123*:role/x"]`,
    );
    expectAt(res, ID, "INVALID_ARN_ACCOUNT", "warning", { needle: `"arn:aws:iam::1234567890123` }, "/Statement/0/Resource/2");
    const cond = resource(
      `"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::123:user/a*c"}}`,
    );
    const c = expectAt(
      cond,
      RES,
      "INVALID_ARN_ACCOUNT",
      "warning",
      { needle: `"arn:aws:iam::123:` },
      "/Statement/0/Condition/StringLike/aws:PrincipalArn",
    );
    expect(c.message).toContain("so it matches no value of `aws:PrincipalArn`");
    // Accounts a 12-digit id can fill, the empty account, `aws`, a variable, a wildcard that may
    // cross colons (StringLike) and keys that are not ARN-valued: no warning.
    for (const quiet of [
      identity(
        `"Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:iam::*:role/x", "arn:aws:iam::12345678901?:role/x", "arn:aws:iam::1*:x", "arn:aws:iam::\${aws:PrincipalAccount}:x"]`,
      ),
      identity(
        `"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringLike": {"aws:SourceArn": "arn:*:1:x", "s3:prefix": "arn:aws:iam::1:x"}, "ArnLike": {"aws:SourceArn": "arn:aws:s3:::b"}}`,
      ),
    ])
      expect(checked(quiet).diagnostics.filter((d) => d.code === "INVALID_ARN_ACCOUNT")).toEqual([]);
  });
  it("BARE_ACCOUNT_PRINCIPAL, read as {AWS: account}", () => {
    const text = resource(`"Effect": "Allow", "Principal": "123456789012", "Action": "s3:*"`);
    expectAt(text, RES, "BARE_ACCOUNT_PRINCIPAL", "warning", { needle: `"1234` }, "/Statement/0/Principal");
    expect(checked(text, RES).policy!.statements[0].principal!.values).toMatchObject([{ type: "AWS", value: "123456789012" }]);
  });
  it("UNSUPPORTED_WILDCARD_IN_PRINCIPAL for a partial wildcard, not for *", () => {
    const text = resource(`"Effect": "Allow", "Principal": {"AWS": ["*", "arn:aws:iam::123456789012:role/dev-*"]}, "Action": "s3:*"`);
    expectAt(text, RES, "UNSUPPORTED_WILDCARD_IN_PRINCIPAL", "warning", { needle: `"arn:` }, "/Statement/0/Principal/AWS/1");
  });
  it("UNRECOGNISED_AWS_PRINCIPAL for an AWS principal that is no account id, ARN or unique id", () => {
    const text = resource(`"Effect": "Allow", "Principal": {"AWS": ["123456789012", "AROAEXAMPLEID", "1111"]}, "Action": "s3:*"`);
    expectAt(text, RES, "UNRECOGNISED_AWS_PRINCIPAL", "warning", { needle: `"1111"` }, "/Statement/0/Principal/AWS/2");
    expect(checked(text, RES).diagnostics.filter((d) => d.code === "UNRECOGNISED_AWS_PRINCIPAL")).toHaveLength(1);
  });
  it("WILDCARD_WITHOUT_LIKE_OPERATOR under StringEquals-family operators only", () => {
    const text = identity(
      `${ALLOW_ALL}, "Condition": {"StringNotEqualsIgnoreCase": {"aws:username": "ad?min"}, "StringLike": {"aws:username": "a*"}}`,
    );
    expectAt(
      text,
      ID,
      "WILDCARD_WITHOUT_LIKE_OPERATOR",
      "warning",
      { needle: `"ad?min"` },
      "/Statement/0/Condition/StringNotEqualsIgnoreCase/aws:username",
    );
    const escaped = identity(`${ALLOW_ALL}, "Condition": {"StringEquals": {"aws:username": "a\${*}"}}`);
    expect(checked(escaped).diagnostics).toEqual([]);
  });
  it("EMPTY_ARRAY_ACTION, for Action and NotAction", () => {
    const text = identity(`"Effect": "Allow", "Action": [], "Resource": "*"`);
    const d = expectAt(text, ID, "EMPTY_ARRAY_ACTION", "warning", { needle: "[]" }, "/Statement/0/Action");
    expect(d.message).toContain("matches nothing");
    const neg = identity(`"Effect": "Deny", "NotAction": [], "Resource": "*"`);
    expect(expectAt(neg, ID, "EMPTY_ARRAY_ACTION", "warning", { needle: "[]" }, "/Statement/0/NotAction").message).toContain(
      "excludes nothing",
    );
  });
  it("EMPTY_ARRAY_RESOURCE", () => {
    const text = identity(`"Effect": "Allow", "Action": "*", "Resource": []`);
    expectAt(text, ID, "EMPTY_ARRAY_RESOURCE", "warning", { needle: "[]" }, "/Statement/0/Resource");
  });
  it("EMPTY_ARRAY_PRINCIPAL", () => {
    const text = resource(`"Effect": "Allow", "Principal": {"AWS": []}, "Action": "*"`);
    expectAt(text, RES, "EMPTY_ARRAY_PRINCIPAL", "warning", { needle: "[]" }, "/Statement/0/Principal/AWS");
  });
  it("EMPTY_OBJECT_PRINCIPAL", () => {
    const text = resource(`"Effect": "Allow", "Principal": {}, "Action": "*"`);
    expectAt(text, RES, "EMPTY_OBJECT_PRINCIPAL", "warning", { needle: "{}" }, "/Statement/0/Principal");
    expect(checked(text, RES).policy!.statements[0].principal!.values).toEqual([]);
  });
  it("MISSING_STATEMENT as a warning for an empty Statement array", () => {
    const text = `{"Version": "2012-10-17", "Statement": []}`;
    expectAt(text, ID, "MISSING_STATEMENT", "warning", { needle: "[]" }, "/Statement");
    expect(checked(text).policy!.statements).toEqual([]);
  });
  it("UNIQUE_SIDS_RECOMMENDED at the second use", () => {
    const text = `{"Version": "2012-10-17", "Statement": [{"Sid": "A", ${ALLOW_ALL}}, {"Sid": "A", ${ALLOW_ALL}}]}`;
    expectAt(text, ID, "UNIQUE_SIDS_RECOMMENDED", "warning", { needle: `"A"`, nth: 1 }, "/Statement/1/Sid");
  });
  it("UNSUPPORTED_SID for characters outside [A-Za-z0-9]", () => {
    const text = identity(`"Sid": "read only", ${ALLOW_ALL}`);
    expectAt(text, ID, "UNSUPPORTED_SID", "warning", { needle: `"read only"` }, "/Statement/0/Sid");
  });
  it("NULL_WITH_QUALIFIER at the operator", () => {
    const text = identity(`${ALLOW_ALL}, "Condition": {"ForAllValues:Null": {"aws:TagKeys": "false"}}`);
    expectAt(text, ID, "NULL_WITH_QUALIFIER", "warning", { needle: `"ForAllValues:Null"` }, "/Statement/0/Condition/ForAllValues:Null");
  });
  it("unknown condition keys are not warned about", () => {
    const text = identity(`${ALLOW_ALL}, "Condition": {"StringEquals": {"made:Up": "x"}}`);
    expect(checked(text).diagnostics).toEqual([]);
  });
});
