// Runs checks one at a time through the public API and records what each one did.
// Contract: a check is one whole library call (parse, encode, decide, pinpoint, counterexample,
// replay), timed with performance.now() around the awaited call. A rejection is recorded as an
// error with its KeyakiError code (or INTERNAL:<name> for anything else), never rethrown, so
// one bad check cannot stop a set. Checks run strictly sequentially.

import { performance } from "node:perf_hooks";
import {
  checkAccessNotGranted,
  checkNoNewAccess,
  KeyakiError,
  type CheckAccessNotGrantedInput,
  type CheckNoNewAccessInput,
  type CheckResult,
} from "../src/index.js";

export type CheckSpec =
  | { name: string; size: number; kind: "no-new-access"; input: CheckNoNewAccessInput }
  | { name: string; size: number; kind: "access-not-granted"; input: CheckAccessNotGrantedInput };

export interface CheckRecord {
  name: string;
  kind: CheckSpec["kind"];
  ms: number;
  /** Present when the call resolved. */
  result?: CheckResult;
  unknownReason?: string;
  /** Present when the call rejected. */
  error?: { code: string; message: string };
  /** The process's peak RSS (MiB) right after this check, read outside the timed region. */
  peakRssMiB?: number;
}

const peak = (): number => process.resourceUsage().maxRSS / 1024;

/** Runs one check: `runCheck` in this process, or through a CheckRunner's check process. */
export type RunOne = (spec: CheckSpec) => Promise<CheckRecord>;

/** The functions a check runs with: the default instance's, or an instance's of one's own (engine, slicing). */
export type CheckFunctions = { checkNoNewAccess: typeof checkNoNewAccess; checkAccessNotGranted: typeof checkAccessNotGranted };

export async function runCheck(
  spec: CheckSpec,
  timeoutSeconds: number,
  api: CheckFunctions = { checkNoNewAccess, checkAccessNotGranted },
): Promise<CheckRecord> {
  const base = { name: spec.name, kind: spec.kind };
  const started = performance.now();
  try {
    const r =
      spec.kind === "no-new-access"
        ? await api.checkNoNewAccess(spec.input, { timeoutSeconds })
        : await api.checkAccessNotGranted(spec.input, { timeoutSeconds });
    const ms = performance.now() - started;
    return {
      ...base,
      ms,
      result: r.result,
      ...(r.unknownReason !== undefined ? { unknownReason: r.unknownReason } : {}),
      peakRssMiB: peak(),
    };
  } catch (e) {
    const ms = performance.now() - started;
    const code = e instanceof KeyakiError ? e.code : `INTERNAL:${e instanceof Error ? e.name : typeof e}`;
    const first = e instanceof KeyakiError ? e.diagnostics[0] : undefined;
    const message = first ? `${first.code} at ${first.path || "/"}: ${first.message}` : e instanceof Error ? e.message : String(e);
    return { ...base, ms, error: { code, message }, peakRssMiB: peak() };
  }
}

export async function runChecks(
  specs: Iterable<CheckSpec>,
  run: RunOne,
  onRecord?: (r: CheckRecord, index: number) => void,
): Promise<CheckRecord[]> {
  const out: CheckRecord[] = [];
  for (const spec of specs) {
    const r = await run(spec);
    out.push(r);
    onRecord?.(r, out.length - 1);
  }
  return out;
}
