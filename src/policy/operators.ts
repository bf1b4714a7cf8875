// Condition operator names: `[ForAllValues:|ForAnyValue:]<BaseOperator>[IfExists]`.
// Contract: `parseOperator` accepts exactly AWS's casing and nothing else (iam-semantics §1.7);
// `NullIfExists` parses (so it can be reported precisely) and the caller rejects it.

import { BASE_OPERATORS, type BaseOperator, type SetQualifier } from "../iam/ast.js";

export interface ParsedOperator {
  base: BaseOperator;
  qualifier?: SetQualifier;
  ifExists: boolean;
}

const BASES: ReadonlySet<string> = new Set(BASE_OPERATORS);

export function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name;
  let qualifier: SetQualifier | undefined;
  for (const q of ["ForAllValues", "ForAnyValue"] as const) {
    if (rest.startsWith(q + ":")) {
      qualifier = q;
      rest = rest.slice(q.length + 1);
      break;
    }
  }
  let ifExists = false;
  if (rest.endsWith("IfExists") && rest !== "IfExists") {
    ifExists = true;
    rest = rest.slice(0, -"IfExists".length);
  }
  if (!BASES.has(rest)) return undefined;
  return { base: rest as BaseOperator, qualifier, ifExists };
}

export type ValueFamily = "string" | "arn" | "numeric" | "date" | "bool" | "binary" | "ip" | "null";

export function familyOf(base: BaseOperator): ValueFamily {
  if (base.startsWith("String")) return "string";
  if (base.startsWith("Arn")) return "arn";
  if (base.startsWith("Numeric")) return "numeric";
  if (base.startsWith("Date")) return "date";
  if (base === "Bool") return "bool";
  if (base === "BinaryEquals") return "binary";
  if (base === "IpAddress" || base === "NotIpAddress") return "ip";
  return "null";
}

/** Operators whose values are compared literally, so `*` and `?` in them are not wildcards. */
export function isLiteralStringOperator(base: BaseOperator): boolean {
  return base === "StringEquals" || base === "StringNotEquals" || base === "StringEqualsIgnoreCase" || base === "StringNotEqualsIgnoreCase";
}
