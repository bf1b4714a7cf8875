// `npm run bench`: sets 1–3 on the managed-policy corpus and generated policies, the Z3
// comparison and CLI start-up, printed as compact tables with the targets alongside.
// Contract: runs the parts asked for, in order; the library calls run in a child process, a fresh
// one per part (runner.ts); always calls the library's close() at the end of each part;
// exits 0 whether or not targets are met (targets are measured, not asserted) and 1 only when
// the benchmark itself cannot run (bad options). See bench/README.md.

import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseBenchArgs, USAGE, type BenchOptions } from "./args.js";
import { adversarialTable, runAdversarial, type AdversarialRow } from "./adversarial.js";
import { measureCli, type CliFigures } from "./cli.js";
import { measureScan, scanLine, type ScanFigures } from "./scan.js";
import { loadCorpus, type CorpusPolicy } from "./corpus.js";
import { runChecks, type CheckRecord, type CheckSpec } from "./measure.js";
import { CheckRunner } from "./runner.js";
import { deriveSeed } from "./prng.js";
import { cliLine, scalingTable, setDetails, setsTable, targetsTable, z3Table } from "./report.js";
import { FULL_GRID, QUICK_GRID, scalingFigures, scalingSpecs, type ScalingFigures } from "./scaling.js";
import { measureServe, serveLine, serveTargets, type ServeFigures } from "./serve.js";
import { set1, set2 } from "./sets.js";
import { harvestShapes } from "./shapes.js";
import { peakRssMiB, summarize, type SetSummary } from "./summary.js";
import { evaluateTargets } from "./targets.js";
import { measureValidate, validateTable, type ValidateRun } from "./validate.js";
import { compareWithZ3, stratifiedSample, type Z3Comparison } from "./z3compare.js";

const TIMEOUT_SECONDS = 10;
/** The engine sets 1–3 run with: whatever KEYAKI_ENGINE the bench was started with. */
const ENGINE = process.env.KEYAKI_ENGINE;
const QUICK_EVERY = 20;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function runSet(runner: CheckRunner, label: string, specs: CheckSpec[]): Promise<{ summary: SetSummary; records: CheckRecord[] }> {
  log(`${label}: ${specs.length} checks`);
  let last = Date.now();
  const records = await runChecks(
    specs,
    (s) => runner.run(s, TIMEOUT_SECONDS, ENGINE),
    (r, i) => {
      if (r.ms > 2 * TIMEOUT_SECONDS * 1000) log(`${label}: ${r.name} took ${(r.ms / 1000).toFixed(1)} s (${r.result ?? r.error?.code})`);
      if (Date.now() - last > 10_000 || i + 1 === specs.length) {
        last = Date.now();
        log(`${label}: ${i + 1}/${specs.length}`);
      }
    },
  );
  await runner.close(); // the next set starts in a fresh check process, with its own memory peak
  return { summary: summarize(records), records };
}

