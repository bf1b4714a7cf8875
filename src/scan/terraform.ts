// Terraform plans (`terraform show -json PLAN`) → located policies.
// Contract: `isPlan(root)` recognises a plan by its `planned_values` (or its format_version with
// terraform_version). `extractPlan` walks `planned_values.root_module` and its `child_modules`
// recursively; for each resource whose type is in TF_SITES, each policy attribute that holds a
// JSON string becomes a policy whose `text` is that string exactly (so the policy parser locates
// its own errors), and one that is unknown until apply (`resource_changes[].change.after_unknown`
// true, the value absent from planned_values) becomes a wholly unknown document with a hole
// located at the resource. Lambda permissions are merged per function_name as in lambda.ts.
// Managed policy ARNs (role attachments, managed_policy_arns) are resolved as in
// cloudformation.ts: AWS managed ones offline, others an unresolved reference.

import type { ScanOptions } from "./intrinsics.js";
import { createManagedPolicies, isAwsManagedArn, type ManagedPolicies } from "./managed.js";
import { member, type TNode } from "./tree.js";
import type { ExtractedPolicy, PolicyKind, ScanPolicyType } from "./types.js";
import { concat, Unknown, type Hole, type Value, uniqueHoles } from "./value.js";

export function isPlan(root: TNode): boolean {
  return (
    member(root, "planned_values") !== undefined ||
    (member(root, "format_version") !== undefined && member(root, "terraform_version") !== undefined)
  );
}

interface TfSite {
  attr: string;
  kind: PolicyKind;
  policyType: ScanPolicyType;
  resourceType?: string;
  /** The attribute is a list of blocks; each block's `attr` is the policy (inline_policy). */
  blocks?: string;
  managed?: boolean;
}

const id = (attr: string, blocks?: string): TfSite => ({
  attr,
  kind: "identity",
  policyType: "IDENTITY_POLICY",
  ...(blocks ? { blocks } : {}),
});
const res = (attr: string, resourceType: string): TfSite => ({ attr, kind: "resource", policyType: "RESOURCE_POLICY", resourceType });
const arn = (attr: string): TfSite => ({ attr, kind: "managed", policyType: "IDENTITY_POLICY", managed: true });

