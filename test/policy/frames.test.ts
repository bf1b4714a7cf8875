// Golden rendered diagnostics: each test/policy/frames/<name>.<identity|resource>.json is parsed and
// every diagnostic rendered with its code frame; the result must equal <name>.txt byte for byte.
// Regenerate with UPDATE_GOLDEN=1 (then review the diff: it is the user-facing output).

import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderCodeFrame, tokenLength } from "../../src/diagnostics/codeframe.js";
import { parsePolicy } from "../../src/policy/parse.js";

const DIR = join(import.meta.dirname, "frames");

function render(name: string, text: string, type: "IDENTITY_POLICY" | "RESOURCE_POLICY"): string {
  const r = parsePolicy(text, type);
  const blocks = r.diagnostics.map(
    (d) =>
      `${name}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.path}\n${d.message}\n${renderCodeFrame(text, { ...d, length: tokenLength(text, d.offset) })}`,
  );
  blocks.push(r.policy ? `policy: ${r.policy.statements.length} statement(s)` : "policy: none");
  return blocks.join("\n\n") + "\n";
}

describe("golden code frames", () => {
  const inputs = readdirSync(DIR)
    .filter((f) => f.endsWith(".json"))
    .sort();
  it("has cases", () => expect(inputs.length).toBeGreaterThan(0));
  for (const file of inputs) {
    it(file, () => {
      const [name, kind] = file.split(".");
      const actual = render(file, readFileSync(join(DIR, file), "utf8"), kind === "resource" ? "RESOURCE_POLICY" : "IDENTITY_POLICY");
      const golden = join(DIR, `${name}.txt`);
      if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, actual);
      expect(actual).toBe(readFileSync(golden, "utf8"));
    });
  }
});
