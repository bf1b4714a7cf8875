// Decides one property and turns the solver's answer into a verdict that can be trusted.
// Each question goes through query.ts (solve → decode → replay).
// Contract (the asserts are unsatisfiable iff the property holds):
//   - `violation` is satisfiable exactly by the requests that break the property; unsat = PASS,
//     a proof under every reading of every free construct.
//   - A model is polished, decoded to a request, and replayed through the concrete evaluator
//     with the model's readings; if the replay does not confirm the violation, that is a bug and
//     surfaces as an INTERNAL_ERROR, never as an answer.
//   - The replay is then repeated in three-valued logic: a violation that holds whatever the
//     free constructs mean is a firm FAIL; one that needs a reading of some is a FAIL with a
//     warning naming each.
//   - Statement i of the policy under check is at fault iff it allows some request satisfying
//     `faultContext`.
//   - The timeout holds for the whole property: no query starts, and no statement's question is
//     built, after the deadline; polishing stops at it. A first query that runs out of time is
//     UNKNOWN; pinpointing that runs out lists the statements it did not examine (`unexamined`),
//     so the reasons are marked as possibly incomplete.

import { KeyakiError } from "../diagnostics/diagnostic.js";
import type { FreeConstruct, FreeRegistry } from "../iam/ambiguity.js";
import type { Request } from "../iam/request.js";
import type { Tri } from "../eval/types.js";
import type { KeyTypes } from "../iam/key-types.js";
import type { Partition } from "../iam/partitions.js";
import { and, or, type Formula } from "../logic/ir.js";
import { substituteBools } from "../logic/substitute.js";
import type { PolicyType } from "../iam/ast.js";
import type { Solver } from "../solve/index.js";
import { catalogueActions, inCatalogue } from "./catalogue-witness.js";
import { MIN_QUERY_MS, queries } from "./query.js";

export interface Property {
  policyType: PolicyType;
  /** The partition of every request (encode/real-requests.ts). */
  partition: Partition;
  keyTypes: KeyTypes;
  frees: FreeRegistry;
  violation: Formula;
  /** Number of statements of the policy under check, and which can be at fault (Allows). */
  statementCount: number;
  canBeAtFault(i: number): boolean;
  /**
   * Statement i is at fault for a request when it allows it (`statementAllows(i)`) and the
   * request breaks the property through it (`faultContext`: not denied, and the rest).
   */
  statementAllows(i: number): Formula;
  faultContext: Formula;
  /** `faultContext` as statement i's requests see it (smaller: sliced to its actions). */
  faultContextFor?(i: number): Formula;
  /** The property on a concrete request: is it violated, and which statements are at fault? */
  replay(request: Request, frees?: ReadonlyMap<string, boolean>): { violated: Tri; atFault: Tri[]; touched: Set<string> };
}

export type Outcome =
  | { kind: "pass" }
  | { kind: "unknown"; reason: string }
  | {
      kind: "fail";
      counterexample: Request;
      statements: number[];
      unexamined: number[];
      ambiguities: FreeConstruct[];
      /** Every witness is an action the catalogue does not list (checks/catalogue-witness.ts). */
      onlyUncatalogued: boolean;
    };

interface Found {
  request: Request;
  frees: Map<string, boolean>;
  /** Statements at fault for this request under the model's readings. */
  atFault: Tri[];
}

/**
 * A check's turns: the returned function lets other work on the event loop run (other checks,
 * timers, Z3's replies). Each check awaits it at its start, so that checks started together
 * (Promise.all) all take their deadline before any of them works, and before each query and
 * between parts of a large encoding, so that their synchronous steps alternate. A real turn of
 * the event loop costs milliseconds on a busy machine, so one is taken only when TURN_MS have
 * passed since this check's last; otherwise the await is a microtask (which still lets the
 * other checks' continuations run).
 */
export function turns(): () => Promise<void> {
  let last = Date.now();
  return () => {
    const now = Date.now();
    if (now - last < TURN_MS) return Promise.resolve();
    last = now;
    return new Promise((resolve) => setImmediate(resolve));
  };
}

const TURN_MS = 10;

/**
 * `solver` answers the queries (solve/index.ts `defaultSolver` for the process-wide one);
 * `clock` is Date.now except in tests, which make time run out at a chosen query.
 */
