// The solver as the checks use it: a Solver owns one finite engine and one Z3 (made on first
// use), and a front engine (front.ts) per engine choice over them.
// Contract: `createSolver(options)` makes one; its `decide` answers with the front for its
// engine choice (`auto` unless `engine` says `z3` or `finite`, for conformance runs and
// benchmarks); `close()` frees its workers, is safe to call more than once, and the solver stays
// usable afterwards. Nothing here reads the environment: the CLI, the bench and the tests choose
// (keyaki.ts makes the instances). `sharedSolver()` is the one the plain library functions use,
// made on first use (`defaultSolver` asks it); `decide` and `close` below are shorthands for it.

import type { Formula, Vars } from "../logic/ir.js";
import type { Engine, SolveOptions } from "./engine.js";
import { createFiniteEngine } from "./finite/index.js";
import { createFrontEngine, type Decision, type EngineChoice, type FrontEngine } from "./front.js";

export type { Decision, EngineChoice } from "./front.js";

/** What a check asks of the solver: one question, decided by the engine the solver was made with. */
export interface Solver {
  decide(f: Formula, vars: Vars, options: SolveOptions): Promise<Decision>;
}

export interface SolverOptions {
  /** Force one engine (`z3`, `finite`) or let the front choose (`auto`, the default). */
  engine?: EngineChoice;
  /** The finite engine throws when a model fails its own check (an engine bug), instead of answering "unknown"; tests turn it on. */
  strict?: boolean;
}

export interface OwnedSolver extends Solver {
  readonly engine: EngineChoice;
  /** Whether its finite engine is strict (SolverOptions.strict). */
  readonly strict: boolean;
  /** Like `decide`, with another engine choice over the same engines (tests compare them). */
  decideWith(choice: EngineChoice, f: Formula, vars: Vars, options: SolveOptions): Promise<Decision>;
  close(): Promise<void>;
}

export function createSolver(options: SolverOptions = {}): OwnedSolver {
  const engine = options.engine ?? "auto";
  const strict = options.strict ?? false;
  const finite = createFiniteEngine({ strict });
  let z3: Engine | undefined;
  const fronts = new Map<EngineChoice, FrontEngine>();
  const z3Engine = async (): Promise<Engine> => {
    if (!z3) {
      // Imported lazily: a check that the finite engine decides never loads Z3.
      const { createZ3Engine } = await import("./z3/index.js");
      z3 ??= createZ3Engine();
    }
    return z3;
  };
  const front = (choice: EngineChoice): FrontEngine => {
    let f = fronts.get(choice);
    if (!f) fronts.set(choice, (f = createFrontEngine({ choice, finite, z3: z3Engine })));
    return f;
  };
  return {
    engine,
    strict,
    decide: (f, vars, opts) => front(engine).decide(f, vars, opts),
    decideWith: (choice, f, vars, opts) => front(choice).decide(f, vars, opts),
    close: async () => {
      await Promise.all([finite.close(), z3?.close()]);
    },
  };
}

let shared: OwnedSolver | undefined;

/** The solver of the default instance (keyaki.ts), made on first use with `options` (later options are ignored). */
export function sharedSolver(options?: SolverOptions): OwnedSolver {
  return (shared ??= createSolver(options));
}

/** The default instance's solver, for callers that bring none (made on first use). */
export const defaultSolver: Solver = { decide: (f, vars, options) => sharedSolver().decide(f, vars, options) };

/** The default solver's answer, with `choice` forcing an engine (default: the solver's own). */
export function decide(f: Formula, vars: Vars, options: SolveOptions, choice?: EngineChoice): Promise<Decision> {
  const s = sharedSolver();
  return choice === undefined ? s.decide(f, vars, options) : s.decideWith(choice, f, vars, options);
}

/** Frees the default solver's workers. Safe to call more than once, and keyaki stays usable afterwards. */
export async function close(): Promise<void> {
  await shared?.close();
}
