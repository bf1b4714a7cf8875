// What every SARIF log keyaki writes must satisfy, for the tests of each command's SARIF
// (test/report/sarif.test.ts) and the scanner's (test/scan/scan-sarif.test.ts): GitHub code
// scanning's requirements of an upload and SARIF 2.1.0's own rules that a schema would check
// (see test/report/sarif.test.ts's header for the sources).

import type * as Sarif from "sarif";
import { expect } from "vitest";

const LEVELS = new Set(["error", "warning", "note"]);

/**
 * Throws unless `log` is a SARIF 2.1.0 log GitHub code scanning accepts and every region lies in
 * its artifact's text: `textOf(uri)` gives a file artifact's text (decoded URI); an artifact
 * without a URI carries its own `contents`.
 */
export function validateSarif(log: Sarif.Log, textOf: (uri: string) => string | undefined): void {
  expect(log.version).toBe("2.1.0");
  expect(log.$schema).toMatch(/sarif-2\.1\.0/);
  expect(log.runs).toHaveLength(1);
  const run = log.runs[0];
  expect(run.tool.driver.name).toBe("keyaki");
  expect(run.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
  const rules = run.tool.driver.rules ?? [];
  const ids = rules.map((r) => r.id);
  expect(new Set(ids).size, "rule ids are unique").toBe(ids.length);
  for (const r of rules) {
    expect(r.id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(r.shortDescription?.text.length).toBeGreaterThan(0);
    expect(r.help?.text.length, `help of ${r.id}`).toBeGreaterThan(20);
  }
  expect(run.invocations?.length).toBe(1);
  expect(typeof run.invocations![0].executionSuccessful).toBe("boolean");
  for (const res of run.results ?? []) {
    expect(res.ruleId).toBeDefined();
    expect(ids).toContain(res.ruleId);
    if (res.ruleIndex !== undefined) expect(rules[res.ruleIndex].id).toBe(res.ruleId);
    expect(LEVELS.has(res.level!), `level ${res.level}`).toBe(true);
    expect(res.kind === undefined || res.kind === "fail").toBe(true); // a level other than none needs kind fail
    expect(res.message.text!.length).toBeGreaterThan(0);
    expect(res.locations!.length).toBeGreaterThanOrEqual(1);
    expect(res.locations!.length).toBeLessThanOrEqual(10);
    for (const loc of res.locations!) {
      const p = loc.physicalLocation!;
      const art = p.artifactLocation!;
      expect(art.index).toBeGreaterThanOrEqual(0);
      const artifact = run.artifacts![art.index!];
      expect(artifact, "artifact index").toBeDefined();
      const r = p.region!;
      expect(r.startLine).toBeGreaterThanOrEqual(1);
      expect(r.startColumn).toBeGreaterThanOrEqual(1);
      expect(r.endLine).toBeGreaterThanOrEqual(r.startLine!);
      if (r.endLine === r.startLine) expect(r.endColumn).toBeGreaterThan(r.startColumn!);
      if (art.uri !== undefined) expect(artifact.location?.uri, "the artifact named by index has the result's URI").toBe(art.uri);
      const text = art.uri !== undefined ? textOf(decodeURIComponent(art.uri)) : artifact.contents?.text;
      expect(text, `the text of ${art.uri ?? `artifact ${art.index}`}`).toBeDefined();
      expect(r.charOffset! + r.charLength!).toBeLessThanOrEqual(text!.length);
      // startLine/startColumn and charOffset name the same character.
      const lines = text!.split("\n");
      const offsetOfStart = lines.slice(0, r.startLine! - 1).reduce((n, l) => n + l.length + 1, 0) + r.startColumn! - 1;
      expect(offsetOfStart).toBe(r.charOffset);
      if (art.uri !== undefined) expect(art.uri).not.toMatch(/^[a-z]+:/); // a relative URI GitHub resolves against the checkout
    }
  }
}
