// Set 3, scaling: generated identity policies with N statements and K condition keys. For each
// (N, K, seed): check-no-new-access from the policy to a variant with one statement changed, and
// check-access-not-granted with the twenty critical actions.
// Contract: the specs are a pure function of the shapes and the grid; `scalingFigures` reports
// the median time per check by N (over every K and seed), per check kind and overall, and the
// least-squares slope of log(median) against log(N). Rows with undecided checks (UNKNOWN or
// errors) are flagged: their times are capped by the timeout, so the slope understates growth.

import { generatePolicy, mutatePolicy } from "./generate.js";
import type { CheckRecord, CheckSpec } from "./measure.js";
import { CRITICAL_ACTIONS } from "./sets.js";
import type { Shapes } from "./shapes.js";
import { logLogSlope, median } from "./stats.js";

export interface ScalingGrid {
  statements: number[];
  conditionKeys: number[];
  seeds: number[];
}

export const FULL_GRID: ScalingGrid = { statements: [1, 10, 100, 300, 1000], conditionKeys: [1, 5, 20], seeds: [1, 2, 3] };
export const QUICK_GRID: ScalingGrid = { statements: [1, 10, 100, 300, 1000], conditionKeys: [1, 20], seeds: [1] };

export interface ScalingSpec {
  n: number;
  spec: CheckSpec;
}

export function scalingSpecs(shapes: Shapes, grid: ScalingGrid): ScalingSpec[] {
  const out: ScalingSpec[] = [];
  for (const n of grid.statements)
    for (const k of grid.conditionKeys)
      for (const seed of grid.seeds) {
        const policy = generatePolicy(shapes, { statements: n, conditionKeys: k, seed });
        const { policy: variant, change } = mutatePolicy(policy, seed, shapes);
        const text = JSON.stringify(policy);
        const variantText = JSON.stringify(variant);
        const label = `gen N=${n} K=${k} seed=${seed}`;
        out.push({
          n,
          spec: {
            name: `${label} no-new-access (${change})`,
            size: text.length + variantText.length,
            kind: "no-new-access",
            input: { existingPolicyDocument: text, newPolicyDocument: variantText, policyType: "IDENTITY_POLICY" },
          },
        });
        out.push({
          n,
          spec: {
            name: `${label} access-not-granted`,
            size: text.length,
            kind: "access-not-granted",
            input: { policyDocument: text, access: [{ actions: [...CRITICAL_ACTIONS] }], policyType: "IDENTITY_POLICY" },
          },
        });
      }
  return out;
}

export interface ScalingRow {
  n: number;
  count: number;
  /** Largest document text in this row, in characters. */
  maxChars: number;
  noNewAccessMedianMs: number;
  accessNotGrantedMedianMs: number;
  medianMs: number;
  maxMs: number;
  /** Checks in this row that were UNKNOWN or errors: their times are bounded by the timeout. */
  undecided: number;
}

export interface ScalingFigures {
  rows: ScalingRow[];
  slope: number;
  slopeNoNewAccess: number;
  slopeAccessNotGranted: number;
}

export function scalingFigures(specs: readonly ScalingSpec[], records: readonly CheckRecord[]): ScalingFigures {
  const ns = [...new Set(specs.map((s) => s.n))].sort((a, b) => a - b);
  const rows = ns.map((n) => {
    const idx = specs.map((s, i) => (s.n === n ? i : -1)).filter((i) => i >= 0);
    const rs = idx.map((i) => records[i]);
    const of = (kind: string) => median(rs.filter((r) => r.kind === kind).map((r) => r.ms));
    return {
      n,
      count: rs.length,
      maxChars: Math.max(...idx.map((i) => specs[i].spec.size)),
      noNewAccessMedianMs: of("no-new-access"),
      accessNotGrantedMedianMs: of("access-not-granted"),
      medianMs: median(rs.map((r) => r.ms)),
      maxMs: Math.max(...rs.map((r) => r.ms)),
      undecided: rs.filter((r) => r.result === "UNKNOWN" || r.error).length,
    };
  });
  const slopeOf = (pick: (r: ScalingRow) => number) => logLogSlope(rows.map((r) => ({ x: r.n, y: pick(r) })));
  return {
    rows,
    slope: slopeOf((r) => r.medianMs),
    slopeNoNewAccess: slopeOf((r) => r.noNewAccessMedianMs),
    slopeAccessNotGranted: slopeOf((r) => r.accessNotGrantedMedianMs),
  };
}