export async function runProperty(p: Property, solver: Solver, timeoutMs: number, clock: () => number = Date.now): Promise<Outcome> {
  const deadline = clock() + timeoutMs;
  const nextTurn = turns();
  const asked = queries(p, { solver, deadline, clock, nextTurn, hints: true });
  // `polish` makes the request readable; pinpointing only needs one that replays.
  const solve = async (f: Formula, polish = true): Promise<Found | "unsat" | { unknown: string }> => {
    const w = await asked.witness(f, {
      what: "counterexample",
      polish,
      run: (request, frees) => {
        const replayed = p.replay(request, frees);
        return { confirmed: replayed.violated === true, result: replayed.atFault };
      },
    });
    if (w.status === "unsat") return "unsat";
    if (w.status === "unknown") return { unknown: w.reason };
    return { request: w.request, frees: w.frees, atFault: w.replayed };
  };

  const first = await solve(p.violation);
  if (first === "unsat") {
    // A construct read only one way (its other reading not modelled) proves nothing for the other.
    const partial = [...p.frees.values()].find((c) => c.onlyNarrow);
    if (partial) return { kind: "unknown", reason: `no PASS under every reading: ${partial.message}` };
    return { kind: "pass" };
  }
  if ("unknown" in first) return { kind: "unknown", reason: `the solver gave no answer: ${first.unknown}` };

  // Prefer a counterexample that breaks the property under every reading.
  let best = first;
  let firmness = p.replay(first.request);
  if (firmness.violated !== true && p.frees.size > 0) {
    const reading = (value: boolean) => (name: string) => (name.startsWith("free:") ? value : undefined);
    const both = and(substituteBools(p.violation, reading(false)), substituteBools(p.violation, reading(true)));
    const second = await solve(both);
    if (typeof second === "object" && !("unknown" in second)) {
      const again = p.replay(second.request);
      if (again.violated === true) {
        best = second;
        firmness = again;
      }
    }
  }
  // Actions are an open world, but a FAIL that only actions missing from the catalogue witness
  // is said to be one; if a listed action witnesses it too, the counterexample uses one.
  let onlyUncatalogued = false;
  if (!inCatalogue(best.request.action)) {
    const listed = await solve(and(p.violation, catalogueActions(p.violation)));
    if (listed === "unsat") onlyUncatalogued = true;
    else if (!("unknown" in listed)) {
      const again = p.replay(listed.request);
      if (again.violated === true || firmness.violated !== true) {
        best = listed;
        firmness = again;
      }
    }
  }
  const ambiguities: FreeConstruct[] = [];
  if (firmness.violated !== true) {
    const involved = [...firmness.touched].map((id) => p.frees.get(id)).filter((c): c is FreeConstruct => !!c);
    // A replay that is not firm names the constructs it touched; with none of them in this
    // question to name in a warning, no verdict is safe.
    if (involved.length === 0) return { kind: "unknown", reason: "the counterexample depends on how a construct is read" };
    ambiguities.push(...involved);
  }

  // Pinpoint: a statement is at fault when some violating request is allowed through it. One
  // query asks for a request through any statement not yet known to be at fault; its replay
  // marks every statement it goes through, and an unsat answer clears all the rest at once.
  // When rounds find one statement each, or get no answer, each statement left is asked alone,
  // against the question sliced to its actions (measured on the managed-policy bench).
  const pool: Found[] = [first, best];
  const candidates = [...Array(p.statementCount).keys()].filter((i) => p.canBeAtFault(i));
  const atFault = new Set(candidates.filter((i) => pool.some((f) => f.atFault[i] === true)));
  const unexamined: number[] = [];
  let open = candidates.filter((i) => !atFault.has(i));
  while (open.length > 0) {
    const hit = await solve(and(p.faultContext, or(...open.map((i) => p.statementAllows(i)))), false);
    if (hit === "unsat") open = [];
    if (typeof hit !== "object" || "unknown" in hit) break;
    const found = open.filter((i) => hit.atFault[i] === true);
    // The replay confirmed the violation, so the request goes through some open statement.
    if (found.length === 0) throw new KeyakiError("INTERNAL_ERROR", "a pinpointing model goes through no statement it was asked for");
    pool.push(hit);
    for (const i of found) atFault.add(i);
    open = open.filter((i) => !atFault.has(i));
    // One statement per round: the requests go through statements one by one, and single,
    // sliced queries are cheaper than a round over all that are left.
    if (found.length === 1 && open.length > SINGLES_AFTER) break;
  }
  for (const i of open) {
    if (pool.some((f) => f.atFault[i] === true)) {
      atFault.add(i);
      continue;
    }
    // A statement's question is built only when it is about to be asked: building each costs
    // time linear in the policy, so building them all first was quadratic past any deadline.
    if (deadline - clock() < MIN_QUERY_MS) {
      unexamined.push(i);
      continue;
    }
    const hit = await solve(and(p.statementAllows(i), p.faultContextFor?.(i) ?? p.faultContext), false);
    if (hit === "unsat") continue;
    if ("unknown" in hit) unexamined.push(i);
    else {
      pool.push(hit);
      atFault.add(i);
    }
  }
  const statements = candidates.filter((i) => atFault.has(i));
  return { kind: "fail", counterexample: best.request, statements, unexamined, ambiguities, onlyUncatalogued };
}

/** More statements than this left open after a round that found one: ask each alone. */
const SINGLES_AFTER = 4;
