// The HTTP face of `keyaki serve`: Access Analyzer's restJson1 routes, on Hono.
// Contract: one `POST` route per entry of OPERATIONS (the check registry's AWS operations,
// operations.ts), its request validated as the registry declares it; anything else is a ValidationException
// (reason unknownOperation). A request's body is always read to its end before the answer — an
// over-size body is drained, not kept, and answered with a JSON ValidationException (a 413 or a
// reset connection would break the SDK); a body that is not JSON, or gives a key twice in one
// object, is refused (cannotParse). Signatures (SigV4) and credentials are accepted and not
// verified. Every answer is JSON: 200 with the check's response in the report layer's key order
// (report/json.ts: AWS's `result`, `message`, `reasons` first — left out when empty, as AWS
// does — then keyaki's `counterexample`, `diagnostics`, `unknownReason`; each reason with
// keyaki's `location`), or an error with its type in `x-amzn-errortype` (errors.ts). Checks go to `runCheck` (the worker pool);
// at most `maxInFlight` run or wait at once, past that ThrottlingException. One log line per
// request goes to `log`.

import { Hono, type Context } from "hono";
import { randomUUID } from "node:crypto";
import type { CheckResponse } from "../checks/types.js";
import { responseObject, validateObject } from "../report/json.js";
import type { ValidatePolicyResponse } from "../validate/types.js";
import { parseBody } from "./body.js";
import { fromLibrary, internalError, throttled, validationError, type ErrorReply } from "./errors.js";
import { OPERATIONS, validateMembers, validateRequest, type Operation } from "./operations.js";
import type { Outcome } from "./worker.js";

export interface AppOptions {
  /** Runs one check off the event loop; resolves to "timeout" when it exceeded its hard bound. */
  runCheck(op: Operation, input: Record<string, unknown>): Promise<Outcome | "timeout">;
  /** Largest body answered (bytes); a larger one is drained and refused. */
  maxBodyBytes: number;
  /** Checks running or queued at once; past it, ThrottlingException. */
  maxInFlight: number;
  /** The check timeout in seconds, named in the UNKNOWN answered when a check overran it. */
  timeoutSeconds: number;
  log(line: string): void;
  /** The operations served (default: the registry's, operations.ts OPERATIONS). */
  operations?: readonly Operation[];
}

/** Reads a request body to its end, keeping at most `limit` bytes. */
async function readBody(
  stream: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<{ text: string; size: number; tooLarge: boolean }> {
  if (!stream) return { text: "", size: 0, tooLarge: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size <= limit) chunks.push(value);
    else chunks.length = 0; // drained, not kept
  }
  if (size > limit) return { text: "", size, tooLarge: true };
  return { text: Buffer.concat(chunks).toString("utf8"), size, tooLarge: false };
}

/**
 * The report layer's JSON (report/json.ts: AWS's members first, then keyaki's, in one order).
 * An empty `reasons` is left out, as AWS leaves it out of a PASS (the AWS CLI's documented
 * outputs of check-access-not-granted and check-no-public-access show no `reasons`).
 */
function responseBody(r: CheckResponse | Record<string, unknown>): Record<string, unknown> {
  if (!("result" in r)) return "findings" in r ? validateObject(r as unknown as ValidatePolicyResponse) : r;
  const out = responseObject(r as CheckResponse);
  if ((out.reasons as unknown[]).length === 0) delete out.reasons;
  return out;
}

function sendError(c: Context, e: ErrorReply): Response {
  return c.json(e.body, e.status, { "x-amzn-errortype": e.type, ...e.headers });
}

/** A request id, as AWS sends one with every answer (the SDK reports it in `$metadata`). */
function withRequestId(r: Response): Response {
  r.headers.set("x-amzn-requestid", randomUUID());
  return r;
}

export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  let inFlight = 0;

  const handle = async (c: Context, op: Operation | undefined): Promise<{ response: Response; outcome: string }> => {
    const body = await readBody(c.req.raw.body, options.maxBodyBytes);
    if (!op) {
      const e = validationError(`no operation at \`${c.req.method} ${c.req.path}\``, "unknownOperation");
      return { response: sendError(c, e), outcome: "ValidationException:unknownOperation" };
    }
    const refuse = (e: ErrorReply) => ({
      response: sendError(c, e),
      outcome: `${e.type}${e.body.reason ? `:${String(e.body.reason)}` : ""}`,
    });
    if (body.tooLarge)
      return refuse(
        validationError(
          `the request body (${body.size} bytes) is larger than the ${options.maxBodyBytes} bytes this server accepts`,
          "other",
        ),
      );
    const read = parseBody(body.text === "" ? "{}" : body.text);
    if ("error" in read) return refuse(validationError(read.error, "cannotParse"));
    const parsed = read.value;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      return refuse(validationError("the request body must be a JSON object", "cannotParse"));
    const members = validateMembers(op, parsed as Record<string, unknown>, c.req.query());
    if ("problems" in members) {
      const message = members.problems.map((p) => p.message).join("; ");
      return refuse(validationError(message, "fieldValidationFailed", members.problems));
    }
    const invalid = validateRequest(op, members.input);
    if (invalid) return refuse(fromLibrary(invalid));
    if (inFlight >= options.maxInFlight) return refuse(throttled(1));
    inFlight++;
    let outcome: Outcome | "timeout";
    try {
      outcome = await options.runCheck(op, members.input);
    } catch (e) {
      return refuse(internalError((e instanceof Error ? e.message : String(e)).split("\n")[0]));
    } finally {
      inFlight--;
    }
    if (outcome === "timeout") {
      if (!op.words)
        return refuse(internalError(`the operation did not finish within its timeout of ${options.timeoutSeconds} s and was stopped`));
      // The check overran its timeout (the worker was stopped): UNKNOWN, never PASS.
      const r: CheckResponse = {
        result: "UNKNOWN",
        message: op.words(members.input).unknown,
        reasons: [],
        unknownReason: `the check did not finish within its timeout of ${options.timeoutSeconds} s and was stopped`,
      };
      return { response: c.json(responseBody(r)), outcome: "UNKNOWN" };
    }
    if (!outcome.ok) return refuse(fromLibrary(outcome.error));
    const response = outcome.response as Record<string, unknown>;
    return { response: c.json(responseBody(response)), outcome: op.outcome(response) };
  };

  const route = (op: Operation | undefined) => async (c: Context) => {
    const start = performance.now();
    let answer: { response: Response; outcome: string };
    try {
      answer = await handle(c, op);
    } catch (e) {
      // A body whose sender went away mid-way, or a bug here: still one JSON answer, one log line.
      const err = internalError((e instanceof Error ? e.message : String(e)).split("\n")[0]);
      answer = { response: sendError(c, err), outcome: err.type };
    }
    const { response, outcome } = answer;
    const ms = Math.round(performance.now() - start);
    options.log(`${new Date().toISOString()} ${op?.name ?? "-"} ${outcome} ${response.status} ${ms}ms`);
    return withRequestId(response);
  };

  for (const op of options.operations ?? OPERATIONS) app.post(op.path, route(op));
  app.all("*", route(undefined));
  return app;
}
