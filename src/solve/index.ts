// The solver as the checks use it: one front engine (front.ts) per engine choice, made on first
// use and shared by every check in the process.
// Contract: `decide` answers with the front for `choice` (default: `KEYAKI_ENGINE`, read here at
// the edge: `z3` or `finite` force one engine, for conformance runs and benchmarks; anything
// else is "auto"). `close()` frees every worker; a process that never calls it still exits, and
// keyaki stays usable after it.

import type { Formula, Vars } from "../logic/ir.js";
import type { Engine, SolveOptions } from "./engine.js";
import { createFiniteEngine } from "./finite/index.js";
import { createFrontEngine, type Decision, type EngineChoice, type FrontEngine } from "./front.js";

export type { Decision, EngineChoice } from "./front.js";

let finite: Engine | undefined;
let z3: Engine | undefined;
const fronts = new Map<EngineChoice, FrontEngine>();

async function z3Engine(): Promise<Engine> {
  if (!z3) {
    // Imported lazily: a check that the finite engine decides never loads Z3.
    const { createZ3Engine } = await import("./z3/index.js");
    z3 ??= createZ3Engine();
  }
  return z3;
}

function front(choice: EngineChoice): FrontEngine {
  let f = fronts.get(choice);
  if (!f) fronts.set(choice, (f = createFrontEngine({ choice, finite: (finite ??= createFiniteEngine()), z3: z3Engine })));
  return f;
}

export function engineChoice(): EngineChoice {
  const env = process.env.KEYAKI_ENGINE;
  return env === "z3" || env === "finite" ? env : "auto";
}

export function decide(f: Formula, vars: Vars, options: SolveOptions, choice: EngineChoice = engineChoice()): Promise<Decision> {
  return front(choice).decide(f, vars, options);
}

/** What the checks ask of a solver (checks/query.ts): `decide`'s signature, the engine chosen by the instance. */
export interface Solver {
  decide(f: Formula, vars: Vars, options: SolveOptions): Promise<Decision>;
}

/** The process-wide solver (engines shared by every check, freed by `close()`), for callers that bring none. */
export const defaultSolver: Solver = { decide: (f, vars, options) => decide(f, vars, options) };

/** Frees solver workers. Safe to call more than once, and keyaki stays usable afterwards. */
export async function close(): Promise<void> {
  await Promise.all([finite?.close(), z3?.close()]);
}
