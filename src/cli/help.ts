// Help texts and the version string.
// Contract: pure text, each ending in a newline; no terminal-width wrapping, so help is the same
// bytes everywhere. The version is read from keyaki's own package.json (found by walking up from
// this module, which sits at src/cli/ in the source tree and dist/src/cli/ once built).

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CommandName } from "./args.js";

const DOC_HELP = `DOC is a policy document: inline JSON, file://PATH (relative to the current directory), or -
to read it from standard input (at most one option may be -).`;

const COMMON_OPTIONS: Array<[string, string]> = [
  ["--timeout SECONDS", "solver time bound (default 10); past it: UNKNOWN, never PASS"],
  [
    "--output text|json|sarif",
    "text for people (default), json: the response object, or sarif:\na SARIF 2.1.0 log for code-scanning dashboards",
  ],
  ["-h, --help", "show this help"],
];

/** The check commands' options: the common ones and the partition their requests come from. */
const PARTITION_OPTION: [string, string] = [
  "--partition ID",
  "the partition every request comes from (default aws): aws, aws-cn,\naws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f or aws-eusc",
];
const CHECK_OPTIONS: Array<[string, string]> = [COMMON_OPTIONS[0], PARTITION_OPTION, ...COMMON_OPTIONS.slice(1)];

/** Two aligned columns, the first padded to its widest entry; continuation lines indented. */
function options(rows: Array<[string, string]>): string {
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text.split("\n").join("\n" + " ".repeat(width + 4))}`).join("\n");
}

const EXIT_CODES = `Exit codes: 0 PASS, 2 FAIL, 3 UNKNOWN, 1 error (bad input, bad usage, internal error).`;

export const TOP_HELP = `keyaki: proves what AWS IAM policies allow, for every possible request, offline.

Usage:
  keyaki check-no-new-access --existing-policy-document DOC --new-policy-document DOC
                             --policy-type IDENTITY_POLICY|RESOURCE_POLICY [options]
  keyaki check-access-not-granted --policy-document DOC --access ACCESS
                                  --policy-type IDENTITY_POLICY|RESOURCE_POLICY [options]
  keyaki check-no-public-access --policy-document DOC --resource-type TYPE [options]
  keyaki check-no-external-access --policy-document DOC --resource-type TYPE
                                  --trusted-accounts ID[,ID...] [--trusted-organizations O[,O...]] [options]
  keyaki findings --policy-document DOC --resource-type TYPE
                  --trusted-accounts ID[,ID...] [--trusted-organizations O[,O...]] [options]
  keyaki validate-policy --policy-document DOC
                         --policy-type IDENTITY_POLICY|RESOURCE_POLICY|SERVICE_CONTROL_POLICY|RESOURCE_CONTROL_POLICY
                         [--validate-policy-resource-type TYPE] [options]
  keyaki scan [PATH ...] [--config FILE] [--base GIT_REF] [--parameters K=V,...]
              [--region R] [--account ID] [--partition P] [--output text|json]
  keyaki serve [--host 127.0.0.1] [--port 8080] [--timeout SECONDS] [--workers N]
  keyaki --help | --version

Commands:
  check-no-new-access       does the new policy allow any request the existing one does not?
  check-access-not-granted  does the policy allow any of the listed actions or resources?
  check-no-public-access    does the resource policy grant public access?
  check-no-external-access  does it grant access to anyone outside the trusted accounts and organizations?
  findings                  who outside the trusted accounts and organizations can access the resource?
  validate-policy           AWS's policy validation checks (errors, security warnings, warnings, suggestions)
  scan                      find the policies in templates, CDK output, Terraform plans and files, and check them
  serve                     serves the checks on Access Analyzer's API, for the AWS SDKs and CLI

A PASS is a proof over every possible request; a FAIL comes with a concrete request the policy
allows; UNKNOWN (the timeout ran out, or the solver gave up) is never reported as PASS.

${DOC_HELP}

Options of every command:
${options(COMMON_OPTIONS)}

Options of the check commands (all but validate-policy):
${options([PARTITION_OPTION])}

${EXIT_CODES}
Run \`keyaki COMMAND --help\` for a command's options.
`;

const COMMAND_HELP: Partial<Record<CommandName, string>> = {
  "check-no-new-access": `Usage: keyaki check-no-new-access --existing-policy-document DOC --new-policy-document DOC
                                  --policy-type IDENTITY_POLICY|RESOURCE_POLICY [options]

Checks whether the new policy allows any request that the existing (reference) policy does not.
PASS proves it allows nothing new; FAIL names the new policy's statements that grant new access
and shows one request the new policy allows and the existing policy does not.

Options:
${options([
  ["--existing-policy-document DOC", "the reference policy"],
  ["--new-policy-document DOC", "the updated policy under check"],
  ["--policy-type TYPE", "IDENTITY_POLICY or RESOURCE_POLICY"],
  ...CHECK_OPTIONS,
])}

${DOC_HELP}

${EXIT_CODES}
`,
  "check-access-not-granted": `Usage: keyaki check-access-not-granted --policy-document DOC --access ACCESS
                                       --policy-type IDENTITY_POLICY|RESOURCE_POLICY [options]

Checks whether the policy allows any of the listed access. With only actions: any of them on any
resource; with only resources: any action on any of them; with both: any listed action on any
listed resource. PASS proves it allows none; FAIL names the statements that grant it and shows one
such request.

Options:
${options([
  ["--policy-document DOC", "the policy under check"],
  [
    "--access ACCESS",
    `a JSON list with one entry, inline, file://PATH or -, e.g.\n'[{"actions":["s3:DeleteBucket"],"resources":["arn:aws:s3:::b/*"]}]'`,
  ],
  ["--policy-type TYPE", "IDENTITY_POLICY or RESOURCE_POLICY"],
  ...CHECK_OPTIONS,
])}

