// fast-check generators for the differential and round-trip tests: random policy ASTs (both
// policy types, every element and operator family, Not-elements, ambiguity-triggering patterns)
// and random requests, all drawn from small pools so that matches actually happen. Policy
// variables (§5) appear in Resource and in String, Arn and Bool values, with defaults; the keys
// they read (aws:username, aws:PrincipalTag/team, aws:PrincipalArn) are string keys of the
// query, so requests give them values from REQUEST_VALUES.string — or leave them absent.
// Some String conditions target Bool keys with Boolean-like texts (the modelled type mismatch of
// docs/semantics.md, "Key families"); any other family lands on another family's key at times.

import fc from "fast-check";
import type { ContextValue, Request, RequestPrincipal } from "../../src/eval/request.js";
import type { KeyFamily, KeyTypes } from "../../src/iam/key-types.js";
import { OPERATORS, type OperatorFamily } from "../../src/iam/operators.js";
import { parseBool, parseDate, parseIp, parseNumber } from "../../src/iam/values.js";
import type { BaseOperator, Condition, Policy, PolicyType } from "../../src/policy/ast.js";
import { cond, policy, type PrincipalSpec, type StatementSpec } from "../eval/ast-helpers.js";

const A = "111122223333";

export const POLICY_ACTIONS = [
  "*", "s3:GetObject", "s3:Get*", "s3:*", "s3:get?bject", "S3:GETOBJECT", "ec2:*", "s3*:Get*", "*:GetObject",
  "s?:Put*", "s3:GetObject ", "s3:GetObject,s3:PutObject", "s3:", "iam:PassRole", "iam:*",
];
export const REQUEST_ACTIONS = [
  "s3:GetObject", "s3:PutObject", "S3:getobject", "ec2:RunInstances", "iam:PassRole", "s3express:GetObject",
  "s3*:GetObject", "sx:PutObject", "IAM:passrole",
];
export const POLICY_RESOURCES = [
  "*", "arn:aws:s3:::b/*", "arn:aws:s3:::b", "arn:aws:s3:::*", "arn:aws:ec2:*:*:instance/*",
  "arn:aws:ec2:us-east-1:111122223333:instance/i-1", "arn:aws:iam::*", "arn:aws:waf:*", "arn:aws:s3:::${aws:username}/*",
  "arn:aws:s3:::b/${aws:username}", "arn:aws:s3:::b/${*}", "arn:aws:*:*:*:*", "arn:*:s3:::b/?", "b/*",
  "arn:aws:iam::111122223333:user/*", "arn:aws:s3:::b/${aws:user*}", "arn:aws:ec2:us-*:*:instance/i-?",
  "arn:aws:s3:::b/${aws:username, 'x'}/*", "arn:aws:s3:::${aws:PrincipalTag/team}/${aws:username}", "arn:aws:s3:${aws:username}::b",
  "arn:aws:s3:::b/${aws:TagKeys}",
];
export const REQUEST_RESOURCES = [
  "*", "arn:aws:s3:::b/x", "arn:aws:s3:::b", "arn:aws:s3:::b/x:y", "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
  "arn:aws:ec2:us-east-1:a:b:instance/i-1", "arn:aws:iam::111122223333:user/alice", "arn:aws:waf::1:x",
  "arn:aws:s3:::alice/x", "arn:aws:s3:::b/*", "arn:aws:s3:::b/${aws:username}", "b/c", "arn:aws:iam::1:2:3",
  "arn:aws:ec2:us-west-2:x:y:instance/i-2", "arn:aws:s3:::b/alice/k", "arn:aws:s3:::a/alice", "arn:aws:s3:::b/x/y",
];
const POLICY_PRINCIPALS: PrincipalSpec[] = [
  "*", { AWS: "*" }, { AWS: A }, { AWS: `arn:aws:iam::${A}:root` }, { AWS: `arn:aws:iam::${A}:user/alice` },
  { AWS: `arn:aws:iam::${A}:role/path/R` }, { AWS: `arn:aws:sts::${A}:assumed-role/R/s1` }, { AWS: "AROAEXAMPLEID" },
  { AWS: `arn:aws:iam::${A}:user/a*` }, { AWS: "arn:aws:iam::*:root" }, { Service: "s3.amazonaws.com" },
  { Federated: "accounts.google.com" }, { CanonicalUser: "abc" }, { AWS: [A, "arn:aws:iam::444455556666:root"] },
  { AWS: `arn:aws:iam::${A}:role/R` }, { AWS: `arn:aws:sts::${A}:federated-user/bob` }, { AWS: `arn:aws:sts::${A}:assumed-role/R/*` },
  { AWS: "arn:aws:iam::444455556666:user/alice" }, { AWS: [`arn:aws:iam::${A}:role/path/R`, `arn:aws:sts::${A}:assumed-role/R/s1`] },
  { AWS: `arn:aws-cn:iam::${A}:root` },
];
/** Request principals: one of every kind (a role session's role path comes from the context). */
export const REQUEST_PRINCIPALS: RequestPrincipal[] = [
  "anonymous", { AWS: `arn:aws:iam::${A}:user/alice` }, { AWS: `arn:aws:iam::${A}:root` },
  { AWS: `arn:aws:sts::${A}:assumed-role/R/s1` }, { AWS: `arn:aws:sts::${A}:assumed-role/R/s2` },
  { AWS: "arn:aws:iam::444455556666:user/alice" }, { AWS: `arn:aws:iam::${A}:user/a*` }, { Service: "s3.amazonaws.com" },
  { Federated: "accounts.google.com" }, { CanonicalUser: "abc" }, { AWS: `arn:aws:sts::${A}:federated-user/bob` },
  { AWS: `arn:aws:iam::${A}:user/path/alice` }, { AWS: `arn:aws-cn:iam::${A}:user/alice` }, { AWS: "arn:aws:sts::444455556666:assumed-role/Q/s1" },
  { Service: "ec2.amazonaws.com" },
];
/** Role paths a role session's context may give (aws:PrincipalArn). */
const ROLE_ARNS = [`arn:aws:iam::${A}:role/path/R`, `arn:aws:iam::${A}:role/R`, `arn:aws:iam::${A}:role/a/b/R`, `arn:aws:iam::${A}:role/path/Q`];

