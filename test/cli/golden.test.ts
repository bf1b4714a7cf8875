// Golden CLI runs: the built command on the repros that once answered wrongly, with their exact
// output and exit code (test/cli/golden/NAME.txt holds the expected standard output).
// KEYAKI_UPDATE_GOLDEN=1 rewrites the files; review the diff before committing it.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { ensureBuilt, keyaki } from "./built.js";

beforeAll(() => ensureBuilt(), 300_000);

const doc = (statement: string) => `{"Version":"2012-10-17","Statement":[${statement}]}`;

const CASES: Array<{ name: string; args: string[]; exit: number }> = [
  {
    // Issue 10: StringEqualsIgnoreCase "blue" allows s3:prefix "BLUE"; the solver front once split
    // the variable into the lower-cased case only and answered PASS.
    name: "ignore-case-grants-new-access",
    args: [
      "check-no-new-access",
      "--policy-type",
      "IDENTITY_POLICY",
      "--existing-policy-document",
      doc('{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"StringEquals":{"s3:prefix":"blue"}}}'),
      "--new-policy-document",
      doc('{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"StringEqualsIgnoreCase":{"s3:prefix":"blue"}}}'),
    ],
    exit: 2,
  },
];

for (const c of CASES) {
  it(`golden: ${c.name}`, () => {
    const r = keyaki(c.args);
    const file = join(import.meta.dirname, "golden", `${c.name}.txt`);
    if (process.env.KEYAKI_UPDATE_GOLDEN) writeFileSync(file, r.stdout);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(c.exit);
    expect(r.stdout).toBe(readFileSync(file, "utf8"));
  });
}
