// A keyaki instance: the registry's checks as functions, run with the engines the instance owns.
// Contract: `createKeyaki(options)` returns an instance with one function per check of the
// registry (registry/registry.ts: `checkNoNewAccess`, …, `validatePolicy`), each taking AWS's
// request shape and per-call options, and `close()`, which frees the instance's solver workers
// (safe to call more than once; the instance stays usable). The options choose the engine
// (`auto`, `z3`, `finite`), slicing, the finite engine's strict mode, and the defaults of every
// call's timeout and partition (a call's own options win). Nothing here reads the environment:
// the CLI, the bench and the tests turn theirs into options. `defaultKeyaki()` is the instance
// the plain exported functions use (index.ts), made on first use; the options of its first call
// are the ones it keeps (the test setup turns strict mode on that way).

import type { CheckDefinition } from "./registry/check-definition.js";
import { CHECKS, type AnyCheck } from "./registry/registry.js";
import type { Runtime } from "./checks/runtime.js";
import { createSolver, sharedSolver, type EngineChoice, type OwnedSolver, type Solver } from "./solve/index.js";

export interface KeyakiOptions {
  /** `auto` (default): the solver front; `z3` or `finite` force one engine (conformance runs, benchmarks). */
  engine?: EngineChoice;
  /** Slice each question to the actions that matter (default true); false asks the whole question. */
  slicing?: boolean;
  /** The finite engine throws on a model that fails its own check (an engine bug) instead of answering UNKNOWN; for tests. */
  strict?: boolean;
  /** Every call's timeout in seconds unless the call gives one (default 10). */
  timeoutSeconds?: number;
  /** Every check's partition unless the call gives one (default `aws`). */
  partition?: string;
}

type Fn<D> = D extends CheckDefinition<string, string, infer I, infer O, infer R> ? (input: I, options?: O) => Promise<R> : never;

/** One function per check of the registry, named as the registry names it. */
export type CheckFunctions = { [D in (typeof CHECKS)[number] as D["fn"]]: Fn<D> };

export type Keyaki = CheckFunctions & {
  /** The solver the instance's checks ask (its engines are the instance's). */
  readonly solver: Solver;
  /** Frees the instance's solver workers; safe to call twice, and the instance stays usable. */
  close(): Promise<void>;
};

/** The functions of `checks` (the registry's by default), run with `runtime`, with `defaults` under each call's options. */
export function checkFunctions(
  runtime: Runtime,
  defaults: Record<string, unknown> = {},
  checks: readonly AnyCheck[] = CHECKS,
): Record<string, (input: unknown, options?: object) => Promise<unknown>> {
  return Object.fromEntries(
    checks.map((c) => [c.fn, (input: unknown, options?: object) => c.run(input, { ...defaults, ...options }, runtime)]),
  );
}

function instance(options: KeyakiOptions, solver: OwnedSolver): Keyaki {
  const runtime: Runtime = { solver, slicing: options.slicing ?? true };
  const defaults: Record<string, unknown> = {};
  if (options.timeoutSeconds !== undefined) defaults.timeoutSeconds = options.timeoutSeconds;
  if (options.partition !== undefined) defaults.partition = options.partition;
  return { ...(checkFunctions(runtime, defaults) as CheckFunctions), solver, close: () => solver.close() };
}

export function createKeyaki(options: KeyakiOptions = {}): Keyaki {
  return instance(options, createSolver({ engine: options.engine, strict: options.strict }));
}

let shared: Keyaki | undefined;

/** The default instance (made on first use, with `options` then; later options are ignored). */
export function defaultKeyaki(options: KeyakiOptions = {}): Keyaki {
  return (shared ??= instance(options, sharedSolver({ engine: options.engine, strict: options.strict })));
}
