// fast-check generators for the differential and round-trip tests: random policy ASTs (both
// policy types, every element and operator family, Not-elements, ambiguity-triggering patterns)
// and random requests. Policy variables (§5) appear in Resource and in String, Arn and Bool
// values, with and without defaults; the keys they read (aws:username, aws:PrincipalTag/team,
// aws:PrincipalArn, s3:prefix, …) are string keys of the query. Some String conditions target
// Bool keys with Boolean-like texts (the modelled type mismatch of docs/semantics.md, "Key
// families"); any other family lands on another family's key at times.
// Requests are mostly derived from the policy (see "Requests" below), so that statements apply
// and their conditions decide the verdict: the differential test compares statements, so a
// condition is only tested where the rest of its statement applies (test/encode/coverage.ts
// counts where that happened, per operator and form).

import fc from "fast-check";
import type { ContextValue, Request, RequestPrincipal } from "../../src/iam/request.js";
import type { KeyFamily, KeyTypes } from "../../src/iam/key-types.js";
import { OPERATORS, type OperatorFamily } from "../../src/iam/operators.js";
import { scanGlob } from "../../src/iam/glob.js";
import {
  canonicalBase64,
  formatDate,
  formatIp,
  IP_MAX,
  IPV6_BASE,
  parseBool,
  parseCidr,
  parseDate,
  parseIp,
  parseNumber,
} from "../../src/iam/values.js";
import { addRational, rationalToDecimal, type Rational } from "../../src/logic/rational.js";
import {
  variablesEnabled,
  type BaseOperator,
  type Condition,
  type Policy,
  type PolicyType,
  type PrincipalValue,
  type Statement,
} from "../../src/iam/ast.js";
import { cond, policy, type PrincipalSpec, type StatementSpec } from "../eval/ast-helpers.js";

const A = "111122223333";

export const POLICY_ACTIONS = [
  "*",
  "s3:GetObject",
  "s3:Get*",
  "s3:*",
  "s3:get?bject",
  "S3:GETOBJECT",
  "ec2:*",
  "s3*:Get*",
  "*:GetObject",
  "s?:Put*",
  "s3:GetObject ",
  "s3:GetObject,s3:PutObject",
  "s3:",
  "iam:PassRole",
  "iam:*",
];
export const REQUEST_ACTIONS = [
  "s3:GetObject",
  "s3:PutObject",
  "S3:getobject",
  "ec2:RunInstances",
  "iam:PassRole",
  "s3express:GetObject",
  "s3*:GetObject",
  "sx:PutObject",
  "IAM:passrole",
];
export const POLICY_RESOURCES = [
  "*",
  "arn:aws:s3:::b/*",
  "arn:aws:s3:::b",
  "arn:aws:s3:::*",
  "arn:aws:ec2:*:*:instance/*",
  "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
  "arn:aws:iam::*",
  "arn:aws:waf:*",
  "arn:aws:s3:::${aws:username}/*",
  "arn:aws:s3:::b/${aws:username}",
  "arn:aws:s3:::b/${*}",
  "arn:aws:*:*:*:*",
  "arn:*:s3:::b/?",
  "b/*",
  "arn:aws:iam::111122223333:user/*",
  "arn:aws:s3:::b/${aws:user*}",
  "arn:aws:ec2:us-*:*:instance/i-?",
  "arn:aws:s3:::b/${aws:username, 'x'}/*",
  "arn:aws:s3:::${aws:PrincipalTag/team}/${aws:username}",
  "arn:aws:s3:${aws:username}::b",
  "arn:aws:s3:::b/${aws:TagKeys}",
  "arn:aws:iam::111122223333:u*",
  "arn:aws:ec2:*:*:instance*",
];
export const REQUEST_RESOURCES = [
  "*",
  "arn:aws:s3:::b/x",
  "arn:aws:s3:::b",
  "arn:aws:s3:::b/x:y",
  "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
  "arn:aws:ec2:us-east-1:a:b:instance/i-1",
  "arn:aws:iam::111122223333:user/alice",
  "arn:aws:waf::1:x",
  "arn:aws:s3:::alice/x",
  "arn:aws:s3:::b/*",
  "arn:aws:s3:::b/${aws:username}",
  "b/c",
  "arn:aws:iam::1:2:3",
  "arn:aws:ec2:us-west-2:x:y:instance/i-2",
  "arn:aws:s3:::b/alice/k",
  "arn:aws:s3:::a/alice",
  "arn:aws:s3:::b/x/y",
  "arn:aws:iam::111122223333:u*",
  "arn:aws:ec2:us-east-1:111122223333:instance*",
];
const POLICY_PRINCIPALS: PrincipalSpec[] = [
  "*",
  { AWS: "*" },
  { AWS: A },
  { AWS: `arn:aws:iam::${A}:root` },
  { AWS: `arn:aws:iam::${A}:user/alice` },
  { AWS: `arn:aws:iam::${A}:role/path/R` },
  { AWS: `arn:aws:sts::${A}:assumed-role/R/s1` },
  { AWS: "AROAEXAMPLEID" },
  { AWS: `arn:aws:iam::${A}:user/a*` },
  { AWS: "arn:aws:iam::*:root" },
  { Service: "s3.amazonaws.com" },
  { Federated: "accounts.google.com" },
  { CanonicalUser: "abc" },
  { AWS: [A, "arn:aws:iam::444455556666:root"] },
  { AWS: `arn:aws:iam::${A}:role/R` },
  { AWS: `arn:aws:sts::${A}:federated-user/bob` },
  { AWS: `arn:aws:sts::${A}:assumed-role/R/*` },
  { AWS: "arn:aws:iam::444455556666:user/alice" },
  { AWS: [`arn:aws:iam::${A}:role/path/R`, `arn:aws:sts::${A}:assumed-role/R/s1`] },
  { AWS: `arn:aws-cn:iam::${A}:root` },
  // SAML and OIDC providers, and Cognito (§1.6)
  { Federated: `arn:aws:iam::${A}:saml-provider/Okta` },
  { Federated: "cognito-identity.amazonaws.com" },
  { Federated: [`arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`, "accounts.google.com"] },
];
/** Request principals: one of every kind (a role session's role path comes from the context). */
export const REQUEST_PRINCIPALS: RequestPrincipal[] = [
  "anonymous",
  { AWS: `arn:aws:iam::${A}:user/alice` },
  { AWS: `arn:aws:iam::${A}:root` },
  { AWS: `arn:aws:sts::${A}:assumed-role/R/s1` },
  { AWS: `arn:aws:sts::${A}:assumed-role/R/s2` },
  { AWS: "arn:aws:iam::444455556666:user/alice" },
  { AWS: `arn:aws:iam::${A}:user/a*` },
  { Service: "s3.amazonaws.com" },
  { Federated: "accounts.google.com" },
  { CanonicalUser: "abc" },
  { AWS: `arn:aws:sts::${A}:federated-user/bob` },
  { AWS: `arn:aws:iam::${A}:user/path/alice` },
  { AWS: `arn:aws-cn:iam::${A}:user/alice` },
  { AWS: "arn:aws:sts::444455556666:assumed-role/Q/s1" },
  { Service: "ec2.amazonaws.com" },
  { Federated: `arn:aws:iam::${A}:saml-provider/Okta` },
  { Federated: "cognito-identity.amazonaws.com" },
  { Federated: `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com` },
];
/** Role paths a role session's context may give (aws:PrincipalArn). */
const ROLE_ARNS = [
  `arn:aws:iam::${A}:role/path/R`,
  `arn:aws:iam::${A}:role/R`,
  `arn:aws:iam::${A}:role/a/b/R`,
  `arn:aws:iam::${A}:role/path/Q`,
];

