// The condition-operator table, declared once as data (iam-semantics §3.1–§3.4).
// Contract: every base operator maps to its family (which evaluator and encoder file implements
// it), whether it is negated (values combine as NOR and a missing key makes it true), and the
// match it negates or performs. ArnEquals ≡ ArnLike and ArnNotEquals ≡ ArnNotLike (§3.4).

import type { BaseOperator } from "./ast.js";
import type { KeyFamily } from "./key-types.js";

export type OperatorFamily = "string" | "numeric" | "date" | "ip" | "bool" | "binary" | "arn" | "null";

export type MatchKind =
  | "equals" // exact, case-sensitive
  | "equalsIgnoreCase"
  | "like" // glob
  | "eq"
  | "lt"
  | "le"
  | "gt"
  | "ge"
  | "cidr" // address within the block
  | "bool"
  | "binary" // equal decoded bytes
  | "arn" // component-wise ARN glob
  | "null"; // presence test

export interface OperatorInfo {
  family: OperatorFamily;
  negated: boolean;
  match: MatchKind;
}

const op = (family: OperatorFamily, match: MatchKind, negated = false): OperatorInfo => ({ family, negated, match });

export const OPERATORS: Readonly<Record<BaseOperator, OperatorInfo>> = {
  StringEquals: op("string", "equals"),
  StringNotEquals: op("string", "equals", true),
  StringEqualsIgnoreCase: op("string", "equalsIgnoreCase"),
  StringNotEqualsIgnoreCase: op("string", "equalsIgnoreCase", true),
  StringLike: op("string", "like"),
  StringNotLike: op("string", "like", true),
  NumericEquals: op("numeric", "eq"),
  NumericNotEquals: op("numeric", "eq", true),
  NumericLessThan: op("numeric", "lt"),
  NumericLessThanEquals: op("numeric", "le"),
  NumericGreaterThan: op("numeric", "gt"),
  NumericGreaterThanEquals: op("numeric", "ge"),
  DateEquals: op("date", "eq"),
  DateNotEquals: op("date", "eq", true),
  DateLessThan: op("date", "lt"),
  DateLessThanEquals: op("date", "le"),
  DateGreaterThan: op("date", "gt"),
  DateGreaterThanEquals: op("date", "ge"),
  Bool: op("bool", "bool"),
  BinaryEquals: op("binary", "binary"),
  IpAddress: op("ip", "cidr"),
  NotIpAddress: op("ip", "cidr", true),
  ArnEquals: op("arn", "arn"),
  ArnLike: op("arn", "arn"),
  ArnNotEquals: op("arn", "arn", true),
  ArnNotLike: op("arn", "arn", true),
  Null: op("null", "null"),
};

/** The key family an operator family reads (Arn keys are strings); undefined for Null. */
export function keyFamilyOf(family: OperatorFamily): KeyFamily | undefined {
  if (family === "null") return undefined;
  return family === "arn" ? "string" : family;
}

/** The formula variable holding a key's value in a family. */
export function valueVar(family: KeyFamily, key: string): string {
  const prefix = { string: "s", binary: "s", numeric: "n", date: "d", ip: "ip", bool: "b" }[family];
  return `${prefix}:${key}`;
}

export function presentVar(key: string): string {
  return `present:${key}`;
}

/** A loose key's (or element's) value is text that does not parse for its family (key-types.ts). */
export function illTypedVar(key: string): string {
  return `illtyped:${key}`;
}

/** Element i (from 1) of a multi-valued key: its values sit in `valueVar(family, elementKey(k, i))`. */
export function elementKey(key: string, i: number): string {
  return `${key}#${i}`;
}

/** Element i of a multi-valued key is in the request's value set. */
export function elementVar(key: string, i: number): string {
  return `in:${elementKey(key, i)}`;
}

export function freeVar(id: string): string {
  return `free:${id}`;
}
