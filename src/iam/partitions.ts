// AWS partitions: the one partition a check's requests come from (docs/semantics.md "The request
// domain"). AWS runs a custom policy check in its caller's partition, and no request crosses
// partitions, so every ARN a request carries (its resource, its principal, an ARN-valued key)
// names that partition.
// Contract: PARTITIONS is the list of partition ids AWS publishes (its SDKs' partitions.json:
// aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc); isPartition tells
// one of them; DEFAULT_PARTITION is `aws`, the commercial partition.

export const PARTITIONS = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"] as const;

export type Partition = (typeof PARTITIONS)[number];

export const DEFAULT_PARTITION: Partition = "aws";

export function isPartition(s: unknown): s is Partition {
  return typeof s === "string" && (PARTITIONS as readonly string[]).includes(s);
}
