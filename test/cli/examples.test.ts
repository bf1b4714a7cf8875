// The built command and the library on examples/ (AWS's four introductory policies), with the
// answers examples/README.md states: exit codes, JSON shapes, byte-identical reruns.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAccessNotGranted, checkNoNewAccess, close } from "../../src/index.js";
import { ensureBuilt, keyaki, ROOT, type Run } from "./built.js";

const example = (name: string) => readFileSync(join(ROOT, "examples", name), "utf8");
const DELETE_BUCKET = '[{"actions":["s3:DeleteBucket"]}]';

function nna(existing: string, updated: string, type: string, ...rest: string[]): string[] {
  return [
    "check-no-new-access",
    "--existing-policy-document",
    `file://examples/${existing}`,
    "--new-policy-document",
    `file://examples/${updated}`,
    "--policy-type",
    type,
    ...rest,
  ];
}
function ang(policy: string, access: string, type: string, ...rest: string[]): string[] {
  return ["check-access-not-granted", "--policy-document", `file://examples/${policy}`, "--access", access, "--policy-type", type, ...rest];
}

/** A reason's location: at statement `index` of the example (line and column given), covering exactly its text. */
function expectAtStatement(reason: { location: Record<string, any> }, file: string, document: string, index: number, at: [number, number]) {
  const text = example(file);
  const { offset, length, ...rest } = reason.location;
  expect(rest).toEqual({ line: at[0], column: at[1], path: `/Statement/${index}`, document });
  expect(JSON.parse(text.slice(offset, offset + length))).toEqual(JSON.parse(text).Statement[index]);
}

/** Runs twice and checks the two runs are byte-identical. */
function twice(args: string[], input?: string): Run {
  const first = keyaki(args, { input });
  expect(keyaki(args, { input })).toEqual(first);
  return first;
}

function json(r: Run): Record<string, any> {
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout);
}

beforeAll(ensureBuilt, 120_000);
afterAll(() => close());

