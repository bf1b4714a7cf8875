// AWS's ValidatePolicy issue codes: the 138 checks of the IAM User Guide page "IAM Access
// Analyzer policy check reference" (a few titles appear twice there, so some codes repeat), with
// their finding type and title as that page lists them (../shared/reference/validate-policy-checks.tsv).
// Contract: `CHECKS` is that list in the page's order; `checkOf(code)` gives a code's finding type;
// `learnMoreLink(code)` the page's anchor for it. Each heading's anchor is
// `access-analyzer-reference-policy-checks-<type>-<title>` with the title lower-cased and its spaces
// as hyphens, except where the page spells NotAction / NotResource / NotPrincipal / NotIpAddress as
// `not-action` and the like (ANCHOR_OVERRIDES, copied from the page's anchors). What keyaki does
// with each code is in status.ts.

import type { FindingType } from "./types.js";

export interface CheckInfo {
  code: string;
  findingType: FindingType;
  title: string;
}

const ROWS: ReadonlyArray<[string, FindingType, string]> = [
  ["ARN_ACCOUNT_NOT_ALLOWED", "ERROR", "ARN account not allowed"],
  ["ARN_REGION_NOT_ALLOWED", "ERROR", "ARN Region not allowed"],
  ["DATA_TYPE_MISMATCH", "ERROR", "Data type mismatch"],
  ["DUPLICATE_KEYS_WITH_DIFFERENT_CASE", "ERROR", "Duplicate keys with different case"],
  ["INVALID_ACTION", "ERROR", "Invalid action"],
  ["INVALID_ARN_ACCOUNT", "ERROR", "Invalid ARN account"],
  ["INVALID_ARN_PREFIX", "ERROR", "Invalid ARN prefix"],
  ["INVALID_ARN_REGION", "ERROR", "Invalid ARN Region"],
  ["INVALID_ARN_RESOURCE", "ERROR", "Invalid ARN resource"],
  ["INVALID_ARN_SERVICE_CASE", "ERROR", "Invalid ARN service case"],
  ["INVALID_CONDITION_DATA_TYPE", "ERROR", "Invalid condition data type"],
  ["INVALID_CONDITION_KEY_FORMAT", "ERROR", "Invalid condition key format"],
  ["INVALID_CONDITION_MULTIPLE_BOOLEAN", "ERROR", "Invalid condition multiple Boolean"],
  ["INVALID_CONDITION_OPERATOR", "ERROR", "Invalid condition operator"],
  ["INVALID_EFFECT", "ERROR", "Invalid effect"],
  ["INVALID_GLOBAL_CONDITION_KEY", "ERROR", "Invalid global condition key"],
  ["INVALID_PARTITION", "ERROR", "Invalid partition"],
  ["INVALID_POLICY_ELEMENT", "ERROR", "Invalid policy element"],
  ["INVALID_PRINCIPAL_FORMAT", "ERROR", "Invalid principal format"],
  ["INVALID_PRINCIPAL_KEY", "ERROR", "Invalid principal key"],
  ["INVALID_REGION", "ERROR", "Invalid Region"],
  ["INVALID_SERVICE", "ERROR", "Invalid service"],
  ["INVALID_SERVICE_CONDITION_KEY", "ERROR", "Invalid service condition key"],
  ["INVALID_SERVICE_IN_ACTION", "ERROR", "Invalid service in action"],
  ["INVALID_VARIABLE_FOR_OPERATOR", "ERROR", "Invalid variable for operator"],
  ["INVALID_VERSION", "ERROR", "Invalid version"],
  ["JSON_SYNTAX_ERROR", "ERROR", "Json syntax error"],
  ["JSON_SYNTAX_ERROR", "ERROR", "Json syntax error"],
  ["MISSING_ACTION", "ERROR", "Missing action"],
  ["MISSING_ARN_FIELD", "ERROR", "Missing ARN field"],
  ["MISSING_ARN_REGION", "ERROR", "Missing ARN Region"],
  ["MISSING_EFFECT", "ERROR", "Missing effect"],
  ["MISSING_PRINCIPAL", "ERROR", "Missing principal"],
  ["MISSING_QUALIFIER", "ERROR", "Missing qualifier"],
  ["MISSING_RESOURCE", "ERROR", "Missing resource"],
  ["MISSING_STATEMENT", "ERROR", "Missing statement"],
  ["NULL_WITH_IF_EXISTS", "ERROR", "Null with if exists"],
  ["SCP_SYNTAX_ERROR_ACTION_WILDCARD", "ERROR", "SCP syntax error action wildcard"],
  ["SCP_SYNTAX_ERROR_ALLOW_CONDITION", "ERROR", "SCP syntax error allow condition"],
  ["SCP_SYNTAX_ERROR_ALLOW_NOTACTION", "ERROR", "SCP syntax error allow NotAction"],
  ["SCP_SYNTAX_ERROR_ALLOW_RESOURCE", "ERROR", "SCP syntax error allow resource"],
  ["SCP_SYNTAX_ERROR_NOTRESOURCE", "ERROR", "SCP syntax error NotResource"],
  ["SCP_SYNTAX_ERROR_PRINCIPAL", "ERROR", "SCP syntax error principal"],
  ["UNIQUE_SIDS_REQUIRED", "ERROR", "Unique Sids required"],
  ["UNSUPPORTED_ACTION_IN_POLICY", "ERROR", "Unsupported action in policy"],
  ["UNSUPPORTED_ELEMENT_COMBINATION", "ERROR", "Unsupported element combination"],
  ["UNSUPPORTED_GLOBAL_CONDITION_KEY", "ERROR", "Unsupported global condition key"],
  ["UNSUPPORTED_PRINCIPAL", "ERROR", "Unsupported principal"],
  ["UNSUPPORTED_RESOURCE_ARN_IN_POLICY", "ERROR", "Unsupported resource ARN in policy"],
  ["UNSUPPORTED_SID", "ERROR", "Unsupported Sid"],
  ["UNSUPPORTED_WILDCARD_IN_PRINCIPAL", "ERROR", "Unsupported wildcard in principal"],
  ["MISSING_BRACE_IN_VARIABLE", "ERROR", "Missing brace in variable"],
  ["MISSING_QUOTE_IN_VARIABLE", "ERROR", "Missing quote in variable"],
  ["UNSUPPORTED_SPACE_IN_VARIABLE", "ERROR", "Unsupported space in variable"],
  ["EMPTY_VARIABLE", "ERROR", "Empty variable"],
  ["VARIABLE_UNSUPPORTED_IN_ELEMENT", "ERROR", "Variable unsupported in element"],
  ["VARIABLE_UNSUPPORTED_IN_VERSION", "ERROR", "Variable unsupported in version"],
  ["PRIVATE_IP_ADDRESS", "ERROR", "Private IP address"],
  ["PRIVATE_NOTIPADDRESS", "ERROR", "Private NotIpAddress"],
  ["POLICY_SIZE_EXCEEDS_SCP_QUOTA", "ERROR", "Policy size exceeds SCP quota"],
  ["INVALID_SERVICE_PRINCIPAL_FORMAT", "ERROR", "Invalid service principal format"],
  ["MISSING_TAG_KEY_IN_CONDITION", "ERROR", "Missing tag key in condition"],
  ["INVALID_VPC_FORMAT", "ERROR", "Invalid vpc format"],
  ["INVALID_VPCE_FORMAT", "ERROR", "Invalid vpce format"],
  ["FEDERATED_PRINCIPAL_NOT_SUPPORTED", "ERROR", "Federated principal not supported"],
  ["UNSUPPORTED_ACTION_FOR_CONDITION_KEY", "ERROR", "Unsupported action for condition key"],
  ["UNSUPPORTED_ACTION_IN_POLICY", "ERROR", "Unsupported action in policy"],
  ["UNSUPPORTED_RESOURCE_ARN_IN_POLICY", "ERROR", "Unsupported resource ARN in policy"],
  ["UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL", "ERROR", "Unsupported condition key for service principal"],
  ["ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", "ERROR", "Role trust policy syntax error notprincipal"],
  ["ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL", "ERROR", "Role trust policy unsupported wildcard in principal"],
  ["ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", "ERROR", "Role trust policy syntax error resource"],
  ["MISSING_ACTION_FOR_CONDITION_KEY", "ERROR", "Missing action for condition key"],
  ["INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY", "ERROR", "Invalid federated principal syntax in role trust policy"],
  ["MISMATCHED_ACTION_FOR_PRINCIPAL", "ERROR", "Mismatched action for principal"],
  ["MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY", "ERROR", "Missing action for roles anywhere trust policy"],
  ["CREATE_SLR_WITH_NOTRESOURCE", "WARNING", "Create SLR with NotResource"],
  ["CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOTRESOURCE", "WARNING", "Create SLR with star in action and NotResource"],
  ["CREATE_SLR_WITH_NOTACTION_AND_NOTRESOURCE", "WARNING", "Create SLR with NotAction and NotResource"],
  ["CREATE_SLR_WITH_STAR_IN_RESOURCE", "WARNING", "Create SLR with star in resource"],
  ["CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE", "WARNING", "Create SLR with star in action and resource"],
  ["CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOTACTION", "WARNING", "Create SLR with star in resource and NotAction"],
  ["DEPRECATED_GLOBAL_CONDITION_KEY", "WARNING", "Deprecated global condition key"],
  ["INVALID_DATE_VALUE", "WARNING", "Invalid date value"],
  ["INVALID_ROLE_REFERENCE", "WARNING", "Invalid role reference"],
  ["INVALID_USER_REFERENCE", "WARNING", "Invalid user reference"],
  ["MISSING_VERSION", "WARNING", "Missing version"],
  ["UNIQUE_SIDS_RECOMMENDED", "WARNING", "Unique Sids recommended"],
  ["WILDCARD_WITHOUT_LIKE_OPERATOR", "WARNING", "Wildcard without like operator"],
  ["POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", "WARNING", "Policy size exceeds identity policy quota"],
  ["POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA", "WARNING", "Policy size exceeds resource policy quota"],
  ["TYPE_MISMATCH", "WARNING", "Type mismatch"],
  ["TYPE_MISMATCH_BOOLEAN", "WARNING", "Type mismatch Boolean"],
  ["TYPE_MISMATCH_DATE", "WARNING", "Type mismatch date"],
  ["TYPE_MISMATCH_IP_RANGE", "WARNING", "Type mismatch IP range"],
  ["TYPE_MISMATCH_NUMBER", "WARNING", "Type mismatch number"],
  ["TYPE_MISMATCH_STRING", "WARNING", "Type mismatch string"],
  ["SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED", "WARNING", "Specific github repo and branch recommended"],
  ["POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA", "WARNING", "Policy size exceeds role trust policy quota"],
  ["ALLOW_WITH_NOTPRINCIPAL", "SECURITY_WARNING", "Allow with NotPrincipal"],
  ["FORALLVALUES_WITH_SINGLE_VALUED_KEY", "SECURITY_WARNING", "ForAllValues with single valued key"],
  ["PASS_ROLE_WITH_NOTRESOURCE", "SECURITY_WARNING", "Pass role with NotResource"],
  ["PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOTRESOURCE", "SECURITY_WARNING", "Pass role with star in action and NotResource"],
  ["PASS_ROLE_WITH_NOTACTION_AND_NOTRESOURCE", "SECURITY_WARNING", "Pass role with NotAction and NotResource"],
  ["PASS_ROLE_WITH_STAR_IN_RESOURCE", "SECURITY_WARNING", "Pass role with star in resource"],
  ["PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE", "SECURITY_WARNING", "Pass role with star in action and resource"],
  ["PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOTACTION", "SECURITY_WARNING", "Pass role with star in resource and NotAction"],
  ["MISSING_PAIRED_CONDITION_KEYS", "SECURITY_WARNING", "Missing paired condition keys"],
  ["DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", "SECURITY_WARNING", "Deny with unsupported tag condition key for service"],
  [
    "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
    "SECURITY_WARNING",
    "Deny NotAction with unsupported tag condition key for service",
  ],
  ["RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL", "SECURITY_WARNING", "Restrict access to service principal"],
  ["MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL", "SECURITY_WARNING", "Missing condition key for oidc principal"],
  ["MISSING_GITHUB_REPO_CONDITION_KEY", "SECURITY_WARNING", "Missing github repo condition key"],
  ["EMPTY_ARRAY_ACTION", "SUGGESTION", "Empty array action"],
  ["EMPTY_ARRAY_CONDITION", "SUGGESTION", "Empty array condition"],
  ["EMPTY_ARRAY_CONDITION_FORALLVALUES", "SUGGESTION", "Empty array condition ForAllValues"],
  ["EMPTY_ARRAY_CONDITION_FORANYVALUE", "SUGGESTION", "Empty array condition ForAnyValue"],
  ["EMPTY_ARRAY_CONDITION_IFEXISTS", "SUGGESTION", "Empty array condition IfExists"],
  ["EMPTY_ARRAY_PRINCIPAL", "SUGGESTION", "Empty array principal"],
  ["EMPTY_ARRAY_RESOURCE", "SUGGESTION", "Empty array resource"],
  ["EMPTY_OBJECT_CONDITION", "SUGGESTION", "Empty object condition"],
  ["EMPTY_OBJECT_PRINCIPAL", "SUGGESTION", "Empty object principal"],
  ["EMPTY_SID_VALUE", "SUGGESTION", "Empty Sid value"],
  ["IMPROVE_IP_RANGE", "SUGGESTION", "Improve IP range"],
  ["NULL_WITH_QUALIFIER", "SUGGESTION", "Null with qualifier"],
  ["PRIVATE_IP_ADDRESS_SUBSET", "SUGGESTION", "Private IP address subset"],
  ["PRIVATE_NOTIPADDRESS_SUBSET", "SUGGESTION", "Private NotIpAddress subset"],
  ["REDUNDANT_ACTION", "SUGGESTION", "Redundant action"],
  ["REDUNDANT_CONDITION_VALUE_NUM", "SUGGESTION", "Redundant condition value num"],
  ["REDUNDANT_RESOURCE", "SUGGESTION", "Redundant resource"],
  ["REDUNDANT_STATEMENT", "SUGGESTION", "Redundant statement"],
  ["WILDCARD_IN_SERVICE_NAME", "SUGGESTION", "Wildcard in service name"],
  ["ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", "SUGGESTION", "Allow with unsupported tag condition key for service"],
  [
    "ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
    "SUGGESTION",
    "Allow NotAction with unsupported tag condition key for service",
  ],
  ["RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL", "SUGGESTION", "Recommended condition key for service principal"],
  ["IRRELEVANT_CONDITION_KEY_IN_POLICY", "SUGGESTION", "Irrelevant condition key in policy"],
  ["REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY", "SUGGESTION", "Redundant principal in role trust policy"],
  ["CONFIRM_AUDIENCE_CLAIM_TYPE", "SUGGESTION", "Confirm audience claim type"],
];

