// CloudFormation templates (JSON or YAML, CDK's synthesised ones too) → located policies.
// Contract: `isTemplate(root)` recognises a template by content (a `Resources` object whose
// members have an `AWS::…` Type, or an `AWSTemplateFormatVersion`). `extractTemplate` returns
// one ExtractedPolicy per policy the resource types in EXTRACTORS hold, in template order, with
// intrinsics resolved by intrinsics.ts and every unresolved part a located hole. A policy given
// as a JSON string is parsed (holes inside its strings kept); one that cannot be read becomes a
// wholly unknown document, never a dropped one. Lambda permissions are merged per function
// into one synthesised resource policy (lambda.ts); an event bus policy in its older form
// (Action, Principal, Condition) is synthesised too (events.ts). The policies of nested stacks
// whose templates are local files follow, each named by the stack it came through (nested.ts).
// SAM functions' and state machines' `Policies` are read by sam.ts, after the sites here.

import { pointer as toPointer } from "../diagnostics/diagnostic.js";
import { canonicalText, type Evaluator } from "./intrinsics.js";
import { synthesiseEventBusPolicies } from "./events.js";
import { synthesiseLambdaPolicies } from "./lambda.js";
import { isAwsManagedArn } from "./managed.js";
import { nestedPolicies, templateEvaluator, type NestedContext } from "./nested.js";
import { samPolicies } from "./sam.js";
import { member, type TNode } from "./tree.js";
import type { ExtractedPolicy, PolicyKind, ScanPolicyType } from "./types.js";
import { fillHoles, NO_VALUE, parseJsonWithHoles, Sym, Unknown, type Value, uniqueHoles } from "./value.js";

export function isTemplate(root: TNode): boolean {
  if (member(root, "AWSTemplateFormatVersion")) return true;
  const resources = member(root, "Resources");
  if (resources?.type !== "object") return false;
  return resources.entries.some((e) => {
    const type = member(e.value, "Type");
    return type?.type === "scalar" && typeof type.value === "string" && /^(AWS|Custom)::|^AWS::/.test(type.value);
  });
}

/** What one resource type holds: where its policies are and how checks read them. */
interface Site {
  /** Property path under Properties; `*` walks a list. */
  path: string[];
  kind: PolicyKind;
  policyType: ScanPolicyType;
  resourceType?: string;
  /** A property of each list item that names it (Policies[].PolicyName). */
  itemName?: string;
  /** The value is a statement, not a document (Events::EventBusPolicy Statement). */
  statement?: boolean;
  /** The value is an ARN of a managed policy. */
  managed?: boolean;
  /** One policy per item of this property (the queues a QueuePolicy applies to), named by it. */
  perTarget?: string;
}

const identity = (path: string[], itemName?: string): Site => ({ path, kind: "identity", policyType: "IDENTITY_POLICY", itemName });
const resource = (path: string[], resourceType: string): Site => ({ path, kind: "resource", policyType: "RESOURCE_POLICY", resourceType });
const managed = (path: string[]): Site => ({ path, kind: "managed", policyType: "IDENTITY_POLICY", managed: true });
const inline = identity(["Policies", "*", "PolicyDocument"], "PolicyName");

