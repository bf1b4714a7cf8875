// Rendering hand-made responses through the report layer: the text report's layout (frames drawn
// from the reasons' and diagnostics' own locations) and the JSON key order.
import { describe, expect, it } from "vitest";
import type { CheckResponse, StatementLocation } from "../../src/checks/types.js";
import { render, type Report } from "../../src/report/report.js";
import { counterexampleText, display } from "../../src/report/text.js";

const policy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Write",
      "Effect": "Allow",
      "Principal": "123456789012",
      "Action": "s3:DeleteBucket",
      "Resource": "arn:aws:s3:::b"
    }
  ]
}
`;

const STATEMENT = policy.indexOf('{\n      "Sid"');
const statementLength = policy.lastIndexOf("}", policy.lastIndexOf("]")) + 1 - STATEMENT;
const at = (document: string): StatementLocation => ({
  line: 4,
  column: 5,
  offset: STATEMENT,
  length: statementLength,
  path: "/Statement/0",
  document,
});

function report(command: string, outcome: Report["outcome"]): Report {
  const docs: Report["docs"] =
    command === "check-no-new-access"
      ? { existingPolicyDocument: { name: "old.json", text: "{}" }, newPolicyDocument: { name: "new.json", text: policy } }
      : { policyDocument: { name: "<policy-document>", text: policy }, access: { name: "<access>", text: "[]" } };
  return { command, version: "0.0.0", docs, outcome };
}
const text = (command: string, response: CheckResponse) => render(report(command, { kind: "response", response }), "text");
const json = (response: CheckResponse) => render(report("check-no-new-access", { kind: "response", response }), "json");

const fail: CheckResponse = {
  result: "FAIL",
  message: "The modified permissions grant new access compared to your existing policy.",
  reasons: [
    {
      description: "New access in the following statement with sid: Write.",
      statementIndex: 0,
      statementId: "Write",
      location: at("newPolicyDocument"),
    },
    // A response not from the library may lack a location: its reason still shows, without a frame.
    { description: "New access in the statement with index: 7.", statementIndex: 7 } as CheckResponse["reasons"][number],
  ],
  counterexample: {
    principal: { AWS: "arn:aws:iam::123456789012:root" },
    action: "s3:DeleteBucket",
    resource: "arn:aws:s3:::b",
    context: { "aws:SourceIp": "10.0.0.1", "aws:MultiFactorAuthPresent": null, "aws:TagKeys": ["a", "b c"] },
  },
  diagnostics: [
    {
      severity: "warning",
      code: "BARE_ACCOUNT_PRINCIPAL",
      message: "principal `123456789012` is a bare account id",
      line: 7,
      column: 20,
      offset: 0,
      path: "/Statement/0/Principal",
      document: "newPolicyDocument",
    },
    {
      severity: "warning",
      code: "OLD_THING",
      message: "in the other document",
      line: 1,
      column: 1,
      offset: 0,
      path: "",
      document: "existingPolicyDocument",
    },
  ],
};

describe("text output", () => {
  it("lays out verdict, reasons, counterexample and warnings, each frame at its location", () => {
    expect(text("check-no-new-access", fail)).toBe(
      [
        "FAIL: The modified permissions grant new access compared to your existing policy.",
        "",
        "new.json:4:5: New access in the following statement with sid: Write.",
        '  2 |   "Version": "2012-10-17",',
        '  3 |   "Statement": [',
        "> 4 |     {",
        "    |     ^",
        '  5 |       "Sid": "Write",',
        '  6 |       "Effect": "Allow",',
        "",
        "new.json: New access in the statement with index: 7.",
        "",
        "Counterexample (allowed by the new policy, not by the existing one):",
        "  principal: AWS arn:aws:iam::123456789012:root",
        "  action:    s3:DeleteBucket",
        "  resource:  arn:aws:s3:::b",
        "  context:",
        "    aws:MultiFactorAuthPresent  (absent)",
        "    aws:SourceIp                10.0.0.1",
        '    aws:TagKeys                 ["a", "b c"]',
        "",
        "new.json:7:20: warning BARE_ACCOUNT_PRINCIPAL: principal `123456789012` is a bare account id",
        '  5 |       "Sid": "Write",',
        '  6 |       "Effect": "Allow",',
        '> 7 |       "Principal": "123456789012",',
        "    |                    ^",
        '  8 |       "Action": "s3:DeleteBucket",',
        '  9 |       "Resource": "arn:aws:s3:::b"',
        "",
        "old.json:1:1: warning OLD_THING: in the other document",
        "> 1 | {}",
        "    | ^",
        "",
      ].join("\n"),
    );
  });

  it("a one-line document: the frame underlines the statement to the line's end", () => {
    const line = '{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';
    const r: Report = {
      command: "check-access-not-granted",
      version: "0.0.0",
      docs: { policyDocument: { name: "<policy-document>", text: line } },
      outcome: {
        kind: "response",
        response: {
          result: "FAIL",
          message: "m",
          reasons: [
            {
              description: "r",
              statementIndex: 0,
              location: { line: 1, column: 15, offset: 14, length: 49, path: "/Statement/0", document: "policyDocument" },
            },
          ],
        },
      },
    };
    expect(render(r, "text")).toBe(
      ["FAIL: m", "", `<policy-document>:1:15: r`, `> 1 | ${line}`, `    | ${" ".repeat(14)}${"^".repeat(49)}`, ""].join("\n"),
    );
  });

  it("PASS and UNKNOWN", () => {
    const pass: CheckResponse = {
      result: "PASS",
      message: "The policy document does not grant access to perform one or more of the listed actions.",
      reasons: [],
    };
    expect(text("check-access-not-granted", pass)).toBe(
      "PASS: The policy document does not grant access to perform one or more of the listed actions.\n",
    );
    const unknown: CheckResponse = {
      result: "UNKNOWN",
      message: "keyaki could not decide.",
      reasons: [],
      unknownReason: "the solver timed out after 10 s",
    };
    expect(text("check-access-not-granted", unknown)).toBe(
      "UNKNOWN: keyaki could not decide.\n\nWhy UNKNOWN: the solver timed out after 10 s\n",
    );
  });

  it("renders counterexamples for identity policies, anonymous principals, odd strings", () => {
    expect(
      counterexampleText({ action: "s3:GetObject", resource: "arn:aws:s3:::b/with space", context: {} }, "check-access-not-granted"),
    ).toBe(
      [
        "Counterexample (allowed by the policy, within the listed access):",
        "  principal: (the identity the policy is attached to)",
        "  action:    s3:GetObject",
        '  resource:  "arn:aws:s3:::b/with space"',
        "  context:   (no condition keys)",
      ].join("\n"),
    );
    expect(
      counterexampleText({ principal: "anonymous", action: "s3:x", resource: "*", context: { k: "" } }, "check-no-new-access"),
    ).toContain('  principal: anonymous\n  action:    s3:x\n  resource:  *\n  context:\n    k  ""');
    expect(display("(absent)")).toBe('"(absent)"');
    expect(display("a\tb")).toBe('"a\\tb"');
    expect(display("é")).toBe('"é"');
  });

  it("errors: each diagnostic located, or one line when there are none", () => {
    const diag = {
      severity: "error" as const,
      code: "JSON_SYNTAX_ERROR",
      message: "unexpected end of input",
      line: 3,
      column: 1,
      offset: 30,
      path: "",
      document: "existingPolicyDocument",
    };
    const error = (code: string, message: string, diagnostics: (typeof diag)[]) =>
      render(report("check-no-new-access", { kind: "error", code, message, diagnostics }), "text");
    // Past the end of a short document: the frame is clamped to its last line.
    expect(error("JSON_SYNTAX_ERROR", "`existingPolicyDocument`:3:1: unexpected end of input", [diag])).toBe(
      "old.json:3:1: error JSON_SYNTAX_ERROR: unexpected end of input\n> 1 | {}\n    | ^\n",
    );
    expect(error("FILE_READ_ERROR", "cannot read `x`", [])).toBe("keyaki: error FILE_READ_ERROR: cannot read `x`\n");
  });
});

describe("json output", () => {
  it("puts the response keys in AWS's order, keyaki's additions after", () => {
    const scrambled = {
      diagnostics: fail.diagnostics,
      counterexample: { context: {}, resource: "r", action: "a" },
      reasons: [{ statementIndex: 0, description: "d" }],
      message: "m",
      result: "FAIL",
    } as unknown as CheckResponse;
    const out = json(scrambled);
    expect(out.endsWith("}\n")).toBe(true);
    const parsed = JSON.parse(out);
    expect(Object.keys(parsed)).toEqual(["result", "message", "reasons", "counterexample", "diagnostics"]);
    expect(Object.keys(parsed.reasons[0])).toEqual(["description", "statementIndex"]);
    expect(Object.keys(parsed.counterexample)).toEqual(["action", "resource", "context"]);
    expect(Object.keys(parsed.diagnostics[0])).toEqual(["severity", "code", "message", "line", "column", "offset", "path", "document"]);
    expect(out).toContain('\n  "result": "FAIL",\n'); // 2-space indent
    const unknown = JSON.parse(json({ unknownReason: "t", reasons: [], message: "m", result: "UNKNOWN" }));
    expect(Object.keys(unknown)).toEqual(["result", "message", "reasons", "unknownReason"]);
  });

  it("wraps errors as {error: {code, message, diagnostics}}", () => {
    expect(JSON.parse(render(report("keyaki", { kind: "error", code: "USAGE_ERROR", message: "m", diagnostics: [] }), "json"))).toEqual({
      error: { code: "USAGE_ERROR", message: "m", diagnostics: [] },
    });
  });
});
