// Normalisation: scalar-or-array forms, Statement as an object, condition values as strings,
// operator parsing, principals, and locations that point back into the source.

import { describe, expect, it } from "vitest";
import type { Loc } from "../../src/iam/ast.js";
import { ALLOW_ALL, checked, identity, pos, resource } from "./helpers.js";

const slice = (text: string, loc: Loc) => text.slice(loc.offset, loc.offset + loc.length);

describe("normalisation", () => {
  it("Statement as a single object is one statement at /Statement", () => {
    const text = `{"Version": "2012-10-17", "Id": "p1", "Statement": {"Sid": "S1", ${ALLOW_ALL}}}`;
    const p = checked(text).policy!;
    expect(p).toMatchObject({ version: "2012-10-17", id: "p1", type: "IDENTITY_POLICY", text });
    expect(p.statements).toHaveLength(1);
    expect(p.statements[0]).toMatchObject({ index: 0, sid: "S1", effect: "Allow", conditions: [] });
    expect(p.statements[0].loc.path).toBe("/Statement");
  });
  it("Action and Resource: a scalar and an array give the same patterns, each with its own loc", () => {
    const scalar = checked(identity(`"Effect": "Deny", "NotAction": "s3:Get*", "Resource": "arn:aws:s3:::b/*"`)).policy!.statements[0];
    const array = checked(identity(`"Effect": "Deny", "NotAction": ["s3:Get*"], "Resource": ["arn:aws:s3:::b/*", "*"]`)).policy!
      .statements[0];
    expect(scalar.action.negated).toBe(true);
    expect(scalar.action.patterns.map((p) => p.value)).toEqual(["s3:Get*"]);
    expect(array.action.patterns.map((p) => p.value)).toEqual(["s3:Get*"]);
    expect(scalar.action.patterns[0].loc.path).toBe("/Statement/0/NotAction");
    expect(array.action.patterns[0].loc.path).toBe("/Statement/0/NotAction/0");
    expect(array.resource!.patterns.map((p) => [p.value, p.loc.path])).toEqual([
      ["arn:aws:s3:::b/*", "/Statement/0/Resource/0"],
      ["*", "/Statement/0/Resource/1"],
    ]);
    expect(array.resource!.negated).toBe(false);
  });
  it("condition values: JSON booleans and numbers become their JSON text", () => {
    const text = identity(
      `${ALLOW_ALL}, "Condition": {"Bool": {"aws:SecureTransport": false}, "NumericLessThan": {"s3:max-keys": [10, 1.50, -2]}}`,
    );
    const [bool, num] = checked(text).policy!.statements[0].conditions;
    expect(bool.values.map((v) => v.value)).toEqual(["false"]);
    expect(bool.values[0].loc).toMatchObject({ ...pos(text, "false"), length: 5, path: "/Statement/0/Condition/Bool/aws:SecureTransport" });
    expect(num.values.map((v) => v.value)).toEqual(["10", "1.50", "-2"]);
    expect(num.values.map((v) => v.loc.path)).toEqual([0, 1, 2].map((i) => `/Statement/0/Condition/NumericLessThan/s3:max-keys/${i}`));
  });
  it("condition operators split into base, qualifier and IfExists; keys kept as written", () => {
    const text = identity(`${ALLOW_ALL}, "Condition": {
      "ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["a*", "b"]},
      "StringEquals": {"aws:ResourceTag/Team": "x", "AWS:username": "y"},
      "ForAllValues:ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/x"}}`);
    const conds = checked(text).policy!.statements[0].conditions;
    expect(conds.map((c) => [c.operator, c.base, c.qualifier, c.ifExists, c.key])).toEqual([
      ["ForAnyValue:StringLikeIfExists", "StringLike", "ForAnyValue", true, "aws:TagKeys"],
      ["StringEquals", "StringEquals", undefined, false, "aws:ResourceTag/Team"],
      ["StringEquals", "StringEquals", undefined, false, "AWS:username"],
      ["ForAllValues:ArnNotLike", "ArnNotLike", "ForAllValues", false, "aws:PrincipalArn"],
    ]);
    expect(conds[1].loc.path).toBe("/Statement/0/Condition/StringEquals/aws:ResourceTag~1Team");
    expect(slice(text, conds[1].loc)).toBe(`"aws:ResourceTag/Team": "x"`);
  });
  it("principals: *, a map of scalars and arrays, NotPrincipal", () => {
    const star = checked(resource(`"Effect": "Allow", "Principal": "*", "Action": "*"`), "RESOURCE_POLICY").policy!;
    expect(star.statements[0].principal).toMatchObject({ negated: false, values: [{ type: "*" }] });
    const text = resource(
      `"Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:root", "444455556666"], "Service": "s3.amazonaws.com", "Federated": "accounts.google.com", "CanonicalUser": "abc"}, "NotAction": "s3:Get*", "NotResource": "arn:aws:s3:::b"`,
    );
    const block = checked(text, "RESOURCE_POLICY").policy!.statements[0].principal!;
    expect(block.negated).toBe(true);
    expect(block.values.map((v) => [v.type, "value" in v ? v.value : "*", v.loc.path])).toEqual([
      ["AWS", "arn:aws:iam::111122223333:root", "/Statement/0/NotPrincipal/AWS/0"],
      ["AWS", "444455556666", "/Statement/0/NotPrincipal/AWS/1"],
      ["Service", "s3.amazonaws.com", "/Statement/0/NotPrincipal/Service"],
      ["Federated", "accounts.google.com", "/Statement/0/NotPrincipal/Federated"],
      ["CanonicalUser", "abc", "/Statement/0/NotPrincipal/CanonicalUser"],
    ]);
  });
  it("locations: the statement loc spans its object; every pattern loc spans its JSON string", () => {
    const text = `{
  "Version": "2008-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"],
     "Resource": "arn:aws:s3:::b/\\u0041*"}
  ]
}`;
    const p = checked(text).policy!;
    expect(p.version).toBe("2008-10-17");
    const s = p.statements[0];
    expect(s.loc).toMatchObject({ line: 4, column: 5, path: "/Statement/0" });
    expect(slice(text, s.loc)).toMatch(/^\{"Effect".*"\}$/s);
    for (const pat of [...s.action.patterns, ...s.resource!.patterns]) expect(JSON.parse(slice(text, pat.loc))).toBe(pat.value);
    expect(s.resource!.patterns[0].value).toBe("arn:aws:s3:::b/A*");
    expect(s.action.loc).toMatchObject({ line: 4, path: "/Statement/0/Action" });
  });
  it("a leading byte-order mark is accepted and offsets still index the text", () => {
    const text = "\uFEFF" + identity(ALLOW_ALL);
    const p = checked(text).policy!;
    expect(slice(text, p.statements[0].action.patterns[0].loc)).toBe(`"*"`);
  });
  it("CRLF line endings count as one line break", () => {
    const text = `{\r\n"Version": "2012-10-17",\r\n"Statement": {"Effect": "allow", "Action": "*", "Resource": "*"}}`;
    const d = checked(text).diagnostics[0];
    expect(d).toMatchObject({ code: "INVALID_EFFECT", line: 3, column: 25 });
    expect(pos(text, `"allow"`)).toMatchObject({ line: 3, column: 25 });
  });
});
