// The Z3 child process (plain ESM JavaScript: tsc neither compiles nor needs it, and the same
// file serves the .ts sources under vitest and the compiled dist/ build; see client.ts).
// Contract, over Node IPC (JSON messages, no bigints — everything is text):
//   in:  { id, script, followUps: { [status]: command }, z3Deadline?, crash?, hang? }
//   out: { id, check, extra }   `check` is Z3's output for `script` (which ends in check-sat),
//                               `extra` its output for followUps[<last line of check>] or "";
//        { id, error }          a JavaScript exception while running the query;
//        { fatal }              an uncaught error, sent just before the process exits;
//        { ready: true }        once, when z3-solver has loaded.
// A query past its `z3Deadline` (a Date.now() value) when its turn comes is answered with an
// error at once; otherwise the script's leading `(set-option :timeout N)` is cut to the time left.
// Each query runs in a fresh Z3 context that is deleted afterwards, so no Z3 object outlives
// its query and no garbage-collection finalizer ever frees one during a check.
// INVARIANT: scripts reach Z3 through `evalScript`, never z3-solver's `eval_smtlib2_string`:
// that wrapper passes the text on Emscripten's stack, which is popped as soon as the call
// returns while Z3's thread is still reading it (z3-solver 5.2: queries came back garbled,
// "invalid assert command", in about one run in four of our tests). Queries run one
// at a time. z3-solver is loaded as soon as the child starts (it is forked for a query). The process exits when the parent
// disconnects (Z3's threads would otherwise keep it alive). For tests of recovery, `crash`
// makes it exit abruptly and `hang` makes it ignore the query.

import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let api;
let queue = Promise.resolve();

function z3() {
  api ??= require("z3-solver").init();
  return api;
}

function send(msg) {
  if (process.connected) process.send(msg, () => {});
}

function die(e) {
  send({ fatal: String((e && e.stack) || e) });
  setTimeout(() => process.exit(70), 50);
}

const encoder = new TextEncoder();

// Runs SMT-LIB text in `ctx` on Z3's thread, with the text in heap memory we own until Z3 is done.
async function evalScript(em, ctx, text) {
  const bytes = encoder.encode(text);
  const ptr = em._malloc(bytes.length + 1);
  if (!ptr) throw new Error("out of WebAssembly memory for the query text");
  try {
    em.HEAPU8.set(bytes, ptr);
    em.HEAPU8[ptr + bytes.length] = 0;
    return await em.async_call(em._async_Z3_eval_smtlib2_string, ctx, ptr);
  } finally {
    em._free(ptr);
  }
}

async function handle(msg) {
  if (msg.crash) process.exit(99);
  if (msg.hang) return;
  const { Z3, em } = await z3();
  // A query whose time ran out while it waited (for Z3 to load, or in the queue) is dropped: the
  // parent has stopped waiting for it. Otherwise Z3 gets the time left, not the time it had.
  const left = typeof msg.z3Deadline === "number" ? msg.z3Deadline - Date.now() : Infinity;
  if (left <= 0) return send({ id: msg.id, error: "the query's time ran out before it started" });
  const script = Number.isFinite(left) ? msg.script.replace(/^\(set-option :timeout (\d+)\)/, (m, t) => `(set-option :timeout ${Math.min(Number(t), Math.ceil(left))})`) : msg.script;
  const cfg = Z3.mk_config();
  const ctx = Z3.mk_context_rc(cfg);
  Z3.del_config(cfg);
  try {
    const check = await evalScript(em, ctx, script);
    const lines = check.trim().split("\n");
    const follow = msg.followUps[lines[lines.length - 1].trim()];
    const extra = follow ? await evalScript(em, ctx, follow) : "";
    send({ id: msg.id, check, extra });
  } catch (e) {
    send({ id: msg.id, error: String((e && e.message) || e) });
  } finally {
    Z3.del_context(ctx);
  }
}

// Start loading Z3 at once: the child is forked only when a query is waiting for it. The parent
// is told when Z3 is ready, so that it does not mistake a slow start for a hung query.
z3().then(() => send({ ready: true }), die);

process.on("message", (msg) => {
  queue = queue.then(() => handle(msg)).catch(die);
});
process.on("disconnect", () => process.exit(0));
process.on("uncaughtException", die);
process.on("unhandledRejection", die);
