// One statement object → Statement (iam-semantics §1.1–§1.5, §2.1, §2.2).
// Contract: reports every problem in the statement (unknown elements, wrong types, missing or
// conflicting elements, policy-type rules, malformed actions and short ARNs) and returns the
// normalised Statement, or undefined when at least one error was reported for it.

import { impossibleAccount } from "./arn-account.js";
import type { MemberNode, ObjectNode, ValueNode } from "@humanwhocodes/momoa";
import type { ActionBlock, Effect, Located, ResourceBlock, Statement } from "../iam/ast.js";
import { parseConditions } from "./conditions.js";
import { type Context, membersOf, type Path } from "./context.js";
import { invalidAccountMessage, show } from "./messages.js";
import { memberName } from "./json.js";
import { parsePrincipal } from "./principals.js";

const STATEMENT_KEYS = new Set([
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
]);
const PAIRS = [
  ["Action", "NotAction"],
  ["Resource", "NotResource"],
  ["Principal", "NotPrincipal"],
] as const;

const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9*?_-]+$/;
const ACTION_WILD_SERVICE = /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_-]+$/;

export function parseStatement(ctx: Context, node: ObjectNode, index: number, path: Path): Statement | undefined {
  const before = ctx.errors;
  const members = membersOf(node);
  for (const [name, m] of members) {
    if (!STATEMENT_KEYS.has(name)) {
      ctx.error("INVALID_POLICY_ELEMENT", `${show(name)} is not a statement element`, m.name, [...path, name]);
    }
  }
  // Of each exclusive pair, the member written first is read; the second is the error.
  const chosen = new Map<string, MemberNode>();
  for (const [a, b] of PAIRS) {
    const ma = members.get(a),
      mb = members.get(b);
    if (ma && mb) {
      const [first, second] = ma.loc.start.offset < mb.loc.start.offset ? [ma, mb] : [mb, ma];
      const [fn, sn] = first === ma ? [a, b] : [b, a];
      ctx.error("UNSUPPORTED_ELEMENT_COMBINATION", `\`${sn}\` cannot be used together with \`${fn}\` in one statement`, second.name, [
        ...path,
        sn,
      ]);
      chosen.set(a, first);
    } else if (ma ?? mb) chosen.set(a, (ma ?? mb)!);
  }

  const sidMember = members.get("Sid");
  let sid: string | undefined;
  if (sidMember) {
    if (sidMember.value.type !== "String") ctx.wrongType(sidMember.value, [...path, "Sid"], "`Sid`", "a string");
    else {
      sid = sidMember.value.value;
      if (!/^[A-Za-z0-9]*$/.test(sid)) {
        ctx.warn("UNSUPPORTED_SID", `sid ${show(sid)} has characters outside \`[A-Za-z0-9]\`, which IAM does not accept`, sidMember.value, [
          ...path,
          "Sid",
        ]);
      }
    }
  }

  const effect = parseEffect(ctx, node, members.get("Effect"), path);

  let principal: Statement["principal"];
  const pm = chosen.get("Principal");
  if (ctx.type === "IDENTITY_POLICY") {
    for (const m of [members.get("Principal"), members.get("NotPrincipal")]) {
      if (m)
        ctx.error("UNSUPPORTED_PRINCIPAL", `an identity policy cannot have a \`${memberName(m)}\` element`, m.name, [
          ...path,
          memberName(m),
        ]);
    }
  } else if (!pm) {
    ctx.error("MISSING_PRINCIPAL", "statement has no `Principal` or `NotPrincipal`, which a resource policy requires", node, path);
  } else principal = parsePrincipal(ctx, pm, [...path, memberName(pm)]);

  let action: ActionBlock | undefined;
  const am = chosen.get("Action");
  if (!am) ctx.error("MISSING_ACTION", "statement has no `Action` or `NotAction`", node, path);
  else {
    const patterns = stringList(ctx, am, [...path, memberName(am)], checkAction);
    if (patterns) action = { negated: memberName(am) === "NotAction", patterns, loc: ctx.loc(am.value, [...path, memberName(am)]) };
  }

  let resource: ResourceBlock | undefined;
  const rm = chosen.get("Resource");
  if (!rm) {
    if (ctx.type === "IDENTITY_POLICY")
      ctx.error("MISSING_RESOURCE", "statement has no `Resource` or `NotResource`, which an identity policy requires", node, path);
  } else {
    const patterns = stringList(ctx, rm, [...path, memberName(rm)], checkResource);
    if (patterns) resource = { negated: memberName(rm) === "NotResource", patterns, loc: ctx.loc(rm.value, [...path, memberName(rm)]) };
  }

  const cm = members.get("Condition");
  const conditions = cm ? parseConditions(ctx, cm.value, [...path, "Condition"]) : [];

  if (ctx.errors > before || !effect || !action || !conditions) return undefined;
  return { index, sid, effect, principal, action, resource, conditions, loc: ctx.loc(node, path) };
}

