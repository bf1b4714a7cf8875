// The Condition block: `{ "<Operator>": { "<key>": <value | [values]> } }` → Condition[].
// Contract: returns one Condition per (operator, key) in source order, values normalised to
// strings (numbers and booleans as their JSON text), and reports every structural problem and
// every value its operator family cannot parse (iam-semantics §1.7, §3.4, §4.4). Returns
// undefined only when the block itself is not an object.

import type { ObjectNode, ValueNode } from "@humanwhocodes/momoa";
import { canonicalBase64, parseCidr, parseDate, parseNumber } from "../iam/values.js";
import { keyInfo } from "../iam/condition-keys.js";
import { impossibleAccount } from "./arn-account.js";
import { BASE_OPERATORS, type Condition, type Located } from "../iam/ast.js";
import { type Context, membersOf, type Path } from "./context.js";
import { invalidAccountMessage, show } from "./messages.js";
import { familyOf, isLiteralStringOperator, type ParsedOperator, parseOperator } from "./operators.js";

export function parseConditions(ctx: Context, node: ValueNode, path: Path): Condition[] | undefined {
  if (node.type !== "Object") {
    ctx.wrongType(node, path, "`Condition`", "an object");
    return undefined;
  }
  if (node.members.length === 0) {
    ctx.error("EMPTY_OBJECT_CONDITION", "the `Condition` block `{}` is empty, and AWS reads an empty block ambiguously", node, path);
  }
  const out: Condition[] = [];
  for (const [name, member] of membersOf(node)) {
    const opPath = [...path, name];
    const op = parseOperator(name);
    if (!op) {
      const hint = suggestOperator(name);
      ctx.error(
        "INVALID_CONDITION_OPERATOR",
        `condition operator ${show(name)} is not an AWS operator${hint ? `; did you mean ${show(hint)}` : ""}`,
        member.name,
        opPath,
      );
    } else if (op.base === "Null" && op.ifExists) {
      ctx.error("NULL_WITH_IF_EXISTS", `operator ${show(name)} is not allowed: \`Null\` cannot take \`IfExists\``, member.name, opPath);
    } else if (op.base === "Null" && op.qualifier) {
      ctx.warn(
        "NULL_WITH_QUALIFIER",
        `operator ${show(name)} combines \`Null\` with a set qualifier, which AWS says is always true or always false`,
        member.name,
        opPath,
      );
    }
    if (member.value.type !== "Object") {
      ctx.wrongType(member.value, opPath, `the keys of ${show(name)}`, "an object");
      continue;
    }
    out.push(...operatorBlock(ctx, name, op, member.value, opPath));
  }
  return out;
}

function operatorBlock(ctx: Context, name: string, op: ParsedOperator | undefined, node: ObjectNode, path: Path): Condition[] {
  if (node.members.length === 0) {
    ctx.error(
      "EMPTY_OBJECT_CONDITION",
      `operator ${show(name)} has no condition keys, and AWS reads an empty block ambiguously`,
      node,
      path,
    );
  }
  const out: Condition[] = [];
  const seen = new Map<string, string>(); // lower-cased key → first spelling
  for (const [key, member] of membersOf(node)) {
    const keyPath = [...path, key];
    const first = seen.get(key.toLowerCase());
    if (first !== undefined) {
      ctx.error(
        "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
        `condition key ${show(key)} repeats ${show(first)} under ${show(name)}; key names are case-insensitive`,
        member.name,
        keyPath,
      );
    } else seen.set(key.toLowerCase(), key);
    // keyaki's own code (AWS's checks have none): no request carries a key named `""`.
    if (key === "")
      ctx.warn(
        "EMPTY_CONDITION_KEY",
        `the condition key under ${show(name)} is the empty string \`""\`, which no request has`,
        member.name,
        keyPath,
      );
    const values = conditionValues(ctx, member.value, keyPath, key);
    if (!values || !op) continue;
    checkValues(ctx, name, op, member.value, values, keyPath);
    checkArnAccounts(ctx, op, key, values);
    out.push({
      operator: name,
      base: op.base,
      qualifier: op.qualifier,
      ifExists: op.ifExists,
      key,
      values: values.map((v) => v.located),
      loc: ctx.loc(member, keyPath),
    });
  }
  return out;
}

interface Value {
  located: Located<string>;
  node: ValueNode;
  path: Path;
}

function scalar(ctx: Context, node: ValueNode, path: Path): Value | undefined {
  if (node.type === "String") return { node, path, located: { value: node.value, loc: ctx.loc(node, path) } };
  if (node.type === "Number" || node.type === "Boolean") return { node, path, located: { value: ctx.raw(node), loc: ctx.loc(node, path) } };
  return undefined;
}

