// One check, run in a worker thread of the server's pool (piscina), off the server's event loop.
// Contract: the default export takes `{operation, input, timeoutSeconds}` (input already checked
// against the operation's members) and resolves — never rejects for bad input — to the library's
// response or to the library's error as plain data (KeyakiError does not survive the structured
// clone between threads). Any other exception rejects: the server answers it as an internal
// error. The solver's engines stay loaded between tasks; the pool terminates the thread.

import { operationNamed } from "./operations.js";
import type { LibraryError } from "./errors.js";
import type { CheckResponse } from "../checks/types.js";

export interface Task {
  operation: string;
  input: Record<string, unknown>;
  timeoutSeconds: number;
}

export type Outcome = { ok: true; response: CheckResponse | Record<string, unknown> } | { ok: false; error: LibraryError };

export default async function runTask(task: Task): Promise<Outcome> {
  const op = operationNamed(task.operation);
  if (!op) throw new Error(`no operation \`${task.operation}\``);
  const api = await import("../index.js");
  try {
    const response = await op.run(api, task.input, { timeoutSeconds: task.timeoutSeconds });
    // Plain data only: a response is JSON-shaped already, this drops anything that is not.
    return { ok: true, response: JSON.parse(JSON.stringify(response)) as CheckResponse };
  } catch (e) {
    if (e instanceof api.KeyakiError)
      return { ok: false, error: { code: e.code, message: e.message, diagnostics: JSON.parse(JSON.stringify(e.diagnostics)) } };
    throw e;
  }
}
