// The built command's check-no-public-access, check-no-external-access and findings on the seed
// examples: exit codes, AWS's wording, JSON shapes, located errors for the zone of trust.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { close } from "../../src/index.js";
import { ensureBuilt, keyaki } from "./built.js";

beforeAll(ensureBuilt, 120_000);
afterAll(() => close());

const S3 = ["--resource-type", "AWS::S3::Bucket"];
const doc = (name: string) => ["--policy-document", `file://examples/${name}`];
const ZONE = ["--trusted-accounts", "123456789012"];

describe("keyaki check-no-public-access / check-no-external-access / findings", () => {
  it("check-no-public-access: policy 1 FAIL (exit 2), policy 2 PASS (exit 0)", () => {
    const fail = keyaki(["check-no-public-access", ...doc("public-bucket.json"), ...S3, "--output", "json"]);
    expect(fail.code).toBe(2);
    const out = JSON.parse(fail.stdout);
    expect(out.message).toBe("The resource policy grants public access for the given resource type.");
    expect(out.reasons[0].description).toBe("Public access granted in the following statement with index: 0.");
    expect(keyaki(["check-no-public-access", ...doc("public-bucket-deny-outside.json"), ...S3]).code).toBe(0);
  });
  it("check-no-external-access: policy 1 FAIL with an outside principal, policy 2 PASS", () => {
    const fail = keyaki(["check-no-external-access", ...doc("public-bucket.json"), ...S3, ...ZONE]);
    expect(fail.code).toBe(2);
    expect(fail.stdout).toMatch(/principal: (anonymous|AWS arn:aws:iam::(?!123456789012)\d{12}:)/);
    expect(keyaki(["check-no-external-access", ...doc("public-bucket-deny-outside.json"), ...S3, ...ZONE]).code).toBe(0);
  });
  it("findings: {findings: [...]}, exit 2 with findings and 0 without", () => {
    const some = keyaki(["findings", ...doc("public-bucket.json"), ...S3, ...ZONE, "--output", "json"]);
    expect(some.code).toBe(2);
    expect(Object.keys(JSON.parse(some.stdout))).toEqual(["findings"]);
    expect(JSON.parse(some.stdout).findings[0]).toMatchObject({ principal: { AWS: "*" }, isPublic: true });
    const none = keyaki(["findings", ...doc("public-bucket-deny-outside.json"), ...S3, ...ZONE, "--output", "json"]);
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout).findings).toEqual([]);
  });
  it("a malformed trusted account is located in the flag's text", () => {
    const r = keyaki(["check-no-external-access", ...doc("public-bucket.json"), ...S3, "--trusted-accounts", "123456789012,12345"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^<trusted-accounts>:1:14: error INVALID_ACCOUNT_ID: `12345` is not a 12-digit account id/);
    const org = keyaki(["findings", ...doc("public-bucket.json"), ...S3, ...ZONE, "--trusted-organizations", "o-BAD", "--output", "json"]);
    expect(org.code).toBe(1);
    expect(JSON.parse(org.stdout).error.code).toBe("INVALID_ORGANIZATION_ID");
  });
  it("usage: missing --trusted-accounts and an unknown resource type are errors", () => {
    expect(keyaki(["check-no-external-access", ...doc("public-bucket.json"), ...S3]).stderr).toMatch(
      /missing required option `--trusted-accounts`/,
    );
    const r = keyaki(["check-no-public-access", ...doc("public-bucket.json"), "--resource-type", "AWS::S3::Nope"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/INVALID_RESOURCE_TYPE/);
    expect(keyaki(["check-no-public-access", "--help"]).stdout).toMatch(/^Usage: keyaki check-no-public-access/);
  });
});