export const KEYS: Record<Exclude<OperatorFamily, "null">, string[]> = {
  string: [
    "aws:PrincipalTag/team",
    "AWS:principaltag/Team",
    "s3:prefix",
    "aws:PrincipalAccount",
    "aws:PrincipalType",
    "aws:PrincipalServiceName",
    "aws:PrincipalArn",
  ],
  arn: ["aws:SourceArn", "aws:PrincipalArn", "aws:principalarn"],
  // k:num, k:date, k:ip and k:bool are unknown to the catalogue: their values may be ill-typed.
  numeric: ["s3:max-keys", "k:num"],
  date: ["aws:CurrentTime", "k:date"],
  ip: ["aws:SourceIp", "k:ip"],
  bool: ["aws:SecureTransport", "aws:PrincipalIsAWSService", "k:bool"],
  binary: ["k:bin"],
};
const ALL_KEYS = Object.values(KEYS).flat();
/** Multi-valued keys (§4.1): ArrayOf… in the catalogue, or unknown keys a set operator reads. */
const MULTI_KEYS: Record<Exclude<OperatorFamily, "null">, string[]> = {
  string: ["aws:TagKeys", "k:set"],
  arn: ["aws:CalledVia", "k:set"],
  numeric: ["k:nset"],
  date: ["k:dset"],
  ip: ["k:ipset"],
  bool: ["k:bset"],
  binary: ["k:bin"],
};

/** Arn values with a variable before a wildcard in components 1–5: its colons move the components (§5). */
const ARN_MOVING_VALUES = [
  "arn:aws:${aws:username}*:*:1:*",
  "arn:${aws:username}:s3:*",
  "${aws:username}:*:x",
  "arn:aws:s3:${aws:username}:*:${aws:PrincipalTag/team}*",
  "arn:aws:${aws:PrincipalTag/team, 'a:b'}:*:*:x",
  "arn:aws:s?:${aws:username}:${aws:username}:?",
  "arn:aws:${aws:username}:*:1:x",
];

