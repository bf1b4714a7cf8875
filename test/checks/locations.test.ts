// Reasons and findings carry locations: each reason's `location` (and each entry of a finding's
// `statementLocations`) names the document and gives the statement's line, column, offset, length
// and JSON Pointer, so that the text at [offset, offset + length) is exactly that statement.
import { afterAll, describe, expect, it } from "vitest";
import { checkAccessNotGranted, checkNoNewAccess, checkNoPublicAccess, close, findings, type StatementLocation } from "../../src/index.js";
import { positionAt } from "../../src/policy/json.js";

afterAll(() => close());

const DELETE = [{ actions: ["s3:DeleteBucket"] }];
const allow = (action: string, sid?: string) => ({
  ...(sid ? { Sid: sid } : {}),
  Effect: "Allow",
  Action: action,
  Resource: "*",
});

/** The location covers exactly statement `index` of `text`, and its line and column are its offset's. */
function expectStatement(loc: StatementLocation, text: string, document: string, index: number | undefined) {
  expect(loc.document).toBe(document);
  const statements = JSON.parse(text).Statement;
  expect(loc.path).toBe(index === undefined ? "/Statement" : `/Statement/${index}`);
  expect(JSON.parse(text.slice(loc.offset, loc.offset + loc.length))).toEqual(index === undefined ? statements : statements[index]);
  expect(positionAt(text, loc.offset)).toEqual({ line: loc.line, column: loc.column });
}

describe("reason locations", () => {
  it("an inline (one-line) document: line 1, the statement's column", async () => {
    const text = JSON.stringify({ Version: "2012-10-17", Statement: [allow("s3:GetObject"), allow("s3:DeleteBucket", "Del")] });
    const r = await checkAccessNotGranted({ policyDocument: text, access: DELETE, policyType: "IDENTITY_POLICY" });
    expect(r.result).toBe("FAIL");
    expect(r.reasons).toHaveLength(1);
    const { location } = r.reasons[0];
    expect(location.line).toBe(1);
    expect(location.column).toBe(text.indexOf('{"Sid"') + 1);
    expectStatement(location, text, "policyDocument", 1);
  });

  it("a multi-line document with CRLF line ends: the new policy's statement, in newPolicyDocument", async () => {
    const existing = JSON.stringify({ Version: "2012-10-17", Statement: [allow("s3:GetObject")] }, null, 2);
    const text = JSON.stringify({ Version: "2012-10-17", Statement: [allow("s3:GetObject"), allow("s3:DeleteBucket")] }, null, 2).replace(
      /\n/g,
      "\r\n",
    );
    const r = await checkNoNewAccess({ existingPolicyDocument: existing, newPolicyDocument: text, policyType: "IDENTITY_POLICY" });
    expect(r.result).toBe("FAIL");
    expect(r.reasons.map((x) => x.statementIndex)).toEqual([1]);
    expect(r.reasons[0].location).toMatchObject({ line: 9, column: 5 });
    expectStatement(r.reasons[0].location, text, "newPolicyDocument", 1);
  });

  it("a lone statement object (not in an array): pointer /Statement", async () => {
    const text = `{\n  "Statement": {\n    "Effect": "Allow",\n    "Principal": "*",\n    "Action": "s3:GetObject",\n    "Resource": "arn:aws:s3:::b/*"\n  }\n}`;
    const r = await checkNoPublicAccess({ policyDocument: text, resourceType: "AWS::S3::Bucket" });
    expect(r.result).toBe("FAIL");
    expect(r.reasons[0].location).toMatchObject({ line: 2, column: 16 });
    expectStatement(r.reasons[0].location, text, "policyDocument", undefined);
  });

  it("each of a finding's statementIndexes has its location, in the same order", async () => {
    const stmt = (action: string) => ({ Effect: "Allow", Principal: "*", Action: action, Resource: "arn:aws:s3:::b/*" });
    const text = JSON.stringify({ Version: "2012-10-17", Statement: [stmt("s3:GetObject"), stmt("s3:GetObject")] }, null, 4);
    const r = await findings({ policyDocument: text, resourceType: "AWS::S3::Bucket", trustedAccounts: ["123456789012"] });
    expect(r.findings.length).toBeGreaterThan(0);
    for (const f of r.findings) {
      expect(f.statementLocations).toHaveLength(f.statementIndexes.length);
      f.statementIndexes.forEach((i, k) => expectStatement(f.statementLocations[k], text, "policyDocument", i));
    }
    expect(r.findings.flatMap((f) => f.statementIndexes)).toContain(1);
  });
});