${DOC_HELP}

${EXIT_CODES}
`,
};

const RESOURCE_TYPE_HELP = `TYPE is one of the resource types of AWS's CheckNoPublicAccess, e.g. AWS::S3::Bucket,
AWS::KMS::Key, AWS::IAM::AssumeRolePolicyDocument (docs/public-access.md lists all 26).`;

const ZONE_HELP = `A principal is inside the zone of trust when it belongs to a trusted account, or its
aws:PrincipalOrgID is a trusted organization; a service principal when it acts for a trusted account
or organization (aws:SourceAccount, aws:SourceArn, aws:SourceOrgID). Anonymous callers and federated
principals are outside.`;

/** What check-no-external-access and findings share: options, zone, resource types, documents. */
const ZONE_COMMAND_DETAILS = `Options:
${options([
  ["--policy-document DOC", "the resource policy under check"],
  ["--resource-type TYPE", "the resource the policy is attached to"],
  ["--trusted-accounts ID[,ID...]", "the zone of trust: 12-digit account ids, comma-separated"],
  ["--trusted-organizations O[,O...]", "organizations in the zone of trust (o-...), comma-separated; optional"],
  ...CHECK_OPTIONS,
])}

${ZONE_HELP}

${RESOURCE_TYPE_HELP}

${DOC_HELP}`;

COMMAND_HELP["check-no-public-access"] = `Usage: keyaki check-no-public-access --policy-document DOC --resource-type TYPE [options]

Checks whether the resource policy grants public access: whether some request from an arbitrary
outsider (anonymous, or a principal of an account no policy value names), under no restricting
condition (every restricting key such as aws:SourceVpc or aws:PrincipalOrgID holding a value the
policy does not fix), is allowed. FAIL names the statements and shows one such request.

Options:
${options([["--policy-document DOC", "the resource policy under check"], ["--resource-type TYPE", "the resource the policy is attached to"], ...CHECK_OPTIONS])}

${RESOURCE_TYPE_HELP}

${DOC_HELP}

${EXIT_CODES}
`;

COMMAND_HELP["check-no-external-access"] = `Usage: keyaki check-no-external-access --policy-document DOC --resource-type TYPE
                                       --trusted-accounts ID[,ID...] [--trusted-organizations O[,O...]] [options]

Checks whether the resource policy grants access to any principal outside the zone of trust. FAIL
names the statements and shows one request from an outside principal that the policy allows.

${ZONE_COMMAND_DETAILS}

${EXIT_CODES}
`;

COMMAND_HELP.findings = `Usage: keyaki findings --policy-document DOC --resource-type TYPE
                       --trusted-accounts ID[,ID...] [--trusted-organizations O[,O...]] [options]

Lists who outside the zone of trust can access the resource, as Access Analyzer's findings
(principal, action, resource, condition, isPublic). The list is proved complete: every allowed
request from outside is covered by some finding.

${ZONE_COMMAND_DETAILS}

Exit codes: 0 no findings, 2 findings, 3 completeness unproved (a timeout), 1 error.
`;

COMMAND_HELP["validate-policy"] = `Usage: keyaki validate-policy --policy-document DOC
                              --policy-type IDENTITY_POLICY|RESOURCE_POLICY|SERVICE_CONTROL_POLICY|RESOURCE_CONTROL_POLICY
                              [--validate-policy-resource-type TYPE] [options]

Runs IAM Access Analyzer's policy validation checks (ValidatePolicy) offline and lists the
findings with AWS's issue codes, each located in the document. Where AWS decides by the text,
keyaki also asks its engine: REDUNDANT_STATEMENT only when removing the statement provably changes
nothing, and the PassRole / service-linked-role warnings say whether the policy really allows it.

Options:
${options([
  ["--policy-document DOC", "the policy to validate"],
  ["--policy-type TYPE", "IDENTITY_POLICY, RESOURCE_POLICY, SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY"],
  [
    "--validate-policy-resource-type TYPE",
    "with RESOURCE_POLICY only: AWS::S3::Bucket, AWS::S3::AccessPoint,\nAWS::S3::MultiRegionAccessPoint, AWS::S3ObjectLambda::AccessPoint,\nAWS::IAM::AssumeRolePolicyDocument or AWS::DynamoDB::Table",
  ],
  [
    "--timeout SECONDS",
    "time bound of the engine's questions (default 10); past it they are left\nundecided: REDUNDANT_STATEMENT falls back to AWS's rule, PassRole findings say so",
  ],
  ...COMMON_OPTIONS.slice(1),
])}

${DOC_HELP}

Exit codes: 0 no ERROR or SECURITY_WARNING finding, 2 some, 1 error (bad usage, an unreadable file,
a document over 1 MiB).
A document that is not JSON is a JSON_SYNTAX_ERROR finding (exit 2), as AWS answers it.
`;

export function helpText(command?: CommandName): string {
  return command === undefined ? TOP_HELP : COMMAND_HELP[command]!;
}

/** keyaki's version from its package.json, or "unknown" if it cannot be found. */
export function version(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "keyaki" && typeof pkg.version === "string") return pkg.version;
    } catch {
      // not here: keep walking up
    }
    dir = dirname(dir);
  }
  return "unknown";
}