const POLICY_VALUES: Record<OperatorFamily, string[]> = {
  string: [
    "a",
    "A",
    "a*",
    "*",
    "?",
    "${aws:username}",
    "${*}",
    "b/${?}",
    "",
    "home/*",
    "x",
    "arn:aws:s3:::b/*",
    "a?",
    "x?y*",
    "é",
    "ké",
    // principal keys (§5 table, §7.1)
    "111122223333",
    "1111*",
    "User",
    "AssumedRole",
    "Anonymous",
    "anonymous",
    "s3.amazonaws.com",
    "*.amazonaws.com",
    "arn:aws:iam::111122223333:role/path/R",
    "Account",
    "FederatedUser",
    "11112222333?",
    "1:*",
    // policy variables (§5)
    "home/${aws:username}/*",
    "${aws:PrincipalTag/team, 'a'}",
    "x${aws:username}",
    "${aws:PrincipalAccount}",
    "${aws:username, 'A'}",
    "home/${aws:username, 'x'}/*",
    "${aws:PrincipalTag/team, 'x'}*",
    "${s3:prefix, 'a'}",
    // variables reading keys a resource policy derives from the principal
    "${aws:PrincipalType}",
    "${aws:PrincipalServiceName}",
    "arn:aws:s3:::b/${aws:PrincipalAccount}",
  ],
  arn: [
    "arn:aws:iam::111122223333:role/path/R",
    "arn:aws:iam::111122223333:user/*",
    "arn:aws:sts::111122223333:federated-user/*",
    "arn:aws:iam::*:root",
    "arn:aws:iam::111122223333:role/*/R",
    "arn:aws:s3:::b/*",
    "arn:aws:iam::111122223333:role/*",
    "arn:aws:*:*:111122223333:*",
    "arn:aws:s3:*",
    "arn:*",
    "foo",
    "*",
    "arn:aws:someservice:*:111122223333:finance/*",
    "${aws:username}",
    "arn:aws:s3:::${*}",
    "arn:aws:logs:*:1:log-group:*",
    "arn:aws:s?:x",
    "arn:aws:iam::${aws:username}:role/*",
    "arn:aws:${aws:username}:*:1:x",
    "${aws:PrincipalArn, 'arn:aws:s3:::b/x'}",
    "arn:aws:s3:::b/${aws:username, 'x'}",
    ...ARN_MOVING_VALUES,
  ],
  numeric: ["10", "9.5", "-1", "0", "1.5", "abc"],
  date: ["2020-01-01", "1577836800", "2020-01-01T00:00:00.5Z", "2021-01-01T00:00:00+01:00", "bad"],
  ip: ["10.0.0.0/8", "10.1.2.3", "192.0.2.0/24", "2001:db8::/32", "::/0", "0.0.0.0/0", "bad"],
  bool: ["true", "false", "True", "maybe", "${aws:username}", "t${aws:username}", "${aws:username, 'true'}"],
  binary: ["QUJD", "AB==", "AAAA", "bad!"],
  null: ["true", "false"],
};

/** String values a String operator compares with a Bool key's `true` / `false`. */
const STRING_ON_BOOL_VALUES = [
  "true",
  "false",
  "True",
  "FALSE",
  // `ſ` folds to `s` under Unicode simple case folding only (UNICODE_CASE_FOLDING).
  "falſe",
  "FALſE",
  "t*",
  "*",
  "?",
  "f?lse",
  "tru",
  "true ",
  "amplify.amazonaws.com",
  "tru${?}",
  "${*}",
  "${aws:username}",
  "${aws:username, 'true'}",
];

/** Well-typed request values per key family (string keys also get ARN-like values). */
export const REQUEST_VALUES: Record<KeyFamily, string[]> = {
  string: [
    "a",
    "A",
    "ab",
    "*",
    "?",
    "b/?",
    "",
    "x",
    "home/alice",
    "a*",
    "${aws:username}",
    "arn:aws:s3:::b/x",
    "arn:aws:iam::111122223333:role/R",
    "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt",
    "arn:aws:s3:x",
    "arn:aws:s3",
    "foo",
    "arn:aws:logs:eu-west-1:1:log-group:g:log-stream:s",
    "arn:aws:s3:::*",
    "alice",
    "x/y",
    "arn:aws:iam::a:role/R",
    "TRUE",
    "rue",
  ],
  numeric: ["10", "9.5", "-1", "0", "1.50", "3"],
  date: ["2020-01-01", "2019-12-31T23:59:59Z", "1577836800", "2020-06-01T12:00:00+02:00", "2020-01-01T00:00:00.5Z"],
  ip: ["10.1.2.3", "192.0.2.7", "2001:db8::1", "8.8.8.8", "0.0.0.0"],
  bool: ["true", "false", "TRUE"],
  binary: ["QUJD", "AA==", "AAAA", "notb64!"],
};

const OPS_BY_FAMILY = new Map<OperatorFamily, BaseOperator[]>();
for (const [name, info] of Object.entries(OPERATORS) as [BaseOperator, (typeof OPERATORS)[BaseOperator]][]) {
  OPS_BY_FAMILY.set(info.family, [...(OPS_BY_FAMILY.get(info.family) ?? []), name]);
}
/** Families weighted by their number of operators (String and Arn most: they are most of real conditions). */
const FAMILIES: OperatorFamily[] = [
  "string",
  "string",
  "string",
  "arn",
  "arn",
  "numeric",
  "numeric",
  "date",
  "date",
  "ip",
  "bool",
  "binary",
  "null",
];

