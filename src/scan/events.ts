// AWS::Events::EventBusPolicy in its older form (Action, Principal, Condition, no Statement) →
// one synthesised resource policy per such resource.
// Contract: the statement PutPermission writes (Amazon EventBridge API Reference, PutPermission):
// Sid the StatementId, Effect Allow, Principal `*` or the account (`{"AWS": "arn:<partition>:iam::
// <account>:root"}`), the Action, the bus's ARN as Resource (EventBusName, default `default`),
// and the Condition property `{Type, Key, Value}` as `{Type: {Key: Value}}`. A resource with a
// Statement is read by cloudformation.ts instead.

import { pointer as toPointer } from "../diagnostics/diagnostic.js";
import type { Evaluator } from "./intrinsics.js";
import { member } from "./tree.js";
import type { ExtractedPolicy } from "./types.js";
import { concat, isObject, NO_VALUE, Sym, Unknown, uniqueHoles, type Evaluated, type Value } from "./value.js";

export function synthesiseEventBusPolicies(ev: Evaluator): ExtractedPolicy[] {
  const out: ExtractedPolicy[] = [];
  for (const [logicalId, res] of ev.resources) {
    const type = member(res, "Type");
    const props = member(res, "Properties");
    if (type?.type !== "scalar" || type.value !== "AWS::Events::EventBusPolicy" || !props || member(props, "Statement")) continue;
    const at = toPointer(["Resources", logicalId, "Properties"]);
    const prop = (name: string): Evaluated | undefined => {
      const n = member(props, name);
      return n ? ev.evaluate(n, `${at}/${name}`) : undefined;
    };
    const ref = (p: string): Evaluated =>
      ev.evaluate(
        {
          type: "object",
          entries: [{ key: "Ref", keyLoc: props.loc, value: { type: "scalar", value: p, loc: props.loc } }],
          loc: props.loc,
        },
        at,
      );
    const part = (v: Evaluated | undefined) => (v instanceof Unknown ? v.hole : typeof v === "string" || v instanceof Sym ? v : "");
    const [P, R, A] = ["AWS::Partition", "AWS::Region", "AWS::AccountId"].map(ref);
    const principal = prop("Principal");
    const bus = prop("EventBusName") ?? "default";
    const statement: { [k: string]: Value } = { Effect: "Allow" };
    const sid = prop("StatementId");
    if (typeof sid === "string") statement.Sid = sid;
    statement.Principal = principal === "*" ? "*" : { AWS: concat(["arn:", part(P), ":iam::", part(principal), ":root"]) };
    const action = prop("Action");
    statement.Action = action === undefined || action === NO_VALUE ? "" : action;
    statement.Resource = concat(["arn:", part(P), ":events:", part(R), ":", part(A), ":event-bus/", part(bus)]);
    const c = prop("Condition");
    if (
      isObject(c as Value) &&
      typeof (c as { [k: string]: Value }).Type === "string" &&
      typeof (c as { [k: string]: Value }).Key === "string"
    ) {
      const cond = c as { [k: string]: Value };
      statement.Condition = { [cond.Type as string]: { [cond.Key as string]: cond.Value ?? "" } };
    }
    const document: Value = { Version: "2012-10-17", Statement: [statement] };
    out.push({
      file: ev.file,
      pointer: at,
      name: `${logicalId}/Permission`,
      kind: "synthesized",
      policyType: "RESOURCE_POLICY",
      resourceType: "AWS::Events::EventBus",
      line: props.loc.line,
      column: props.loc.column,
      document,
      unresolved: uniqueHoles(document),
      statementPointers: [at],
    });
  }
  return out;
}