export const KEYS: Record<Exclude<OperatorFamily, "null">, string[]> = {
  string: ["aws:PrincipalTag/team", "AWS:principaltag/Team", "s3:prefix", "aws:PrincipalAccount", "aws:PrincipalType", "aws:PrincipalServiceName", "aws:PrincipalArn"],
  arn: ["aws:SourceArn", "aws:PrincipalArn", "aws:principalarn"],
  numeric: ["s3:max-keys"],
  date: ["aws:CurrentTime"],
  ip: ["aws:SourceIp"],
  bool: ["aws:SecureTransport", "aws:PrincipalIsAWSService"],
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

const POLICY_VALUES: Record<OperatorFamily, string[]> = {
  string: [
    "a", "A", "a*", "*", "?", "${aws:username}", "${*}", "b/${?}", "", "home/*", "x", "arn:aws:s3:::b/*",
    // principal keys (§5 table, §7.1)
    "111122223333", "1111*", "User", "AssumedRole", "Anonymous", "anonymous", "s3.amazonaws.com", "*.amazonaws.com",
    "arn:aws:iam::111122223333:role/path/R", "Account", "FederatedUser", "11112222333?", "1:*",
    // policy variables (§5)
    "home/${aws:username}/*", "${aws:PrincipalTag/team, 'a'}", "x${aws:username}", "${aws:PrincipalAccount}",
  ],
  arn: [
    "arn:aws:iam::111122223333:role/path/R", "arn:aws:iam::111122223333:user/*", "arn:aws:sts::111122223333:federated-user/*",
    "arn:aws:iam::*:root", "arn:aws:iam::111122223333:role/*/R",
    "arn:aws:s3:::b/*", "arn:aws:iam::111122223333:role/*", "arn:aws:*:*:111122223333:*", "arn:aws:s3:*", "arn:*", "foo",
    "*", "arn:aws:someservice:*:111122223333:finance/*", "${aws:username}", "arn:aws:s3:::${*}", "arn:aws:logs:*:1:log-group:*",
    "arn:aws:s?:x", "arn:aws:iam::${aws:username}:role/*", "arn:aws:${aws:username}:*:1:x", "${aws:PrincipalArn, 'arn:aws:s3:::b/x'}",
  ],
  numeric: ["10", "9.5", "-1", "0", "1.5", "abc"],
  date: ["2020-01-01", "1577836800", "2020-01-01T00:00:00.5Z", "2021-01-01T00:00:00+01:00", "bad"],
  ip: ["10.0.0.0/8", "10.1.2.3", "192.0.2.0/24", "2001:db8::/32", "::/0", "0.0.0.0/0", "bad"],
  bool: ["true", "false", "True", "maybe", "${aws:username}", "t${aws:username}"],
  binary: ["QUJD", "AB==", "AAAA", "bad!"],
  null: ["true", "false"],
};

/** String values a String operator compares with a Bool key's `true` / `false`. */
const STRING_ON_BOOL_VALUES = [
  "true", "false", "True", "FALSE", "t*", "*", "?", "f?lse", "tru", "true ", "amplify.amazonaws.com", "tru${?}", "${*}",
  "${aws:username}", "${aws:username, 'true'}",
];

/** Well-typed request values per key family (string keys also get ARN-like values). */
export const REQUEST_VALUES: Record<KeyFamily, string[]> = {
  string: [
    "a", "A", "ab", "*", "?", "b/?", "", "x", "home/alice", "a*", "${aws:username}", "arn:aws:s3:::b/x",
    "arn:aws:iam::111122223333:role/R", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt",
    "arn:aws:s3:x", "arn:aws:s3", "foo", "arn:aws:logs:eu-west-1:1:log-group:g:log-stream:s", "arn:aws:s3:::*",
    "alice", "x/y", "arn:aws:iam::a:role/R", "TRUE", "rue",
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
const FAMILIES = [...OPS_BY_FAMILY.keys()];

const conditionArb: fc.Arbitrary<Condition> = fc
  .record({
    family: fc.constantFrom(...FAMILIES),
    opIndex: fc.nat(),
    ifExists: fc.boolean(),
    qualifier: fc.constantFrom<string | undefined>(undefined, undefined, undefined, undefined, undefined, "ForAllValues", "ForAnyValue"),
    anyKey: fc.nat(9),
    stringOnBool: fc.nat(5),
    keyIndex: fc.nat(),
    values: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
  })
  .map(({ family, opIndex, ifExists, qualifier, anyKey, stringOnBool, keyIndex, values }) => {
    const ops = OPS_BY_FAMILY.get(family)!;
    const base = ops[opIndex % ops.length];
    const onBool = family === "string" && stringOnBool === 0;
    const keys = onBool ? [...KEYS.bool, ...MULTI_KEYS.bool] : family === "null" || anyKey === 0 ? ALL_KEYS : anyKey <= 2 ? MULTI_KEYS[family] : KEYS[family];
    const key = keys[keyIndex % keys.length];
    const pool = onBool ? STRING_ON_BOOL_VALUES : POLICY_VALUES[family];
    const op = (qualifier ? qualifier + ":" : "") + base + (ifExists && base !== "Null" ? "IfExists" : "");
    return cond(op, key, values.map((i) => pool[i % pool.length]));
  });

/**
 * Policies whose statements apply to every request (action and resource `*`, principal `*`) and
 * whose conditions are mostly String operators on Bool keys (with set qualifiers and IfExists),
 * the rest Bool: each condition's truth shows in its statement's.
 */
export const stringOnBoolPolicyArb: fc.Arbitrary<Policy> = fc
  .record({
    type: fc.constantFrom<PolicyType>("IDENTITY_POLICY", "RESOURCE_POLICY"),
    version: fc.constantFrom<string | null>("2012-10-17", "2012-10-17", "2008-10-17", null),
    statements: fc.array(
      fc.record({
        deny: fc.boolean(),
        conditions: fc.array(
          fc.record({
            bool: fc.nat(4),
            opIndex: fc.nat(),
            ifExists: fc.boolean(),
            qualifier: fc.constantFrom<string | undefined>(undefined, undefined, "ForAllValues", "ForAnyValue"),
            keyIndex: fc.nat(),
            values: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ type, version, statements }) =>
    policy(
      type,
      statements.map(({ deny, conditions }) => ({
        effect: deny ? "Deny" : "Allow",
        action: "*",
        resource: "*",
        ...(type === "RESOURCE_POLICY" ? { principal: "*" as const } : {}),
        conditions: conditions.map(({ bool, opIndex, ifExists, qualifier, keyIndex, values }) => {
          const family = bool === 0 ? "bool" : "string";
          const ops = OPS_BY_FAMILY.get(family)!;
          const keys = [...KEYS.bool, ...MULTI_KEYS.bool];
          const pool = family === "bool" ? POLICY_VALUES.bool : STRING_ON_BOOL_VALUES;
          const op = (qualifier ? qualifier + ":" : "") + ops[opIndex % ops.length] + (ifExists ? "IfExists" : "");
          return cond(op, keys[keyIndex % keys.length], values.map((i) => pool[i % pool.length]));
        }),
      })),
      version,
    ),
  );

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
    version: fc.constantFrom<string | null>("2012-10-17", "2012-10-17", "2008-10-17", null),
  })
  .chain(({ type, version }) =>
    fc.array(statementArb(type), { minLength: 1, maxLength: 4 }).map((ss) => policy(type, ss, version)),
  );

// Fillers that turn a policy pattern into a request value near it: a wildcard becomes nothing,
// a plain character, a colon (which ARN rules treat specially) or a slash.
const STAR_FILLERS = ["", "x", "a:b", "/", "x/y:z"];
const CHAR_FILLERS = ["x", ":", "/", ""];

/** A request value derived from a policy pattern: each `*` / `?` replaced by a filler. */
function nearArb(patterns: string[]): fc.Arbitrary<string> {
  return fc.record({ p: fc.constantFrom(...patterns), picks: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }) }).map(({ p, picks }) => {
    let i = 0;
    return p.replace(/[*?]/g, (w) => {
      const pool = w === "*" ? STAR_FILLERS : CHAR_FILLERS;
      return pool[picks[i++ % picks.length] % pool.length];
    });
  });
}

function fromPools(pool: string[], near: string[]): fc.Arbitrary<string> {
  return near.length ? fc.oneof(fc.constantFrom(...pool), nearArb(near)) : fc.constantFrom(...pool);
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

/**
 * A well-typed, single-valued request for `p` over the keys of `keyTypes`: each part drawn from
 * a fixed pool or derived from the policy's own patterns and values, so that matches happen.
 */
export function requestArb(p: Policy, keyTypes: KeyTypes): fc.Arbitrary<Request> {
  const keys = [...keyTypes];
  const ss = p.statements;
  const actions = ss.flatMap((s) => s.action.patterns.map((x) => x.value));
  const resources = ss.flatMap((s) => s.resource?.patterns.map((x) => x.value) ?? []);
  const valuesOf = (key: string, family: KeyFamily) =>
    ss.flatMap((s) => s.conditions.filter((c) => c.key.toLowerCase() === key).flatMap((c) => c.values.map((v) => v.value)))
      .filter((v) => isWellTyped(family, v));
  return fc
    .record({
      action: fromPools(REQUEST_ACTIONS, actions),
      resource: fromPools(REQUEST_RESOURCES, resources),
      principal: fc.constantFrom(...REQUEST_PRINCIPALS),
      values: fc.tuple(
        ...keys.map(([k, fam]) => {
          const one = fromPools(REQUEST_VALUES[fam], valuesOf(k, fam));
          // Multi-valued keys get lists (§4.1), sometimes longer than their element count.
          const v: fc.Arbitrary<ContextValue> = keyTypes.sets?.has(k) ? fc.oneof(one, fc.array(one, { maxLength: 4 })) : one;
          return fc.option(v, { freq: 3 });
        }),
      ),
      upper: fc.array(fc.boolean(), { minLength: keys.length, maxLength: keys.length }),
      roleArn: fc.option(fc.constantFrom(...ROLE_ARNS)),
    })
    .map(({ action, resource, principal, values, upper, roleArn }) => {
      const context: Record<string, ContextValue> = {};
      keys.forEach(([k], i) => {
        // Key names are looked up case-insensitively: sometimes write them in upper case.
        const name = upper[i] ? k.toUpperCase() : k;
        const v = values[i];
        const bad = (x: string) => !isWellTyped(keyTypes.get(k)!, x);
        if (v !== null && (Array.isArray(v) ? v.some(bad) : bad(v))) return;
        if (v !== null || upper[i]) context[name] = v;
      });
      // A role session's role (and so its path) is the context's aws:PrincipalArn when that names it.
      const family = keyTypes.get("aws:principalarn");
      if (roleArn !== null && (family === undefined || family === "string")) {
        for (const k of Object.keys(context)) if (k.toLowerCase() === "aws:principalarn") delete context[k];
        context["aws:PrincipalArn"] = roleArn;
      }
      return p.type === "RESOURCE_POLICY" ? { action, resource, context, principal } : { action, resource, context };
    });
}
