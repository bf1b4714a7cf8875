// ARNs of another partition than the check's (docs/semantics.md "The request domain").
// Contract: otherPartitionWarnings(policies, names, partition) gives one OTHER_PARTITION warning
// per ARN in a Resource/NotResource, an AWS principal or a condition value whose partition
// component is literal text (no wildcard, no variable) other than the check's partition: no
// request of the check carries that ARN, so the element matches none — most often a check run
// without the `--partition` its policy was written for. The verdict is the precise one.

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Partition } from "../iam/partitions.js";
import type { Located, Policy } from "../iam/ast.js";

function partitionOf(text: string): string | undefined {
  if (!text.startsWith("arn:")) return undefined;
  const p = text.split(":")[1];
  return p === undefined || /[*?$]/.test(p) ? undefined : p;
}

export function otherPartitionWarnings(policies: Policy[], names: string[], partition: Partition): Diagnostic[] {
  const out: Diagnostic[] = [];
  policies.forEach((policy, i) => {
    const seen: Located<string>[] = [];
    for (const s of policy.statements) {
      seen.push(...(s.resource?.patterns ?? []));
      for (const p of s.principal?.values ?? []) if (p.type === "AWS") seen.push(p);
      for (const c of s.conditions) seen.push(...c.values);
    }
    for (const v of seen) {
      const other = partitionOf(v.value);
      if (other === undefined || other === partition) continue;
      const { line, column, offset, path } = v.loc;
      out.push({
        severity: "warning",
        code: "OTHER_PARTITION",
        message: `the ARN \`${v.value}\` is in the partition \`${other}\`, but the check is about requests in \`${partition}\` (--partition), none of which carries it`,
        line,
        column,
        offset,
        path,
        document: names[i],
      });
    }
  });
  return out;
}