/** AWS provider resource types and their policy attributes (Terraform AWS provider docs). */
export const TF_SITES: Record<string, TfSite[]> = {
  aws_iam_policy: [id("policy")],
  aws_iam_role: [
    { attr: "assume_role_policy", kind: "trust", policyType: "RESOURCE_POLICY", resourceType: "AWS::IAM::AssumeRolePolicyDocument" },
    id("policy", "inline_policy"),
    arn("managed_policy_arns"),
  ],
  aws_iam_role_policy: [id("policy")],
  aws_iam_user_policy: [id("policy")],
  aws_iam_group_policy: [id("policy")],
  aws_iam_role_policy_attachment: [arn("policy_arn")],
  aws_iam_user_policy_attachment: [arn("policy_arn")],
  aws_iam_group_policy_attachment: [arn("policy_arn")],
  aws_iam_policy_attachment: [arn("policy_arn")],
  aws_ssoadmin_permission_set_inline_policy: [id("inline_policy")],
  aws_ssoadmin_managed_policy_attachment: [arn("managed_policy_arn")],
  aws_organizations_policy: [{ attr: "content", kind: "identity", policyType: "SERVICE_CONTROL_POLICY" }],
  aws_s3_bucket_policy: [res("policy", "AWS::S3::Bucket")],
  aws_s3_access_point: [res("policy", "AWS::S3::AccessPoint")],
  aws_s3control_access_point_policy: [res("policy", "AWS::S3::AccessPoint")],
  aws_s3control_bucket_policy: [res("policy", "AWS::S3Outposts::Bucket")],
  aws_s3_directory_bucket_policy: [res("policy", "AWS::S3Express::DirectoryBucket")],
  aws_s3tables_table_bucket_policy: [res("resource_policy", "AWS::S3Tables::TableBucket")],
  aws_s3tables_table_policy: [res("resource_policy", "AWS::S3Tables::Table")],
  aws_glacier_vault: [res("access_policy", "AWS::S3::Glacier")],
  aws_sqs_queue_policy: [res("policy", "AWS::SQS::Queue")],
  aws_sqs_queue: [res("policy", "AWS::SQS::Queue")],
  aws_sns_topic_policy: [res("policy", "AWS::SNS::Topic")],
  aws_sns_topic: [res("policy", "AWS::SNS::Topic")],
  aws_kms_key: [res("policy", "AWS::KMS::Key")],
  aws_kms_key_policy: [res("policy", "AWS::KMS::Key")],
  aws_secretsmanager_secret_policy: [res("policy", "AWS::SecretsManager::Secret")],
  aws_secretsmanager_secret: [res("policy", "AWS::SecretsManager::Secret")],
  aws_ecr_repository_policy: [res("policy", "AWS::ECR::Repository")],
  aws_cloudwatch_log_resource_policy: [res("policy_document", "AWS::Logs::ResourcePolicy")],
  aws_cloudwatch_event_bus_policy: [res("policy", "AWS::Events::EventBus")],
  aws_backup_vault_policy: [res("policy", "AWS::Backup::BackupVault")],
  aws_efs_file_system_policy: [res("policy", "AWS::EFS::FileSystem")],
  aws_dynamodb_resource_policy: [res("policy", "AWS::DynamoDB::Table")],
  aws_kinesis_resource_policy: [res("policy", "AWS::Kinesis::Stream")],
  aws_opensearch_domain_policy: [res("access_policies", "AWS::OpenSearchService::Domain")],
  aws_opensearch_domain: [res("access_policies", "AWS::OpenSearchService::Domain")],
  aws_elasticsearch_domain_policy: [res("access_policies", "AWS::OpenSearchService::Domain")],
  aws_api_gateway_rest_api_policy: [res("policy", "AWS::ApiGateway::RestApi")],
  aws_api_gateway_rest_api: [res("policy", "AWS::ApiGateway::RestApi")],
  aws_codeartifact_domain_permissions_policy: [res("policy_document", "AWS::CodeArtifact::Domain")],
};

interface Resource {
  address: string;
  type: string;
  node: TNode;
  values?: TNode;
  pointer: string;
}

export interface PlanContext {
  file: string;
  options: ScanOptions;
  managed?: ManagedPolicies;
}

