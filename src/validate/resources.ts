// Resource ARN checks, on every Resource / NotResource entry of the tolerant view.
//   INVALID_ARN_PREFIX        an entry that is neither `*` nor starts with `arn:`
//   INVALID_PARTITION         a literal partition AWS does not have
//   INVALID_ARN_SERVICE_CASE  a service component with upper-case letters
//   WILDCARD_IN_SERVICE_NAME  a wildcard in the service component (AWS's page shows `arn:aws:*code*::…`)
//   INVALID_ARN_REGION        a literal region that is not a Region code
//   INVALID_ARN_ACCOUNT       a literal account that is not 12 digits (nor `aws`, AWS's own
//                             account in managed-policy ARNs)
//   ARN_REGION_NOT_ALLOWED / ARN_ACCOUNT_NOT_ALLOWED / MISSING_ARN_REGION
//                             by the ARN formats of the service's resource types (arn-formats.ts):
//                             a region (account) where every format has none, or none where every
//                             format has one
// INVALID_ARN_RESOURCE is not checked: the formats of the Service Authorization Reference miss
// real ARNs (on the managed-policy corpus it flagged 70 entries AWS itself writes, such as
// `arn:aws:cloudformation:*:aws:transform/*` and API Gateway's `/v2/apis/*` paths).
//   REDUNDANT_RESOURCE        a Resource entry every ARN of which another entry of the statement
//                             matches too, compared as the engine matches them (iam/arn.ts)
// Short ARNs are the parser's MISSING_ARN_FIELD. Contract: reports only; catalogue checks are
// skipped for services without formats.

import { resourceMatcher } from "../iam/arn.js";
import { scanGlob, splitComponents, type GlobToken } from "../iam/glob.js";
import { patternWithin, type Pattern } from "../logic/pattern.js";
import { show } from "../policy/messages.js";
import { arnFormats } from "./arn-formats.js";
import { REGION } from "./conditions.js";
import type { ValidateContext } from "./context.js";
import type { Item } from "./view.js";

const PARTITIONS = new Set(["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"]);

const literalOf = (c: GlobToken[]): string | undefined =>
  c.every((t) => t.t === "lit") ? c.map((t) => (t as { s: string }).s).join("") : undefined;

function arnChecks(ctx: ValidateContext, item: Item, variables: boolean): void {
  const v = item.value;
  if (v === "*") return;
  if (!v.startsWith("arn:")) {
    if (!v.startsWith("${"))
      ctx.report("INVALID_ARN_PREFIX", `resource ${show(v)} is neither \`*\` nor an ARN starting with \`arn:\``, [item.pointer]);
    return;
  }
  const comps = splitComponents(scanGlob(v, variables), 5);
  if (comps.length < 6) return; // MISSING_ARN_FIELD (parser)
  const [, partition, service, region, account] = comps.map(literalOf);
  const at = [item.pointer];
  if (partition !== undefined && !PARTITIONS.has(partition))
    ctx.report(
      "INVALID_PARTITION",
      `partition ${show(partition)} of ${show(v)} is not an AWS partition (${[...PARTITIONS].join(", ")})`,
      at,
    );
  if (service === undefined) {
    if (comps[2].some((t) => t.t === "star" || t.t === "char"))
      ctx.report("WILDCARD_IN_SERVICE_NAME", `the service of ${show(v)} has a wildcard, which may match services you did not mean`, at);
    return;
  }
  if (service !== service.toLowerCase()) {
    ctx.report("INVALID_ARN_SERVICE_CASE", `service ${show(service)} of ${show(v)} must be lower-case`, at);
    return;
  }
  if (region !== undefined && region !== "" && !REGION.test(region))
    ctx.report("INVALID_ARN_REGION", `region ${show(region)} of ${show(v)} is not a Region code such as \`us-east-1\``, at);
  if (account !== undefined && account !== "" && account !== "aws" && !/^\d{12}$/.test(account)) {
    ctx.report("INVALID_ARN_ACCOUNT", `account ${show(account)} of ${show(v)} is not a 12-digit account id`, at);
  }
  const formats = arnFormats(service);
  if (formats.length === 0) return;
  if (region !== undefined && region !== "" && formats.every((f) => f.region === "")) {
    ctx.report("ARN_REGION_NOT_ALLOWED", `service ${show(service)} has no Region in its ARNs, but ${show(v)} names ${show(region)}`, at);
  } else if (region === "" && formats.every((f) => f.region !== "")) {
    ctx.report("MISSING_ARN_REGION", `every ARN of service ${show(service)} names a Region, but ${show(v)} has none`, at);
  }
  if (account !== undefined && account !== "" && formats.every((f) => f.account === "")) {
    ctx.report("ARN_ACCOUNT_NOT_ALLOWED", `service ${show(service)} has no account in its ARNs, but ${show(v)} names ${show(account)}`, at);
  }
}

/** The engine's patterns for an entry, when it reads it exactly and without variables. */
function patternsOf(value: string, variables: boolean): Pattern[] | undefined {
  const m = resourceMatcher(value, variables);
  if (m.kind !== "exact" || m.patterns.some((p) => "guards" in p || p.tokens.some((t) => t.t === "var"))) return undefined;
  return m.patterns as Pattern[];
}

function redundant(ctx: ValidateContext, items: Item[], effect: string | undefined, variables: boolean): void {
  const verb = effect === "Deny" ? "denied" : "allowed";
  const first = new Map<string, number>();
  const wild: Array<{ i: number; ps: Pattern[] }> = [];
  items.forEach((item, i) => {
    if (!first.has(item.value)) first.set(item.value, i);
    if (/[*?]/.test(item.value)) {
      const ps = patternsOf(item.value, variables);
      if (ps) wild.push({ i, ps });
    }
  });
  items.forEach((item, i) => {
    let j = first.get(item.value)! < i ? first.get(item.value)! : -1;
    if (j < 0) {
      const mine = patternsOf(item.value, variables);
      if (!mine || mine.length === 0) return;
      const cover = wild.find((w) => items[w.i].value !== item.value && mine.every((p) => w.ps.some((q) => patternWithin(p, q))));
      j = cover?.i ?? -1;
    }
    if (j >= 0)
      ctx.report(
        "REDUNDANT_RESOURCE",
        `every resource ${show(item.value)} matches is already ${verb} by ${show(items[j].value)} in the same statement`,
        [item.pointer, items[j].pointer],
      );
  });
}

export function resourceChecks(ctx: ValidateContext): void {
  const variables = ctx.view.version === "2012-10-17";
  for (const s of ctx.view.statements) {
    if (!s.resource) continue;
    for (const item of s.resource.items) arnChecks(ctx, item, variables);
    if (!s.resource.negated) redundant(ctx, s.resource.items, s.effect, variables);
  }
}
