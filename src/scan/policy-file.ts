// Plain policy documents (`*.json` with a `Statement`) → one located policy.
// Contract: `isPolicyDocument(root)` is true for an object with a `Statement` member (and no
// `Resources`, which would make it a template). `extractPolicyFile` returns the document as it
// is (its `text` exactly, for the policy parser to locate its own errors): a resource policy
// when some statement names a Principal or NotPrincipal (a trust policy when every action is
// an sts:AssumeRole… one), an identity policy otherwise. A resource policy's resource type is
// read off its Resource ARNs' service where they all agree (RESOURCE_TYPE_BY_SERVICE), and is
// left out otherwise (the checks that need one then say so).

import { member, type TNode } from "./tree.js";
import type { ExtractedPolicy } from "./types.js";

export function isPolicyDocument(root: TNode): boolean {
  return root.type === "object" && member(root, "Statement") !== undefined && member(root, "Resources") === undefined;
}

/** Resource ARN services → CheckNoPublicAccess's resource types. */
const RESOURCE_TYPE_BY_SERVICE: Record<string, string> = {
  s3: "AWS::S3::Bucket",
  sqs: "AWS::SQS::Queue",
  sns: "AWS::SNS::Topic",
  kms: "AWS::KMS::Key",
  secretsmanager: "AWS::SecretsManager::Secret",
  lambda: "AWS::Lambda::Function",
  dynamodb: "AWS::DynamoDB::Table",
  elasticfilesystem: "AWS::EFS::FileSystem",
  kinesis: "AWS::Kinesis::Stream",
  es: "AWS::OpenSearchService::Domain",
  glacier: "AWS::S3::Glacier",
  backup: "AWS::Backup::BackupVault",
  "execute-api": "AWS::ApiGateway::RestApi",
  codeartifact: "AWS::CodeArtifact::Domain",
  s3express: "AWS::S3Express::DirectoryBucket",
  s3tables: "AWS::S3Tables::TableBucket",
};

function strings(n: TNode | undefined): string[] {
  if (n?.type === "scalar" && typeof n.value === "string") return [n.value];
  if (n?.type === "array") return n.items.flatMap(strings);
  return [];
}

export function extractPolicyFile(root: TNode, text: string, file: string): ExtractedPolicy {
  const st = member(root, "Statement");
  const statements = st?.type === "array" ? st.items : st ? [st] : [];
  const isResource = statements.some((s) => member(s, "Principal") !== undefined || member(s, "NotPrincipal") !== undefined);
  const actions = statements.flatMap((s) => strings(member(s, "Action")));
  const trust = isResource && actions.length > 0 && actions.every((a) => /^sts:AssumeRole/i.test(a));
  const services = new Set(statements.flatMap((s) => strings(member(s, "Resource"))).map((r) => /^arn:[^:]*:([^:]*):/.exec(r)?.[1] ?? "?"));
  const service = services.size === 1 ? [...services][0] : undefined;
  const resourceType = trust ? "AWS::IAM::AssumeRolePolicyDocument" : isResource && service ? RESOURCE_TYPE_BY_SERVICE[service] : undefined;
  return {
    file,
    pointer: "",
    name: "policy",
    kind: trust ? "trust" : isResource ? "resource" : "identity",
    policyType: isResource ? "RESOURCE_POLICY" : "IDENTITY_POLICY",
    ...(resourceType ? { resourceType } : {}),
    line: root.loc.line,
    column: root.loc.column,
    document: JSON.parse(text),
    text,
    unresolved: [],
  };
}