/** Resource types and their policies (AWS CloudFormation User Guide, each type's properties). */
export const EXTRACTORS: Record<string, Site[]> = {
  "AWS::IAM::Role": [
    {
      path: ["AssumeRolePolicyDocument"],
      kind: "trust",
      policyType: "RESOURCE_POLICY",
      resourceType: "AWS::IAM::AssumeRolePolicyDocument",
    },
    inline,
    managed(["ManagedPolicyArns", "*"]),
  ],
  "AWS::IAM::User": [inline, managed(["ManagedPolicyArns", "*"])],
  "AWS::IAM::Group": [inline, managed(["ManagedPolicyArns", "*"])],
  "AWS::IAM::Policy": [identity(["PolicyDocument"])],
  "AWS::IAM::ManagedPolicy": [identity(["PolicyDocument"])],
  "AWS::IAM::RolePolicy": [identity(["PolicyDocument"])],
  "AWS::IAM::UserPolicy": [identity(["PolicyDocument"])],
  "AWS::IAM::GroupPolicy": [identity(["PolicyDocument"])],
  "AWS::SSO::PermissionSet": [identity(["InlinePolicy"]), managed(["ManagedPolicies", "*"])],
  "AWS::S3::BucketPolicy": [resource(["PolicyDocument"], "AWS::S3::Bucket")],
  "AWS::S3::AccessPoint": [resource(["Policy"], "AWS::S3::AccessPoint")],
  "AWS::S3::MultiRegionAccessPointPolicy": [resource(["Policy"], "AWS::S3::MultiRegionAccessPoint")],
  "AWS::S3Express::BucketPolicy": [resource(["PolicyDocument"], "AWS::S3Express::DirectoryBucket")],
  "AWS::SQS::QueuePolicy": [{ ...resource(["PolicyDocument"], "AWS::SQS::Queue"), perTarget: "Queues" }],
  "AWS::SNS::TopicPolicy": [resource(["PolicyDocument"], "AWS::SNS::Topic")],
  "AWS::KMS::Key": [resource(["KeyPolicy"], "AWS::KMS::Key")],
  "AWS::SecretsManager::ResourcePolicy": [resource(["ResourcePolicy"], "AWS::SecretsManager::Secret")],
  "AWS::ECR::Repository": [resource(["RepositoryPolicyText"], "AWS::ECR::Repository")],
  "AWS::Logs::ResourcePolicy": [resource(["PolicyDocument"], "AWS::Logs::ResourcePolicy")],
  "AWS::Events::EventBusPolicy": [{ ...resource(["Statement"], "AWS::Events::EventBus"), statement: true }],
  "AWS::Backup::BackupVault": [resource(["AccessPolicy"], "AWS::Backup::BackupVault")],
  "AWS::EFS::FileSystem": [resource(["FileSystemPolicy"], "AWS::EFS::FileSystem")],
  "AWS::DynamoDB::Table": [resource(["ResourcePolicy", "PolicyDocument"], "AWS::DynamoDB::Table")],
  "AWS::Organizations::Policy": [{ path: ["Content"], kind: "identity", policyType: "SERVICE_CONTROL_POLICY" }],
};

export type ExtractContext = NestedContext;

export function extractTemplate(root: TNode, ctx: ExtractContext): ExtractedPolicy[] {
  const ev = templateEvaluator(root, ctx);
  const out: ExtractedPolicy[] = [];
  for (const [logicalId, res] of ev.resources) {
    const typeNode = member(res, "Type");
    const type = typeNode?.type === "scalar" ? String(typeNode.value) : "";
    const sites = EXTRACTORS[type];
    const props = member(res, "Properties");
    if (!sites || !props) continue;
    const base = ["Resources", logicalId, "Properties"];
    for (const site of sites) {
      for (const found of walk(props, site.path, base)) {
        const policy = policyAt(found, site, type, logicalId, res, ev, ctx);
        const targets = site.perTarget ? member(props, site.perTarget) : undefined;
        if (targets?.type !== "array" || targets.items.length === 0) out.push(policy);
        // The same document, once per target: `QueuePolicy/PolicyDocument/IncomingQueue`.
        else for (const t of targets.items) out.push({ ...policy, name: `${policy.name}/${targetLabel(t)}` });
      }
    }
  }
  out.push(...synthesiseLambdaPolicies(ev), ...synthesiseEventBusPolicies(ev));
  out.push(...samPolicies(ev, ctx, { asDocument, managedDocument }));
  out.push(...nestedPolicies(ev, ctx, extractTemplate));
  return out;
}

/** A target's name: the logical id it references, or its text. */
function targetLabel(t: TNode): string {
  const ref = member(t, "Ref") ?? member(t, "Fn::GetAtt");
  const text = canonicalText(ref ?? t);
  return text
    .replace(/^\[|\]$/g, "")
    .split(",")[0]
    .trim();
}

interface Found {
  node: TNode;
  tokens: Array<string | number>;
  label: string;
}

/** The nodes at a site's path; list items labelled by their name property (or index). */
function walk(props: TNode, path: string[], base: Array<string | number>): Found[] {
  let found: Found[] = [{ node: props, tokens: base, label: "" }];
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    const next: Found[] = [];
    for (const f of found) {
      if (step === "*") {
        if (f.node.type !== "array") continue;
        f.node.items.forEach((item, j) => {
          // A literal PolicyName names the item; an expression may differ between versions or variants.
          const nameProp = path[i + 1] !== undefined ? member(item, "PolicyName") : undefined;
          const label = nameProp?.type === "scalar" && typeof nameProp.value === "string" ? nameProp.value : String(j);
          next.push({ node: item, tokens: [...f.tokens, j], label: `${f.label}/${label}` });
        });
      } else {
        const m = member(f.node, step);
        if (m) next.push({ node: m, tokens: [...f.tokens, step], label: `${f.label}/${step}` });
      }
    }
    found = next;
  }
  return found;
}