const conditionArb: fc.Arbitrary<Condition> = fc
  .record({
    family: fc.constantFrom(...FAMILIES),
    opIndex: fc.nat(),
    ifExists: fc.boolean(),
    qualifier: fc.constantFrom<string | undefined>(undefined, undefined, undefined, "ForAllValues", "ForAnyValue"),
    anyKey: fc.nat(9),
    stringOnBool: fc.nat(3),
    keyIndex: fc.nat(),
    values: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
  })
  .map(({ family, opIndex, ifExists, qualifier, anyKey, stringOnBool, keyIndex, values }) => {
    const ops = OPS_BY_FAMILY.get(family)!;
    const base = ops[opIndex % ops.length];
    const onBool = family === "string" && stringOnBool === 0;
    const keys = onBool
      ? [...KEYS.bool, ...MULTI_KEYS.bool]
      : family === "null" || anyKey === 0
        ? ALL_KEYS
        : anyKey <= 2
          ? MULTI_KEYS[family]
          : KEYS[family];
    const key = keys[keyIndex % keys.length];
    const pool = onBool ? STRING_ON_BOOL_VALUES : POLICY_VALUES[family];
    const op = (qualifier ? qualifier + ":" : "") + base + (ifExists && base !== "Null" ? "IfExists" : "");
    return cond(
      op,
      key,
      values.map((i) => pool[i % pool.length]),
    );
  });

/**
 * Policies whose statements apply to every request (action and resource `*`, principal `*`) and
 * whose conditions are mostly String operators on Bool keys (with set qualifiers and IfExists),
 * the rest Bool: each condition's truth shows in its statement's.
 */
export const stringOnBoolPolicyArb: fc.Arbitrary<Policy> = conditionsPolicyArb(
  fc.constantFrom<string | null>("2012-10-17", "2012-10-17", "2008-10-17", null),
  3,
  ({ pick, opIndex, qualified, keyIndex, values }) => {
    const family = pick % 5 === 0 ? "bool" : "string";
    const keys = [...KEYS.bool, ...MULTI_KEYS.bool];
    const pool = family === "bool" ? POLICY_VALUES.bool : STRING_ON_BOOL_VALUES;
    return cond(
      qualified(OPS_BY_FAMILY.get(family)![opIndex % OPS_BY_FAMILY.get(family)!.length]),
      keys[keyIndex % keys.length],
      values.map((i) => pool[i % pool.length]),
    );
  },
);

/** Policies of Arn conditions whose values hold variables that colons in their values move (§5). */
export const arnMovingPolicyArb: fc.Arbitrary<Policy> = conditionsPolicyArb(
  fc.constant("2012-10-17"),
  2,
  ({ opIndex, qualified, keyIndex, values }) => {
    const ops = OPS_BY_FAMILY.get("arn")!;
    const keys = [...KEYS.arn, ...MULTI_KEYS.arn];
    return cond(
      qualified(ops[opIndex % ops.length]),
      keys[keyIndex % keys.length],
      values.map((i) => ARN_MOVING_VALUES[i % ARN_MOVING_VALUES.length]),
    );
  },
);

/** One condition's random choices; `qualified(op)` adds a random set qualifier and IfExists. */
interface ConditionPicks {
  pick: number;
  opIndex: number;
  qualified: (op: string) => string;
  keyIndex: number;
  values: number[];
}

/**
 * Policies of 1–3 Allow or Deny statements on every action and resource (every principal in a
 * resource policy) whose 1–`most` conditions each come from `make`: each condition's truth shows
 * in its statement's.
 */
function conditionsPolicyArb(
  version: fc.Arbitrary<string | null>,
  most: number,
  make: (c: ConditionPicks) => Condition,
): fc.Arbitrary<Policy> {
  const conditionArb = fc.record({
    pick: fc.nat(),
    opIndex: fc.nat(),
    ifExists: fc.boolean(),
    qualifier: fc.constantFrom<string | undefined>(undefined, undefined, "ForAllValues", "ForAnyValue"),
    keyIndex: fc.nat(),
    values: fc.array(fc.nat(), { minLength: 1, maxLength: most }),
  });
  return fc
    .record({
      type: fc.constantFrom<PolicyType>("IDENTITY_POLICY", "RESOURCE_POLICY"),
      version,
      statements: fc.array(fc.record({ deny: fc.boolean(), conditions: fc.array(conditionArb, { minLength: 1, maxLength: most }) }), {
        minLength: 1,
        maxLength: 3,
      }),
    })
    .map(({ type, version, statements }) =>
      policy(
        type,
        statements.map(({ deny, conditions }) => ({
          effect: deny ? "Deny" : "Allow",
          action: "*",
          resource: "*",
          ...(type === "RESOURCE_POLICY" ? { principal: "*" as const } : {}),
          conditions: conditions.map(({ ifExists, qualifier, ...c }) =>
            make({ ...c, qualified: (op) => (qualifier ? qualifier + ":" : "") + op + (ifExists ? "IfExists" : "") }),
          ),
        })),
        version,
      ),
    );
}