function conditionValues(ctx: Context, node: ValueNode, path: Path, key: string): Value[] | undefined {
  const single = scalar(ctx, node, path);
  if (single) return [single];
  if (node.type !== "Array") {
    ctx.wrongType(node, path, `the value of condition key ${show(key)}`, "a string, number, boolean or an array of them");
    return undefined;
  }
  if (node.elements.length === 0) {
    ctx.error(
      "EMPTY_ARRAY_CONDITION",
      `condition key ${show(key)} has an empty value list \`[]\`, whose meaning AWS documents inconsistently`,
      node,
      path,
    );
    return undefined;
  }
  const out: Value[] = [];
  let ok = true;
  let mixedReported = false;
  node.elements.forEach((el, i) => {
    const v = scalar(ctx, el.value, [...path, i]);
    if (!v) {
      ctx.wrongType(el.value, [...path, i], `a value of condition key ${show(key)}`, "a string, number or boolean");
      ok = false;
      return;
    }
    if (out.length > 0 && v.node.type !== out[0].node.type && !mixedReported) {
      mixedReported = true;
      ctx.error(
        "INVALID_CONDITION_DATA_TYPE",
        `value ${show(v.located.value)} is ${typeName(v.node)} but the list for ${show(key)} began with ${typeName(out[0].node)}`,
        el.value,
        [...path, i],
      );
    }
    out.push(v);
  });
  return ok ? out : undefined;
}

function typeName(node: ValueNode): string {
  return node.type === "String" ? "a string" : node.type === "Number" ? "a number" : "a boolean";
}

// Boolean policy values must be exactly `true` or `false` (JSON booleans arrive as that text):
// AWS documents no other casing, so `"True"` is rejected rather than guessed (iam-semantics §10.11).
// A value holding a policy variable passes here: whether Bool takes variables is contested
// (§10.2), and the encoder reads it both ways (BOOL_VARIABLE).
const strictBool = (s: string): true | undefined => (s === "true" || s === "false" ? true : undefined);
const strictBoolOrVariable = (s: string): true | undefined => (/\$\{[^}]+\}/.test(s) ? true : strictBool(s));

const FAMILY_CHECKS: Record<string, { code: string; parse: (s: string) => unknown; expected: string } | undefined> = {
  numeric: { code: "INVALID_NUMBER_VALUE", parse: parseNumber, expected: "an integer or decimal number" },
  date: { code: "INVALID_DATE_VALUE", parse: parseDate, expected: "an ISO 8601 date or epoch seconds" },
  ip: { code: "INVALID_IP_ADDRESS", parse: parseCidr, expected: "an IP address or CIDR block" },
  bool: { code: "INVALID_BOOLEAN_VALUE", parse: strictBoolOrVariable, expected: "`true` or `false`" },
  binary: { code: "INVALID_BINARY_VALUE", parse: canonicalBase64, expected: "base64" },
  null: { code: "INVALID_NULL_VALUE", parse: strictBool, expected: "`true` or `false`" },
};

/** A value of an ARN-valued key whose account no ARN has (INVALID_ARN_ACCOUNT, a warning). */
function checkArnAccounts(ctx: Context, op: ParsedOperator, key: string, values: Value[]): void {
  const family = familyOf(op.base);
  // The keys the request domain holds to ARNs (encode/real-requests.ts arnValued).
  if ((family !== "arn" && family !== "string") || !/arns?$/i.test(key) || !/^(arrayof)?arn$/i.test(keyInfo(key).type ?? "")) return;
  for (const { located, node, path } of values) {
    // Arn operators' wildcards stop at colons; a String operator's may cross them.
    const account = impossibleAccount(located.value, "resource", family === "arn");
    if (account !== undefined)
      ctx.warn("INVALID_ARN_ACCOUNT", invalidAccountMessage("value", located.value, account, `no value of ${show(key)}`), node, path);
  }
}

function checkValues(ctx: Context, name: string, op: ParsedOperator, node: ValueNode, values: Value[], path: Path): void {
  const family = familyOf(op.base);
  const check = FAMILY_CHECKS[family];
  for (const { located, node: vn, path: vp } of values) {
    if (check && check.parse(located.value) === undefined) {
      ctx.error(check.code, `value ${show(located.value)} is not ${check.expected}, which ${show(name)} requires`, vn, vp);
    }
    if (isLiteralStringOperator(op.base) && /[*?]/.test(located.value.replace(/\$\{[*?$]\}/g, ""))) {
      ctx.warn(
        "WILDCARD_WITHOUT_LIKE_OPERATOR",
        `value ${show(located.value)} has \`*\` or \`?\`, which ${show(name)} compares literally; wildcards need a Like operator`,
        vn,
        vp,
      );
    }
  }
  if (family === "bool" && values.length > 1) {
    ctx.error("INVALID_CONDITION_MULTIPLE_BOOLEAN", `${show(name)} takes one Boolean value per key, not ${values.length}`, node, path);
  }
}

function suggestOperator(name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const q of ["", "ForAllValues:", "ForAnyValue:"]) {
    for (const b of BASE_OPERATORS) {
      for (const s of ["", "IfExists"]) {
        if ((q + b + s).toLowerCase() === lower) return q + b + s;
      }
    }
  }
  return undefined;
}
