// The Z3 comparison: a fixed, seeded, size-stratified sample of checks from sets 1 and 2, each
// run with the default engine, with engine z3 (the same sliced questions, decided by Z3), and
// with Z3 on the whole, unsliced question (slicing off: Z3 alone), in the runner's process.
// Contract: the sample is a pure function of the check lists and the seed: each set's checks are
// sorted by size, cut into five equal bins, and `perBin` checks are drawn from each bin (the top
// bin holds the biggest policies, and the single biggest check is always included). One untimed
// warm-up per engine (Z3's module start is 0.2–0.4 s) precedes the timed runs; the engine is
// chosen per check through the runner (an instance per engine in its worker, check-worker.ts). A timeout is an UNKNOWN whose
// reason is time (other UNKNOWNs are constructs neither engine models, e.g. policy variables).

import type { CheckRecord, CheckSpec } from "./measure.js";
import { runChecks } from "./measure.js";
import type { CheckRunner } from "./runner.js";
import { mulberry32 } from "./prng.js";
import { median, percentile } from "./stats.js";

const BINS = 5;

export function stratifiedSample(specs: readonly CheckSpec[], perBin: number, seed: number): CheckSpec[] {
  const bySize = specs.slice().sort((a, b) => a.size - b.size || (a.name < b.name ? -1 : 1));
  const rng = mulberry32(seed);
  const picked = new Set<CheckSpec>();
  if (bySize.length > 0) picked.add(bySize[bySize.length - 1]);
  for (let b = 0; b < BINS; b++) {
    const bin = bySize.slice(Math.floor((b * bySize.length) / BINS), Math.floor(((b + 1) * bySize.length) / BINS));
    for (const s of rng.sample(bin, perBin)) if (picked.size < perBin * BINS) picked.add(s);
  }
  return [...picked];
}

export interface EngineFigures {
  medianMs: number;
  p90Ms: number;
  unknown: number;
  /** UNKNOWNs whose reason is running out of time (not another solver limit), plus hard-limit stops. */
  timedOut: number;
  errors: number;
}

const TIMEOUT_REASON = /did not answer|timeout|timed out|time limit|budget/i;

export const timedOut = (r: CheckRecord): boolean =>
  (r.result === "UNKNOWN" && TIMEOUT_REASON.test(r.unknownReason ?? "")) || r.error?.code === "BENCH_HARD_LIMIT";

export interface Z3Comparison {
  count: number;
  keyaki: EngineFigures;
  z3: EngineFigures;
  z3Unsliced: EngineFigures;
  /** z3 median / keyaki median. */
  ratio: number;
  /** z3 on the unsliced question, median / keyaki median. */
  ratioUnsliced: number;
  /** Checks where the two engines gave different definite answers (PASS vs FAIL). */
  disagreements: Array<{ name: string; keyaki: string; z3: string }>;
  z3Unknowns: Array<{ name: string; ms: number; reason: string }>;
  records: Array<{ name: string; size: number; keyaki: CheckRecord; z3: CheckRecord }>;
}

function figures(rs: readonly CheckRecord[]): EngineFigures {
  const ms = rs.map((r) => r.ms);
  return {
    medianMs: median(ms),
    p90Ms: percentile(ms, 90),
    unknown: rs.filter((r) => r.result === "UNKNOWN").length,
    timedOut: rs.filter(timedOut).length,
    errors: rs.filter((r) => r.error).length,
  };
}

export async function compareWithZ3(
  sample: readonly CheckSpec[],
  runner: CheckRunner,
  timeoutSeconds: number,
  onProgress?: (line: string) => void,
): Promise<Z3Comparison> {
  const warm = sample.reduce((a, b) => (a.size <= b.size ? a : b));
  const withEngine = async (engine: string | undefined) => {
    await runner.run(warm, timeoutSeconds, engine);
    return runChecks(
      sample,
      (s) => runner.run(s, timeoutSeconds, engine),
      (r, i) =>
        onProgress?.(`${engine ?? "default"} ${i + 1}/${sample.length} ${r.ms.toFixed(0)} ms ${r.result ?? r.error?.code} ${r.name}`),
    );
  };
  const ours = await withEngine(undefined);
  const theirs = await withEngine("z3");
  const alone = await withEngine("z3:unsliced");
  const k = figures(ours);
  const z = figures(theirs);
  const za = figures(alone);
  const definite = (r: CheckRecord) => r.result === "PASS" || r.result === "FAIL";
  return {
    count: sample.length,
    keyaki: k,
    z3: z,
    z3Unsliced: za,
    ratio: z.medianMs / k.medianMs,
    ratioUnsliced: za.medianMs / k.medianMs,
    disagreements: sample
      .flatMap((s, i) => [
        { name: s.name, keyaki: ours[i], z3: theirs[i] },
        { name: `${s.name} (unsliced)`, keyaki: ours[i], z3: alone[i] },
      ])
      .filter((d) => definite(d.keyaki) && definite(d.z3) && d.keyaki.result !== d.z3.result)
      .map((d) => ({ name: d.name, keyaki: d.keyaki.result!, z3: d.z3.result! })),
    z3Unknowns: theirs
      .filter((r) => r.result === "UNKNOWN" || r.error)
      .map((r) => ({ name: r.name, ms: r.ms, reason: r.unknownReason ?? r.error?.code ?? "" })),
    records: sample.map((s, i) => ({ name: s.name, size: s.size, keyaki: ours[i], z3: theirs[i] })),
  };
}
