// What `Ref` and `Fn::GetAtt` give for the resource types whose shapes AWS documents.
// Contract: `referenceOf` and `attributeOf` return the value CloudFormation would give, built from
// the resource's own properties, the pseudo parameters and located holes for what only
// deployment decides (a generated name, a key id); undefined when the type or attribute is not
// in SHAPES (the caller then makes the whole value a hole). Shapes follow each resource type's
// "Return values" section in the AWS CloudFormation User Guide.

import type { Evaluator } from "./intrinsics.js";
import { member, type TNode } from "./tree.js";
import { concat, NO_VALUE, Sym, Unknown, type Hole, type Value } from "./value.js";

type Part = string | Sym | Hole;

interface Parts {
  P: Part; // partition
  R: Part; // region
  A: Part; // account
  N: Part; // the resource's name (its name property, or a hole for a generated one)
  path: Part; // the IAM path (default "/")
  id: (what: string) => Hole; // a hole for a generated identifier
}

interface Shape {
  nameProp?: string;
  ref: (p: Parts) => Part[];
  attrs: Record<string, (p: Parts) => Part[]>;
}

const name = (p: Parts) => [p.N];

const SHAPES: Record<string, Shape> = {
  "AWS::S3::Bucket": { nameProp: "BucketName", ref: name, attrs: { Arn: (p) => ["arn:", p.P, ":s3:::", p.N] } },
  "AWS::IAM::Role": { nameProp: "RoleName", ref: name, attrs: { Arn: (p) => ["arn:", p.P, ":iam::", p.A, ":role", p.path, p.N] } },
  "AWS::IAM::User": { nameProp: "UserName", ref: name, attrs: { Arn: (p) => ["arn:", p.P, ":iam::", p.A, ":user", p.path, p.N] } },
  "AWS::IAM::Group": { nameProp: "GroupName", ref: name, attrs: { Arn: (p) => ["arn:", p.P, ":iam::", p.A, ":group", p.path, p.N] } },
  "AWS::IAM::ManagedPolicy": {
    nameProp: "ManagedPolicyName",
    ref: (p) => ["arn:", p.P, ":iam::", p.A, ":policy", p.path, p.N],
    attrs: { PolicyArn: (p) => ["arn:", p.P, ":iam::", p.A, ":policy", p.path, p.N] },
  },
  "AWS::SQS::Queue": {
    nameProp: "QueueName",
    ref: (p) => ["https://sqs.", p.R, ".amazonaws.com/", p.A, "/", p.N],
    attrs: { Arn: (p) => ["arn:", p.P, ":sqs:", p.R, ":", p.A, ":", p.N], QueueName: name },
  },
  "AWS::SNS::Topic": {
    nameProp: "TopicName",
    ref: (p) => ["arn:", p.P, ":sns:", p.R, ":", p.A, ":", p.N],
    attrs: { TopicArn: (p) => ["arn:", p.P, ":sns:", p.R, ":", p.A, ":", p.N], TopicName: name },
  },
  "AWS::KMS::Key": {
    ref: (p) => [p.id("key id")],
    attrs: { Arn: (p) => ["arn:", p.P, ":kms:", p.R, ":", p.A, ":key/", p.id("key id")], KeyId: (p) => [p.id("key id")] },
  },
  "AWS::Lambda::Function": {
    nameProp: "FunctionName",
    ref: name,
    attrs: { Arn: (p) => ["arn:", p.P, ":lambda:", p.R, ":", p.A, ":function:", p.N] },
  },
  "AWS::DynamoDB::Table": {
    nameProp: "TableName",
    ref: name,
    attrs: { Arn: (p) => ["arn:", p.P, ":dynamodb:", p.R, ":", p.A, ":table/", p.N] },
  },
  "AWS::SecretsManager::Secret": {
    nameProp: "Name",
    ref: (p) => ["arn:", p.P, ":secretsmanager:", p.R, ":", p.A, ":secret:", p.N, "-", p.id("random suffix")],
    attrs: {},
  },
  "AWS::Logs::LogGroup": {
    nameProp: "LogGroupName",
    ref: name,
    attrs: { Arn: (p) => ["arn:", p.P, ":logs:", p.R, ":", p.A, ":log-group:", p.N, ":*"] },
  },
  "AWS::ECR::Repository": {
    nameProp: "RepositoryName",
    ref: name,
    attrs: { Arn: (p) => ["arn:", p.P, ":ecr:", p.R, ":", p.A, ":repository/", p.N] },
  },
  "AWS::Events::EventBus": {
    nameProp: "Name",
    ref: name,
    attrs: { Arn: (p) => ["arn:", p.P, ":events:", p.R, ":", p.A, ":event-bus/", p.N], Name: name },
  },
  "AWS::Backup::BackupVault": {
    nameProp: "BackupVaultName",
    ref: name,
    attrs: { BackupVaultArn: (p) => ["arn:", p.P, ":backup:", p.R, ":", p.A, ":backup-vault:", p.N], BackupVaultName: name },
  },
  "AWS::EFS::FileSystem": {
    ref: (p) => [p.id("file system id")],
    attrs: {
      Arn: (p) => ["arn:", p.P, ":elasticfilesystem:", p.R, ":", p.A, ":file-system/", p.id("file system id")],
      FileSystemId: (p) => [p.id("file system id")],
    },
  },
};

