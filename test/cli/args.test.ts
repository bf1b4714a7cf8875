// Argument parsing: flag names and values as `aws accessanalyzer` spells them, one-line usage errors.
import { describe, expect, it } from "vitest";
import { docArg, parseArguments, UsageError, wantsJson } from "../../src/cli/args.js";

const NNA = [
  "check-no-new-access",
  "--existing-policy-document",
  "{}",
  "--new-policy-document",
  "file://n.json",
  "--policy-type",
  "RESOURCE_POLICY",
];
const ANG = [
  "check-access-not-granted",
  "--policy-document",
  "-",
  "--access",
  '[{"actions":["s3:DeleteBucket"]}]',
  "--policy-type",
  "IDENTITY_POLICY",
];

function usage(argv: string[]): UsageError {
  try {
    parseArguments(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).not.toContain("\n");
    return e as UsageError;
  }
  throw new Error(`expected a usage error for ${argv.join(" ")}`);
}

describe("parseArguments", () => {
  it("parses check-no-new-access with defaults", () => {
    expect(parseArguments(NNA)).toEqual({
      kind: "check",
      command: "check-no-new-access",
      output: "text",
      timeoutSeconds: 10,
      partition: "aws",
      policyType: "RESOURCE_POLICY",
      existingPolicyDocument: { kind: "inline", text: "{}" },
      newPolicyDocument: { kind: "file", path: "n.json" },
    });
  });

  it("parses check-access-not-granted with --timeout and --output, in any order and with =", () => {
    expect(parseArguments([...ANG, "--timeout=2.5", "--output", "json"])).toEqual({
      kind: "check",
      command: "check-access-not-granted",
      output: "json",
      timeoutSeconds: 2.5,
      partition: "aws",
      policyType: "IDENTITY_POLICY",
      policyDocument: { kind: "stdin" },
      access: { kind: "inline", text: '[{"actions":["s3:DeleteBucket"]}]' },
    });
  });

  it("takes --partition on every check command, from AWS's list of partitions", () => {
    expect(parseArguments([...ANG, "--partition", "aws-cn"])).toMatchObject({ partition: "aws-cn" });
    for (const p of ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"]) {
      expect(
        parseArguments(["check-no-public-access", "--policy-document", "{}", "--resource-type", "AWS::S3::Bucket", "--partition", p]),
      ).toMatchObject({ partition: p });
    }
    expect(usage([...ANG, "--partition", "AWS"]).message).toBe(
      "invalid value `AWS` for `--partition`; expected one of `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`, `aws-iso-e`, `aws-iso-f`, `aws-eusc`",
    );
    expect(usage([...ANG, "--partition", "a"]).message).toMatch(/^invalid value `a` for `--partition`/);
    // validate-policy (another surface, AWS's ValidatePolicy) takes no partition; its questions use aws.
    expect(usage(["validate-policy", "--policy-document", "{}", "--policy-type", "IDENTITY_POLICY", "--partition", "aws"]).message).toBe(
      "unknown option `--partition`",
    );
  });

  it("help and version", () => {
    expect(parseArguments(["--help"])).toEqual({ kind: "help" });
    expect(parseArguments(["-h"])).toEqual({ kind: "help" });
    expect(parseArguments(["help", "check-no-new-access"])).toEqual({ kind: "help", command: "check-no-new-access" });
    expect(parseArguments(["--version"])).toEqual({ kind: "version" });
    expect(parseArguments(["check-no-new-access", "--help"])).toEqual({ kind: "help", command: "check-no-new-access" });
    // Help wins over anything else wrong on the line.
    expect(parseArguments(["check-access-not-granted", "--bogus", "-h"])).toEqual({ kind: "help", command: "check-access-not-granted" });
  });

  it("rejects a missing or unknown command", () => {
    expect(usage([]).message).toMatch(/missing command/);
    expect(usage(["check-no-privacy"]).message).toBe(
      "unknown command `check-no-privacy`; expected one of `check-no-new-access`, `check-access-not-granted`, `check-no-public-access`, `check-no-external-access`, `findings`, `validate-policy`",
    );
    expect(usage(["--output", "json"]).message).toMatch(/^expected a command before `--output`/);
    expect(usage(["--version", "x"]).message).toMatch(/unexpected argument `x`/);
  });

  it("rejects unknown flags, stray arguments, repeats and missing values", () => {
    expect(usage([...NNA, "--policy-typ", "X"]).message).toBe("unknown option `--policy-typ`");
    expect(usage([...NNA, "-x"]).message).toBe("unknown option `-x`");
    expect(usage([...NNA, "extra"]).message).toBe("unexpected argument `extra`");
    expect(usage([...NNA, "--policy-type", "IDENTITY_POLICY"]).message).toBe("option `--policy-type` is given more than once");
    expect(usage([...NNA, "--timeout"]).message).toBe("option `--timeout` needs a value");
    expect(usage(["check-no-new-access", "--new-policy-document", "--policy-type", "IDENTITY_POLICY"]).message).toBe(
      "option `--new-policy-document` needs a value",
    );
    // A flag of the other command is unknown here.
    expect(usage([...NNA, "--access", "[]"]).message).toBe("unknown option `--access`");
  });

  it("names every missing required flag", () => {
    expect(usage(["check-access-not-granted", "--policy-type", "IDENTITY_POLICY"]).message).toBe(
      "missing required options `--policy-document`, `--access`",
    );
    expect(usage(NNA.slice(0, 5)).message).toBe("missing required option `--policy-type`");
  });

  it("rejects bad values", () => {
    const at = (flag: string, value: string) => usage([...NNA.filter((_, i) => i < 5), "--policy-type", "IDENTITY_POLICY", flag, value]);
    expect(usage([...NNA.slice(0, 5), "--policy-type", "identity_policy"]).message).toBe(
      "invalid value `identity_policy` for `--policy-type`; expected `IDENTITY_POLICY` or `RESOURCE_POLICY`",
    );
    expect(at("--output", "yaml").message).toBe("invalid value `yaml` for `--output`; expected `text`, `json` or `sarif`");
    for (const t of ["0", "abc", "1e3", "Infinity", "", "-"]) {
      expect(at("--timeout", t).message).toMatch(/^invalid value `.*` for `--timeout`/);
    }
  });

  it("allows at most one document from standard input", () => {
    expect(
      usage(["check-no-new-access", "--existing-policy-document", "-", "--new-policy-document", "-", "--policy-type", "IDENTITY_POLICY"])
        .message,
    ).toBe("only one option can read standard input, but `--existing-policy-document` and `--new-policy-document` are both `-`");
  });
});

describe("docArg and wantsJson", () => {
  it("classifies documents as the AWS CLI does", () => {
    expect(docArg("-")).toEqual({ kind: "stdin" });
    expect(docArg("file://a/b.json")).toEqual({ kind: "file", path: "a/b.json" });
    expect(docArg("file:///abs.json")).toEqual({ kind: "file", path: "/abs.json" });
    expect(docArg('{"Version":"2012-10-17"}')).toEqual({ kind: "inline", text: '{"Version":"2012-10-17"}' });
  });

  it("finds --output json even on a line that fails to parse", () => {
    expect(wantsJson(["bogus", "--output", "json"])).toBe(true);
    expect(wantsJson(["--output=json", "--bogus"])).toBe(true);
    expect(wantsJson(["--output", "json", "--output", "text"])).toBe(false);
    expect(wantsJson(["--", "--output", "json"])).toBe(false);
  });
});
