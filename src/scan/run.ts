// A scan: sources in, a report out — files listed, policies extracted, checks run, base compared.
// Contract: `scan(input, api)` never throws on bad sources: a file that cannot be read or parsed
// is a located error in `errors` and the other files are still scanned; only a bad `--base` ref
// rejects (KeyakiError). Files are named relative to `cwd` with `/`. Policies are listed in file
// order then source order; `results[i].policy` indexes `policies`. With a base, each policy is
// matched by file and name with its version at the ref (in the git repository that holds the
// first path) and checked with check-no-new-access;
// policies new at HEAD are listed in `base.new` (and get the configured checks, as all do);
// policies gone since are listed in `base.removed`. Checks run through `api`: the library in
// this thread, or, for a scan of at least POOL_MIN_BYTES of sources, the worker pool of pool.ts,
// warmed while this thread extracts and fed each file's checks as soon as the file is read; the
// report does not depend on timing (outcomes are kept in report order).

import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { RESOURCE_TYPES } from "../checks/public-rules.js";
import { KeyakiError } from "../diagnostics/diagnostic.js";
import { openBase, type BaseReader } from "./base.js";
import { againstBase, overVariants, SCAN_CHECKS, type Api, type FileDiagnostic, type Locate, type ScanCheckResult } from "./checks.js";
import type { ScanCheckSpec } from "./config.js";
import { extractSource } from "./extract.js";
import type { ScanOptions } from "./intrinsics.js";
import { createManagedPolicies } from "./managed.js";
import { nodeAt, parseSource, type TNode } from "./tree.js";
import type { ExtractedPolicy } from "./types.js";
import { canonical } from "./value.js";
import { agrees } from "./variants.js";
import { listSources } from "./walk.js";

/**
 * The partition a policy's checks run in: its variant's AWS::Partition, else --partition, else
 * the checks' default (aws). A check in another partition than its ARNs' would match none of them.
 */
function variantPartition(q: { assignment?: Record<string, string> }, options: ScanOptions): string | undefined {
  return q.assignment?.["AWS::Partition"] ?? options.partition;
}

export interface ScanInput {
  paths: readonly string[];
  cwd: string;
  options: ScanOptions;
  checks: readonly ScanCheckSpec[];
  base?: string;
  timeoutSeconds: number;
  /** How many checks run at once (default 1), on `pool` (pool.ts) when one is given. */
  jobs?: number;
  /**
   * The library's checks on worker threads; used only when there are enough checks to repay
   * starting the workers (MIN_CHECKS_PER_JOB each), else the checks run on `library` in this thread.
   */
  pool?: Api;
  /** Called once per file scanned (progress). */
  onFile?: (file: string, index: number, total: number) => void;
  /** Called once before the checks run (done 0) and after each check ends (progress). */
  onChecks?: (done: number, total: number) => void;
}

export interface PolicyEntry {
  file: string;
  pointer: string;
  name: string;
  kind: ExtractedPolicy["kind"];
  policyType: ExtractedPolicy["policyType"];
  resourceType?: string;
  line: number;
  column: number;
  unresolved: Array<{ reason: string; line: number; column: number; pointer: string }>;
}

export type ScanResultEntry = { policy: number; check: string; against?: string } & ScanCheckResult;

export interface ScanReport {
  policies: PolicyEntry[];
  results: ScanResultEntry[];
  skipped: Array<{ policy: number; check: string; reason: string }>;
  base?: { ref: string; new: number[]; removed: Array<Omit<PolicyEntry, "unresolved">> };
  errors: FileDiagnostic[];
  warnings: FileDiagnostic[];
  summary: {
    files: number;
    policies: number;
    checks: number;
    pass: number;
    fail: number;
    unknown: number;
    skipped: number;
    errors: number;
  };
}

export interface ScanOutcome {
  report: ScanReport;
  /** Each scanned file's text, by its report name (for code frames). */
  sources: Map<string, string>;
}

function entry(p: ExtractedPolicy): PolicyEntry {
  return {
    file: p.file,
    pointer: p.pointer,
    name: p.name,
    kind: p.kind,
    policyType: p.policyType,
    ...(p.resourceType ? { resourceType: p.resourceType } : {}),
    line: p.line,
    column: p.column,
    unresolved: p.unresolved.map((h) => ({ reason: h.reason, line: h.line, column: h.column, pointer: h.pointer })),
  };
}