const subset = <T>(pool: T[], min: number, max: number) => fc.array(fc.constantFrom(...pool), { minLength: min, maxLength: max });

function statementArb(type: PolicyType): fc.Arbitrary<StatementSpec> {
  return fc
    .record({
      deny: fc.boolean(),
      notAction: fc.nat(3),
      actions: subset(POLICY_ACTIONS, 0, 3),
      resourceMode: fc.nat(5), // 0: NotResource, 1: absent (resource policies), else Resource
      resources: subset(POLICY_RESOURCES, 1, 3),
      principalMode: fc.nat(5), // 0: NotPrincipal, 1: absent, else Principal
      principals: subset(POLICY_PRINCIPALS, 1, 2),
      conditions: fc.array(conditionArb, { maxLength: 3 }),
    })
    .map((r) => {
      const s: StatementSpec = { effect: r.deny ? "Deny" : "Allow", conditions: r.conditions };
      if (r.notAction === 0) s.notAction = r.actions;
      else s.action = r.actions.length ? r.actions : ["s3:GetObject"];
      if (r.resourceMode === 0) s.notResource = r.resources;
      else if (r.resourceMode !== 1 || type === "IDENTITY_POLICY") s.resource = r.resources;
      if (type === "RESOURCE_POLICY") {
        const merged = mergePrincipals(r.principals);
        if (r.principalMode === 0) s.notPrincipal = merged;
        else if (r.principalMode !== 1) s.principal = merged;
      }
      return s;
    });
}

function mergePrincipals(specs: PrincipalSpec[]): PrincipalSpec {
  if (specs.includes("*")) return "*";
  const out: Record<string, string[]> = {};
  for (const s of specs as Exclude<PrincipalSpec, "*">[]) {
    for (const [k, v] of Object.entries(s)) out[k] = [...(out[k] ?? []), ...(Array.isArray(v) ? v : [v!])];
  }
  return out;
}

export const policyArb: fc.Arbitrary<Policy> = fc
  .record({
    type: fc.constantFrom<PolicyType>("IDENTITY_POLICY", "RESOURCE_POLICY"),
    version: fc.constantFrom<string | null>("2012-10-17", "2012-10-17", "2012-10-17", "2008-10-17", null),
  })
  .chain(({ type, version }) => fc.array(statementArb(type), { minLength: 1, maxLength: 4 }).map((ss) => policy(type, ss, version)));

// ---------------------------------------------------------------------------------------------
// Requests. Most are derived from the policy itself, so that statements apply and their
// conditions decide: a target statement is picked, and its action, resource and principal are
// instantiated from its own patterns (wildcards filled, case flipped now and then, policy
// variables replaced by the values the request gives their keys); every condition key gets values
// drawn from the values the conditions on it mention — equal, case-flipped, a wildcard filled,
// a near miss, a number or date just beside a bound, an address at either end of a block or just
// outside it — or is absent (missing, null, an empty list), and multi-valued keys get lists. The
// rest of the time a part comes from the fixed pools or the old "near" derivation, which keep
// the odd cases (colons in wildcards, malformed actions) in play.

/** Choices read from a fixed list of naturals; shrinking them to 0 picks every list's first entry. */
class Picks {
  private i = 0;
  constructor(private readonly xs: number[]) {}
  nat(n: number): number {
    const x = this.xs[this.i % this.xs.length] + Math.floor(this.i / this.xs.length);
    this.i++;
    return n <= 1 ? 0 : x % n;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.nat(xs.length)];
  }
  /** True with probability `percent` (and when shrunk). */
  chance(percent: number): boolean {
    return this.nat(100) < percent;
  }
}
const PICKS = 160;

// Fillers that turn a policy pattern into a request value near it: a wildcard becomes nothing,
// a plain character, a colon (which ARN rules treat specially) or a slash.
const STAR_FILLERS = ["", "x", "a:b", "/", "x/y:z"];
const CHAR_FILLERS = ["x", ":", "/", ""];
/** Fillers that mostly keep an instantiated pattern matching its own pattern. */
const ACTION_STAR = ["", "Object", "x", "Get", "Put"];
const ACTION_CHAR = ["o", "x", "O"];
const VALUE_STAR = ["", "x", "ab", "x/y", "alice", "a:b"];
const VALUE_CHAR = ["x", "", "A", ":", "/", "xy"];
/** Values the request gives keys that policy variables read. */
// Values with colons move an Arn value's components when substituted before its fifth colon.
const VARIABLE_VALUES = [
  "alice",
  "a",
  "A",
  "b",
  "x",
  "111122223333",
  "arn:aws:iam::111122223333:role/R",
  "true",
  "",
  "s:r",
  "a:b:c",
  "a:",
  ":",
];

/** The request's values for the keys policy variables read: undefined = absent. */
type Variables = Map<string, string | undefined>;

/**
 * A request value for a policy text: `*` / `?` filled from `star` / `char` (or kept, when `wild`
 * is false: StringEquals reads them literally), `${*}`-style escapes as their characters, and
 * policy variables (when the policy reads them) as the value the request gives their key — its
 * default when the key is absent.
 */
