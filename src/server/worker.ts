// One check, run in a worker thread of the server's pool (piscina), off the server's event loop.
// Contract: the default export takes `{operation, input, timeoutSeconds}` (input already checked
// against the operation's members) and resolves — never rejects for bad input — to the library's
// response or to the library's error as plain data (KeyakiError does not survive the structured
// clone between threads). Any other exception rejects: the server answers it as an internal
// error. The check runs on the thread's default instance (keyaki.ts; made with the first task's
// engine options, which are the server's), through the registry's declaration
// (its `serve` where it has one: ValidatePolicy's paging). The solver's engines stay loaded
// between tasks; the pool terminates the thread.

import { operationNamed } from "./operations.js";
import type { LibraryError } from "./errors.js";
import type { CheckResponse } from "../checks/types.js";
import type { KeyakiOptions } from "../keyaki.js";

export interface Task {
  operation: string;
  input: Record<string, unknown>;
  timeoutSeconds: number;
  /** The engine choice and slicing of the thread's instance (the same for every task of a server). */
  engine?: Pick<KeyakiOptions, "engine" | "slicing">;
}

export type Outcome = { ok: true; response: CheckResponse | Record<string, unknown> } | { ok: false; error: LibraryError };

export default async function runTask(task: Task): Promise<Outcome> {
  const op = operationNamed(task.operation);
  if (!op) throw new Error(`no operation \`${task.operation}\``);
  const { defaultKeyaki } = await import("../keyaki.js");
  const { KeyakiError } = await import("../diagnostics/diagnostic.js");
  const run = (defaultKeyaki(task.engine) as unknown as Record<string, (input: unknown, options: object) => Promise<object>>)[op.check.fn];
  const options = { timeoutSeconds: task.timeoutSeconds };
  try {
    const response = op.check.serve ? await op.check.serve(run, task.input, options) : await run(task.input, options);
    // Plain data only: a response is JSON-shaped already, this drops anything that is not.
    return { ok: true, response: JSON.parse(JSON.stringify(response)) as CheckResponse };
  } catch (e) {
    if (e instanceof KeyakiError)
      return { ok: false, error: { code: e.code, message: e.message, diagnostics: JSON.parse(JSON.stringify(e.diagnostics)) } };
    throw e;
  }
}
