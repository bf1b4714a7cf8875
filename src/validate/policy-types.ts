// Rules that depend on the policy type: SCP syntax, size quotas, and the Sid suggestion.
//   SCP_SYNTAX_ERROR_ALLOW_CONDITION / _ALLOW_NOTACTION / _ALLOW_RESOURCE / _NOTRESOURCE
//       SCPs as AWS's check reference describes them: an Allow statement with a Condition, with
//       NotAction, or with a Resource other than `*`; NotResource in any statement
//       (SCP_SYNTAX_ERROR_PRINCIPAL comes from the parser, from-parser.ts)
//   POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA  over 6,144 characters, white space not counted
//       (IAM's managed-policy quota; "IAM does not count white space")
//   POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA  a trust policy over 2,048 characters, likewise
//       (IAM's default role trust policy length quota)
//   POLICY_SIZE_EXCEEDS_SCP_QUOTA  an SCP over 5,120 characters (Organizations' quota), white
//       space outside strings not counted (the console's reading; the API counts it, so this can
//       only miss a finding, never invent one)
//   POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA  an S3 bucket policy over 20 KB (S3's limit); other
//       resource types' quotas differ per service and are not checked
//   EMPTY_SID_VALUE  `"Sid": ""`
// Contract: reports only.

import { show } from "../policy/messages.js";
import type { ValidateContext } from "./context.js";

/** Characters of the text, white space outside JSON strings not counted. */
export function policySize(text: string): number {
  let n = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      n++;
      if (c === "\\") {
        n++;
        i++;
      } else if (c === '"') inString = false;
    } else if (!/\s/.test(c)) {
      n++;
      if (c === '"') inString = true;
    }
  }
  return n;
}

function sizeChecks(ctx: ValidateContext): void {
  const size = policySize(ctx.text);
  const over = (code: string, limit: number, what: string) => {
    if (size > limit)
      ctx.report(
        code,
        `the policy has ${size} characters without white space, over the ${limit.toLocaleString("en-US")}-character quota of ${what}`,
        [""],
      );
  };
  if (ctx.type === "IDENTITY_POLICY") over("POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", 6144, "a managed policy");
  if (ctx.type === "SERVICE_CONTROL_POLICY") over("POLICY_SIZE_EXCEEDS_SCP_QUOTA", 5120, "a service control policy");
  if (ctx.type === "RESOURCE_POLICY" && ctx.trust) over("POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA", 2048, "a role trust policy");
  if (ctx.type === "RESOURCE_POLICY" && ctx.resourceType === "AWS::S3::Bucket") {
    const bytes = Buffer.byteLength(ctx.text, "utf8");
    if (bytes > 20 * 1024)
      ctx.report("POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA", `the bucket policy has ${bytes} bytes, over Amazon S3's 20 KB limit`, [""]);
  }
}

function scpChecks(ctx: ValidateContext): void {
  for (const s of ctx.view.statements) {
    if (s.resource?.negated)
      ctx.report("SCP_SYNTAX_ERROR_NOTRESOURCE", "SCPs do not support `NotResource`; list the resources in `Resource`", [
        s.resource.pointer,
      ]);
    if (s.effect !== "Allow") continue;
    if (s.conditionPointer)
      ctx.report(
        "SCP_SYNTAX_ERROR_ALLOW_CONDITION",
        'an SCP statement with `"Effect": "Allow"` cannot have a `Condition`; deny the complement instead',
        [s.conditionPointer],
      );
    if (s.action?.negated)
      ctx.report(
        "SCP_SYNTAX_ERROR_ALLOW_NOTACTION",
        'an SCP statement with `"Effect": "Allow"` cannot use `NotAction`; list the actions, or deny the others',
        [s.action.pointer],
      );
    if (s.resource && !s.resource.negated) {
      const other = s.resource.items.find((r) => r.value !== "*");
      if (other)
        ctx.report(
          "SCP_SYNTAX_ERROR_ALLOW_RESOURCE",
          `an SCP statement with \`"Effect": "Allow"\` must have \`"Resource": "*"\`, not ${show(other.value)}`,
          [other.pointer],
        );
    }
  }
}

export function policyTypeChecks(ctx: ValidateContext): void {
  sizeChecks(ctx);
  if (ctx.type === "SERVICE_CONTROL_POLICY") scpChecks(ctx);
  for (const s of ctx.view.statements) {
    if (s.sid?.value === "")
      ctx.report("EMPTY_SID_VALUE", "`Sid` is the empty string; give the statement a name or leave the `Sid` out", [s.sid.pointer]);
  }
}
