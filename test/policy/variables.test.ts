// Warnings about policy variables (src/policy/variables.ts; iam-semantics §1.2, §5).

import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/policy/parse.js";

function codes(statement: object, version: string | null = "2012-10-17"): string[] {
  const doc = { ...(version ? { Version: version } : {}), Statement: [statement] };
  const r = parsePolicy(JSON.stringify(doc), "IDENTITY_POLICY");
  expect(r.policy).toBeDefined();
  return r.diagnostics.filter((d) => d.code !== "MISSING_VERSION").map((d) => d.code);
}
const resource = (r: string, version?: string | null) => codes({ Effect: "Allow", Action: "s3:GetObject", Resource: r }, version);
const value = (op: string, v: string) => codes({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { [op]: { k: v } } });

describe("§5 malformed variables are warnings, read as literal text", () => {
  it("§5 each malformation has AWS's code", () => {
    expect(resource("arn:aws:s3:::b/${aws:username")).toEqual(["MISSING_BRACE_IN_VARIABLE"]);
    expect(resource("arn:aws:s3:::b/${aws:username, x}")).toEqual(["MISSING_QUOTE_IN_VARIABLE"]);
    expect(resource("arn:aws:s3:::b/${aws:user name}")).toEqual(["UNSUPPORTED_SPACE_IN_VARIABLE"]);
    expect(resource("arn:aws:s3:::b/${}")).toEqual(["EMPTY_VARIABLE"]);
    expect(value("StringEquals", "${aws:username, 'a b'}")).toEqual([]);
    expect(value("StringLike", "${ aws:username}")).toEqual(["UNSUPPORTED_SPACE_IN_VARIABLE"]);
  });
  it("§5 escapes and well-formed variables where AWS reads them are not reported", () => {
    expect(resource("arn:aws:s3:::b/${aws:username}/${*}${?}${$}")).toEqual([]);
    expect(value("ArnLike", "arn:aws:iam::${aws:PrincipalAccount}:role/*")).toEqual([]);
  });
});

describe("§5 variables where AWS supports none", () => {
  it("§2.2.11 only the resource part of an ARN reads variables", () => {
    expect(resource("arn:aws:s3:${aws:RequestedRegion}::b")).toEqual(["VARIABLE_UNSUPPORTED_IN_ELEMENT"]);
    expect(resource("b/${aws:username}")).toEqual(["VARIABLE_UNSUPPORTED_IN_ELEMENT"]);
    expect(codes({ Effect: "Allow", Action: "s3:${aws:username}", Resource: "*" })).toContain("VARIABLE_UNSUPPORTED_IN_ELEMENT");
  });
  it("§5 Numeric, Date, IP, Binary and Null values keep `${…}` literal: the parser then rejects the value", () => {
    const doc = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { NumericEquals: { k: "${aws:username}" } } }],
    };
    const r = parsePolicy(JSON.stringify(doc), "IDENTITY_POLICY");
    expect(r.policy).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toContain("INVALID_NUMBER_VALUE");
  });
  it("§1.2 under 2008-10-17 a variable is literal text", () => {
    expect(resource("arn:aws:s3:::b/${aws:username}", "2008-10-17")).toEqual(["VARIABLE_UNSUPPORTED_IN_VERSION"]);
    expect(resource("arn:aws:s3:::b/${aws:username}", null)).toEqual([]);
  });
});