function instantiate(text: string, c: Picks, o: { variables?: Variables; wild: boolean; star: string[]; char: string[] }): string {
  let out = "";
  for (const t of scanGlob(text, o.variables !== undefined)) {
    if (t.t === "lit") out += t.s;
    else if (t.t === "star") out += o.wild ? c.pick(o.star) : "*";
    else if (t.t === "char") out += o.wild ? c.pick(o.char) : "?";
    else {
      const v = o.variables?.get(t.key);
      out += v ?? t.default ?? (c.chance(50) ? "" : t.text);
    }
  }
  return out;
}

/** Flips the case of a text: all letters swapped, all upper, all lower, or the first letter. */
function flipCase(s: string, c: Picks): string {
  switch (c.nat(4)) {
    case 0:
      return [...s].map((ch) => (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase())).join("");
    case 1:
      return s.toUpperCase();
    case 2:
      return s.toLowerCase();
    default: {
      const i = s.search(/[a-z]/i);
      return i < 0 ? s : s.slice(0, i) + flipCase(s[i], c) + s.slice(i + 1);
    }
  }
}

/** A near miss: a character appended, prepended or dropped. */
function nearMiss(s: string, c: Picks): string {
  switch (c.nat(3)) {
    case 0:
      return s + c.pick(["x", "/", "0"]);
    case 1:
      return c.pick(["x", " "]) + s;
    default:
      return s.slice(0, -1);
  }
}

/** The old derivation: a pattern's wildcards replaced by any filler. */
function near(patterns: string[], c: Picks): string {
  return instantiate(c.pick(patterns), c, { wild: true, star: STAR_FILLERS, char: CHAR_FILLERS });
}

function fromPools(pool: string[], patterns: string[], c: Picks): string {
  return patterns.length && c.chance(50) ? near(patterns, c) : c.pick(pool);
}

function isWellTyped(family: KeyFamily, v: string): boolean {
  switch (family) {
    case "string":
    case "binary":
      return true;
    case "numeric":
      return parseNumber(v) !== undefined;
    case "date":
      return parseDate(v) !== undefined;
    case "ip":
      return parseIp(v) !== undefined;
    case "bool":
      return parseBool(v) !== undefined;
  }
}

const HALF: Rational = { num: 1n, den: 2n };
const neg = (r: Rational): Rational => ({ num: -r.num, den: r.den });

/** A rational just beside (or at) a bound. */
function beside(r: Rational, c: Picks, step: Rational): Rational {
  const zero: Rational = { num: 0n, den: 1n };
  const offsets: Rational[] = [zero, zero, zero, step, neg(step), HALF, neg(HALF)];
  return addRational(r, c.pick(offsets));
}

/** A request value of family `family` derived from one policy value `p` of a condition on the key. */
function deriveValue(family: KeyFamily, base: BaseOperator, p: string, c: Picks, variables: Variables | undefined): string | undefined {
  switch (family) {
    case "string": {
      const info = OPERATORS[base];
      const globbing = info.family === "arn" || info.match === "like";
      let v = instantiate(p, c, { variables, wild: globbing || c.chance(30), star: VALUE_STAR, char: VALUE_CHAR });
      // Case matters to every String operator; IgnoreCase ones are there to ignore it.
      if (c.chance(info.match === "equalsIgnoreCase" ? 60 : 25)) v = flipCase(v, c);
      // Spellings only Unicode simple case folding equates (UNICODE_CASE_FOLDING).
      if (info.match === "equalsIgnoreCase" && c.chance(25)) v = v.replace(/s/g, "ſ").replace(/k/gi, "\u212a").replace(/é/g, "É");
      if (c.chance(15)) v = nearMiss(v, c);
      return v;
    }
    case "numeric": {
      const r = parseNumber(p);
      if (r === undefined) return undefined;
      const v = rationalToDecimal(beside(r, c, { num: 1n, den: 1n }));
      // The same number written another way: a trailing zero of a fraction, a plus sign.
      return c.chance(20) ? (v.includes(".") ? v + "0" : c.pick([v + ".0", v.startsWith("-") ? v : "+" + v])) : v;
    }
    case "date": {
      const r = parseDate(p);
      if (r === undefined) return undefined;
      const d = beside(
        r,
        c,
        c.pick([
          { num: 1n, den: 1n },
          { num: 86_400n, den: 1n },
        ]),
      );
      // Epoch seconds when whole and not negative, else ISO 8601.
      return d.den === 1n && d.num >= 0n && c.chance(40) ? d.num.toString() : formatDate(d);
    }
    case "ip": {
      const range = parseCidr(p);
      if (range === undefined) return undefined;
      const [min, max] = range.family === 4 ? [0n, IPV6_BASE - 1n] : [IPV6_BASE, IP_MAX];
      const x = c.pick([range.lo, range.hi, range.lo + 1n, range.hi - 1n, range.lo - 1n, range.hi + 1n]);
      return formatIp(x < min ? min : x > max ? max : x);
    }
    case "bool": {
      const b = parseBool(p) ?? (c.chance(50) ? /^t/i.test(p) : /^f/i.test(p));
      const text = String(c.chance(70) ? b : !b);
      return c.chance(20) ? flipCase(text, c) : text;
    }
    case "binary":
      return c.chance(30) ? (canonicalBase64(p) ?? p) : p;
  }
}