describe("keyaki on the examples", () => {
  it("check-no-new-access public-bucket → bucket-update: FAIL (exit 2), new s3:DeleteBucket", () => {
    const r = twice(nna("public-bucket.json", "bucket-update.json", "RESOURCE_POLICY", "--output", "json"));
    expect(r.code).toBe(2);
    const out = json(r);
    expect(Object.keys(out)).toEqual(["result", "message", "reasons", "counterexample", "diagnostics"]);
    expect(out.result).toBe("FAIL");
    expect(out.message).toBe("The modified permissions grant new access compared to your existing policy.");
    expect(out.reasons).toEqual([
      { description: "New access in the statement with index: 0.", statementIndex: 0, location: expect.anything() },
    ]);
    expect(Object.keys(out.reasons[0].location)).toEqual(["line", "column", "offset", "length", "path", "document"]);
    expectAtStatement(out.reasons[0], "bucket-update.json", "newPolicyDocument", 0, [4, 5]);
    expect(out.counterexample.action.toLowerCase()).toBe("s3:deletebucket");
    expect(out.counterexample.resource).toBe("arn:aws:s3:::DOC-EXAMPLE-BUCKET");
    expect(JSON.stringify(out.counterexample.principal)).toContain("123456789012");
    expect(out.diagnostics.map((d: { code: string }) => d.code)).toContain("BARE_ACCOUNT_PRINCIPAL");
    expect(out.diagnostics.every((d: { severity: string }) => d.severity === "warning")).toBe(true);
  });

  it("the text report of the same check: verdict, code frame, counterexample, warning", () => {
    const r = twice(nna("public-bucket.json", "bucket-update.json", "RESOURCE_POLICY"));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("FAIL: The modified permissions grant new access compared to your existing policy.");
    expect(r.stdout).toContain("\nexamples/bucket-update.json:4:5: New access in the statement with index: 0.\n");
    expect(r.stdout).toContain("> 4 |     {\n");
    expect(r.stdout).toContain("\nCounterexample (allowed by the new policy, not by the existing one):\n");
    expect(r.stdout).toMatch(/\n {2}action: {4}s3:DeleteBucket\n/i);
    expect(r.stdout).toMatch(/\nexamples\/bucket-update\.json:6:20: warning BARE_ACCOUNT_PRINCIPAL: /);
  });

  it("the same check with the new policy on standard input names it <stdin>", () => {
    const args = nna("public-bucket.json", "bucket-update.json", "RESOURCE_POLICY");
    args[4] = "-";
    const r = twice(args, example("bucket-update.json"));
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("\n<stdin>:4:5: New access in the statement with index: 0.\n");
  });

  it("public-bucket-deny-outside grants nothing new over public-bucket: PASS (exit 0)", () => {
    const r = twice(nna("public-bucket.json", "public-bucket-deny-outside.json", "RESOURCE_POLICY", "--output", "json"));
    expect(r.code).toBe(0);
    const out = json(r);
    expect(out.result).toBe("PASS");
    expect(out.reasons).toEqual([]);
    expect(out.counterexample).toBeUndefined();
    const text = twice(nna("public-bucket.json", "public-bucket-deny-outside.json", "RESOURCE_POLICY"));
    expect(text.code).toBe(0);
    expect(text.stdout.split("\n")[0]).toBe("PASS: The modified permissions grant no new access compared to your existing policy.");
  });

  it("check-access-not-granted s3:DeleteBucket on bucket-update: FAIL (exit 2)", () => {
    const r = twice(ang("bucket-update.json", DELETE_BUCKET, "RESOURCE_POLICY", "--output", "json"));
    expect(r.code).toBe(2);
    const out = json(r);
    expect(out.result).toBe("FAIL");
    expect(out.message).toBe("The policy document grants access to perform one or more of the listed actions.");
    expect(out.reasons).toEqual([
      { description: "One or more of the listed actions in the statement with index: 0.", statementIndex: 0, location: expect.anything() },
    ]);
    expectAtStatement(out.reasons[0], "bucket-update.json", "policyDocument", 0, [4, 5]);
  });

  it("check-access-not-granted s3:DeleteBucket on identity-policy: FAIL pinpointed to statement 1", () => {
    const r = twice(ang("identity-policy.json", DELETE_BUCKET, "IDENTITY_POLICY", "--output", "json"));
    expect(r.code).toBe(2);
    const out = json(r);
    expect(out.reasons).toEqual([
      { description: "One or more of the listed actions in the statement with index: 1.", statementIndex: 1, location: expect.anything() },
    ]);
    expectAtStatement(out.reasons[0], "identity-policy.json", "policyDocument", 1, [13, 5]);
    expect(out.counterexample.action.toLowerCase()).toBe("s3:deletebucket");
    expect(out.counterexample.principal).toBeUndefined();
    const text = twice(ang("identity-policy.json", DELETE_BUCKET, "IDENTITY_POLICY"));
    expect(text.stdout).toContain(
      "\nexamples/identity-policy.json:13:5: One or more of the listed actions in the statement with index: 1.\n",
    );
  });

  it("check-access-not-granted of an action the policy does not grant: PASS", () => {
    const r = twice(ang("identity-policy.json", '[{"actions":["iam:*"]}]', "IDENTITY_POLICY"));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("PASS: The policy document does not grant access to perform one or more of the listed actions.\n");
  });

  it("with the Z3 engine (a worker process), the command still ends with the verdict's exit code", () => {
    const r = keyaki(nna("public-bucket.json", "bucket-update.json", "RESOURCE_POLICY", "--output", "json"), {
      env: { KEYAKI_ENGINE: "z3" },
    });
    expect(r.code).toBe(2);
    expect(json(r).result).toBe("FAIL");
  });

  it("the CLI's JSON is the library's response, as the library returns it", async () => {
    const lib = await checkAccessNotGranted({
      policyDocument: example("identity-policy.json"),
      access: JSON.parse(DELETE_BUCKET),
      policyType: "IDENTITY_POLICY",
    });
    expect(json(keyaki(ang("identity-policy.json", DELETE_BUCKET, "IDENTITY_POLICY", "--output", "json")))).toEqual(lib);
    const lib2 = await checkNoNewAccess({
      existingPolicyDocument: example("public-bucket.json"),
      newPolicyDocument: example("bucket-update.json"),
      policyType: "RESOURCE_POLICY",
    });
    expect(json(keyaki(nna("public-bucket.json", "bucket-update.json", "RESOURCE_POLICY", "--output", "json")))).toEqual(lib2);
  });
});