async function main(o: BenchOptions, runner: CheckRunner): Promise<void> {
  const started = Date.now();
  const needsCorpus = o.parts.some((p) => p !== "cli" && p !== "adversarial");
  const corpus: CorpusPolicy[] = needsCorpus ? loadCorpus() : [];
  const harnessRssMiB = peakRssMiB();
  if (needsCorpus) log(`corpus: ${corpus.length} policies loaded; harness peak RSS before any check ${harnessRssMiB.toFixed(0)} MiB`);
  const every = o.quick ? QUICK_EVERY : 1;
  const sets: Record<string, { summary: SetSummary; records: CheckRecord[] }> = {};
  let scaling: ScalingFigures | undefined;
  let z3: Z3Comparison | undefined;
  let cli: CliFigures | undefined;
  let serve: ServeFigures | undefined;
  let validate: ValidateRun[] | undefined;
  let scanned: ScanFigures | undefined;
  let adversarial: AdversarialRow[] | undefined;

  if (o.parts.includes("1")) sets["1 no-new-access"] = await runSet(runner, "set 1", set1(corpus, every));
  if (o.parts.includes("2")) sets["2 access-not-granted"] = await runSet(runner, "set 2", set2(corpus, every));
  if (o.parts.includes("3")) {
    const specs = scalingSpecs(harvestShapes(corpus.map((p) => p.latestDocument)), o.quick ? QUICK_GRID : FULL_GRID);
    const run = await runSet(
      runner,
      "set 3",
      specs.map((s) => s.spec),
    );
    sets["3 scaling"] = run;
    scaling = scalingFigures(specs, run.records);
  }
  if (o.parts.includes("z3")) {
    const perBin = o.quick ? 1 : 4;
    const sample = [
      ...stratifiedSample(set1(corpus), perBin, deriveSeed(o.seed, "z3", "set1")),
      ...stratifiedSample(set2(corpus), perBin, deriveSeed(o.seed, "z3", "set2")),
    ];
    log(`z3 comparison: ${sample.length} checks, each with the default engine then with Z3 (timeout ${TIMEOUT_SECONDS} s)`);
    z3 = await compareWithZ3(sample, runner, TIMEOUT_SECONDS, log);
  }
  await runner.close();
  if (o.parts.includes("adversarial")) adversarial = await runAdversarial(o.hardLimitSeconds, log);
  if (o.parts.includes("cli")) {
    log("cli start-up");
    cli = measureCli(ROOT, o.quick ? 3 : 10);
  }
  // In this process: validate-policy's checks are mostly syntactic and its engine questions small.
  if (o.parts.includes("validate")) validate = await measureValidate(corpus, every, log);
  if (o.parts.includes("scan")) scanned = await measureScan(corpus, o.quick ? 100 : 1000, log);

  if (o.parts.includes("serve")) {
    // Real managed-policy checks: every 40th of sets 1 and 2 (every 200th with --quick).
    const n = o.quick ? 200 : 40;
    const specs = [...set1(corpus, n), ...set2(corpus, n / 2)];
    serve = await measureServe(ROOT, specs, {
      requests: o.serveRequests ?? (o.quick ? 1000 : 5000),
      clients: 32,
      timeoutSeconds: TIMEOUT_SECONDS,
      log,
    });
  }

  // The library's peak: the largest maxRSS any check process reported (Z3's own child excluded).
  const checkRecords = [...Object.values(sets).flatMap((v) => v.records), ...(z3?.records.flatMap((r) => [r.keyaki, r.z3]) ?? [])];
  const peak = Math.max(0, ...checkRecords.map((r) => r.peakRssMiB ?? 0));
  const summaryOf = (key: string) => sets[key]?.summary;
  const targets = evaluateTargets({
    set1: summaryOf("1 no-new-access"),
    set2: summaryOf("2 access-not-granted"),
    set3: summaryOf("3 scaling"),
    scaling,
    z3,
    cli,
    peakRssMiB: peak,
  });
  if (serve) targets.push(...serveTargets(serve));

  const engine = ENGINE ?? "auto";
  const out: string[] = [
    `keyaki bench${o.quick ? " --quick" : ""}: node ${process.version}, ${os.cpus().length} cores, engine ${engine}, timeout ${TIMEOUT_SECONDS} s, hard limit ${o.hardLimitSeconds} s; checks run in a child process per set; peak MiB is that process's maxRSS (the library's, without the harness's ${harnessRssMiB.toFixed(0)} MiB corpus copy or Z3's child process)`,
  ];
  const setRows = Object.entries(sets).map(([k, v]) => [k, v.summary] as [string, SetSummary]);
  if (setRows.length > 0) {
    out.push("", setsTable(setRows), "");
    for (const [k, s] of setRows) out.push(setDetails(k, s));
  }
  if (scaling) out.push("", "scaling (set 3): time per check by N statements", scalingTable(scaling));
  if (z3) out.push("", "Z3 comparison (same checks, same process)", z3Table(z3));
  if (cli) out.push("", cliLine(cli));
  if (serve) out.push("", serveLine(serve));
  if (validate) out.push("", "validate-policy on the latest version of every managed policy (IDENTITY_POLICY)", validateTable(validate));
  if (scanned) out.push("", scanLine(scanned));
  if (adversarial)
    out.push("", "adversarial inputs: overshoot past the timeout (wall time of each library call)", adversarialTable(adversarial));
  if (o.parts.some((p) => p !== "adversarial")) out.push("", targetsTable(targets));
  out.push("", `bench took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.stdout.write(out.join("\n") + "\n");

  if (o.json) {
    const figures = {
      meta: {
        date: new Date().toISOString(),
        node: process.version,
        cores: os.cpus().length,
        engine,
        quick: o.quick,
        seed: o.seed,
        timeoutSeconds: TIMEOUT_SECONDS,
        hardLimitSeconds: o.hardLimitSeconds,
        harnessRssMiB,
        harnessPeakRssMiB: peakRssMiB(),
        peakRssMiB: peak,
      },
      sets,
      scaling,
      z3,
      cli,
      serve,
      validate,
      scan: scanned,
      adversarial,
      targets,
    };
    writeFileSync(o.json, JSON.stringify(figures, null, 1) + "\n");
    log(`figures written to ${o.json}`);
  }
}

let options: BenchOptions;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`bench: ${(e as Error).message}\n${USAGE}\n`);
  process.exit(1);
}
if (options.help) {
  process.stdout.write(USAGE + "\n");
} else {
  const runner = new CheckRunner(options.hardLimitSeconds * 1000);
  try {
    await main(options, runner);
  } finally {
    await runner.close();
  }
}
