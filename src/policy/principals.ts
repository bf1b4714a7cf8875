// Principal / NotPrincipal → PrincipalBlock (iam-semantics §1.6).
// Contract: accepts `"*"`, a bare 12-digit account id (read as {"AWS": id}, with a warning), or a
// map from AWS / Service / Federated / CanonicalUser to a string or an array of strings. Values
// are kept as written; partial wildcards and empty forms are warnings (they match nothing).
// Returns undefined when the element cannot be read.

import { impossibleAccount } from "./arn-account.js";
import type { MemberNode, ValueNode } from "@humanwhocodes/momoa";
import type { PrincipalBlock, PrincipalValue } from "../iam/ast.js";
import { type Context, membersOf, type Path } from "./context.js";
import { memberName } from "./json.js";
import { invalidAccountMessage, show } from "./messages.js";

const PRINCIPAL_TYPES = ["AWS", "Service", "Federated", "CanonicalUser"] as const;
type PrincipalType = (typeof PRINCIPAL_TYPES)[number];

const ACCOUNT_ID = /^\d{12}$/;

export function parsePrincipal(ctx: Context, member: MemberNode, path: Path): PrincipalBlock | undefined {
  const element = memberName(member);
  const negated = element === "NotPrincipal";
  const node = member.value;
  const loc = ctx.loc(node, path);
  if (node.type === "String") {
    if (node.value === "*") return { negated, values: [{ type: "*", loc }], loc };
    if (ACCOUNT_ID.test(node.value)) {
      ctx.warn("BARE_ACCOUNT_PRINCIPAL", `bare account id ${show(node.value)} is read as \`{"AWS": "${node.value}"}\``, node, path);
      return { negated, values: [{ type: "AWS", value: node.value, loc }], loc };
    }
    ctx.error("INVALID_PRINCIPAL_FORMAT", `\`${element}\` ${show(node.value)} must be \`*\` or a map such as \`{"AWS": "…"}\``, node, path);
    return undefined;
  }
  if (node.type !== "Object") {
    ctx.wrongType(node, path, `\`${element}\``, "`*` or an object");
    return undefined;
  }
  if (node.members.length === 0) {
    ctx.warn(
      "EMPTY_OBJECT_PRINCIPAL",
      `\`${element}\` is the empty object \`{}\`, ${negated ? "which excludes nobody" : "which matches nobody"}`,
      node,
      path,
    );
  }
  const values: PrincipalValue[] = [];
  let ok = true;
  for (const [key, m] of membersOf(node)) {
    const keyPath = [...path, key];
    if (!(PRINCIPAL_TYPES as readonly string[]).includes(key)) {
      ctx.error(
        "INVALID_PRINCIPAL_KEY",
        `principal key ${show(key)} is not one of \`AWS\`, \`Service\`, \`Federated\`, \`CanonicalUser\``,
        m.name,
        keyPath,
      );
      ok = false;
      continue;
    }
    const read = principalValues(ctx, key as PrincipalType, m.value, keyPath, negated);
    if (read) values.push(...read);
    else ok = false;
  }
  return ok ? { negated, values, loc } : undefined;
}

/** `*`, an account id, an ARN, or a unique id (AIDA…, AROA…): what an AWS principal can name. */
const AWS_PRINCIPAL_FORMAT = /^(\*|\d{12}|arn:.*|A[A-Z0-9]{3}[A-Z0-9]+)$/s;

function principalValues(ctx: Context, type: PrincipalType, node: ValueNode, path: Path, negated: boolean): PrincipalValue[] | undefined {
  const one = (n: ValueNode, p: Path): PrincipalValue | undefined => {
    if (n.type !== "String") {
      ctx.wrongType(n, p, `a \`${type}\` principal`, "a string");
      return undefined;
    }
    if (n.value !== "*" && /[*?]/.test(n.value)) {
      ctx.warn(
        "UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
        `principal ${show(n.value)} has a partial wildcard, which AWS does not support in principals`,
        n,
        p,
      );
    } else if (type === "AWS" && !AWS_PRINCIPAL_FORMAT.test(n.value)) {
      ctx.warn(
        "UNRECOGNISED_AWS_PRINCIPAL",
        `principal ${show(n.value)} is not \`*\`, a 12-digit account id, an ARN or a unique id, so it matches no caller`,
        n,
        p,
      );
    }
    const account = type === "AWS" ? impossibleAccount(n.value, "principal") : undefined;
    if (account !== undefined) ctx.warn("INVALID_ARN_ACCOUNT", invalidAccountMessage("principal", n.value, account, "no caller"), n, p);
    return { type, value: n.value, loc: ctx.loc(n, p) };
  };
  if (node.type !== "Array") {
    if (node.type !== "String") {
      ctx.wrongType(node, path, `a \`${type}\` principal`, "a string or an array of strings");
      return undefined;
    }
    return [one(node, path)!];
  }
  if (node.elements.length === 0) {
    ctx.warn(
      "EMPTY_ARRAY_PRINCIPAL",
      `\`${type}\` principal list \`[]\` is empty, ${negated ? "which excludes nobody" : "which matches nobody"}`,
      node,
      path,
    );
  }
  const out: PrincipalValue[] = [];
  let ok = true;
  node.elements.forEach((el, i) => {
    const v = one(el.value, [...path, i]);
    if (v) out.push(v);
    else ok = false;
  });
  return ok ? out : undefined;
}