/** The keys policy variables read anywhere in the policy (2012-10-17 only). */
function variableKeys(p: Policy): Set<string> {
  const out = new Set<string>();
  if (!variablesEnabled(p)) return out;
  const texts = p.statements.flatMap((s) => [
    ...(s.resource?.patterns.map((x) => x.value) ?? []),
    ...s.conditions.flatMap((c) => c.values.map((v) => v.value)),
  ]);
  for (const t of texts) for (const tok of scanGlob(t, true)) if (tok.t === "var") out.add(tok.key);
  return out;
}

const ACCOUNT = /^[^:]{12}$/;
/** Principal keys whose condition values name a principal (read as a principal value). */
const PRINCIPAL_KEY_TYPES: Record<string, "AWS" | "Service"> = {
  "aws:principalarn": "AWS",
  "aws:principalaccount": "AWS",
  "aws:principalservicename": "Service",
};

/** A request principal named by one principal value (and the role of a role session), if any. */
function derivePrincipal(v: PrincipalValue, c: Picks): { principal: RequestPrincipal; roleArn?: string } | undefined {
  if (v.type === "*") return undefined;
  if (v.type !== "AWS") return { principal: { [v.type]: v.value } as RequestPrincipal };
  let arn = instantiate(v.value, c, { wild: true, star: ["", "alice", "s1", "R", "111122223333"], char: ["a", "1", "x"] });
  // A near miss now and then: another user, role or session name.
  if (c.chance(20)) arn = arn.replace(/[^/]*$/, c.pick(["s2", "bob", "Q"]));
  const member = (part: string, account: string) => {
    if (!ACCOUNT.test(account) || part === "" || part.includes(":")) return undefined;
    const role = c.pick(["R", "path/R"]);
    return c.pick([
      { principal: { AWS: `arn:${part}:iam::${account}:user/alice` } },
      { principal: { AWS: `arn:${part}:iam::${account}:root` } },
      { principal: { AWS: `arn:${part}:sts::${account}:assumed-role/R/s1` }, roleArn: `arn:${part}:iam::${account}:role/${role}` },
      { principal: { AWS: `arn:${part}:sts::${account}:federated-user/bob` } },
    ]);
  };
  if (/^\d{12}$/.test(arn)) return member("aws", arn);
  let m = /^arn:([^:]+):iam::([^:]*):root$/.exec(arn);
  if (m) return member(m[1], m[2]);
  m = /^arn:([^:]+):iam::([^:]*):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (m && ACCOUNT.test(m[2]))
    return { principal: { AWS: `arn:${m[1]}:sts::${m[2]}:assumed-role/${m[3]}/${c.pick(["s1", "s2"])}` }, roleArn: arn };
  m = /^arn:([^:]+):sts::([^:]*):assumed-role\/([^/]+)\/.+$/.exec(arn);
  if (m && ACCOUNT.test(m[2])) return { principal: { AWS: arn }, roleArn: `arn:${m[1]}:iam::${m[2]}:role/${c.pick(["", "path/"])}${m[3]}` };
  m = /^arn:([^:]+):(?:iam::([^:]*):user|sts::([^:]*):federated-user)\/.+$/.exec(arn);
  if (m && ACCOUNT.test(m[2] ?? m[3])) return { principal: { AWS: arn } };
  return undefined;
}

/**
 * A well-typed request for `p` over the keys of `keyTypes`, most of the time derived from the
 * policy's own patterns and values (see above), so that statements apply and conditions decide.
 */
export function requestArb(p: Policy, keyTypes: KeyTypes): fc.Arbitrary<Request> {
  return fc.array(fc.nat(), { minLength: PICKS, maxLength: PICKS }).map((xs) => deriveRequest(p, keyTypes, new Picks(xs)));
}

