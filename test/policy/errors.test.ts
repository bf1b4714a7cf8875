// One test per error code: code, severity, line, column and JSON Pointer on a small document.

import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/policy/parse.js";
import { ALLOW_ALL, checked, expectAt, identity, one, resource } from "./helpers.js";

const ID = "IDENTITY_POLICY" as const;
const RES = "RESOURCE_POLICY" as const;

describe("JSON-level errors", () => {
  it("JSON_SYNTAX_ERROR at the unexpected token, and nothing else", () => {
    const text = `{"Version": "2012-10-17",\n  "Statement": [}`;
    const d = expectAt(text, ID, "JSON_SYNTAX_ERROR", "error", { line: 2, column: 17 }, "");
    expect(d.message).toBe("unexpected `}` in JSON");
    expect(parsePolicy(text, ID).diagnostics).toHaveLength(1);
  });
  it("JSON_SYNTAX_ERROR for a trailing comma, a comment and trailing garbage", () => {
    const comma = expectAt(`{"Statement": [],\n}`, ID, "JSON_SYNTAX_ERROR", "error", { needle: "," }, "");
    expect(comma.message).toBe("trailing comma before `}` is not allowed in JSON");
    expectAt(`{"Statement": []} // c`, ID, "JSON_SYNTAX_ERROR", "error", { needle: "/" }, "");
    expectAt(`{"Statement": []} x`, ID, "JSON_SYNTAX_ERROR", "error", { needle: "x" }, "");
  });
  it("JSON_SYNTAX_ERROR for an empty or blank document, at 1:1", () => {
    for (const text of ["", "  \n\t"]) {
      const d = expectAt(text, ID, "JSON_SYNTAX_ERROR", "error", { line: 1, column: 1 }, "");
      expect(d.message).toBe("the document is empty");
    }
  });
  it("JSON_SYNTAX_ERROR for a raw control character inside a string", () => {
    const text = `{"Version": "2012-10-17",\n "Statement": {"Sid": "a\u0001b"}}`;
    const d = expectAt(text, ID, "JSON_SYNTAX_ERROR", "error", { needle: "\u0001" }, "");
    expect(d.message).toBe("control character `\\u0001` must be escaped inside a JSON string");
  });
  it("JSON_SYNTAX_ERROR for an unterminated document", () => {
    const d = one(checked(`{"Statement": [`, ID), "JSON_SYNTAX_ERROR");
    expect(d.severity).toBe("error");
  });
  it("DUPLICATE_KEY at the repeated name, wherever the object is", () => {
    const text = identity(`"Effect": "Allow", "Action": "*", "Resource": "*", "Effect": "Deny"`);
    expectAt(text, ID, "DUPLICATE_KEY", "error", { needle: `"Effect"`, nth: 1 }, "/Statement/0/Effect");
    const cond = identity(`${ALLOW_ALL}, "Condition": {"StringEquals": {"a": "1"}, "StringEquals": {"b": "2"}}`);
    expectAt(cond, ID, "DUPLICATE_KEY", "error", { needle: `"StringEquals"`, nth: 1 }, "/Statement/0/Condition/StringEquals");
    const top = `{"Version": "2012-10-17", "Statement": [], "Version": "2012-10-17"}`;
    expectAt(top, ID, "DUPLICATE_KEY", "error", { needle: `"Version"`, nth: 1 }, "/Version");
  });
  it("POLICY_TOO_LARGE for a document over 1 MiB", () => {
    const text = `{"Statement": [], "Id": "${"x".repeat(1_048_600)}"}`;
    expectAt(text, ID, "POLICY_TOO_LARGE", "error", { line: 1, column: 1 }, "");
  });
  it("NESTING_TOO_DEEP at the first bracket past the limit", () => {
    const text = "[".repeat(100);
    expectAt(text, ID, "NESTING_TOO_DEEP", "error", { line: 1, column: 65 }, "");
  });
  it("INTERNAL_PARSE_ERROR instead of a throw on input the types forbid", () => {
    const r = parsePolicy(42 as unknown as string, ID);
    expect(r.policy).toBeUndefined();
    expect(one(r, "INTERNAL_PARSE_ERROR")).toMatchObject({ severity: "error", line: 1, column: 1, offset: 0, path: "" });
  });
});

