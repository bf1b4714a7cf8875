// Finite unknowns of a template, enumerated: every value they may take, checked one by one.
// Contract: `templateVariants(root, holeIds, options)` returns the assignments to try, or [] when
// there is nothing finite to enumerate. The finite unknowns are AWS::Partition when not given
// (PARTITIONS: AWS's partitions, AWS General Reference) and each parameter with AllowedValues not
// given in `--parameters`, each only when some hole of the extracted policies depends on it
// (`holeIds`: the ids of those holes); they are added partition first, then by
// fewest values, while the product stays within MAX_VARIANTS (the rest stay holes). Each variant
// is the options with those values set. A check then holds for the template iff it holds for
// every variant: PASS only if every variant passes, FAIL if one fails (for that assignment),
// else UNKNOWN — exact for these unknowns, where "any value" would be coarse.

import type { ScanOptions } from "./intrinsics.js";
import { member, type TNode } from "./tree.js";

/** AWS's partitions (AWS General Reference, "AWS partitions"; ARN formats). */
export const PARTITIONS = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"] as const;
export const MAX_VARIANTS = 16;

export interface Variant {
  /** The values tried, by name (`AWS::Partition`, or a parameter's name). */
  assignment: Record<string, string>;
  options: ScanOptions;
}

export function templateVariants(root: TNode, holeIds: ReadonlySet<string>, options: ScanOptions): Variant[] {
  const dims: Array<[string, readonly string[]]> = [];
  const ids = [...holeIds];
  const mentioned = (name: string) => ids.some((id) => id === name || new RegExp(`(^|[^A-Za-z0-9:])${name}([^A-Za-z0-9:]|$)`).test(id));
  if (options.partition === undefined && mentioned("AWS::Partition")) dims.push(["AWS::Partition", PARTITIONS]);
  const params = member(root, "Parameters");
  const finite: Array<[string, string[]]> = [];
  if (params?.type === "object")
    for (const e of params.entries) {
      if (options.parameters?.[e.key] !== undefined) continue;
      const allowed = member(e.value, "AllowedValues");
      if (allowed?.type !== "array" || allowed.items.length === 0) continue;
      if (!allowed.items.every((i) => i.type === "scalar" && i.value !== null)) continue;
      // Some hole depends on it (a Ref, a condition or FindInMap key that reads it, …).
      if (!/^[A-Za-z0-9]+$/.test(e.key) || !mentioned(e.key)) continue;
      finite.push([e.key, allowed.items.map((i) => String((i as { value: unknown }).value))]);
    }
  finite.sort((a, b) => a[1].length - b[1].length);
  dims.push(...finite);
  let product = 1;
  const chosen: Array<[string, readonly string[]]> = [];
  for (const d of dims) {
    if (product * d[1].length > MAX_VARIANTS) continue;
    product *= d[1].length;
    chosen.push(d);
  }
  if (chosen.length === 0) return [];
  let assignments: Array<Record<string, string>> = [{}];
  for (const [name, values] of chosen) assignments = assignments.flatMap((a) => values.map((v) => ({ ...a, [name]: v })));
  return assignments.map((assignment) => {
    const { "AWS::Partition": partition, ...parameters } = assignment;
    return {
      assignment,
      options: { ...options, ...(partition !== undefined ? { partition } : {}), parameters: { ...options.parameters, ...parameters } },
    };
  });
}

/** Whether two assignments agree on every name they share. */
export function agrees(a: Record<string, string>, b: Record<string, string>): boolean {
  return Object.keys(a).every((k) => !(k in b) || a[k] === b[k]);
}
