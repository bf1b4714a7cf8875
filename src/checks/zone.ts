// Who is "outside": the requests a public-access or external-access check asks about, written as
// a synthetic all-Deny policy whose statements apply exactly to the requests that are *not*
// outside. Building it from policy statements means the encoder and the concrete evaluator both
// read it, so the solver's query and the counterexample replay share one meaning, whatever the
// representation of principals and principal keys (src/iam/principal.ts, src/encode) is.
// Contract:
//  - publicRestriction(policy, type, keyTypes): a statement applies iff the request's principal
//    is one the policy names with a fixed value (or of an account some policy constant names), or
//    a restricting key (public-rules.ts) holds a fixed value of the policy — so a request to which
//    none applies comes from an arbitrary outsider under no restricting condition.
//  - trustZone(policy, keyTypes, accounts, orgs): a statement applies iff the request is inside
//    the zone of trust: a principal of a trusted account, a principal whose aws:PrincipalOrgID
//    (or org path) is trusted, or a service acting for a trusted account or organisation
//    (aws:SourceAccount, aws:SourceOrgID, aws:SourceArn, aws:SourceOwner).
//  Statements about a condition key are emitted only when the policy uses that key with the
//  key's own family: a key the policy never reads does not change what it allows, so leaving it
//  absent loses no violating request.

import { hasVariable, scanGlob } from "../iam/glob.js";
import { normaliseKey, type KeyTypes } from "../iam/key-types.js";
import { OPERATORS } from "../iam/operators.js";
import type { BaseOperator, Condition, Loc, Policy, PrincipalValue, Statement } from "../iam/ast.js";
import { FEDERATION_KEYS, GENERAL_KEYS, PUBLIC_IDENTITY_PROVIDERS, PUBLIC_RULES, restrictingCidr } from "./public-rules.js";

const NOWHERE: Loc = { line: 1, column: 1, offset: 0, length: 0, path: "" };
const ACCOUNT = /\b\d{12}\b/g;

function located(value: string) {
  return { value, loc: NOWHERE };
}

/** A statement made here, not parsed: every location is NOWHERE. */
export function syntheticStatement(
  index: number,
  effect: "Allow" | "Deny",
  principal: PrincipalValue[],
  conditions: Condition[] = [],
  actions: string[] = ["*"],
  resources: string[] = ["*"],
): Statement {
  return {
    index,
    effect,
    principal: { negated: false, values: principal, loc: NOWHERE },
    action: { negated: false, patterns: actions.map(located), loc: NOWHERE },
    resource: { negated: false, patterns: resources.map(located), loc: NOWHERE },
    conditions,
    loc: NOWHERE,
  };
}

export function syntheticPolicy(statements: Statement[], version: string | undefined = "2012-10-17"): Policy {
  return { version, statements, text: "", type: "RESOURCE_POLICY" };
}

export const ANY_PRINCIPAL: PrincipalValue = { type: "*", loc: NOWHERE };

function deny(index: number, principal: PrincipalValue[], conditions: Condition[] = []): Statement {
  return syntheticStatement(index, "Deny", principal, conditions);
}

export function condition(base: BaseOperator, key: string, values: string[]): Condition {
  return { operator: base, base, ifExists: false, key, values: values.map(located), loc: NOWHERE };
}

/** Builds the synthetic policy statement by statement. */
class Builder {
  readonly statements: Statement[] = [];
  constructor(private readonly keyTypes: KeyTypes) {}

  principals(values: PrincipalValue[]): void {
    if (values.length > 0) this.statements.push(deny(this.statements.length, values));
  }

  /** A statement `Principal *, Condition {base: {key: values}}`, if the policy reads `key` as `family`. */
  when(base: BaseOperator, key: string, values: string[]): void {
    const family = OPERATORS[base].family === "ip" ? "ip" : "string";
    if (values.length === 0 || this.keyTypes.get(normaliseKey(key)) !== family) return;
    // A multi-valued key is asked "does some value …" (a plain operator on it is not modelled).
    const multi = (this.keyTypes as { sets?: Map<string, unknown> }).sets?.has(normaliseKey(key)) ?? false;
    const c = condition(base, key, [...new Set(values)]);
    if (multi) Object.assign(c, { operator: `ForAnyValue:${base}`, qualifier: "ForAnyValue" });
    this.statements.push(deny(this.statements.length, [{ type: "*", loc: NOWHERE }], [c]));
  }

  policy(): Policy {
    return syntheticPolicy(this.statements);
  }
}

const aws = (value: string): PrincipalValue => ({ type: "AWS", value, loc: NOWHERE });

/** ARN patterns of every principal ARN in account `a` (IAM users and roles, STS sessions). */
function principalArnsOf(accounts: Iterable<string>): string[] {
  return [...accounts].flatMap((a) => [`arn:*:iam::${a}:*`, `arn:*:sts::${a}:*`]);
}

function allConditions(policy: Policy): Condition[] {
  return policy.statements.flatMap((s) => s.conditions);
}

/** An OIDC provider ARN's host (`arn:aws:iam::A:oidc-provider/HOST/...` → HOST), if it is one. */
function oidcHost(value: string): string | undefined {
  const m = /^arn:[^:]+:iam::\d{12}:oidc-provider\/([^/]+)/.exec(value);
  return m?.[1];
}

