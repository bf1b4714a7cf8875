// The golden-file comparison both extraction tests use: `expectGolden(rel, value)` compares the
// value, as indented JSON, with test/scan/golden/<rel with / and . as _>.json. The file is written
// when it is missing or when KEYAKI_UPDATE_GOLDEN=1 (after a deliberate change: review the diff).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";

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