describe("element types and names", () => {
  it("INVALID_ELEMENT_TYPE: the top level is not an object", () => {
    expectAt(`[{"Effect": "Allow"}]`, ID, "INVALID_ELEMENT_TYPE", "error", { line: 1, column: 1 }, "");
  });
  it("INVALID_ELEMENT_TYPE: Effect a number", () => {
    const text = identity(`"Effect": 1, "Action": "*", "Resource": "*"`);
    expectAt(text, ID, "INVALID_ELEMENT_TYPE", "error", { needle: "1," }, "/Statement/0/Effect");
  });
  it("INVALID_ELEMENT_TYPE: Action an object", () => {
    const text = identity(`"Effect": "Allow", "Action": {"s3": "Get"}, "Resource": "*"`);
    expectAt(text, ID, "INVALID_ELEMENT_TYPE", "error", { needle: `{"s3"` }, "/Statement/0/Action");
  });
  it("INVALID_ELEMENT_TYPE: an Action entry a number", () => {
    const text = identity(`"Effect": "Allow", "Action": ["s3:Get", 7], "Resource": "*"`);
    expectAt(text, ID, "INVALID_ELEMENT_TYPE", "error", { needle: "7]" }, "/Statement/0/Action/1");
  });
  it("INVALID_ELEMENT_TYPE: a condition value an object", () => {
    const text = identity(`${ALLOW_ALL}, "Condition": {"StringEquals": {"aws:username": {"x": 1}}}`);
    expectAt(text, ID, "INVALID_ELEMENT_TYPE", "error", { needle: `{"x"` }, "/Statement/0/Condition/StringEquals/aws:username");
  });
  it("INVALID_ELEMENT_TYPE: a condition value null inside a list", () => {
    const text = identity(`${ALLOW_ALL}, "Condition": {"StringEquals": {"aws:username": ["a", null]}}`);
    expectAt(text, ID, "INVALID_ELEMENT_TYPE", "error", { needle: "null" }, "/Statement/0/Condition/StringEquals/aws:username/1");
  });
  it("INVALID_ELEMENT_TYPE: Statement a string, a statement a number", () => {
    expectAt(`{"Version": "2012-10-17", "Statement": "s"}`, ID, "INVALID_ELEMENT_TYPE", "error", { needle: `"s"` }, "/Statement");
    expectAt(`{"Version": "2012-10-17", "Statement": [3]}`, ID, "INVALID_ELEMENT_TYPE", "error", { needle: "3" }, "/Statement/0");
  });
  it("INVALID_ELEMENT_TYPE: Version, Id and Sid not strings; Condition not an object", () => {
    expectAt(`{"Version": 2012, "Statement": []}`, ID, "INVALID_ELEMENT_TYPE", "error", { needle: "2012" }, "/Version");
    expectAt(`{"Version": "2012-10-17", "Id": [], "Statement": []}`, ID, "INVALID_ELEMENT_TYPE", "error", { needle: "[]" }, "/Id");
    expectAt(identity(`"Sid": true, ${ALLOW_ALL}`), ID, "INVALID_ELEMENT_TYPE", "error", { needle: "true" }, "/Statement/0/Sid");
    expectAt(identity(`${ALLOW_ALL}, "Condition": []`), ID, "INVALID_ELEMENT_TYPE", "error", { needle: "[]" }, "/Statement/0/Condition");
  });
  it("INVALID_POLICY_ELEMENT at policy and statement level", () => {
    expectAt(`{"Version": "2012-10-17", "Statement": [], "Foo": 1}`, ID, "INVALID_POLICY_ELEMENT", "error", { needle: `"Foo"` }, "/Foo");
    const text = identity(`"Effect": "Allow", "Actions": "*", "Action": "*", "Resource": "*"`);
    expectAt(text, ID, "INVALID_POLICY_ELEMENT", "error", { needle: `"Actions"` }, "/Statement/0/Actions");
  });
  it("INVALID_PRINCIPAL_KEY", () => {
    const text = resource(`"Effect": "Allow", "Principal": {"Aws": "*"}, "Action": "*"`);
    expectAt(text, RES, "INVALID_PRINCIPAL_KEY", "error", { needle: `"Aws"` }, "/Statement/0/Principal/Aws");
  });
  it("INVALID_PRINCIPAL_FORMAT: a bare string other than * or an account id", () => {
    const text = resource(`"Effect": "Allow", "Principal": "arn:aws:iam::123456789012:root", "Action": "*"`);
    expectAt(text, RES, "INVALID_PRINCIPAL_FORMAT", "error", { needle: `"arn:` }, "/Statement/0/Principal");
  });
  it("INVALID_CONDITION_OPERATOR: unknown, and wrong casing with a hint", () => {
    const t1 = identity(`${ALLOW_ALL}, "Condition": {"StringEqual": {"a": "b"}}`);
    expectAt(t1, ID, "INVALID_CONDITION_OPERATOR", "error", { needle: `"StringEqual"` }, "/Statement/0/Condition/StringEqual");
    const t2 = identity(`${ALLOW_ALL}, "Condition": {"forAnyValue:stringlike": {"a": "b"}}`);
    const d = expectAt(
      t2,
      ID,
      "INVALID_CONDITION_OPERATOR",
      "error",
      { needle: `"forAny` },
      "/Statement/0/Condition/forAnyValue:stringlike",
    );
    expect(d.message).toContain("did you mean `ForAnyValue:StringLike`");
    const t3 = identity(`${ALLOW_ALL}, "Condition": {"ForAllValues:ForAnyValue:StringLike": {"a": "b"}}`);
    expectAt(
      t3,
      ID,
      "INVALID_CONDITION_OPERATOR",
      "error",
      { needle: `"ForAll` },
      "/Statement/0/Condition/ForAllValues:ForAnyValue:StringLike",
    );
  });
});