function publicProvider(value: string): boolean {
  return PUBLIC_IDENTITY_PROVIDERS.some((p) => p.value === value) || oidcHost(value) !== undefined;
}

/** Is a condition value a fixed value (no wildcard where the operator globs, no variable)? */
function fixedValue(c: Condition, value: string, variables: boolean): boolean {
  const tokens = scanGlob(value, variables);
  if (hasVariable(tokens)) return false;
  const globs = ["like", "arn"].includes(OPERATORS[c.base].match);
  return !globs || tokens.every((t) => t.t === "lit");
}

export function restrictingKeys(resourceType: string, policy: Policy): Set<string> {
  const keys = new Set([...GENERAL_KEYS, ...FEDERATION_KEYS, ...PUBLIC_RULES[resourceType].extraKeys].map((k) => k.value));
  // An OIDC provider is restricted by its subject claim (`HOST:sub`), the only claim naming who.
  for (const s of policy.statements)
    for (const v of s.principal?.values ?? []) {
      const host = v.type === "Federated" ? oidcHost(v.value) : undefined;
      if (host) keys.add(normaliseKey(`${host}:sub`));
    }
  return keys;
}

export function publicRestriction(policy: Policy, resourceType: string, keyTypes: KeyTypes): Policy {
  const variables = policy.version === "2012-10-17";
  const keys = restrictingKeys(resourceType, policy);
  const rules = PUBLIC_RULES[resourceType];
  const b = new Builder(keyTypes);

  // Principals named with a fixed value; `*`, partial wildcards and public identity providers
  // restrict nothing.
  const fixed: PrincipalValue[] = [];
  const named = new Set<string>();
  for (const s of policy.statements)
    for (const v of s.principal?.values ?? []) {
      if (v.type === "*" || /[*?]/.test(v.value)) continue;
      if (v.type === "Federated" && publicProvider(v.value)) continue;
      fixed.push(v);
      if (v.type === "AWS") for (const a of v.value.match(ACCOUNT) ?? []) named.add(a);
    }
  b.principals(fixed);

  const strings = new Map<string, string[]>();
  const likes = new Map<string, string[]>();
  const arnLikes = new Map<string, string[]>();
  const cidrs: string[] = [];
  const push = (m: Map<string, string[]>, k: string, v: string) => (m.get(k) ?? m.set(k, []).get(k)!).push(v);
  for (const c of allConditions(policy)) {
    const k = normaliseKey(c.key);
    if (!keys.has(k) || c.qualifier) continue;
    const family = OPERATORS[c.base].family;
    for (const { value } of c.values) {
      for (const a of value.match(ACCOUNT) ?? []) named.add(a);
      if (family === "ip") {
        if (restrictingCidr(value)) cidrs.push(value);
        continue;
      }
      if (family !== "string" && family !== "arn") continue;
      if (fixedValue(c, value, variables)) push(strings, k, value);
      else if (k === "aws:userid" && /^[^*?$]+:\*$/.test(value))
        push(likes, k, value); // AROLEID:*
      else if (k === "aws:principalorgpaths" && /^o-[a-z0-9]+\//.test(value)) push(likes, k, `${value.split("/")[0]}/*`);
      else if (k === "s3:dataaccesspointarn" && rules.accessPointArnAccountPinned?.value) {
        const account = value.split(":")[4];
        if (account !== undefined && /^\d{12}$/.test(account)) push(arnLikes, k, `arn:*:s3:*:${account}:*`);
      }
    }
  }
  b.principals([...named].sort().map(aws));
  for (const [k, vs] of strings) b.when("StringEqualsIgnoreCase", k, vs);
  for (const [k, vs] of likes) b.when("StringLike", k, vs);
  for (const [k, vs] of arnLikes) b.when("ArnLike", k, vs);
  b.when("IpAddress", "aws:sourceip", cidrs);
  // An outsider's own account is one no constant names, whatever its principal keys say.
  const accounts = [...named].sort();
  b.when("StringEquals", "aws:principalaccount", accounts);
  b.when("ArnLike", "aws:principalarn", principalArnsOf(accounts));
  return b.policy();
}

export function trustZone(keyTypes: KeyTypes, accounts: readonly string[], orgs: readonly string[]): Policy {
  const b = new Builder(keyTypes);
  b.principals(accounts.map(aws));
  b.when("StringEquals", "aws:principalaccount", [...accounts]);
  b.when("ArnLike", "aws:principalarn", principalArnsOf(accounts));
  b.when("StringEquals", "aws:principalorgid", [...orgs]);
  b.when(
    "StringLike",
    "aws:principalorgpaths",
    orgs.map((o) => `${o}/*`),
  );
  // A service acting on behalf of a trusted account or organisation (confused-deputy keys).
  b.when("StringEquals", "aws:sourceaccount", [...accounts]);
  b.when("StringEquals", "aws:sourceowner", [...accounts]);
  b.when(
    "ArnLike",
    "aws:sourcearn",
    accounts.map((a) => `arn:*:*:*:${a}:*`),
  );
  b.when("StringEquals", "aws:sourceorgid", [...orgs]);
  b.when("StringEquals", "kms:calleraccount", [...accounts]);
  return b.policy();
}