export async function scan(input: ScanInput, library: Api): Promise<ScanOutcome> {
  // The repository is the one holding the first path scanned (or the current directory).
  const first = input.paths.length > 0 ? resolve(input.cwd, input.paths[0]) : input.cwd;
  const repoDir = existsSync(first) && statSync(first).isDirectory() ? first : dirname(first);
  const base: BaseReader | undefined =
    input.base !== undefined ? openBase(input.base, existsSync(repoDir) ? repoDir : input.cwd) : undefined;
  const managed = createManagedPolicies();
  const name = (abs: string) => relative(input.cwd, abs).split(sep).join("/") || ".";
  // Nested stacks' templates, by report name: from the working tree (or, at the base, the ref).
  const readNamed = (file: string) => {
    try {
      return readFileSync(resolve(input.cwd, file), "utf8");
    } catch {
      return undefined;
    }
  };
  const ctx = { options: input.options, managed, readFile: readNamed };
  const baseCtx = base && { ...ctx, readFile: (file: string) => base.read(resolve(input.cwd, file)) };
  const sources = new Map<string, string>();
  const trees = new Map<string, TNode | undefined>();
  const partitionOf = (q: { assignment?: Record<string, string> }) => variantPartition(q, input.options);
  const locate: Locate = (file, pointer) => {
    if (!trees.has(file)) {
      const text = sources.get(file);
      trees.set(file, text === undefined ? undefined : parseSource(text, file).root);
    }
    const root = trees.get(file);
    const node = root && nodeAt(root, pointer);
    return node && { line: node.loc.line, column: node.loc.column };
  };
  const errors: FileDiagnostic[] = [];
  const warnings: FileDiagnostic[] = [];
  const policies: ExtractedPolicy[] = [];
  const basePolicies = new Map<string, ExtractedPolicy>();
  const listed = listSources(input.paths, input.cwd);
  for (const m of listed.missing)
    errors.push({
      severity: "error",
      code: "SCAN_PATH_NOT_FOUND",
      message: `no such file or directory \`${m}\``,
      line: 1,
      column: 1,
      offset: 0,
      path: "",
      file: m,
    });

  const results: ScanResultEntry[] = [];
  const skipped: ScanReport["skipped"] = [];
  const readFile = (path: string) => {
    try {
      return readFileSync(path, "utf8");
    } catch (e) {
      throw new KeyakiError(
        "SCAN_READ_ERROR",
        `cannot read the reference policy \`${name(path)}\`: ${(e as NodeJS.ErrnoException).code ?? "read failed"}`,
      );
    }
  };
  // Each check is a task; tasks run `jobs` at a time (against a pool, they overlap) and their
  // results and errors are kept in report order — by policy, its base comparison first, then the
  // configured checks in config order — so the report depends neither on timing nor on when the
  // base's files arrived (a policy's base comparison is planned once they have).
  type Outcome = { result?: ScanResultEntry; errors: FileDiagnostic[] };
  const order: number[] = []; // per task: its place in the report (policy index × slots + slot)
  const SLOTS = input.checks.length + 1;
  // Where the checks run: a worker pool only for a scan big enough to repay starting it.
  const jobs = input.pool && (input.jobs ?? 1) > 1 && sourceBytes(listed.files) >= POOL_MIN_BYTES ? (input.jobs ?? 1) : 1;
  const api: Api = jobs > 1 ? input.pool! : library;
  // Warm workers load the library while this thread extracts.
  if (jobs > 1) (input.pool as Api & { warm?: () => void }).warm?.();
  const tasks: Array<() => Promise<Outcome>> = [];
  const run = (index: number, slot: number, check: string, against: string | undefined, go: () => Promise<ScanCheckResult>) => {
    order.push(index * SLOTS + slot);
    tasks.push(async (): Promise<Outcome> => {
      try {
        return { result: { policy: index, check, ...(against ? { against } : {}), ...(await go()) }, errors: [] };
      } catch (e) {
        if (!(e instanceof KeyakiError)) throw e;
        const p = policies[index];
        // A policy the library rejects: its diagnostics are about the text it read; locate them at the policy.
        return {
          errors: (e.diagnostics.length > 0 ? e.diagnostics : [undefined]).map((d) => ({
            severity: "error" as const,
            code: d?.code ?? e.code,
            message: `${p.name}: ${d?.message ?? e.message}`,
            ...(p.text !== undefined && p.pointer === "" && d
              ? { line: d.line, column: d.column, offset: d.offset, path: d.path }
              : { line: p.line, column: p.column, offset: 0, path: p.pointer + (d?.path ?? "") }),
            file: p.file,
          })),
        };
      }
    });
  };
  const news: number[] = [];
  /** The base comparison of policy `index` (its file's base version already read), as a task. */
  const planBase = (index: number, p: ExtractedPolicy) => {
    if (base) {
      const old = basePolicies.get(key(p));
      basePolicies.delete(key(p));
      // The same assignment of finite unknowns in both versions: they deploy into one environment.
      const counterpart = (q: ExtractedPolicy & { assignment?: Record<string, string> }) =>
        (q.assignment && old?.variants?.find((b) => agrees(b.assignment, q.assignment!))) || old!;
      const baseText = (q: ExtractedPolicy) => {
        const b = counterpart(q);
        return b.text ?? canonical(b.document);
      };
      // Only the base has finite unknowns: the head is the same under each of its assignments.
      const head = !p.variants && old?.variants ? { ...p, variants: old.variants.map((b) => ({ ...p, assignment: b.assignment })) } : p;
      if (old)
        run(index, 0, "check-no-new-access", base.ref, () =>
          overVariants(head, (q) => againstBase(api, q, counterpart(q), locate, input.timeoutSeconds, partitionOf(q)), baseText),
        );
      else news.push(index);
    }
  };
  /** The configured checks of policy `index`, as tasks. */
  const planChecks = (index: number, p: ExtractedPolicy) => {
    for (const [slot, spec] of input.checks.entries()) {
      if (spec.policyTypes && !spec.policyTypes.includes(p.policyType)) continue;
      const check = SCAN_CHECKS[spec.check];
      const why = check.skip(p, spec, RESOURCE_TYPES);
      if (why !== undefined) {
        if (spec.check !== "check-no-public-access" || p.policyType === "RESOURCE_POLICY")
          skipped.push({ policy: index, check: spec.check, reason: why });
        continue;
      }
      const checkCtx = (q: ExtractedPolicy & { assignment?: Record<string, string> }) => ({
        locate,
        timeoutSeconds: input.timeoutSeconds,
        partition: partitionOf(q),
        readFile,
      });
      // validate-policy reads every variant itself and merges their findings (validate.ts).
      run(index, slot + 1, spec.check, undefined, () =>
        spec.check === "validate-policy"
          ? check.run(api, p, spec, checkCtx(p))
          : overVariants(p, (q) => check.run(api, q, spec, checkCtx(q))),
      );
    }
  };
  // Tasks run as soon as their file is extracted, `lanes` at a time (against a pool, a few per
  // worker in flight, so no worker waits on this thread); outcomes are sorted into report order at the end.
  const outcomes: Outcome[] = [];
  let nextTask = 0;
  let done = 0;
  let extracted = false;
  // Many in flight per worker: on a busy machine this thread is scheduled late, and a worker
  // whose queue ran dry would idle until then.
  const lanes = jobs > 1 ? 16 * jobs : 1;
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined; // an internal error: the scan rejects with it at the end
  const lane = async () => {
    try {
      while (nextTask < tasks.length && !failure) {
        const i = nextTask++;
        outcomes[i] = await tasks[i]();
        done++;
        if (extracted) input.onChecks?.(done, tasks.length);
      }
    } catch (error) {
      failure ??= { error };
    }
  };
  const kick = () => {
    while (running.size < lanes && nextTask < tasks.length) {
      const r: Promise<void> = lane().finally(() => running.delete(r));
      running.add(r);
    }
  };

  const queue = [...listed.files];
  const queued = new Set(queue.map((f) => f.path));
  const scanned = new Set<string>();
  // Warnings per file, the base's after the file's own, as if each file were read whole in turn.
  const fileWarnings: FileDiagnostic[][] = [];
  // Files whose base version is still to be compared: the base arrives in the background
  // (base.ts), and until it has, a file's configured checks need not wait for it.
  const atBase: Array<{ path: string; file: string; at: number; first: number; count: number }> = [];
  let baseReady = false;
  void base?.ready.then(() => (baseReady = true));
  const compareWithBase = () => {
    for (const f of atBase.splice(0)) {
      for (const p of extractAtBase(base!, f.path, f.file, baseCtx!, fileWarnings[f.at])) basePolicies.set(key(p), p);
      for (let k = f.first; k < f.first + f.count; k++) planBase(k, policies[k]);
    }
  };
  for (let i = 0; i < queue.length; i++) {
    const { path, explicit } = queue[i];
    const file = name(path);
    input.onFile?.(file, i, queue.length);
    scanned.add(path);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      errors.push(fileError("SCAN_READ_ERROR", `cannot read \`${file}\`: ${(e as NodeJS.ErrnoException).code ?? "read failed"}`, file));
      continue;
    }
    const got = extractSource(text, file, ctx, explicit);
    if (!got) {
      if (explicit)
        errors.push(
          fileError(
            "SCAN_UNRECOGNISED",
            `\`${file}\` is not a CloudFormation template, CDK assembly manifest, Terraform plan or policy document`,
            file,
          ),
        );
      continue;
    }
    sources.set(file, text);
    for (const [f, t] of Object.entries(got.sources ?? {})) if (!sources.has(f)) sources.set(f, t);
    fileWarnings[i] = [];
    for (const d of got.diagnostics) (d.severity === "error" ? errors : fileWarnings[i]).push(d);
    const first = policies.length;
    policies.push(...got.policies);
    for (const inc of got.includes ?? []) {
      const abs = resolve(dirname(path), inc);
      if (!queued.has(abs)) {
        queued.add(abs);
        queue.push({ path: abs, explicit: true });
      }
    }
    for (let k = first; k < policies.length; k++) planChecks(k, policies[k]);
    if (base) {
      atBase.push({ path, file, at: i, first, count: got.policies.length });
      if (baseReady) compareWithBase();
    }
    if (jobs > 1 && !failure) {
      kick();
      await new Promise((r) => setImmediate(r)); // let the workers' answers in between files
    }
  }
  if (base) {
    await base.ready;
    compareWithBase();
  }
  warnings.push(...fileWarnings.flat());
  // Files at the base that are gone now: all their policies are removed.
  if (base) {
    const roots = (input.paths.length > 0 ? input.paths : ["."]).map((p) => resolve(input.cwd, p));
    for (const path of base.list(roots)) {
      if (scanned.has(path) || queued.has(path) || !/\.(json|ya?ml|template)$/i.test(path)) continue;
      for (const p of extractAtBase(base, path, name(path), baseCtx!, warnings)) basePolicies.set(key(p), p);
    }
  }

  extracted = true;
  input.onChecks?.(done, tasks.length);
  kick();
  while (running.size > 0) {
    await Promise.all([...running]);
    if (!failure) kick();
  }
  if (failure) throw failure.error;
  for (const t of [...outcomes.keys()].sort((a, b) => order[a] - order[b])) {
    const o = outcomes[t];
    if (o.result) results.push(o.result);
    errors.push(...o.errors);
  }
  news.sort((a, b) => a - b);
  const count = (r: string) => results.filter((x) => x.result === r).length;
  const report: ScanReport = {
    policies: policies.map(entry),
    results,
    skipped,
    ...(base
      ? {
          base: {
            ref: base.ref,
            new: news,
            removed: [...basePolicies.values()].map((p) => {
              const { unresolved: _, ...rest } = entry(p);
              return rest;
            }),
          },
        }
      : {}),
    errors,
    warnings,
    summary: {
      files: sources.size,
      policies: policies.length,
      checks: results.length,
      pass: count("PASS"),
      fail: count("FAIL"),
      unknown: count("UNKNOWN"),
      skipped: skipped.length,
      errors: errors.length,
    },
  };
  return { report, sources };
}