export const CHECKS: readonly CheckInfo[] = ROWS.map(([code, findingType, title]) => ({ code, findingType, title }));

const BY_CODE = new Map(CHECKS.map((c) => [c.code, c]));

export function checkOf(code: string): CheckInfo {
  const c = BY_CODE.get(code);
  if (!c) throw new Error(`\`${code}\` is not an AWS ValidatePolicy issue code`);
  return c;
}

const PAGE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html";

const TYPE_SLUG: Record<FindingType, string> = {
  ERROR: "error",
  WARNING: "general-warning",
  SECURITY_WARNING: "security-warning",
  SUGGESTION: "suggestion",
};

/** Anchors the page spells otherwise than its title (from the page's own anchors). */
const ANCHOR_OVERRIDES: Record<string, string> = {
  ALLOW_WITH_NOTPRINCIPAL: "allow-with-not-principal",
  PASS_ROLE_WITH_NOTRESOURCE: "pass-role-with-not-resource",
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOTRESOURCE: "pass-role-with-star-in-action-and-not-resource",
  PASS_ROLE_WITH_NOTACTION_AND_NOTRESOURCE: "pass-role-with-not-action-and-not-resource",
  PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOTACTION: "pass-role-with-star-in-resource-and-not-action",
  CREATE_SLR_WITH_NOTRESOURCE: "create-slr-with-not-resource",
  CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOTRESOURCE: "create-slr-with-star-in-action-and-not-resource",
  CREATE_SLR_WITH_NOTACTION_AND_NOTRESOURCE: "create-slr-with-not-action-and-not-resource",
  CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOTACTION: "create-slr-with-star-in-resource-and-not-action",
  PRIVATE_NOTIPADDRESS: "private-not-ip-address",
  PRIVATE_NOTIPADDRESS_SUBSET: "private-not-ip-address-subset",
};

export function learnMoreLink(code: string): string {
  const c = checkOf(code);
  const slug = ANCHOR_OVERRIDES[code] ?? c.title.toLowerCase().replace(/ /g, "-");
  return `${PAGE}#access-analyzer-reference-policy-checks-${TYPE_SLUG[c.findingType]}-${slug}`;
}