describe("required and conflicting elements", () => {
  it("MISSING_STATEMENT (error) at the policy object", () => {
    expectAt(`{"Version": "2012-10-17"}`, ID, "MISSING_STATEMENT", "error", { line: 1, column: 1 }, "");
  });
  it("MISSING_EFFECT at the statement", () => {
    const text = identity(`"Action": "*", "Resource": "*"`);
    expectAt(text, ID, "MISSING_EFFECT", "error", { needle: `{"Action"` }, "/Statement/0");
  });
  it("INVALID_EFFECT: casing matters", () => {
    const text = identity(`"Effect": "allow", "Action": "*", "Resource": "*"`);
    expectAt(text, ID, "INVALID_EFFECT", "error", { needle: `"allow"` }, "/Statement/0/Effect");
  });
  it("MISSING_ACTION at the statement", () => {
    const text = `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Resource": "*"}}`;
    expectAt(text, ID, "MISSING_ACTION", "error", { needle: `{"Effect"` }, "/Statement");
  });
  it("UNSUPPORTED_ELEMENT_COMBINATION for each pair, at the second member", () => {
    const a = identity(`"Effect": "Allow", "Action": "*", "NotAction": "s3:*", "Resource": "*"`);
    expectAt(a, ID, "UNSUPPORTED_ELEMENT_COMBINATION", "error", { needle: `"NotAction"` }, "/Statement/0/NotAction");
    const r = identity(`"Effect": "Allow", "NotResource": "x", "Action": "*", "Resource": "*"`);
    expectAt(r, ID, "UNSUPPORTED_ELEMENT_COMBINATION", "error", { needle: `"Resource"` }, "/Statement/0/Resource");
    const p = resource(`"Effect": "Allow", "Principal": "*", "NotPrincipal": "*", "Action": "*"`);
    expectAt(p, RES, "UNSUPPORTED_ELEMENT_COMBINATION", "error", { needle: `"NotPrincipal"` }, "/Statement/0/NotPrincipal");
  });
  it("INVALID_VERSION", () => {
    const text = identity(ALLOW_ALL, `"Version": "2012-10-18", `);
    expectAt(text, ID, "INVALID_VERSION", "error", { needle: `"2012-10-18"` }, "/Version");
  });
  it("UNSUPPORTED_PRINCIPAL in an identity policy", () => {
    const text = identity(`${ALLOW_ALL}, "Principal": "*"`);
    expectAt(text, ID, "UNSUPPORTED_PRINCIPAL", "error", { needle: `"Principal"` }, "/Statement/0/Principal");
  });
  it("MISSING_RESOURCE in an identity policy; a resource policy may omit Resource", () => {
    const text = identity(`"Effect": "Allow", "Action": "*"`);
    expectAt(text, ID, "MISSING_RESOURCE", "error", { needle: `{"Effect"` }, "/Statement/0");
    const ok = checked(resource(`"Effect": "Allow", "Principal": "*", "Action": "*"`), RES);
    expect(ok.policy?.statements[0].resource).toBeUndefined();
  });
  it("MISSING_PRINCIPAL in a resource policy", () => {
    const text = resource(ALLOW_ALL);
    expectAt(text, RES, "MISSING_PRINCIPAL", "error", { needle: `{"Effect"` }, "/Statement/0");
  });
});