export function extractPlan(root: TNode, ctx: PlanContext): ExtractedPolicy[] {
  const managed = ctx.managed ?? createManagedPolicies();
  const unknownAfter = afterUnknown(root);
  const resources: Resource[] = [];
  const visit = (module: TNode | undefined, at: string) => {
    const list = member(module, "resources");
    if (list?.type === "array")
      list.items.forEach((r, i) => {
        const address = scalar(member(r, "address"));
        const type = scalar(member(r, "type"));
        const mode = scalar(member(r, "mode"));
        if (typeof address === "string" && typeof type === "string" && mode !== "data")
          resources.push({ address, type, node: r, values: member(r, "values"), pointer: `${at}/resources/${i}` });
      });
    const children = member(module, "child_modules");
    if (children?.type === "array") children.items.forEach((c, i) => visit(c, `${at}/child_modules/${i}`));
  };
  visit(member(member(root, "planned_values"), "root_module"), "/planned_values/root_module");

  const hole = (hid: string, reason: string, node: TNode, pointer: string, placeholder = "unresolved"): Hole => ({
    id: hid,
    reason,
    file: ctx.file,
    pointer,
    line: node.loc.line,
    column: node.loc.column,
    placeholder,
  });
  const out: ExtractedPolicy[] = [];
  for (const r of resources) {
    const unknown = unknownAfter.get(r.address);
    for (const site of TF_SITES[r.type] ?? []) {
      const base = {
        file: ctx.file,
        kind: site.kind,
        policyType: site.policyType,
        ...(site.resourceType ? { resourceType: site.resourceType } : {}),
      };
      const emit = (name: string, valueNode: TNode | undefined, pointer: string, isUnknown: boolean) => {
        const at = valueNode ?? r.values ?? r.node; // an unknown attribute is absent: its resource's values
        let document: Value;
        let text: string | undefined;
        const v = scalar(valueNode);
        if (site.managed) {
          document =
            typeof v === "string"
              ? (managedDoc(v, managed) ??
                new Unknown(
                  hole(`managed ${v}`, `the managed policy \`${v}\` is not in this plan: its document is not known`, at, pointer),
                ))
              : new Unknown(hole(`${r.address}.${site.attr}`, `\`${r.address}.${site.attr}\` is known only after apply`, at, pointer));
        } else if (typeof v === "string" && v !== "") {
          text = v;
          try {
            document = JSON.parse(v) as Value;
          } catch {
            document = v; // the policy parser reports the error, located in the text
          }
        } else if (isUnknown) {
          document = new Unknown(hole(`${r.address}.${site.attr}`, `\`${name}\` is known only after apply`, at, pointer));
        } else return; // the attribute is not set (null or ""): the resource has no such policy
        out.push({
          ...base,
          pointer,
          name,
          line: at.loc.line,
          column: at.loc.column,
          document,
          ...(text !== undefined ? { text } : {}),
          unresolved: uniqueHoles(document),
        });
      };
      const attrNode = member(r.values, site.attr);
      const attrPointer = `${r.pointer}/values/${site.attr}`;
      if (site.blocks) {
        const blocks = member(r.values, site.blocks);
        if (blocks?.type === "array")
          blocks.items.forEach((b, i) => {
            const label = scalar(member(b, "name"));
            emit(
              `${r.address}/${site.blocks}/${typeof label === "string" && label ? label : i}`,
              member(b, site.attr),
              `${r.pointer}/values/${site.blocks}/${i}/${site.attr}`,
              unknownPath(unknown, [site.blocks!, i, site.attr]),
            );
          });
      } else if (site.managed && attrNode?.type === "array") {
        attrNode.items.forEach((item, i) =>
          emit(`${r.address}/${site.attr}/${i}`, item, `${attrPointer}/${i}`, unknownPath(unknown, [site.attr, i])),
        );
        if (unknownPath(unknown, [site.attr])) emit(`${r.address}/${site.attr}`, undefined, attrPointer, true);
      } else emit(`${r.address}/${site.attr}`, attrNode, attrPointer, unknownPath(unknown, [site.attr]));
    }
  }
  out.push(...lambdaPermissions(resources, unknownAfter, ctx, hole));
  return out;
}

function managedDoc(arn: string, managed: ManagedPolicies): Value | undefined {
  if (!isAwsManagedArn(arn)) return undefined;
  const doc = managed.document(arn);
  return doc ? (JSON.parse(JSON.stringify(doc)) as Value) : undefined;
}

function scalar(n: TNode | undefined): string | number | boolean | null | undefined {
  return n?.type === "scalar" ? n.value : undefined;
}

/** Each resource's `after_unknown` tree, by address. */
function afterUnknown(root: TNode): Map<string, TNode> {
  const out = new Map<string, TNode>();
  const changes = member(root, "resource_changes");
  if (changes?.type === "array")
    for (const c of changes.items) {
      const address = scalar(member(c, "address"));
      const u = member(member(c, "change"), "after_unknown");
      if (typeof address === "string" && u) out.set(address, u);
    }
  return out;
}

/** Whether the value at `path` is unknown until apply (true there or at a parent). */
function unknownPath(tree: TNode | undefined, path: Array<string | number>): boolean {
  let node = tree;
  for (const step of path) {
    if (node?.type === "scalar") return node.value === true;
    node = typeof step === "number" ? (node?.type === "array" ? node.items[step] : undefined) : member(node, step);
  }
  return node?.type === "scalar" && node.value === true;
}

