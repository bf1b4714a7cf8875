// Golden cases, one per implemented issue code (src/validate/status.ts): a policy that triggers
// the code, with the JSON path of the finding's first location, and a close neighbour that must
// not trigger it. Semantic checks run off here (REDUNDANT_STATEMENT and the PassRole/SLR
// confirmations have their own tests in semantic.test.ts) except where a case asks for them.

import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { close, validatePolicy, type ValidatePolicyFinding, type ValidatePolicyInput } from "../../src/index.js";
import { CHECKS } from "../../src/validate/codes.js";
import { implemented, STATUS } from "../../src/validate/status.js";

afterAll(() => close());

type Doc = Record<string, unknown> | string;
type Opts = Pick<ValidatePolicyInput, "policyType" | "validatePolicyResourceType">;

const V = "2012-10-17";
const text = (d: Doc) => (typeof d === "string" ? d : JSON.stringify(d, null, 2));
/** An identity policy of the given statements. */
const I = (...Statement: unknown[]) => ({ Version: V, Statement });
/** A plain Allow statement, overridden by `o`. */
const A = (o: Record<string, unknown> = {}) => ({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", ...o });
/** A Condition block with one operator and key. */
const C = (op: string, key: string, value: unknown) => ({ Condition: { [op]: { [key]: value } } });
const ID: Opts = { policyType: "IDENTITY_POLICY" };
const RES: Opts = { policyType: "RESOURCE_POLICY" };
const SCP: Opts = { policyType: "SERVICE_CONTROL_POLICY" };
const TRUST: Opts = { policyType: "RESOURCE_POLICY", validatePolicyResourceType: "AWS::IAM::AssumeRolePolicyDocument" };
const BUCKET: Opts = { policyType: "RESOURCE_POLICY", validatePolicyResourceType: "AWS::S3::Bucket" };
const R = (o: Record<string, unknown> = {}) => ({
  Effect: "Allow",
  Principal: { AWS: "111122223333" },
  Action: "s3:GetObject",
  Resource: "arn:aws:s3:::b/*",
  ...o,
});
const T = (o: Record<string, unknown> = {}) => ({
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::111122223333:root" },
  Action: "sts:AssumeRole",
  ...o,
});
const big = (n: number) => Array.from({ length: n }, (_, i) => `s3:GetObject${"x".repeat(20)}${i}`);

/** [code, options, policy, JSON Pointer of the first location, neighbour]. */
const CASES: Array<[string, Opts, Doc, string, Doc]> = [
  ["JSON_SYNTAX_ERROR", ID, `{"Version": "${V}", "Statement": [}`, "", I(A())],
  ["DATA_TYPE_MISMATCH", ID, I(A({ Action: 5 })), "/Statement/0/Action", I(A({ Action: "s3:GetObject" }))],
  ["INVALID_POLICY_ELEMENT", ID, I(A({ Foo: "x" })), "/Statement/0/Foo", I(A())],
  ["INVALID_VERSION", ID, { Version: "2020-01-01", Statement: [A()] }, "/Version", I(A())],
  ["MISSING_VERSION", ID, { Statement: [A()] }, "", I(A())],
  ["MISSING_STATEMENT", ID, { Version: V }, "", I(A())],
  ["MISSING_EFFECT", ID, I({ Action: "s3:GetObject", Resource: "*" }), "/Statement/0", I(A())],
  ["INVALID_EFFECT", ID, I(A({ Effect: "allow" })), "/Statement/0/Effect", I(A())],
  ["MISSING_ACTION", ID, I({ Effect: "Allow", Resource: "*" }), "/Statement/0", I(A())],
  ["MISSING_RESOURCE", ID, I({ Effect: "Allow", Action: "s3:GetObject" }), "/Statement/0", I(A())],
  ["MISSING_PRINCIPAL", RES, I(A()), "/Statement/0", I(R())],
  ["UNSUPPORTED_PRINCIPAL", ID, I(A({ Principal: "*" })), "/Statement/0/Principal", I(A())],
  [
    "SCP_SYNTAX_ERROR_PRINCIPAL",
    SCP,
    I({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" }),
    "/Statement/0/Principal",
    I({ Effect: "Deny", Action: "s3:*", Resource: "*" }),
  ],
  ["UNSUPPORTED_ELEMENT_COMBINATION", ID, I(A({ NotAction: "s3:PutObject" })), "/Statement/0/NotAction", I(A())],
  ["UNSUPPORTED_SID", ID, I(A({ Sid: "my sid" })), "/Statement/0/Sid", I(A({ Sid: "mysid" }))],
  [
    "UNIQUE_SIDS_RECOMMENDED",
    ID,
    I(A({ Sid: "a" }), A({ Sid: "a", Action: "s3:PutObject" })),
    "/Statement/1/Sid",
    I(A({ Sid: "a" }), A({ Sid: "b", Action: "s3:PutObject" })),
  ],
  ["INVALID_PRINCIPAL_FORMAT", RES, I(R({ Principal: "someone" })), "/Statement/0/Principal", I(R())],
  ["INVALID_PRINCIPAL_KEY", RES, I(R({ Principal: { Aws: "111122223333" } })), "/Statement/0/Principal/Aws", I(R())],
  [
    "UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
    RES,
    I(R({ Principal: { AWS: "arn:aws:iam::111122223333:user/a*" } })),
    "/Statement/0/Principal/AWS",
    I(R({ Principal: { AWS: "*" } })),
  ],
  [
    "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
    TRUST,
    I(T({ Principal: { AWS: "arn:aws:iam::111122223333:role/a*" } })),
    "/Statement/0/Principal/AWS",
    I(T()),
  ],
  ["EMPTY_OBJECT_PRINCIPAL", RES, I(R({ Principal: {} })), "/Statement/0/Principal", I(R())],
  ["EMPTY_ARRAY_PRINCIPAL", RES, I(R({ Principal: { AWS: [] } })), "/Statement/0/Principal/AWS", I(R())],
  ["EMPTY_ARRAY_ACTION", ID, I(A({ Action: [] })), "/Statement/0/Action", I(A())],
  ["EMPTY_ARRAY_RESOURCE", ID, I(A({ Resource: [] })), "/Statement/0/Resource", I(A())],
  [
    "INVALID_ACTION",
    ID,
    I(A({ Action: ["s3:GetObject", "s3:GetObjekt"] })),
    "/Statement/0/Action/1",
    I(A({ Action: ["s3:GetObject", "s3:GetObjectAcl"] })),
  ],
  ["INVALID_SERVICE_IN_ACTION", ID, I(A({ Action: "s4:GetObject" })), "/Statement/0/Action", I(A())],
  ["WILDCARD_IN_SERVICE_NAME", ID, I(A({ Action: "s*:GetObject" })), "/Statement/0/Action", I(A({ Action: "s3:Get*" }))],
  ["MISSING_ARN_FIELD", ID, I(A({ Resource: "arn:aws:s3" })), "/Statement/0/Resource", I(A())],
  ["EMPTY_OBJECT_CONDITION", ID, I(A({ Condition: {} })), "/Statement/0/Condition", I(A())],
  [
    "EMPTY_ARRAY_CONDITION",
    ID,
    I(A(C("StringEquals", "aws:PrincipalTag/team", []))),
    "/Statement/0/Condition/StringEquals/aws:PrincipalTag~1team",
    I(A(C("StringEquals", "aws:PrincipalTag/team", ["a"]))),
  ],
  [
    "EMPTY_ARRAY_CONDITION_FORALLVALUES",
    ID,
    I(A(C("ForAllValues:StringEquals", "aws:TagKeys", []))),
    "/Statement/0/Condition/ForAllValues:StringEquals/aws:TagKeys",
    I(A(C("ForAllValues:StringEquals", "aws:TagKeys", ["a"]))),
  ],
  [
    "EMPTY_ARRAY_CONDITION_FORANYVALUE",
    ID,
    I(A(C("ForAnyValue:StringEquals", "aws:TagKeys", []))),
    "/Statement/0/Condition/ForAnyValue:StringEquals/aws:TagKeys",
    I(A(C("ForAnyValue:StringEquals", "aws:TagKeys", ["a"]))),
  ],
  [
    "EMPTY_ARRAY_CONDITION_IFEXISTS",
    ID,
    I(A(C("StringEqualsIfExists", "aws:PrincipalTag/team", []))),
    "/Statement/0/Condition/StringEqualsIfExists/aws:PrincipalTag~1team",
    I(A(C("StringEqualsIfExists", "aws:PrincipalTag/team", "a"))),
  ],
  [
    "INVALID_CONDITION_OPERATOR",
    ID,
    I(A(C("StringEqual", "aws:PrincipalTag/team", "a"))),
    "/Statement/0/Condition/StringEqual",
    I(A(C("StringEquals", "aws:PrincipalTag/team", "a"))),
  ],
  [
    "NULL_WITH_IF_EXISTS",
    ID,
    I(A(C("NullIfExists", "aws:PrincipalTag/team", "true"))),
    "/Statement/0/Condition/NullIfExists",
    I(A(C("Null", "aws:PrincipalTag/team", "true"))),
  ],
  [
    "NULL_WITH_QUALIFIER",
    ID,
    I(A(C("ForAllValues:Null", "aws:TagKeys", "true"))),
    "/Statement/0/Condition/ForAllValues:Null",
    I(A(C("Null", "aws:TagKeys", "true"))),
  ],
  [
    "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
    ID,
    I(A({ Condition: { StringEquals: { "aws:PrincipalTag/team": "a", "AWS:PrincipalTag/team": "b" } } })),
    "/Statement/0/Condition/StringEquals/AWS:PrincipalTag~1team",
    I(A({ Condition: { StringEquals: { "aws:PrincipalTag/team": "a", "aws:PrincipalTag/unit": "b" } } })),
  ],
  [
    "INVALID_CONDITION_DATA_TYPE",
    ID,
    I(A(C("StringEquals", "aws:PrincipalTag/team", ["a", 1]))),
    "/Statement/0/Condition/StringEquals/aws:PrincipalTag~1team/1",
    I(A(C("StringEquals", "aws:PrincipalTag/team", ["a", "1"]))),
  ],
  [
    "INVALID_CONDITION_MULTIPLE_BOOLEAN",
    ID,
    I(A(C("Bool", "aws:SecureTransport", ["true", "false"]))),
    "/Statement/0/Condition/Bool/aws:SecureTransport",
    I(A(C("Bool", "aws:SecureTransport", "true"))),
  ],
  [
    "WILDCARD_WITHOUT_LIKE_OPERATOR",
    ID,
    I(A(C("StringEquals", "aws:PrincipalTag/team", "a*"))),
    "/Statement/0/Condition/StringEquals/aws:PrincipalTag~1team",
    I(A(C("StringLike", "aws:PrincipalTag/team", "a*"))),
  ],
  [
    "TYPE_MISMATCH_NUMBER",
    ID,
    I(A(C("NumericLessThan", "aws:MultiFactorAuthAge", "one"))),
    "/Statement/0/Condition/NumericLessThan/aws:MultiFactorAuthAge",
    I(A(C("NumericLessThan", "aws:MultiFactorAuthAge", "3600"))),
  ],
  [
    "TYPE_MISMATCH_DATE",
    ID,
    I(A(C("DateLessThan", "aws:CurrentTime", "tomorrow"))),
    "/Statement/0/Condition/DateLessThan/aws:CurrentTime",
    I(A(C("DateLessThan", "aws:CurrentTime", "2030-01-01"))),
  ],
  [
    "TYPE_MISMATCH_IP_RANGE",
    ID,
    I(A(C("IpAddress", "aws:SourceIp", "203.0.113.0/33"))),
    "/Statement/0/Condition/IpAddress/aws:SourceIp",
    I(A(C("IpAddress", "aws:SourceIp", "203.0.113.0/24"))),
  ],
  [
    "TYPE_MISMATCH_BOOLEAN",
    ID,
    I(A(C("Bool", "aws:SecureTransport", "yes"))),
    "/Statement/0/Condition/Bool/aws:SecureTransport",
    I(A(C("Bool", "aws:SecureTransport", "true"))),
  ],
  [
    "TYPE_MISMATCH_STRING",
    ID,
    I(A(C("BinaryEquals", "aws:PrincipalTag/team", "!!"))),
    "/Statement/0/Condition/BinaryEquals/aws:PrincipalTag~1team",
    I(A(C("BinaryEquals", "aws:PrincipalTag/team", "QUJD"))),
  ],
  [
    "MISSING_BRACE_IN_VARIABLE",
    ID,
    I(A({ Resource: "arn:aws:s3:::b/${aws:username" })),
    "/Statement/0/Resource",
    I(A({ Resource: "arn:aws:s3:::b/${aws:username}" })),
  ],
  [
    "MISSING_QUOTE_IN_VARIABLE",
    ID,
    I(A({ Resource: "arn:aws:s3:::b/${aws:username, anonymous}" })),
    "/Statement/0/Resource",
    I(A({ Resource: "arn:aws:s3:::b/${aws:username, 'anonymous'}" })),
  ],
  [
    "UNSUPPORTED_SPACE_IN_VARIABLE",
    ID,
    I(A({ Resource: "arn:aws:s3:::b/${aws: username}" })),
    "/Statement/0/Resource",
    I(A({ Resource: "arn:aws:s3:::b/${aws:username}" })),
  ],
  [
    "EMPTY_VARIABLE",
    ID,
    I(A({ Resource: "arn:aws:s3:::b/${}" })),
    "/Statement/0/Resource",
    I(A({ Resource: "arn:aws:s3:::b/${aws:userid}" })),
  ],
  [
    "VARIABLE_UNSUPPORTED_IN_ELEMENT",
    ID,
    I(A({ Action: "s3:${aws:username}" })),
    "/Statement/0/Action",
    I(A({ Resource: "arn:aws:s3:::b/${aws:username}" })),
  ],
  [
    "VARIABLE_UNSUPPORTED_IN_VERSION",
    ID,
    { Version: "2008-10-17", Statement: [A({ Resource: "arn:aws:s3:::b/${aws:username}" })] },
    "/Statement/0/Resource",
    { Version: "2008-10-17", Statement: [A()] },
  ],
  [
    "INVALID_VARIABLE_FOR_OPERATOR",
    ID,
    I(A(C("NumericEquals", "aws:MultiFactorAuthAge", "${aws:username}"))),
    "/Statement/0/Condition/NumericEquals/aws:MultiFactorAuthAge",
    I(A(C("StringEquals", "aws:PrincipalTag/team", "${aws:username}"))),
  ],
  [
    "INVALID_GLOBAL_CONDITION_KEY",
    ID,
    I(A(C("StringEquals", "aws:PrincipalTeam", "a"))),
    "/Statement/0/Condition/StringEquals/aws:PrincipalTeam",
    I(A(C("StringEquals", "aws:PrincipalTag/team", "a"))),
  ],
  [
    "TYPE_MISMATCH",
    ID,
    I(A(C("NumericEquals", "aws:SourceVpc", "1"))),
    "/Statement/0/Condition/NumericEquals/aws:SourceVpc",
    I(A(C("StringEquals", "aws:SourceVpc", "vpc-1a2b"))),
  ],
  [
    "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
    ID,
    I(A(C("ForAllValues:StringEquals", "aws:SourceVpc", "vpc-1a2b"))),
    "/Statement/0/Condition/ForAllValues:StringEquals/aws:SourceVpc",
    I(A(C("ForAllValues:StringEquals", "aws:TagKeys", "a"))),
  ],
  [
    "MISSING_QUALIFIER",
    ID,
    I(A(C("StringEquals", "aws:TagKeys", "a"))),
    "/Statement/0/Condition/StringEquals/aws:TagKeys",
    I(A(C("ForAnyValue:StringEquals", "aws:TagKeys", "a"))),
  ],
  [
    "SCP_SYNTAX_ERROR_ACTION_WILDCARD",
    SCP,
    I({ Effect: "Deny", Action: "iam:*Role", Resource: "*" }),
    "/Statement/0/Action",
    I({ Effect: "Deny", Action: "iam:Delete*", Resource: "*" }),
  ],
  [
    "REDUNDANT_ACTION",
    ID,
    I(A({ Action: ["iam:Get*", "iam:GetCredentialReport"], Resource: "*" })),
    "/Statement/0/Action/1",
    I(A({ Action: ["iam:Get*", "iam:*CredentialReport"], Resource: "*" })),
  ],
  [
    "INVALID_CONDITION_KEY_FORMAT",
    ID,
    I(A(C("StringEquals", "team", "a"))),
    "/Statement/0/Condition/StringEquals/team",
    I(A(C("StringEquals", "aws:PrincipalTag/team", "a"))),
  ],
  [
    "MISSING_TAG_KEY_IN_CONDITION",
    ID,
    I(A(C("StringEquals", "aws:ResourceTag", "a"))),
    "/Statement/0/Condition/StringEquals/aws:ResourceTag",
    I(A(C("StringEquals", "aws:ResourceTag/owner", "a"))),
  ],
  [
    "UNSUPPORTED_GLOBAL_CONDITION_KEY",
    ID,
    I(A(C("ArnEquals", "aws:ARN", "arn:aws:iam::111122223333:role/r"))),
    "/Statement/0/Condition/ArnEquals/aws:ARN",
    I(A(C("ArnEquals", "aws:PrincipalArn", "arn:aws:iam::111122223333:role/r"))),
  ],
  [
    "INVALID_SERVICE",
    ID,
    I(A(C("StringEquals", "s4:prefix", "a"))),
    "/Statement/0/Condition/StringEquals/s4:prefix",
    I(A(C("StringEquals", "s3:prefix", "a"))),
  ],
  [
    "INVALID_SERVICE_CONDITION_KEY",
    ID,
    I(A(C("StringEquals", "s3:prefixes", "a"))),
    "/Statement/0/Condition/StringEquals/s3:prefixes",
    I(A(C("StringEquals", "s3:ExistingObjectTag/team", "a"))),
  ],
  [
    "INVALID_REGION",
    ID,
    I(A(C("StringEquals", "aws:RequestedRegion", ["us-east-1", "moon"]))),
    "/Statement/0/Condition/StringEquals/aws:RequestedRegion/1",
    I(A(C("StringEquals", "aws:RequestedRegion", ["us-east-1", "eu-west-3"]))),
  ],
  [
    "INVALID_VPC_FORMAT",
    ID,
    I(A(C("StringEquals", "aws:SourceVpc", "vpce-1a2b"))),
    "/Statement/0/Condition/StringEquals/aws:SourceVpc",
    I(A(C("StringEquals", "aws:SourceVpc", "vpc-1a2b"))),
  ],
  [
    "INVALID_VPCE_FORMAT",
    ID,
    I(A(C("StringEquals", "aws:SourceVpce", "vpc-1a2b"))),
    "/Statement/0/Condition/StringEquals/aws:SourceVpce",
    I(A(C("StringEquals", "aws:SourceVpce", "vpce-1a2b"))),
  ],
  [
    "INVALID_SERVICE_PRINCIPAL_FORMAT",
    ID,
    I(A({ Action: "iam:PassRole", Resource: "arn:aws:iam::111122223333:role/r", ...C("StringEquals", "iam:PassedToService", "EC2") })),
    "/Statement/0/Condition/StringEquals/iam:PassedToService",
    I(
      A({
        Action: "iam:PassRole",
        Resource: "arn:aws:iam::111122223333:role/r",
        ...C("StringEquals", "iam:PassedToService", "ec2.amazonaws.com"),
      }),
    ),
  ],
  [
    "PRIVATE_IP_ADDRESS",
    ID,
    I(A(C("IpAddress", "aws:SourceIp", ["10.0.0.0/8", "192.168.1.0/24"]))),
    "/Statement/0/Condition/IpAddress/aws:SourceIp/0",
    I(A(C("IpAddress", "aws:VpcSourceIp", ["10.0.0.0/8"]))),
  ],
  [
    "PRIVATE_IP_ADDRESS_SUBSET",
    ID,
    I(A(C("IpAddress", "aws:SourceIp", ["203.0.113.0/24", "10.1.0.0/16"]))),
    "/Statement/0/Condition/IpAddress/aws:SourceIp/1",
    I(A(C("IpAddress", "aws:SourceIp", ["203.0.113.0/24"]))),
  ],
  [
    "PRIVATE_NOTIPADDRESS",
    ID,
    I(A(C("NotIpAddress", "aws:SourceIp", "172.16.0.0/12"))),
    "/Statement/0/Condition/NotIpAddress/aws:SourceIp",
    I(A(C("NotIpAddress", "aws:SourceIp", "172.32.0.0/12"))),
  ],
  [
    "PRIVATE_NOTIPADDRESS_SUBSET",
    ID,
    I(A(C("NotIpAddress", "aws:SourceIp", ["198.51.100.0/24", "fd00::/8"]))),
    "/Statement/0/Condition/NotIpAddress/aws:SourceIp/1",
    I(A(C("NotIpAddress", "aws:SourceIp", ["198.51.100.0/24", "2001:db8::/32"]))),
  ],
  [
    "IMPROVE_IP_RANGE",
    ID,
    I(A(C("IpAddress", "aws:SourceIp", "203.0.113.5/24"))),
    "/Statement/0/Condition/IpAddress/aws:SourceIp",
    I(A(C("IpAddress", "aws:SourceIp", "203.0.113.0/24"))),
  ],
  [
    "INVALID_DATE_VALUE",
    ID,
    I(A(C("DateLessThan", "aws:CurrentTime", "1893456000"))),
    "/Statement/0/Condition/DateLessThan/aws:CurrentTime",
    I(A(C("DateLessThan", "aws:CurrentTime", "2030-01-01T00:00:00Z"))),
  ],
  [
    "REDUNDANT_CONDITION_VALUE_NUM",
    ID,
    I(A(C("NumericLessThan", "aws:MultiFactorAuthAge", ["2700", "3600"]))),
    "/Statement/0/Condition/NumericLessThan/aws:MultiFactorAuthAge",
    I(A(C("NumericEquals", "aws:MultiFactorAuthAge", ["2700", "3600"]))),
  ],
  [
    "MISSING_PAIRED_CONDITION_KEYS",
    ID,
    I(A(C("IpAddress", "aws:VpcSourceIp", "10.0.0.0/8"))),
    "/Statement/0/Condition/IpAddress/aws:VpcSourceIp",
    I(A({ Condition: { IpAddress: { "aws:VpcSourceIp": "10.0.0.0/8" }, StringEquals: { "aws:SourceVpc": "vpc-1a2b" } } })),
  ],
  ["INVALID_ARN_PREFIX", ID, I(A({ Resource: "s3:::b/*" })), "/Statement/0/Resource", I(A())],
  ["INVALID_PARTITION", ID, I(A({ Resource: "arn:amazon:s3:::b/*" })), "/Statement/0/Resource", I(A({ Resource: "arn:aws-cn:s3:::b/*" }))],
  ["INVALID_ARN_SERVICE_CASE", ID, I(A({ Resource: "arn:aws:S3:::b/*" })), "/Statement/0/Resource", I(A())],
  [
    "INVALID_ARN_REGION",
    ID,
    I(A({ Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east:111122223333:q" })),
    "/Statement/0/Resource",
    I(A({ Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:111122223333:q" })),
  ],
  [
    "INVALID_ARN_ACCOUNT",
    ID,
    I(A({ Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:1111:q" })),
    "/Statement/0/Resource",
    I(A({ Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:111122223333:q" })),
  ],
  [
    "ARN_REGION_NOT_ALLOWED",
    ID,
    I(A({ Action: "iam:GetRole", Resource: "arn:aws:iam:us-east-1:111122223333:role/r" })),
    "/Statement/0/Resource",
    I(A({ Action: "iam:GetRole", Resource: "arn:aws:iam::111122223333:role/r" })),
  ],
  [
    "ARN_ACCOUNT_NOT_ALLOWED",
    ID,
    I(A({ Action: "route53:GetHostedZone", Resource: "arn:aws:route53::111122223333:hostedzone/Z1" })),
    "/Statement/0/Resource",
    I(A({ Action: "route53:GetHostedZone", Resource: "arn:aws:route53:::hostedzone/Z1" })),
  ],
  [
    "MISSING_ARN_REGION",
    ID,
    I(A({ Action: "lambda:InvokeFunction", Resource: "arn:aws:lambda::111122223333:function:f" })),
    "/Statement/0/Resource",
    I(A({ Action: "lambda:InvokeFunction", Resource: "arn:aws:lambda:*:111122223333:function:f" })),
  ],
  [
    "REDUNDANT_RESOURCE",
    ID,
    I(A({ Action: "iam:GetRole", Resource: ["arn:aws:iam::111122223333:role/jane-admin", "arn:aws:iam::111122223333:role/jane*"] })),
    "/Statement/0/Resource/0",
    I(A({ Action: "iam:GetRole", Resource: ["arn:aws:iam::111122223333:role/jane-admin", "arn:aws:iam::111122223333:role/jim*"] })),
  ],
  [
    "SCP_SYNTAX_ERROR_ALLOW_CONDITION",
    SCP,
    I({ Effect: "Allow", Action: "s3:*", Resource: "*", ...C("StringEquals", "aws:RequestedRegion", "us-east-1") }),
    "/Statement/0/Condition",
    I({ Effect: "Deny", Action: "s3:*", Resource: "*", ...C("StringNotEquals", "aws:RequestedRegion", "us-east-1") }),
  ],
  [
    "SCP_SYNTAX_ERROR_ALLOW_NOTACTION",
    SCP,
    I({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }),
    "/Statement/0/NotAction",
    I({ Effect: "Deny", NotAction: "iam:*", Resource: "*" }),
  ],
  [
    "SCP_SYNTAX_ERROR_ALLOW_RESOURCE",
    SCP,
    I({ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b" }),
    "/Statement/0/Resource",
    I({ Effect: "Allow", Action: "s3:*", Resource: "*" }),
  ],
  [
    "SCP_SYNTAX_ERROR_NOTRESOURCE",
    SCP,
    I({ Effect: "Deny", Action: "s3:*", NotResource: "arn:aws:s3:::b" }),
    "/Statement/0/NotResource",
    I({ Effect: "Deny", Action: "s3:*", Resource: "arn:aws:s3:::b" }),
  ],
  [
    "POLICY_SIZE_EXCEEDS_SCP_QUOTA",
    SCP,
    I({ Effect: "Deny", Action: big(150), Resource: "*" }),
    "",
    I({ Effect: "Deny", Action: big(100), Resource: "*" }),
  ],
  ["POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", ID, I(A({ Action: big(170) })), "", I(A({ Action: big(140) }))],
  [
    "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA",
    TRUST,
    I(...Array.from({ length: 30 }, (_, i) => T({ Principal: { AWS: `arn:aws:iam::111122223333:role/role-number-${i}` } }))),
    "",
    I(T()),
  ],
  [
    "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA",
    BUCKET,
    I(R({ Resource: Array.from({ length: 700 }, (_, i) => `arn:aws:s3:::b/prefix-${i}/*`) })),
    "",
    I(R()),
  ],
  ["EMPTY_SID_VALUE", ID, I(A({ Sid: "" })), "/Statement/0/Sid", I(A({ Sid: "S" }))],
  [
    "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL",
    TRUST,
    I({ Effect: "Deny", NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" }),
    "/Statement/0/NotPrincipal",
    I({ Effect: "Deny", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Action: "sts:AssumeRole" }),
  ],
  ["ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", TRUST, I(T({ Resource: "*" })), "/Statement/0/Resource", I(T())],
  [
    "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY",
    TRUST,
    I(T({ Principal: { Federated: "my-idp" }, Action: "sts:AssumeRoleWithSAML" })),
    "/Statement/0/Principal/Federated",
    I(T({ Principal: { Federated: "arn:aws:iam::111122223333:saml-provider/my-idp" }, Action: "sts:AssumeRoleWithSAML" })),
  ],
  [
    "MISMATCHED_ACTION_FOR_PRINCIPAL",
    TRUST,
    I(T({ Principal: { Federated: "arn:aws:iam::111122223333:saml-provider/idp" }, Action: "sts:AssumeRole" })),
    "/Statement/0/Action",
    I(T({ Principal: { Federated: "arn:aws:iam::111122223333:saml-provider/idp" }, Action: "sts:AssumeRoleWithSAML" })),
  ],
  [
    "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY",
    TRUST,
    I(T({ Principal: { Service: "rolesanywhere.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] })),
    "/Statement/0/Action",
    I(T({ Principal: { Service: "rolesanywhere.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"] })),
  ],
  [
    "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL",
    TRUST,
    I(T({ Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/oidc.example.com" }, Action: "sts:AssumeRoleWithWebIdentity" })),
    "/Statement/0/Principal/Federated",
    I(
      T({
        Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/oidc.example.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        ...C("StringEquals", "oidc.example.com:aud", "my-app"),
      }),
    ),
  ],
  [
    "MISSING_GITHUB_REPO_CONDITION_KEY",
    TRUST,
    I(
      T({
        Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        ...C("StringEquals", "token.actions.githubusercontent.com:aud", "sts.amazonaws.com"),
      }),
    ),
    "/Statement/0/Principal/Federated",
    I(
      T({
        Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        ...C("StringEquals", "token.actions.githubusercontent.com:sub", "repo:o/r:ref:refs/heads/main"),
      }),
    ),
  ],
  [
    "SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED",
    TRUST,
    I(
      T({
        Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        ...C("StringLike", "token.actions.githubusercontent.com:sub", "repo:o/*"),
      }),
    ),
    "/Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub",
    I(
      T({
        Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        ...C("StringLike", "token.actions.githubusercontent.com:sub", "repo:o/r:ref:refs/heads/main"),
      }),
    ),
  ],
  [
    "FEDERATED_PRINCIPAL_NOT_SUPPORTED",
    BUCKET,
    I(R({ Principal: { Federated: "cognito-identity.amazonaws.com" } })),
    "/Statement/0/Principal/Federated",
    I(R()),
  ],
  [
    "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
    BUCKET,
    I(R({ Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject" })),
    "/Statement/0/Principal/Service",
    I(
      R({
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:PutObject",
        ...C("StringEquals", "aws:SourceAccount", "111122223333"),
      }),
    ),
  ],
  [
    "INVALID_ROLE_REFERENCE",
    RES,
    I(R({ Principal: { AWS: "AROAEXAMPLEID1234" } })),
    "/Statement/0/Principal/AWS",
    I(R({ Principal: { AWS: "arn:aws:iam::111122223333:role/r" } })),
  ],
  [
    "INVALID_USER_REFERENCE",
    RES,
    I(R({ Principal: { AWS: "AIDAEXAMPLEID1234" } })),
    "/Statement/0/Principal/AWS",
    I(R({ Principal: { AWS: "arn:aws:iam::111122223333:user/u" } })),
  ],
  [
    "ALLOW_WITH_NOTPRINCIPAL",
    RES,
    I(R({ Principal: undefined, NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" } })),
    "/Statement/0/NotPrincipal",
    I(R({ Effect: "Deny", Principal: undefined, NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" } })),
  ],
  [
    "PASS_ROLE_WITH_STAR_IN_RESOURCE",
    ID,
    I(A({ Action: "iam:PassRole", Resource: "*" })),
    "/Statement/0/Action",
    I(A({ Action: "iam:PassRole", Resource: "*", ...C("StringEquals", "iam:PassedToService", "ec2.amazonaws.com") })),
  ],
  [
    "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
    ID,
    I(A({ Action: "iam:*", Resource: "arn:aws:iam::111122223333:role/*" })),
    "/Statement/0/Action",
    I(A({ Action: "iam:*", Resource: "arn:aws:iam::111122223333:role/app-*" })),
  ],
  [
    "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOTACTION",
    ID,
    I(A({ Action: undefined, NotAction: "s3:*", Resource: "*" })),
    "/Statement/0/NotAction",
    I(A({ Action: undefined, NotAction: ["s3:*", "iam:*"], Resource: "*" })),
  ],
  [
    "PASS_ROLE_WITH_NOTRESOURCE",
    ID,
    I(A({ Action: "iam:PassRole", Resource: undefined, NotResource: "arn:aws:iam::111122223333:role/admin" })),
    "/Statement/0/Action",
    I(A({ Action: "iam:GetRole", Resource: undefined, NotResource: "arn:aws:iam::111122223333:role/admin" })),
  ],
  [
    "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOTRESOURCE",
    ID,
    I(A({ Action: "iam:Pass*", Resource: undefined, NotResource: "arn:aws:iam::111122223333:role/admin" })),
    "/Statement/0/Action",
    I(A({ Action: "iam:Get*", Resource: undefined, NotResource: "arn:aws:iam::111122223333:role/admin" })),
  ],
  [
    "PASS_ROLE_WITH_NOTACTION_AND_NOTRESOURCE",
    ID,
    I(A({ Action: undefined, NotAction: "s3:*", Resource: undefined, NotResource: "arn:aws:iam::111122223333:role/admin" })),
    "/Statement/0/NotAction",
    I(A({ Action: undefined, NotAction: ["s3:*", "iam:*"], Resource: undefined, NotResource: "arn:aws:iam::111122223333:role/admin" })),
  ],
  [
    "CREATE_SLR_WITH_STAR_IN_RESOURCE",
    ID,
    I(A({ Action: "iam:CreateServiceLinkedRole", Resource: "*" })),
    "/Statement/0/Action",
    I(
      A({
        Action: "iam:CreateServiceLinkedRole",
        Resource: "*",
        ...C("StringEquals", "iam:AWSServiceName", "elasticbeanstalk.amazonaws.com"),
      }),
    ),
  ],
  [
    "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE",
    ID,
    I(A({ Action: "iam:Create*", Resource: "*" })),
    "/Statement/0/Action",
    I(A({ Action: "iam:Create*", Resource: "arn:aws:iam::111122223333:role/aws-service-role/elasticbeanstalk.amazonaws.com/*" })),
  ],
  [
    "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOTACTION",
    ID,
    I(A({ Action: undefined, NotAction: "s3:*", Resource: "*" })),
    "/Statement/0/NotAction",
    I(A({ Action: undefined, NotAction: ["s3:*", "iam:Create*"], Resource: "*" })),
  ],
  [
    "CREATE_SLR_WITH_NOTRESOURCE",
    ID,
    I(A({ Action: "iam:CreateServiceLinkedRole", Resource: undefined, NotResource: "arn:aws:iam::111122223333:role/x" })),
    "/Statement/0/Action",
    I(A({ Action: "iam:DeleteServiceLinkedRole", Resource: undefined, NotResource: "arn:aws:iam::111122223333:role/x" })),
  ],
  [
    "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOTRESOURCE",
    ID,
    I(A({ Action: "iam:*", Resource: undefined, NotResource: "arn:aws:iam::111122223333:role/x" })),
    "/Statement/0/Action",
    I(A({ Action: "iam:Get*", Resource: undefined, NotResource: "arn:aws:iam::111122223333:role/x" })),
  ],
  [
    "CREATE_SLR_WITH_NOTACTION_AND_NOTRESOURCE",
    ID,
    I(A({ Action: undefined, NotAction: "s3:*", Resource: undefined, NotResource: "arn:aws:iam::111122223333:role/x" })),
    "/Statement/0/NotAction",
    I(A({ Action: undefined, NotAction: ["s3:*", "iam:*"], Resource: undefined, NotResource: "arn:aws:iam::111122223333:role/x" })),
  ],
  ["REDUNDANT_STATEMENT", ID, I(A(), A({ Sid: "Again" })), "/Statement/1", I(A(), A({ Action: "s3:PutObject" }))],
  [
    "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
    ID,
    I({
      Effect: "Deny",
      Action: ["ec2:TerminateInstances", "glacier:DeleteVault"],
      Resource: "*",
      ...C("StringEquals", "aws:ResourceTag/env", "prod"),
    }),
    "/Statement/0/Action/1",
    I({ Effect: "Deny", Action: ["ec2:TerminateInstances"], Resource: "*", ...C("StringEquals", "aws:ResourceTag/env", "prod") }),
  ],
  [
    "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
    ID,
    I(A({ Action: ["ec2:StartInstances", "glacier:DescribeVault"], Resource: "*", ...C("StringEquals", "aws:ResourceTag/env", "dev") })),
    "/Statement/0/Action/1",
    I(A({ Action: ["ec2:StartInstances"], Resource: "*", ...C("StringEquals", "aws:ResourceTag/env", "dev") })),
  ],
  [
    "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
    ID,
    I({ Effect: "Deny", NotAction: "iam:*", Resource: "*", ...C("StringEquals", "aws:ResourceTag/env", "prod") }),
    "/Statement/0/NotAction",
    I({ Effect: "Deny", NotAction: "iam:*", Resource: "*", ...C("StringEquals", "aws:PrincipalTag/env", "prod") }),
  ],
  [
    "ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
    ID,
    I(A({ Action: undefined, NotAction: "iam:*", Resource: "*", ...C("StringEquals", "aws:ResourceTag/env", "dev") })),
    "/Statement/0/NotAction",
    I(A({ Action: undefined, NotAction: "iam:*", Resource: "*", ...C("StringEquals", "aws:PrincipalTag/env", "dev") })),
  ],
];

/** A finding's first location as a JSON Pointer. */
function pointerOf(f: ValidatePolicyFinding): string {
  return (f.locations[0]?.path ?? [])
    .map((p) => "/" + ("index" in p ? String(p.index) : "value" in p ? p.value.replace(/~/g, "~0").replace(/\//g, "~1") : ""))
    .join("");
}

async function findings(doc: Doc, opts: Opts, semantic = false): Promise<ValidatePolicyFinding[]> {
  return (await validatePolicy({ policyDocument: text(doc), ...opts }, { semantic, timeoutSeconds: 20 })).findings;
}

describe("golden cases: one per implemented code", () => {
  for (const [code, opts, doc, at, neighbour] of CASES) {
    it(
      code,
      async () => {
        const semantic = code === "REDUNDANT_STATEMENT";
        const hits = (await findings(doc, opts, semantic)).filter((f) => f.issueCode === code);
        expect(hits.length, `no ${code} for ${text(doc)}`).toBeGreaterThan(0);
        expect(hits.map(pointerOf)).toContain(at);
        const f = hits[0];
        expect(f.findingType).toBe(CHECKS.find((c) => c.code === code)!.findingType);
        expect(f.learnMoreLink).toMatch(
          /^https:\/\/docs\.aws\.amazon\.com\/IAM\/latest\/UserGuide\/access-analyzer-reference-policy-checks\.html#access-analyzer-reference-policy-checks-(error|general-warning|security-warning|suggestion)-[a-z0-9-]+$/,
        );
        expect(f.findingDetails.length).toBeGreaterThan(10);
        const near = (await findings(neighbour, opts, semantic)).filter((x) => x.issueCode === code);
        expect(near, `${code} also fires on the neighbour ${text(neighbour)}`).toEqual([]);
      },
      30_000,
    );
  }

  it("every code marked implemented has a golden case, and every case's code is marked implemented", () => {
    const tested = new Set(CASES.map((c) => c[0]));
    const marked = [...new Set(CHECKS.map((c) => c.code))].filter(implemented);
    expect(marked.filter((c) => !tested.has(c))).toEqual([]);
    expect([...tested].filter((c) => !implemented(c))).toEqual([]);
  });

  it("docs/validate-policy.md has the 138 rows, each with its status", () => {
    const rows = readFileSync(new URL("../../docs/validate-policy.md", import.meta.url), "utf8")
      .split("\n")
      .filter((l) => /^\| \d+ \|/.test(l));
    expect(rows).toHaveLength(CHECKS.length);
    CHECKS.forEach((c, i) => {
      expect(rows[i]).toContain(`[\`${c.code}\`]`);
      expect(rows[i]).toContain(`| ${c.findingType} | ${implemented(c.code) ? "yes" : "**no**"} |`);
      expect(rows[i]).toContain(
        STATUS[c.code]
          .replace(/^(implemented|not implemented): /, "")
          .replace(/\|/g, "\\|")
          .slice(0, 40),
      );
    });
  });
});