/**
 * A worker costs about a second of CPU to start and warm (the library, its catalogues, the JIT):
 * below this much source (about 100 templates), one thread is faster (bench/scan.ts measures it).
 */
const POOL_MIN_BYTES = 256 * 1024;

function sourceBytes(files: ReadonlyArray<{ path: string }>): number {
  let n = 0;
  for (const f of files) {
    try {
      n += statSync(f.path).size;
    } catch {
      // unreadable: reported when it is read
    }
    if (n >= POOL_MIN_BYTES) break;
  }
  return n;
}

function key(p: ExtractedPolicy): string {
  return `${p.file}\u0000${p.name}`;
}

function extractAtBase(
  base: BaseReader,
  path: string,
  file: string,
  ctx: Parameters<typeof extractSource>[2],
  warnings: FileDiagnostic[],
): ExtractedPolicy[] {
  const text = base.read(path);
  if (text === undefined) return [];
  const got = extractSource(text, file, ctx, true);
  // A base version that cannot be read has no policies to compare with: the file's policies are
  // listed as new (and get the configured checks), with a warning saying why.
  // Only an error in the file itself: one about a nested stack's template (located in the child,
  // or at the TemplateURL: SCAN_NESTED_*) leaves the file's own policies readable.
  const error = got?.diagnostics.find((d) => d.severity === "error" && d.file === file && !d.code.startsWith("SCAN_NESTED_"));
  if (error)
    warnings.push({
      ...error,
      severity: "warning",
      code: "SCAN_BASE_UNREADABLE",
      message: `the version at \`${base.ref}\` cannot be read (${error.message}): its policies are listed as new`,
    });
  return got?.policies ?? [];
}

/** An error about a whole file, located at its start. */
function fileError(code: string, message: string, file: string): FileDiagnostic {
  return { severity: "error", code, message, line: 1, column: 1, offset: 0, path: "", file };
}
