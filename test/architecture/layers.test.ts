// Layers point down only (docs/architecture.md): every relative import in src/ — static, re-export
// or dynamic, types included — goes from a layer to one that LAYERS lets it import, never up and
// never sideways to a sibling. The table is the one place the allowed graph is written.

import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../cli/built.js";

/**
 * Each layer (a directory of src/; "api" is src/index.ts) and the layers it may import, bottom
 * first. A layer may import itself; siblings (eval and encode, iam and solve, scan and server)
 * never list each other.
 */
const LAYERS: [layer: string, mayImport: string[]][] = [
  ["logic", []],
  ["diagnostics", []],
  ["iam", ["logic"]],
  ["solve", ["logic"]],
  ["policy", ["iam", "logic", "diagnostics"]],
  ["eval", ["policy", "iam", "logic", "diagnostics"]],
  ["encode", ["policy", "iam", "logic", "diagnostics"]],
  ["checks", ["eval", "encode", "solve", "policy", "iam", "logic", "diagnostics"]],
  ["validate", ["checks", "eval", "encode", "solve", "policy", "iam", "logic", "diagnostics"]],
  ["registry", ["validate", "checks", "eval", "encode", "solve", "policy", "iam", "logic", "diagnostics"]],
  ["api", ["registry", "validate", "checks", "eval", "encode", "solve", "policy", "iam", "logic", "diagnostics"]],
  ["report", ["api", "registry", "validate", "checks", "eval", "encode", "solve", "policy", "iam", "logic", "diagnostics"]],
  ["scan", ["report", "api", "registry", "validate", "checks", "eval", "encode", "solve", "policy", "iam", "logic", "diagnostics"]],
  ["server", ["report", "api", "registry", "validate", "checks", "eval", "encode", "solve", "policy", "iam", "logic", "diagnostics"]],
  [
    "cli",
    [
      "scan",
      "server",
      "report",
      "api",
      "registry",
      "validate",
      "checks",
      "eval",
      "encode",
      "solve",
      "policy",
      "iam",
      "logic",
      "diagnostics",
    ],
  ],
];

/**
 * Imports that break the table, each with the reason it stays. Every entry must still be needed
 * (the test fails on one that no import uses).
 */
const EXCEPTIONS: { from: string; to: string; why: string }[] = [
  // Whether a present "" may be read as absent is decided by evaluating the condition on [""] and
  // on [] with the concrete evaluator; the encoder must ask exactly the same predicate (else the
  // two would model EMPTY_STRING_AS_ABSENT in different places), and computing it without the
  // evaluator would be a second implementation of every operator.
  { from: "src/encode/condition.ts", to: "src/eval/condition.ts", why: "emptyStringMatters" },
  { from: "src/encode/key-types.ts", to: "src/eval/condition.ts", why: "emptyStringMatters" },
];

const SRC = join(ROOT, "src");

interface Import {
  /** Both relative to the repository root, e.g. src/eval/condition.ts. */
  from: string;
  to: string;
  line: number;
}

/** The relative imports of one file's text: `import … from`, `export … from`, `import "…"`, `import("…")`. */
function importsOf(file: string, text: string): Import[] {
  const out: Import[] = [];
  const add = (spec: string, index: number) => {
    if (!spec.startsWith(".")) return; // a package
    const target = relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.js$/, ".ts");
    out.push({ from: file, to: target, line: text.slice(0, index).split("\n").length });
  };
  // Static forms start a line (a comment line starts with // or *); their clause may span lines.
  for (const m of text.matchAll(/^[ \t]*(?:import|export)\b[^;'"`]*?\bfrom\s*(["'])([^"']+)\1/gm)) add(m[2], m.index);
  for (const m of text.matchAll(/^[ \t]*import\s*(["'])([^"']+)\1/gm)) add(m[2], m.index);
  for (const m of text.matchAll(/\bimport\(\s*(["'])([^"']+)\1\s*\)/g)) add(m[2], m.index);
  return out;
}

/** src/eval/condition.ts → "eval"; src/index.ts → "api"; outside src/ → undefined. */
function layerOf(path: string): string | undefined {
  const parts = path.split("/");
  if (parts[0] !== "src") return undefined;
  return parts.length === 2 ? "api" : parts[1];
}

/** The imports that go up or sideways, or to or from a layer the table does not know. */
function violations(imports: Import[], exceptions = EXCEPTIONS): Import[] {
  const allowed = new Map(LAYERS.map(([layer, may]) => [layer, new Set(may)]));
  return imports.filter((i) => {
    const a = layerOf(i.from);
    const b = layerOf(i.to);
    if (a === undefined || b === undefined) return true; // src/ imports nothing outside src/
    if (a === b) return false;
    if (exceptions.some((e) => e.from === i.from && e.to === i.to)) return false;
    return !allowed.get(a)?.has(b);
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|mjs|js)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

const allImports = sourceFiles(SRC).flatMap((p) => importsOf(relative(ROOT, p), readFileSync(p, "utf8")));

describe("layers", () => {
  it("the table points down: each layer imports only layers listed before it", () => {
    const seen = new Set<string>();
    for (const [layer, may] of LAYERS) {
      for (const m of may) expect(seen.has(m), `${layer} may import ${m}, which is not below it`).toBe(true);
      seen.add(layer);
    }
  });

  it("every directory of src/ is a layer of the table", () => {
    const dirs = readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    const known = new Set(LAYERS.map(([l]) => l));
    expect(dirs.filter((d) => !known.has(d))).toEqual([]);
  });

  it("every import in src/ points down the table", () => {
    // The scan sees the code's imports (a sanity floor, so a broken scan cannot pass vacuously).
    expect(allImports.length).toBeGreaterThan(500);
    expect(allImports).toContainEqual(expect.objectContaining({ from: "src/checks/query.ts", to: "src/solve/index.ts" }));
    const bad = violations(allImports).map((i) => `${i.from}:${i.line} imports ${i.to} (${layerOf(i.from)} → ${layerOf(i.to)})`);
    expect(bad).toEqual([]);
  });

  it("every exception is still needed", () => {
    const unused = EXCEPTIONS.filter((e) => !allImports.some((i) => i.from === e.from && i.to === e.to));
    expect(unused).toEqual([]);
  });

  it("the scan finds every form of import, and upward and sibling imports fail", () => {
    const text = [
      'import { a } from "../logic/ir.js";',
      "import {",
      "  b,",
      '} from "../encode/types.js";',
      'export { c } from "../eval/evaluate.js";',
      'import "../checks/run.js";',
      'type T = typeof import("../policy/parse.js");',
      '// import { d } from "../cli/main.js";',
    ].join("\n");
    const found = importsOf("src/iam/example.ts", text);
    expect(found.map((i) => [i.to, i.line])).toEqual([
      ["src/logic/ir.ts", 1],
      ["src/encode/types.ts", 2],
      ["src/eval/evaluate.ts", 5],
      ["src/checks/run.ts", 6],
      ["src/policy/parse.ts", 7],
    ]);
    expect(violations(found).map((i) => i.to)).toEqual([
      "src/encode/types.ts",
      "src/eval/evaluate.ts",
      "src/checks/run.ts",
      "src/policy/parse.ts",
    ]);
    // Siblings: encode and eval see each other's modules only through an exception.
    const sideways = importsOf("src/encode/principal.ts", 'import { x } from "../eval/principal.js";');
    expect(violations(sideways)).toHaveLength(1);
    expect(violations(sideways, [{ from: "src/encode/principal.ts", to: "src/eval/principal.ts", why: "test" }])).toHaveLength(0);
  });
});
