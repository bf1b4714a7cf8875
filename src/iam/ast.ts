// The typed policy AST that parsing (policy/parse.ts) produces and everything downstream consumes;
// it lives in iam, below the parser, because the evaluator, the encoder and iam's own condition
// and principal semantics all read it (docs/architecture.md).
// Contract: every node carries the location of the JSON it came from; scalar-or-array forms are
// already normalised to arrays; JSON numbers and booleans in condition values are already their
// string form; nothing here has been interpreted (patterns are as written, variables unexpanded).

/** Where a node sits in the source text and in the JSON tree. */
export interface Loc {
  line: number; // from 1
  column: number; // from 1
  offset: number; // from 0
  length: number; // characters the node spans in the source
  path: string; // JSON Pointer
}

export interface Located<T> {
  value: T;
  loc: Loc;
}

export type Effect = "Allow" | "Deny";

/** One principal value: the bare `"*"` or a (type, value) pair from a principal map. */
export type PrincipalValue = { type: "*"; loc: Loc } | { type: "AWS" | "Service" | "Federated" | "CanonicalUser"; value: string; loc: Loc };

export interface PrincipalBlock {
  negated: boolean; // NotPrincipal
  values: PrincipalValue[]; // OR; empty = matches nothing
  loc: Loc;
}

export interface ActionBlock {
  negated: boolean; // NotAction
  patterns: Located<string>[]; // as written; "*" alone is a pattern like any other
  loc: Loc;
}

export interface ResourceBlock {
  negated: boolean; // NotResource
  patterns: Located<string>[];
  loc: Loc;
}

/** The base operators, exactly as AWS spells them (operator names are case-sensitive). */
export const BASE_OPERATORS = [
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "NumericEquals",
  "NumericNotEquals",
  "NumericLessThan",
  "NumericLessThanEquals",
  "NumericGreaterThan",
  "NumericGreaterThanEquals",
  "DateEquals",
  "DateNotEquals",
  "DateLessThan",
  "DateLessThanEquals",
  "DateGreaterThan",
  "DateGreaterThanEquals",
  "Bool",
  "BinaryEquals",
  "IpAddress",
  "NotIpAddress",
  "ArnEquals",
  "ArnLike",
  "ArnNotEquals",
  "ArnNotLike",
  "Null",
] as const;
export type BaseOperator = (typeof BASE_OPERATORS)[number];

export type SetQualifier = "ForAllValues" | "ForAnyValue";

/** One (operator, key) pair of a Condition block with its value list. */
export interface Condition {
  operator: string; // as written, e.g. "ForAnyValue:StringLikeIfExists"
  base: BaseOperator;
  qualifier?: SetQualifier;
  ifExists: boolean;
  key: string; // as written; compare case-insensitively
  values: Located<string>[]; // non-empty; JSON numbers/booleans as their JSON text
  loc: Loc; // the key's member
}

export interface Statement {
  index: number;
  sid?: string;
  effect: Effect;
  principal?: PrincipalBlock; // absent in identity policies
  action: ActionBlock;
  resource?: ResourceBlock; // absent only in resource policies (e.g. trust policies): every resource
  conditions: Condition[]; // AND
  loc: Loc;
}

export type PolicyType = "IDENTITY_POLICY" | "RESOURCE_POLICY";

export interface Policy {
  /** "2012-10-17", "2008-10-17", or undefined when absent (which means 2008-10-17). */
  version?: string;
  id?: string;
  statements: Statement[];
  /** The source text, for code frames. */
  text: string;
  type: PolicyType;
}

/** Policy variables `${...}` are recognised only under the 2012-10-17 language. */
export function variablesEnabled(policy: Policy): boolean {
  return policy.version === "2012-10-17";
}