function policyAt(
  found: Found,
  site: Site,
  type: string,
  logicalId: string,
  res: TNode,
  ev: Evaluator,
  ctx: ExtractContext,
): ExtractedPolicy {
  const pointer = toPointer(found.tokens);
  let policyType = site.policyType;
  let kind = site.kind;
  if (type === "AWS::Organizations::Policy") {
    const t = ev.evaluate(member(member(res, "Properties"), "Type") ?? { type: "scalar", value: null, loc: res.loc }, "");
    if (t === "RESOURCE_CONTROL_POLICY") [policyType, kind] = ["RESOURCE_CONTROL_POLICY", "resource"];
  }
  let document: Value;
  const evaluated = ev.evaluate(found.node, pointer);
  if (site.managed) document = managedDocument(evaluated, found.node, pointer, ev, ctx);
  else document = asDocument(evaluated, found.node, pointer, ev);
  if (site.statement && !(document instanceof Unknown)) document = { Version: "2012-10-17", Statement: [document] };
  return {
    file: ctx.file,
    pointer,
    name: logicalId + found.label,
    kind,
    policyType,
    ...(site.resourceType ? { resourceType: site.resourceType } : {}),
    line: found.node.loc.line,
    column: found.node.loc.column,
    document,
    unresolved: uniqueHoles(document),
  };
}

/** A policy property's value as a document: an object, or a JSON string parsed. */
export function asDocument(v: ReturnType<Evaluator["evaluate"]>, node: TNode, pointer: string, ev: Evaluator): Value {
  if (v === NO_VALUE) return new Unknown(ev.hole("AWS::NoValue", "the policy is `AWS::NoValue`", node, pointer));
  if (typeof v === "string" || v instanceof Sym) {
    const parsed = parseJsonWithHoles(v);
    if (parsed !== undefined) return parsed;
    return new Unknown(
      ev.hole(`policy text at ${pointer}`, "the policy text is not JSON once its unresolved parts are filled", node, pointer),
    );
  }
  return v;
}

export function managedDocument(
  v: ReturnType<Evaluator["evaluate"]>,
  node: TNode,
  pointer: string,
  ev: Evaluator,
  ctx: ExtractContext,
): Value {
  // `!Ref P` of an AWS::IAM::ManagedPolicy of this template: its own document.
  const ref = member(node, "Ref");
  const target = ref?.type === "scalar" && typeof ref.value === "string" ? ev.resources.get(ref.value) : undefined;
  const targetType = member(target, "Type");
  const doc = member(member(target, "Properties"), "PolicyDocument");
  if (targetType?.type === "scalar" && targetType.value === "AWS::IAM::ManagedPolicy" && doc) {
    const at = toPointer(["Resources", String((ref as { value: string }).value), "Properties", "PolicyDocument"]);
    return asDocument(ev.evaluate(doc, at), doc, at, ev);
  }
  // A managed policy ARN often spells its partition as `${AWS::Partition}`: AWS managed
  // policies have one name space across partitions, so the lookup does not depend on it.
  const arn =
    typeof v === "string" ? v : v instanceof Sym ? fillHoles(v, (h) => (h.id === "AWS::Partition" ? "aws" : "\u0000")) : undefined;
  if (typeof arn === "string" && !arn.includes("\u0000") && isAwsManagedArn(arn)) {
    const doc = ctx.managed.document(arn);
    if (doc) return JSON.parse(JSON.stringify(doc)) as Value;
    return new Unknown(ev.hole(`managed ${arn}`, `\`${arn}\` is not an AWS managed policy keyaki knows`, node, pointer));
  }
  const text = typeof arn === "string" ? arn.replace(/\u0000/g, "…") : canonicalText(node);
  return new Unknown(
    ev.hole(`managed ${text}`, `the managed policy \`${text}\` is not in this template: its document is not known`, node, pointer),
  );
}
