// Rendering hand-made responses: the text report's layout and the JSON key order.
import { describe, expect, it } from "vitest";
import type { CheckResponse } from "../../src/checks/types.js";
import { createFramer } from "../../src/cli/frames.js";
import type { SourceDoc } from "../../src/cli/input.js";
import { errorJson, responseJson } from "../../src/cli/render-json.js";
import { counterexampleText, display, errorText, responseText, type Framer, type TextContext } from "../../src/cli/render-text.js";

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

/** A framer that shows where it was asked to point, so layout tests do not depend on the parser. */
const fakeFramer: Framer = {
  statementLoc: (_doc, index) => (index < 5 ? { line: 10 + index, column: 3 } : undefined),
  frame: (doc, loc) => `  [frame of ${doc.name} at ${loc.line}:${loc.column}]`,
};

function ctx(command: TextContext["command"], framer: Framer = fakeFramer): TextContext {
  const docs: Record<string, SourceDoc> =
    command === "check-no-new-access"
      ? { existingPolicyDocument: { name: "old.json", text: "{}" }, newPolicyDocument: { name: "new.json", text: policy } }
      : { policyDocument: { name: "<policy-document>", text: policy }, access: { name: "<access>", text: "[]" } };
  return { command, docs, framer };
}

const fail: CheckResponse = {
  result: "FAIL",
  message: "The modified permissions grant new access compared to your existing policy.",
  reasons: [
    { description: "New access in the following statement with sid: Write.", statementIndex: 0, statementId: "Write" },
    { description: "New access in the statement with index: 7.", statementIndex: 7 },
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
  it("lays out verdict, reasons, counterexample and warnings", () => {
    expect(responseText(fail, ctx("check-no-new-access"))).toBe(
      [
        "FAIL: The modified permissions grant new access compared to your existing policy.",
        "",
        "new.json:10:3: New access in the following statement with sid: Write.",
        "  [frame of new.json at 10:3]",
        "",
        // A statement the framer cannot locate still gets its reason, without a frame.
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
        "  [frame of new.json at 7:20]",
        "",
        "old.json:1:1: warning OLD_THING: in the other document",
        "  [frame of old.json at 1:1]",
        "",
      ].join("\n"),
    );
  });

  it("PASS and UNKNOWN", () => {
    const pass: CheckResponse = {
      result: "PASS",
      message: "The policy document does not grant access to perform one or more of the listed actions.",
      reasons: [],
    };
    expect(responseText(pass, ctx("check-access-not-granted"))).toBe(
      "PASS: The policy document does not grant access to perform one or more of the listed actions.\n",
    );
    const unknown: CheckResponse = {
      result: "UNKNOWN",
      message: "keyaki could not decide.",
      reasons: [],
      unknownReason: "the solver timed out after 10 s",
    };
    expect(responseText(unknown, ctx("check-access-not-granted"))).toBe(
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

  it("shows the policy's own lines with the real framer", () => {
    const text = responseText(
      { result: "FAIL", message: "m", reasons: [{ description: "r", statementIndex: 0 }] },
      ctx("check-access-not-granted", createFramer("RESOURCE_POLICY")),
    );
    expect(text).toBe(
      [
        "FAIL: m",
        "",
        "<policy-document>:4:5: r",
        '  2 |   "Version": "2012-10-17",',
        '  3 |   "Statement": [',
        "> 4 |     {",
        "    |     ^",
        '  5 |       "Sid": "Write",',
        '  6 |       "Effect": "Allow",',
        "",
      ].join("\n"),
    );
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
    expect(
      errorText(
        { code: "JSON_SYNTAX_ERROR", message: "`existingPolicyDocument`:3:1: unexpected end of input", diagnostics: [diag] },
        ctx("check-no-new-access"),
      ),
    ).toBe("old.json:3:1: error JSON_SYNTAX_ERROR: unexpected end of input\n  [frame of old.json at 3:1]\n");
    expect(errorText({ code: "FILE_READ_ERROR", message: "cannot read `x`", diagnostics: [] }, ctx("check-no-new-access"))).toBe(
      "keyaki: error FILE_READ_ERROR: cannot read `x`\n",
    );
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
    const out = responseJson(scrambled);
    expect(out.endsWith("}\n")).toBe(true);
    const parsed = JSON.parse(out);
    expect(Object.keys(parsed)).toEqual(["result", "message", "reasons", "counterexample", "diagnostics"]);
    expect(Object.keys(parsed.reasons[0])).toEqual(["description", "statementIndex"]);
    expect(Object.keys(parsed.counterexample)).toEqual(["action", "resource", "context"]);
    expect(Object.keys(parsed.diagnostics[0])).toEqual(["severity", "code", "message", "line", "column", "offset", "path", "document"]);
    expect(out).toContain('\n  "result": "FAIL",\n'); // 2-space indent
    const unknown = JSON.parse(responseJson({ unknownReason: "t", reasons: [], message: "m", result: "UNKNOWN" }));
    expect(Object.keys(unknown)).toEqual(["result", "message", "reasons", "unknownReason"]);
  });

  it("wraps errors as {error: {code, message, diagnostics}}", () => {
    expect(JSON.parse(errorJson({ code: "USAGE_ERROR", message: "m", diagnostics: [] }))).toEqual({
      error: { code: "USAGE_ERROR", message: "m", diagnostics: [] },
    });
  });
});