function deriveRequest(p: Policy, keyTypes: KeyTypes, c: Picks): Request {
  const ss = p.statements;
  // The target statement: one with conditions, mostly, since those are what requests must reach.
  const conditioned = ss.filter((s) => s.conditions.length > 0);
  const target = c.chance(90) ? c.pick(conditioned.length && c.chance(80) ? conditioned : ss) : undefined;
  const allActions = ss.flatMap((s) => s.action.patterns.map((x) => x.value));
  const allResources = ss.flatMap((s) => s.resource?.patterns.map((x) => x.value) ?? []);

  // Keys read by policy variables first: their values appear in the instantiated patterns.
  const enabled = variablesEnabled(p);
  // A key read by variables takes one value for the whole request: a value a condition on it
  // mentions (derived as below), or one of VARIABLE_VALUES, or none.
  const variables: Variables = new Map();
  for (const k of variableKeys(p)) {
    const on = ss.flatMap((s) => s.conditions.filter((x) => x.key.toLowerCase() === k));
    let v: string | undefined;
    if (on.length && c.chance(50)) {
      const x = c.pick(on);
      v = deriveValue(keyTypes.get(k) ?? "string", x.base, c.pick(x.values).value, c, undefined);
    }
    // "" often: a variable and the key's own conditions must read it alike (EMPTY_STRING_AS_ABSENT).
    variables.set(k, c.chance(40) ? undefined : c.chance(15) ? "" : (v ?? c.pick(VARIABLE_VALUES)));
  }

  const own = (negated: boolean) => c.chance(negated ? 35 : 90);
  let action: string;
  const ap = target?.action.patterns.map((x) => x.value) ?? [];
  if (target && ap.length && own(target.action.negated)) {
    const pattern = c.pick(ap);
    action = pattern === "*" ? c.pick(REQUEST_ACTIONS) : instantiate(pattern, c, { wild: true, star: ACTION_STAR, char: ACTION_CHAR });
    if (c.chance(20)) action = flipCase(action, c);
  } else action = fromPools(REQUEST_ACTIONS, allActions, c);

  let resource: string;
  const rp = target?.resource?.patterns.map((x) => x.value) ?? [];
  if (target?.resource && rp.length && own(target.resource.negated)) {
    const pattern = c.pick(rp);
    resource =
      pattern === "*"
        ? c.pick(REQUEST_RESOURCES)
        : instantiate(pattern, c, { variables: enabled ? variables : undefined, wild: true, star: VALUE_STAR, char: VALUE_CHAR });
  } else resource = fromPools(REQUEST_RESOURCES, allResources, c);

  let principal: RequestPrincipal = c.pick(REQUEST_PRINCIPALS);
  let roleArn: string | null = c.chance(50) ? c.pick(ROLE_ARNS) : null;
  if (p.type === "RESOURCE_POLICY" && target) {
    // The principal the target's Principal / NotPrincipal names, or one its conditions on the
    // principal keys (which resource policies derive from the principal) ask for.
    const named = target.principal && own(target.principal.negated) ? target.principal.values : [];
    const asked = target.conditions.flatMap((x): PrincipalValue[] => {
      const type = PRINCIPAL_KEY_TYPES[x.key.toLowerCase()];
      return type ? x.values.map((v) => ({ type, value: v.value, loc: x.loc })) : [];
    });
    const from = named.length && (asked.length === 0 || c.chance(70)) ? named : asked;
    const d = from.length ? derivePrincipal(c.pick(from), c) : undefined;
    if (d) {
      principal = d.principal;
      roleArn = d.roleArn ?? roleArn;
    }
  }

  const context: Record<string, ContextValue> = {};
  for (const [k, family] of keyTypes) {
    const set = keyTypes.sets?.has(k) ?? false;
    const conditions = (from: Statement[]) => from.flatMap((s) => s.conditions.filter((x) => x.key.toLowerCase() === k));
    const mine = target ? conditions([target]) : [];
    const any = conditions(ss);
    const loose = keyTypes.loose?.has(k) ?? false;
    const one = (): string | undefined => {
      if (variables.has(k)) return variables.get(k);
      if (loose && c.chance(15)) return c.pick(["abc", "", "1.2.3"]);
      const from = mine.length && c.chance(70) ? mine : any;
      if (from.length && c.chance(80)) {
        const x = c.pick(from);
        const v = deriveValue(family, x.base, c.pick(x.values).value, c, enabled ? variables : undefined);
        if (v !== undefined) return v;
      }
      return c.pick(REQUEST_VALUES[family]);
    };
    // Key names are looked up case-insensitively: sometimes write them in upper case.
    const name = c.chance(20) ? k.toUpperCase() : k;
    let value: ContextValue;
    if (c.chance(20)) value = c.pick<ContextValue>(set ? [null, []] : [null]);
    else if (set && c.chance(75)) {
      // A list (§4.1), sometimes longer than the key's element count, with repeats.
      const n = c.nat(4);
      const list: string[] = [];
      for (let i = 0; i < n; i++) {
        const v = list.length && c.chance(15) ? c.pick(list) : one();
        if (v !== undefined) list.push(v);
      }
      value = list;
    } else value = one() ?? null;
    // Only well-typed values: ill-typed elements are dropped, an ill-typed value leaves the key absent.
    const ok = (x: string) => loose || isWellTyped(family, x);
    if (Array.isArray(value)) value = value.filter(ok);
    else if (value !== null && !ok(value)) value = null;
    if (value === null && c.chance(50)) continue; // missing rather than null
    context[name] = value;
  }
  // A role session's role (and so its path) is the context's aws:PrincipalArn when that names it.
  const family = keyTypes.get("aws:principalarn");
  if (roleArn !== null && (family === undefined || family === "string")) {
    for (const k of Object.keys(context)) if (k.toLowerCase() === "aws:principalarn") delete context[k];
    context["aws:PrincipalArn"] = roleArn;
  }
  return p.type === "RESOURCE_POLICY" ? { action, resource, context, principal } : { action, resource, context };
}
