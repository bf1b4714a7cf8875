// The golden files both extraction tests use: `expectGolden(rel, value)` compares the value, as
// indented JSON, with test/scan/golden/<rel with / and . as _>.json (written when it is missing or
// when KEYAKI_UPDATE_GOLDEN=1, after a deliberate change: review the diff); `policySummary` is
// what a golden records of one extracted policy (`across: true` adds the files, for policies read
// through another template).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { ExtractedPolicy } from "../../src/scan/types.js";
import { fillHoles } from "../../src/scan/value.js";

const GOLDEN = join(import.meta.dirname, "golden");

export function expectGolden(rel: string, value: unknown): void {
  const file = join(GOLDEN, rel.replace(/[/.]/g, "_") + ".json");
  const actual = JSON.stringify(value, null, 2) + "\n";
  if (process.env.KEYAKI_UPDATE_GOLDEN === "1" || !existsSync(file)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, "utf8"));
}

export function policySummary(p: ExtractedPolicy, across = false) {
  return {
    ...(across ? { file: p.file } : {}),
    name: p.name,
    kind: p.kind,
    policyType: p.policyType,
    resourceType: p.resourceType,
    pointer: p.pointer,
    at: `${p.line}:${p.column}`,
    unresolved: p.unresolved.map((h) =>
      across ? `${h.id} ${h.file}@${h.line}:${h.column} ${h.pointer} (${h.reason})` : `${h.id} @${h.line}:${h.column} (${h.reason})`,
    ),
    variants: p.variants && `${p.variants.length} over ${[...new Set(p.variants.flatMap((v) => Object.keys(v.assignment)))].join(", ")}`,
    // holes shown as ${?id}; managed policies' documents cut short
    document: JSON.stringify(fillHoles(p.document, (h) => `\${?${h.id}}`)).slice(0, p.kind === "managed" ? 120 : undefined),
  };
}
