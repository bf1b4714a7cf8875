// The benchmark's targets, evaluated against measured figures (reported, never asserted).
// Contract: `evaluateTargets` returns one row per target whose figures were measured in this run;
// a target whose set was not run is left out rather than reported as met. The slope counts as
// met only when every set-3 check was decided (UNKNOWN times are capped by the timeout).

import type { CliFigures } from "./cli.js";
import type { ScalingFigures } from "./scaling.js";
import type { SetSummary } from "./summary.js";
import type { Z3Comparison } from "./z3compare.js";

export interface TargetRow {
  target: string;
  measured: string;
  met: boolean;
}

export interface Measured {
  set1?: SetSummary;
  set2?: SetSummary;
  set3?: SetSummary;
  scaling?: ScalingFigures;
  z3?: Z3Comparison;
  cli?: CliFigures;
  peakRssMiB: number;
}

const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0)) + " ms";

export function evaluateTargets(m: Measured): TargetRow[] {
  const rows: TargetRow[] = [];
  const row = (target: string, measured: string, met: boolean) => rows.push({ target, measured, met });
  for (const [label, s] of [
    ["set 1", m.set1],
    ["set 2", m.set2],
  ] as const) {
    if (!s) continue;
    row(`${label} median ≤ 2 ms`, ms(s.medianMs), s.medianMs <= 2);
    row(`${label} p99 ≤ 50 ms`, ms(s.p99Ms), s.p99Ms <= 50);
    row(`${label} max ≤ 2 s`, ms(s.maxMs), s.maxMs <= 2000);
  }
  for (const [label, s] of [
    ["set 1", m.set1],
    ["set 2", m.set2],
    ["set 3", m.set3],
  ] as const)
    if (s) row(`${label} zero UNKNOWN`, String(s.results.UNKNOWN), s.results.UNKNOWN === 0);
  if (m.set1 && m.set2) {
    const t = m.set1.totalSeconds + m.set2.totalSeconds;
    row("sets 1+2 within 60 s", `${t.toFixed(1)} s`, t <= 60);
  }
  if (m.z3)
    row("≥ 100× faster than Z3 at the median", `${m.z3.ratio.toFixed(1)}× (unsliced ${m.z3.ratioUnsliced.toFixed(1)}×)`, m.z3.ratio >= 100);
  row("peak memory < 1 GiB", `${m.peakRssMiB.toFixed(0)} MiB`, m.peakRssMiB < 1024);
  if (m.scaling) {
    // A slope over times capped by the timeout is not a measurement of growth: not met.
    const undecided = m.scaling.rows.reduce((a, r) => a + r.undecided, 0);
    const measured = m.scaling.slope.toFixed(2) + (undecided > 0 ? ` (${undecided} checks undecided)` : "");
    row("scaling slope ≤ 1.2", measured, m.scaling.slope <= 1.2 && undecided === 0);
  }
  if (m.cli && "cliMedianMs" in m.cli) row("CLI < 300 ms", ms(m.cli.cliMedianMs), m.cli.cliMedianMs < 300);
  return rows;
}