/** `use` is the Ref or GetAtt node: holes are located there, where the policy reads the value. */
function partsOf(logicalId: string, resource: TNode, shape: Shape, ev: Evaluator, use: TNode, at: string): Parts {
  const props = member(resource, "Properties");
  const base = `/Resources/${logicalId.replace(/~/g, "~0").replace(/\//g, "~1")}/Properties`;
  const str = (v: ReturnType<Evaluator["evaluate"]>): Part | undefined =>
    typeof v === "string" || v instanceof Sym ? v : v instanceof Unknown ? v.hole : undefined;
  const pseudo = (p: string) =>
    str(
      ev.evaluate(
        { type: "object", entries: [{ key: "Ref", keyLoc: use.loc, value: { type: "scalar", value: p, loc: use.loc } }], loc: use.loc },
        at,
      ),
    )!;
  const gen = (what: string): Hole =>
    ev.hole(`${what} of ${logicalId}`, `the ${what} of resource \`${logicalId}\` is generated at deployment`, use, at);
  const nameNode = shape.nameProp ? member(props, shape.nameProp) : undefined;
  const named = nameNode ? ev.evaluate(nameNode, `${base}/${shape.nameProp}`) : NO_VALUE;
  const pathNode = member(props, "Path");
  const path = pathNode ? str(ev.evaluate(pathNode, `${base}/Path`)) : "/";
  return {
    P: pseudo("AWS::Partition"),
    R: pseudo("AWS::Region"),
    A: pseudo("AWS::AccountId"),
    N: (named !== NO_VALUE && str(named)) || gen("name"),
    path: path ?? gen("path"),
    id: gen,
  };
}

function shapeOf(resource: TNode): Shape | undefined {
  const type = member(resource, "Type");
  return type?.type === "scalar" && typeof type.value === "string" ? SHAPES[type.value] : undefined;
}

/** `Ref LogicalId` for a resource of this template. */
export function referenceOf(logicalId: string, resource: TNode, ev: Evaluator, use: TNode, at: string): Value | undefined {
  const shape = shapeOf(resource);
  return shape && concat(shape.ref(partsOf(logicalId, resource, shape, ev, use, at)));
}

/** `Fn::GetAtt [LogicalId, attr]` for a resource of this template. */
export function attributeOf(logicalId: string, resource: TNode, attr: string, ev: Evaluator, use: TNode, at: string): Value | undefined {
  const shape = shapeOf(resource);
  const build = shape?.attrs[attr];
  return shape && build && concat(build(partsOf(logicalId, resource, shape, ev, use, at)));
}
