// What "public" means, per resource type, as data (docs/public-access.md is the same table in
// prose). Contract: every resource type AWS's CheckNoPublicAccess accepts
// (access-analyzer-api.md §1.4) has an entry; each restricting key and each special rule names
// the AWS document it comes from, as quoted in shared/reference. A key is *restricting* when a
// policy that grants access only to fixed values of it (no wildcard, no policy variable) is not
// public; every other key is attacker-controlled. Keys are lower-cased.

export interface Sourced<T> {
  value: T;
  source: string;
}

const S3_PUBLIC = 'Amazon S3 User Guide, "The meaning of \\"public\\"" (access-analyzer-api.md §2.3)';
const AA_FILTER_KEYS = 'IAM User Guide, "Access Analyzer filter keys" (access-analyzer-api.md §2.2)';
const AA_RESOURCE_TYPES = 'IAM User Guide, "Access Analyzer resource types" (access-analyzer-api.md §2.4)';

const key = (value: string, source: string): Sourced<string> => ({ value: value.toLowerCase(), source });

/** Restricting keys for every resource type: S3's list, which AWS publishes in full. */
export const GENERAL_KEYS: readonly Sourced<string>[] = [
  ...[
    "aws:PrincipalOrgID",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOwner",
    "aws:SourceIp",
    "s3:x-amz-server-side-encryption-aws-kms-key-id",
    "aws:userid",
    "s3:DataAccessPointArn",
    "s3:DataAccessPointAccount",
  ].map((k) => key(k, S3_PUBLIC)),
  // A finding condition key of Access Analyzer: an organisation path names an organisation.
  key("aws:PrincipalOrgPaths", AA_FILTER_KEYS),
];

/** Web-identity providers anyone can sign in to: as a Federated principal they restrict nothing. */
export const PUBLIC_IDENTITY_PROVIDERS: readonly Sourced<string>[] = [
  { value: "graph.facebook.com", source: `${S3_PUBLIC}: \`Principal: {Federated: graph.facebook.com}\` is public` },
  { value: "accounts.google.com", source: "iam-semantics.md §1.6 (web-identity federation)" },
  { value: "www.amazon.com", source: "iam-semantics.md §1.6 (web-identity federation)" },
  { value: "cognito-identity.amazonaws.com", source: "iam-semantics.md §1.6 (web-identity federation)" },
];

/** The keys that restrict a web-identity federated principal (Access Analyzer finding keys). */
export const FEDERATION_KEYS: readonly Sourced<string>[] = [
  "cognito-identity.amazonaws.com:aud",
  "graph.facebook.com:app_id",
  "accounts.google.com:aud",
  "www.amazon.com:app_id",
].map((k) => key(k, AA_FILTER_KEYS));

export interface PublicRules {
  /** Restricting keys beyond GENERAL_KEYS. */
  extraKeys: readonly Sourced<string>[];
  /** `s3:DataAccessPointArn` with a wildcard but a fixed account restricts (bucket policies). */
  accessPointArnAccountPinned?: Sourced<boolean>;
  /** What AWS documents for this type, or that it documents nothing type-specific. */
  note: string;
}

const GENERAL_ONLY = "AWS documents no rule specific to this type; the general (S3) rule applies";

const general = (): PublicRules => ({ extraKeys: [], note: GENERAL_ONLY });

/** The 26 resource types of CheckNoPublicAccess, in AWS's order (§1.4). */
export const PUBLIC_RULES: Readonly<Record<string, PublicRules>> = {
  "AWS::DynamoDB::Table": general(),
  "AWS::DynamoDB::Stream": general(),
  "AWS::EFS::FileSystem": {
    extraKeys: [],
    note: `${AA_RESOURCE_TYPES}: mounting from another account or from a VPC with a public subnet is external access; no condition key is named, so the general rule applies`,
  },
  "AWS::OpenSearchService::Domain": general(),
  "AWS::Kinesis::Stream": general(),
  "AWS::Kinesis::StreamConsumer": general(),
  "AWS::KMS::Key": {
    extraKeys: [key("kms:CallerAccount", `${AA_RESOURCE_TYPES}; ${AA_FILTER_KEYS}`)],
    note: `${AA_RESOURCE_TYPES}: \`kms:CallerAccount\` with another account is a finding, so a fixed caller account restricts`,
  },
  "AWS::Lambda::Function": {
    extraKeys: [key("lambda:EventSourceToken", AA_RESOURCE_TYPES)],
    note: `${AA_RESOURCE_TYPES}: Access Analyzer reads the function policy with its conditions, including \`AddPermission\` with \`EventSourceToken\``,
  },
  "AWS::S3::Bucket": {
    extraKeys: [],
    accessPointArnAccountPinned: {
      value: true,
      source: `${S3_PUBLIC}: in a bucket policy \`s3:DataAccessPointArn\` may wildcard the access-point name if the account is fixed`,
    },
    note: `${S3_PUBLIC}: the rule, in full`,
  },
  "AWS::S3::AccessPoint": {
    extraKeys: [],
    note: `${S3_PUBLIC}: a \`s3:DataAccessPointArn\` wildcard in an access-point policy makes it public (no fixed-account exemption); VPC-origin access points are non-public, which needs account context a policy check does not have`,
  },
  "AWS::S3Express::DirectoryBucket": general(),
  "AWS::S3::Glacier": general(),
  "AWS::S3Outposts::Bucket": general(),
  "AWS::S3Outposts::AccessPoint": general(),
  "AWS::SecretsManager::Secret": general(),
  "AWS::SNS::Topic": general(),
  "AWS::SQS::Queue": general(),
  "AWS::IAM::AssumeRolePolicyDocument": {
    extraKeys: [],
    note: `the general rule; federated principals matter most here: a web-identity or OIDC provider is anyone who can sign in to it, restricted only by the provider's audience or subject key (${S3_PUBLIC}: \`Federated: graph.facebook.com\` is public; ${AA_FILTER_KEYS}: the audience keys)`,
  },
  "AWS::S3Tables::TableBucket": general(),
  "AWS::ApiGateway::RestApi": general(),
  "AWS::CodeArtifact::Domain": general(),
  "AWS::Backup::BackupVault": general(),
  "AWS::CloudTrail::Dashboard": general(),
  "AWS::CloudTrail::EventDataStore": general(),
  "AWS::S3Tables::Table": general(),
  "AWS::S3Express::AccessPoint": general(),
};

export const RESOURCE_TYPES: readonly string[] = Object.keys(PUBLIC_RULES);

/**
 * `aws:SourceIp`: a CIDR at least as narrow as /8 (IPv4) or /32 (IPv6) restricts; a broader one
 * is public (S3_PUBLIC). RFC1918 blocks are all /8 or narrower, so the documented exclusion of
 * private ranges from the width rule changes nothing for IPv4: a private range restricts.
 */
export function restrictingCidr(text: string): boolean {
  const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(text.trim());
  if (!m) return false;
  const v6 = m[1].includes(":");
  const prefix = m[2] === undefined ? (v6 ? 128 : 32) : Number(m[2]);
  return v6 ? prefix >= 32 : prefix >= 8;
}