function parseEffect(ctx: Context, stmt: ObjectNode, m: MemberNode | undefined, path: Path): Effect | undefined {
  if (!m) {
    ctx.error("MISSING_EFFECT", "statement has no `Effect`", stmt, path);
    return undefined;
  }
  const p = [...path, "Effect"];
  if (m.value.type !== "String") {
    ctx.wrongType(m.value, p, "`Effect`", "a string");
    return undefined;
  }
  const v = m.value.value;
  if (v === "Allow" || v === "Deny") return v;
  ctx.error("INVALID_EFFECT", `effect ${show(v)} must be exactly \`Allow\` or \`Deny\``, m.value, p);
  return undefined;
}

type Check = (ctx: Context, value: string, node: ValueNode, path: Path, element: string) => void;

// A string or an array of strings; an empty array is a warning (it matches nothing).
function stringList(ctx: Context, m: MemberNode, path: Path, check: Check): Located<string>[] | undefined {
  const element = memberName(m);
  const node = m.value;
  if (node.type === "String") {
    check(ctx, node.value, node, path, element);
    return [{ value: node.value, loc: ctx.loc(node, path) }];
  }
  if (node.type !== "Array") {
    ctx.wrongType(node, path, `\`${element}\``, "a string or an array of strings");
    return undefined;
  }
  if (node.elements.length === 0) {
    const negated = element.startsWith("Not");
    const code = element.endsWith("Action") ? "EMPTY_ARRAY_ACTION" : "EMPTY_ARRAY_RESOURCE";
    ctx.warn(
      code,
      `\`${element}\` is the empty list \`[]\`, ${negated ? "which excludes nothing" : "so the statement matches nothing"}`,
      node,
      path,
    );
  }
  const out: Located<string>[] = [];
  let ok = true;
  node.elements.forEach((el, i) => {
    const p = [...path, i];
    if (el.value.type !== "String") {
      ctx.wrongType(el.value, p, `an entry of \`${element}\``, "a string");
      ok = false;
      return;
    }
    check(ctx, el.value.value, el.value, p, element);
    out.push({ value: el.value.value, loc: ctx.loc(el.value, p) });
  });
  return ok ? out : undefined;
}

const checkAction: Check = (ctx, value, node, path) => {
  if (value === "*" || ACTION.test(value)) return;
  if (ACTION_WILD_SERVICE.test(value)) {
    ctx.warn(
      "WILDCARD_IN_SERVICE_NAME",
      `action ${show(value)} has a wildcard in its service prefix, which AWS does not document`,
      node,
      path,
    );
    return;
  }
  ctx.warn("INVALID_ACTION", `action ${show(value)} is malformed and matches nothing`, node, path);
};

const checkResource: Check = (ctx, value, node, path, element) => {
  // keyaki's own code (AWS's checks have none): `""` is no ARN and matches no real resource.
  if (value === "") {
    ctx.warn("EMPTY_RESOURCE", `an entry of \`${element}\` is the empty string \`""\`, which matches no resource`, node, path);
    return;
  }
  if (value.startsWith("arn:") && value.split(":").length < 6) {
    ctx.warn("MISSING_ARN_FIELD", `resource ${show(value)} has fewer than six colon-separated ARN fields`, node, path);
  }
  const account = impossibleAccount(value, "resource");
  if (account !== undefined) ctx.warn("INVALID_ARN_ACCOUNT", invalidAccountMessage("resource", value, account, "no resource"), node, path);
};