describe("condition values", () => {
  const cond = (block: string) => identity(`${ALLOW_ALL}, "Condition": ${block}`);
  it("INVALID_NUMBER_VALUE", () => {
    const t = cond(`{"NumericLessThan": {"s3:max-keys": ["10", "1e3"]}}`);
    expectAt(t, ID, "INVALID_NUMBER_VALUE", "error", { needle: `"1e3"` }, "/Statement/0/Condition/NumericLessThan/s3:max-keys/1");
  });
  it("INVALID_DATE_VALUE", () => {
    const t = cond(`{"DateGreaterThan": {"aws:CurrentTime": "yesterday"}}`);
    expectAt(t, ID, "INVALID_DATE_VALUE", "error", { needle: `"yesterday"` }, "/Statement/0/Condition/DateGreaterThan/aws:CurrentTime");
  });
  it("INVALID_IP_ADDRESS", () => {
    const t = cond(`{"NotIpAddressIfExists": {"aws:SourceIp": "300.1.1.1/8"}}`);
    expectAt(t, ID, "INVALID_IP_ADDRESS", "error", { needle: `"300` }, "/Statement/0/Condition/NotIpAddressIfExists/aws:SourceIp");
  });
  it("INVALID_BOOLEAN_VALUE", () => {
    const t = cond(`{"Bool": {"aws:SecureTransport": "yes"}}`);
    expectAt(t, ID, "INVALID_BOOLEAN_VALUE", "error", { needle: `"yes"` }, "/Statement/0/Condition/Bool/aws:SecureTransport");
  });
  it("INVALID_CONDITION_MULTIPLE_BOOLEAN at the value list", () => {
    const t = cond(`{"Bool": {"aws:SecureTransport": [true, false]}}`);
    expectAt(t, ID, "INVALID_CONDITION_MULTIPLE_BOOLEAN", "error", { needle: `[true` }, "/Statement/0/Condition/Bool/aws:SecureTransport");
  });
  it("INVALID_BINARY_VALUE", () => {
    const t = cond(`{"BinaryEquals": {"k": "not base64!"}}`);
    expectAt(t, ID, "INVALID_BINARY_VALUE", "error", { needle: `"not base64!"` }, "/Statement/0/Condition/BinaryEquals/k");
  });
  it("INVALID_NULL_VALUE", () => {
    const t = cond(`{"Null": {"aws:TagKeys": "maybe"}}`);
    expectAt(t, ID, "INVALID_NULL_VALUE", "error", { needle: `"maybe"` }, "/Statement/0/Condition/Null/aws:TagKeys");
  });
  it("NULL_WITH_IF_EXISTS at the operator", () => {
    const t = cond(`{"NullIfExists": {"aws:TagKeys": "true"}}`);
    expectAt(t, ID, "NULL_WITH_IF_EXISTS", "error", { needle: `"NullIfExists"` }, "/Statement/0/Condition/NullIfExists");
  });
  it("EMPTY_ARRAY_CONDITION", () => {
    const t = cond(`{"StringEquals": {"aws:username": []}}`);
    expectAt(t, ID, "EMPTY_ARRAY_CONDITION", "error", { needle: "[]" }, "/Statement/0/Condition/StringEquals/aws:username");
  });
  it("EMPTY_OBJECT_CONDITION for an empty Condition and an empty operator block", () => {
    expectAt(cond(`{}`), ID, "EMPTY_OBJECT_CONDITION", "error", { needle: "{}" }, "/Statement/0/Condition");
    expectAt(cond(`{"StringLike": {}}`), ID, "EMPTY_OBJECT_CONDITION", "error", { needle: "{}" }, "/Statement/0/Condition/StringLike");
  });
  it("DUPLICATE_KEYS_WITH_DIFFERENT_CASE at the second key", () => {
    const t = cond(`{"StringEquals": {"aws:ResourceTag/Team": "a", "aws:resourcetag/team": "b"}}`);
    expectAt(
      t,
      ID,
      "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
      "error",
      { needle: `"aws:resourcetag` },
      "/Statement/0/Condition/StringEquals/aws:resourcetag~1team",
    );
  });
  it("INVALID_CONDITION_DATA_TYPE at the first value of another JSON type", () => {
    const t = cond(`{"NumericEquals": {"k": ["1", 2, "3"]}}`);
    expectAt(t, ID, "INVALID_CONDITION_DATA_TYPE", "error", { needle: "2," }, "/Statement/0/Condition/NumericEquals/k/1");
  });
});

describe("collecting", () => {
  it("reports every error of a document, sorted by offset, and no policy", () => {
    const text = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "allow", "Action": "*", "Resource": "*"},
    {"Effect": "Allow", "Action": {}, "Resource": "*", "Condition": {"Foo": {"k": "v"}}},
    {"Action": "*"}
  ]
}`;
    const r = checked(text, ID);
    expect(r.policy).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["INVALID_EFFECT", 4],
      ["INVALID_ELEMENT_TYPE", 5],
      ["INVALID_CONDITION_OPERATOR", 5],
      ["MISSING_EFFECT", 6],
      ["MISSING_RESOURCE", 6],
    ]);
  });
});
