// One query of a check, the one place where a formula over requests goes to the solver and a
// model comes back as a request the concrete evaluator has confirmed (solve → decode → replay).
// Used by every check's property (run.ts) and by findings (findings.ts).
// Contract:
//   - Only requests AWS could send are asked about: a resource policy's variables that read
//     principal keys hold the principal's values (encode/principal.ts), and the request is one
//     of the scope's partition and policy type (encode/real-requests.ts).
//   - No query starts, and none is built, when less than MIN_QUERY_MS are left before the
//     deadline: the answer is then "unknown" ("the timeout ran out"), never "unsat". The solver
//     gets the time left after the query is built.
//   - With `hints`, each model is the next query's hint (neighbouring queries share a lot).
//   - `decide(f)` answers unsat / sat / unknown. `witness(f, replay)` also decodes a model to a
//     request (polished first when `replay.polish`: cosmetic, it stops at the deadline, and the
//     polished model must still satisfy the query) and replays it; a replay that does not
//     confirm the solver's answer is a bug and throws INTERNAL_ERROR, never an answer.

import { KeyakiError } from "../diagnostics/diagnostic.js";
import { withPrincipalVariableTies } from "../encode/principal.js";
import { realRequests } from "../encode/real-requests.js";
import { assignmentToRequest } from "../eval/request-view.js";
import { varsOf } from "../encode/vars.js";
import type { Request } from "../iam/request.js";
import type { KeyTypes } from "../iam/key-types.js";
import type { Partition } from "../iam/partitions.js";
import { evaluateFormula } from "../logic/evaluate.js";
import { and, type Assignment, type Formula } from "../logic/ir.js";
import type { PolicyType } from "../iam/ast.js";
import type { SolveResult } from "../solve/engine.js";
import type { Solver } from "../solve/index.js";
import { polishModel } from "./witness.js";

/** Below this much time left, a query is not started (it could not finish in time anyway). */
export const MIN_QUERY_MS = 5;

/** What every request of the check shares. */
export interface QueryScope {
  policyType: PolicyType;
  keyTypes: KeyTypes;
  partition: Partition;
}

export interface QueryOptions {
  solver: Solver;
  /** Date.now()-like value (read through `clock`) by which every query must be answered. */
  deadline: number;
  clock: () => number;
  /** Awaited before each query, so that checks running together take turns (run.ts `turns`). */
  nextTurn: () => Promise<void>;
  /** Pass each model as the next query's hint. */
  hints: boolean;
}

/** How a model is turned into a request and confirmed. */
export interface Replay<R> {
  /** What the request stands for, in the INTERNAL_ERROR message ("counterexample", …). */
  what: string;
  /** Make the request readable first (cosmetic; pinpointing only needs one that replays). */
  polish: boolean;
  /** The concrete evaluator on the request: `confirmed` false means it disagrees with the solver. */
  run(request: Request, frees: Map<string, boolean>): { confirmed: boolean; result: R };
}

export type Witness<R> =
  | { status: "unsat" }
  | { status: "unknown"; reason: string }
  | { status: "sat"; request: Request; frees: Map<string, boolean>; replayed: R };

export interface Queries {
  decide(f: Formula): Promise<SolveResult>;
  witness<R>(f: Formula, replay: Replay<R>): Promise<Witness<R>>;
}

export function queries(scope: QueryScope, options: QueryOptions): Queries {
  const { solver, deadline, clock, nextTurn } = options;
  let lastModel: Assignment | undefined;

  const ask = async (f: Formula): Promise<{ query?: Formula; result: SolveResult }> => {
    await nextTurn();
    if (deadline - clock() < MIN_QUERY_MS) return { result: { status: "unknown", reason: "the timeout ran out" } };
    const tied = scope.policyType === "RESOURCE_POLICY" ? withPrincipalVariableTies(f, scope.keyTypes) : f;
    const query = and(tied, realRequests(tied, scope));
    // Building the query took time too: the solver gets what is left.
    const remaining = deadline - clock();
    if (remaining < MIN_QUERY_MS) return { result: { status: "unknown", reason: "the timeout ran out" } };
    const { result } = await solver.decide(query, varsOf(query), { timeoutMs: remaining, hint: options.hints ? lastModel : undefined });
    if (result.status === "sat" && options.hints) lastModel = result.model;
    return { query, result };
  };

  return {
    decide: async (f) => (await ask(f)).result,

    async witness<R>(f: Formula, replay: Replay<R>): Promise<Witness<R>> {
      const { query, result } = await ask(f);
      if (result.status !== "sat") return result;
      // Polishing is cosmetic: it stops when the time is up (the model is valid as it stands).
      const expired = () => clock() >= deadline;
      const { model, display } =
        replay.polish && !expired()
          ? polishModel(result.model, query!, expired)
          : { model: result.model, display: new Map<string, string>() };
      if (replay.polish && !evaluateFormula(query!, model))
        throw new KeyakiError("INTERNAL_ERROR", "polishing changed the meaning of a model");
      const { request, frees } = assignmentToRequest(model, scope.keyTypes, scope.policyType);
      const action = display.get("action");
      if (action) request.action = action;
      const replayed = replay.run(request, frees);
      if (!replayed.confirmed) {
        throw new KeyakiError(
          "INTERNAL_ERROR",
          `${replay.what} replay disagrees with the solver (action \`${request.action}\`, resource \`${request.resource}\`)`,
        );
      }
      return { status: "sat", request, frees, replayed: replayed.result };
    },
  };
}