describe("keyaki when it cannot decide", () => {
  // Every construct is modelled, so UNKNOWN comes from solver limits: here a timeout that runs
  // out before the first query (the timeout bounds the whole check, parsing included).
  const variable = (v: string) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { ArnLike: { "aws:SourceArn": `arn:aws:\${${v}}:*:1:x` } } },
      ],
    });
  const args = [
    "check-no-new-access",
    "--existing-policy-document",
    variable("aws:username"),
    "--new-policy-document",
    variable("aws:userid"),
    "--policy-type",
    "IDENTITY_POLICY",
  ];

  it("UNKNOWN exits 3 with the reason, never PASS", () => {
    const r = twice([...args, "--timeout", "0.000001", "--output", "json"]);
    expect(r.code).toBe(3);
    const out = json(r);
    expect(out.result).toBe("UNKNOWN");
    expect(Object.keys(out)).toEqual(["result", "message", "reasons", "unknownReason"]);
    expect(out.unknownReason).toContain("timeout");
    const text = twice([...args, "--timeout", "0.000001"]);
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/^UNKNOWN: .*\n\nWhy UNKNOWN: .*timeout/);
  });

  it("with time to decide, the same question is a FAIL", () => {
    const r = twice([...args, "--output", "json"]);
    expect(r.code).toBe(2);
    expect(json(r).result).toBe("FAIL");
  });
});

describe("keyaki on bad input", () => {
  const broken = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*",}]}';

  it("a policy that is not JSON: located error on stderr, exit 1", () => {
    const r = twice([
      "check-no-new-access",
      "--existing-policy-document",
      "file://examples/identity-policy.json",
      "--new-policy-document",
      broken,
      "--policy-type",
      "IDENTITY_POLICY",
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^<new-policy-document>:1:\d+: error JSON_SYNTAX_ERROR: .+\n> 1 \| \{"Version"/);
  });

  it("the same in json mode: {error: {code, message, diagnostics}} on stdout", () => {
    const r = twice(
      ang("identity-policy.json", DELETE_BUCKET, "IDENTITY_POLICY", "--output", "json").map((a) =>
        a === "file://examples/identity-policy.json" ? broken : a,
      ),
    );
    expect(r.code).toBe(1);
    const { error } = json(r);
    expect(Object.keys(error)).toEqual(["code", "message", "diagnostics"]);
    expect(error.code).toBe("JSON_SYNTAX_ERROR");
    expect(error.diagnostics[0]).toMatchObject({ severity: "error", code: "JSON_SYNTAX_ERROR", line: 1, document: "policyDocument" });
  });

  it("an invalid --access entry is located in the --access text", () => {
    const r = twice(ang("identity-policy.json", '[{"actions": ["s3:DeleteBucket"], "resources": ["bucket"]}]', "IDENTITY_POLICY"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^<access>:1:49: error INVALID_ARN: /);
  });

  it("usage errors from the built command", () => {
    expect(keyaki(["check-no-new-access"])).toMatchObject({ code: 1, stdout: "" });
    expect(keyaki(["frobnicate"]).stderr).toBe(
      "keyaki: error USAGE_ERROR: unknown command `frobnicate`; expected one of `check-no-new-access`, `check-access-not-granted`, `check-no-public-access`, `check-no-external-access`, `findings`, `validate-policy` (see `keyaki --help`)\n",
    );
    expect(keyaki(["--version"]).stdout).toMatch(/^keyaki \d+\.\d+\.\d+\n$/);
  });
});
