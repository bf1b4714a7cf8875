// Lambda permissions → one synthesised resource policy per function (and per layer version).
// Contract: every AWS::Lambda::Permission of a template is turned into the statement Lambda's
// AddPermission writes (AWS Lambda Developer Guide, "Using resource-based policies"): Effect
// Allow, Sid the logical id, the principal (`*`, an account or ARN as AWS, else a service), the
// action, the function's ARN as Resource, and SourceArn (ArnLike aws:SourceArn), SourceAccount
// (StringEquals aws:SourceAccount), PrincipalOrgID (StringEquals aws:PrincipalOrgID),
// EventSourceToken (StringEquals lambda:EventSourceToken) and FunctionUrlAuthType (StringEquals
// lambda:FunctionUrlAuthType) as conditions. Permissions naming the same function (the same
// expression) are merged into one policy, located at the first one's Properties. Layer version
// permissions (LayerVersionPermission: Principal an account or `*`, OrganizationId as
// aws:PrincipalOrgID) are merged per layer version the same way.

import { pointer as toPointer } from "../diagnostics/diagnostic.js";
import { canonicalText, type Evaluator } from "./intrinsics.js";
import { member, type TNode } from "./tree.js";
import type { ExtractedPolicy } from "./types.js";
import { concat, NO_VALUE, Sym, Unknown, type Evaluated, type Value, uniqueHoles } from "./value.js";

interface Group {
  name: string;
  resourceType: string;
  pointer: string;
  node: TNode;
  statements: Value[];
  pointers: string[];
}

const CONDITIONS: Array<[prop: string, operator: string, key: string]> = [
  ["SourceArn", "ArnLike", "aws:SourceArn"],
  ["SourceAccount", "StringEquals", "aws:SourceAccount"],
  ["PrincipalOrgID", "StringEquals", "aws:PrincipalOrgID"],
  ["EventSourceToken", "StringEquals", "lambda:EventSourceToken"],
  ["FunctionUrlAuthType", "StringEquals", "lambda:FunctionUrlAuthType"],
];

function principalOf(v: Evaluated): Value {
  if (v === "*") return "*";
  if (typeof v === "string" && (/^\d{12}$/.test(v) || v.startsWith("arn:"))) return { AWS: v };
  if (typeof v === "string") return { Service: v };
  // Unknown or partly unknown: its type is not known; unknowns.ts reads a principal with a hole as any principal.
  return { AWS: v === NO_VALUE ? "" : v };
}

export function synthesiseLambdaPolicies(ev: Evaluator): ExtractedPolicy[] {
  const groups = new Map<string, Group>();
  const part = (v: Evaluated) => (v instanceof Unknown ? v.hole : (v as string | Sym));
  for (const [logicalId, res] of ev.resources) {
    const type = member(res, "Type");
    const layer = type?.type === "scalar" && type.value === "AWS::Lambda::LayerVersionPermission";
    if (type?.type !== "scalar" || (type.value !== "AWS::Lambda::Permission" && !layer)) continue;
    const props = member(res, "Properties");
    if (!props) continue;
    const at = toPointer(["Resources", logicalId, "Properties"]);
    const [P, R, A] = ["AWS::Partition", "AWS::Region", "AWS::AccountId"].map((p) => ev.evaluate(ref(p, props), at));
    const prop = (name: string): Evaluated | undefined => {
      const n = member(props, name);
      return n ? ev.evaluate(n, `${at}/${name}`) : undefined;
    };
    const targetProp = layer ? "LayerVersionArn" : "FunctionName";
    const targetNode = member(props, targetProp);
    const target = prop(targetProp);
    let resource: Value;
    const isArn =
      (typeof target === "string" && target.startsWith("arn:")) ||
      (target instanceof Sym && typeof target.parts[0] === "string" && target.parts[0].startsWith("arn:"));
    if (layer || isArn) resource = target === undefined || target === NO_VALUE ? "" : target;
    else if (target instanceof Unknown) resource = target;
    else
      resource = concat([
        "arn:",
        part(P),
        ":lambda:",
        part(R),
        ":",
        part(A),
        ":function:",
        typeof target === "string" || target instanceof Sym ? target : "",
      ]);
    const statement: { [k: string]: Value } = { Sid: logicalId, Effect: "Allow" };
    const principal = prop("Principal");
    statement.Principal =
      layer && typeof principal === "string" && principal !== "*" && !principal.startsWith("arn:")
        ? { AWS: principal }
        : principalOf(principal ?? NO_VALUE);
    const action = prop("Action");
    statement.Action = action === undefined || action === NO_VALUE ? "" : action;
    statement.Resource = resource;
    const condition: { [op: string]: { [key: string]: Value } } = {};
    for (const [p, op, key] of layer ? ([["OrganizationId", "StringEquals", "aws:PrincipalOrgID"]] as const) : CONDITIONS) {
      const v = prop(p);
      if (v !== undefined && v !== NO_VALUE) (condition[op] ??= {})[key] = v;
    }
    if (Object.keys(condition).length > 0) statement.Condition = condition;
    // Permissions naming the same function (by its logical id, or by the same expression) merge.
    const refName = targetNode && (member(targetNode, "Ref") ?? member(targetNode, "Fn::GetAtt"));
    const label = refName
      ? canonicalText(refName)
          .replace(/^\[|\]$/g, "")
          .split(",")[0]
          .replace(/\.Arn$/, "")
      : targetNode
        ? canonicalText(targetNode)
        : logicalId;
    const key = `${layer}:${label}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        name: `${label}/${layer ? "LayerVersionPermissions" : "Permissions"}`,
        resourceType: layer ? "AWS::Lambda::LayerVersion" : "AWS::Lambda::Function",
        pointer: at,
        node: props,
        statements: [],
        pointers: [],
      };
      groups.set(key, group);
    }
    group.statements.push(statement);
    group.pointers.push(at);
  }
  return [...groups.values()].map((g) => {
    const document: Value = { Version: "2012-10-17", Statement: g.statements };
    return {
      file: ev.file,
      pointer: g.pointer,
      name: g.name,
      kind: "synthesized",
      policyType: "RESOURCE_POLICY",
      resourceType: g.resourceType,
      line: g.node.loc.line,
      column: g.node.loc.column,
      document,
      unresolved: uniqueHoles(document),
      statementPointers: g.pointers,
    };
  });
}

/** `{"Ref": name}`, located at `at` (where a hole for it should point). */
function ref(name: string, at: TNode): TNode {
  const loc = at.loc;
  return { type: "object", entries: [{ key: "Ref", keyLoc: loc, value: { type: "scalar", value: name, loc } }], loc };
}