type MakeHole = (id: string, reason: string, node: TNode, pointer: string, placeholder?: string) => Hole;

/** aws_lambda_permission → one synthesised policy per function, as lambda.ts does for templates. */
function lambdaPermissions(resources: Resource[], unknownAfter: Map<string, TNode>, ctx: PlanContext, hole: MakeHole): ExtractedPolicy[] {
  const groups = new Map<string, { first: Resource; statements: Value[]; pointers: string[] }>();
  const conditions: Array<[string, string, string]> = [
    ["source_arn", "ArnLike", "aws:SourceArn"],
    ["source_account", "StringEquals", "aws:SourceAccount"],
    ["principal_org_id", "StringEquals", "aws:PrincipalOrgID"],
    ["event_source_token", "StringEquals", "lambda:EventSourceToken"],
    ["function_url_auth_type", "StringEquals", "lambda:FunctionUrlAuthType"],
  ];
  for (const r of resources) {
    if (r.type !== "aws_lambda_permission") continue;
    const unknown = unknownAfter.get(r.address);
    const get = (attr: string): Value | undefined => {
      const v = scalar(member(r.values, attr));
      if (typeof v === "string" && v !== "") return v;
      if (unknownPath(unknown, [attr]))
        return new Unknown(
          hole(`${r.address}.${attr}`, `\`${r.address}.${attr}\` is known only after apply`, r.node, `${r.pointer}/values/${attr}`),
        );
      return undefined;
    };
    const fn = get("function_name");
    const qualifier = get("qualifier");
    const opt = ctx.options;
    const pseudo = (v: string | undefined, what: string, flag: string, placeholder: string): string | Hole =>
      v ?? hole(what, `the ${what} is not known: give \`${flag}\``, r.node, r.pointer, placeholder);
    let resource: Value;
    if (typeof fn === "string" && fn.startsWith("arn:")) resource = fn;
    else if (fn instanceof Unknown) resource = fn;
    else
      resource = concat([
        "arn:",
        pseudo(opt.partition, "partition", "--partition", "aws"),
        ":lambda:",
        pseudo(opt.region, "region", "--region", "us-east-1"),
        ":",
        pseudo(opt.account, "account", "--account", "999999999999"),
        ":function:",
        typeof fn === "string" ? fn : "",
      ]);
    if (typeof qualifier === "string" && typeof resource === "string") resource += ":" + qualifier;
    const principal = get("principal");
    const statement: { [k: string]: Value } = {
      Sid: r.address,
      Effect: "Allow",
      Principal:
        principal === "*"
          ? "*"
          : typeof principal === "string" && !/^\d{12}$/.test(principal) && !principal.startsWith("arn:")
            ? { Service: principal }
            : { AWS: principal ?? "" },
      Action: get("action") ?? "",
      Resource: resource,
    };
    const condition: { [op: string]: { [key: string]: Value } } = {};
    for (const [attr, op, key] of conditions) {
      const v = get(attr);
      if (v !== undefined) (condition[op] ??= {})[key] = v;
    }
    if (Object.keys(condition).length > 0) statement.Condition = condition;
    const key = typeof fn === "string" ? fn : r.address;
    const g = groups.get(key) ?? { first: r, statements: [], pointers: [] };
    g.statements.push(statement);
    g.pointers.push(`${r.pointer}/values`);
    groups.set(key, g);
  }
  return [...groups.entries()].map(([fn, g]) => {
    const document: Value = { Version: "2012-10-17", Statement: g.statements };
    return {
      file: ctx.file,
      pointer: `${g.first.pointer}/values`,
      name: `lambda_permissions/${fn}`,
      kind: "synthesized",
      policyType: "RESOURCE_POLICY",
      resourceType: "AWS::Lambda::Function",
      line: (g.first.values ?? g.first.node).loc.line,
      column: (g.first.values ?? g.first.node).loc.column,
      document,
      unresolved: uniqueHoles(document),
      statementPointers: g.pointers,
    };
  });
}
