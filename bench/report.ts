// Renders the benchmark's figures as compact plain-text tables on stdout.
// Contract: formatting only — every number printed comes from the figures passed in.

import type { CliFigures } from "./cli.js";
import type { ScalingFigures } from "./scaling.js";
import { unknownCauses, type SetSummary } from "./summary.js";
import type { TargetRow } from "./targets.js";
import type { Z3Comparison } from "./z3compare.js";

const num = (x: number, digits = 2): string => (Number.isNaN(x) ? "-" : x < 10 ? x.toFixed(digits) : x.toFixed(0));

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}

export function setsTable(sets: Array<[string, SetSummary]>): string {
  return table(
    ["set", "count", "median", "p90", "p99", "max ms", "total s", "peak MiB", "PASS", "FAIL", "UNKNOWN", "errors"],
    sets.map(([name, s]) => [
      name,
      String(s.count),
      num(s.medianMs),
      num(s.p90Ms),
      num(s.p99Ms),
      num(s.maxMs),
      s.totalSeconds.toFixed(1),
      s.peakRssMiB.toFixed(0),
      String(s.results.PASS),
      String(s.results.FAIL),
      String(s.results.UNKNOWN),
      String(s.errors),
    ]),
  );
}

export function setDetails(name: string, s: SetSummary): string {
  const out = [`${name}: slowest ${s.slowest.map((x) => `${x.name} ${num(x.ms)} ms ${x.outcome}`).join("; ")}`];
  if (s.peakSetBy) out.push(`${name}: peak RSS ${s.peakRssMiB.toFixed(0)} MiB first reached after ${s.peakSetBy}`);
  if (s.errors > 0) {
    const codes = Object.entries(s.errorCodes)
      .map(([c, n]) => `${c}×${n}`)
      .join(", ");
    out.push(
      `${name}: errors ${codes}; first: ${s.firstErrors
        .slice(0, 5)
        .map((e) => `${e.name} [${e.message}]`)
        .join("; ")}`,
    );
  }
  if (s.unknowns.length > 0) {
    const causes = Object.entries(s.unknownCauses)
      .map(([c, n]) => `${c}×${n}`)
      .join(", ");
    const some = s.unknowns
      .slice(0, 10)
      .map((u) => `${u.name} (${unknownCauses(u.reason).join(", ")})`)
      .join("; ");
    out.push(
      `${name}: UNKNOWN by cause ${causes}; ${some}${s.unknowns.length > 10 ? ` …and ${s.unknowns.length - 10} more (--json lists all, with reasons)` : ""}`,
    );
  }
  return out.join("\n");
}

export function scalingTable(f: ScalingFigures): string {
  const t = table(
    ["N", "checks", "max chars", "no-new-access median", "access-not-granted median", "median ms", "max ms", "undecided"],
    f.rows.map((r) => [
      String(r.n),
      String(r.count),
      String(r.maxChars),
      num(r.noNewAccessMedianMs),
      num(r.accessNotGrantedMedianMs),
      num(r.medianMs),
      num(r.maxMs),
      String(r.undecided),
    ]),
  );
  const capped = f.rows.filter((r) => r.undecided > 0).map((r) => r.n);
  const note =
    capped.length > 0
      ? `\ncaution: rows N=${capped.join(", ")} have UNKNOWN or errored checks, whose times stop at the timeout: the slope understates the growth`
      : "";
  return `${t}\nslope of log(median) vs log(N): ${num(f.slope)} (no-new-access ${num(f.slopeNoNewAccess)}, access-not-granted ${num(f.slopeAccessNotGranted)})${note}`;
}

export function z3Table(z: Z3Comparison): string {
  const t = table(
    ["engine", "checks", "median ms", "p90 ms", "UNKNOWN", "of which timeouts", "errors"],
    [
      [
        "default",
        String(z.count),
        num(z.keyaki.medianMs),
        num(z.keyaki.p90Ms),
        String(z.keyaki.unknown),
        String(z.keyaki.timedOut),
        String(z.keyaki.errors),
      ],
      ["z3", String(z.count), num(z.z3.medianMs), num(z.z3.p90Ms), String(z.z3.unknown), String(z.z3.timedOut), String(z.z3.errors)],
      [
        "z3 unsliced",
        String(z.count),
        num(z.z3Unsliced.medianMs),
        num(z.z3Unsliced.p90Ms),
        String(z.z3Unsliced.unknown),
        String(z.z3Unsliced.timedOut),
        String(z.z3Unsliced.errors),
      ],
    ],
  );
  const lines = [
    t,
    `ratio z3 median / default median: ${num(z.ratio, 1)}× (both slice the question); Z3 timed out on ${z.z3.timedOut} of ${z.count}`,
    `ratio z3 unsliced median / default median: ${num(z.ratioUnsliced, 1)}× (Z3 alone on the whole question); Z3 timed out on ${z.z3Unsliced.timedOut} of ${z.count}`,
  ];
  if (z.z3Unknowns.length > 0)
    lines.push(`Z3 undecided: ${z.z3Unknowns.map((u) => `${u.name} ${num(u.ms)} ms (${u.reason.slice(0, 80)})`).join("; ")}`);
  if (z.disagreements.length > 0)
    lines.push(`DISAGREEMENTS: ${z.disagreements.map((d) => `${d.name} default=${d.keyaki} z3=${d.z3}`).join("; ")}`);
  return lines.join("\n");
}

export function cliLine(c: CliFigures): string {
  if ("skipped" in c) return `CLI start-up: skipped (${c.skipped})`;
  const base = `CLI start-up: median ${num(c.cliMedianMs)} ms over ${c.runs} runs; node -e 0 median ${num(c.nodeMedianMs)} ms; ratio ${num(c.ratio, 1)}×; exit codes ${[...new Set(c.exitCodes)].join(",")}`;
  return c.badRuns > 0 ? `${base}\nCLI: ${c.badRuns} runs failed: ${c.firstProblem}` : base;
}

export function targetsTable(rows: TargetRow[]): string {
  return table(
    ["target", "measured", ""],
    rows.map((r) => [r.target, r.measured, r.met ? "met" : "NOT MET"]),
  );
}
