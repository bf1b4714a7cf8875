// `keyaki serve` as a library: a local Access Analyzer endpoint for the AWS SDKs and CLI.
// Contract: `startServer` listens on `host:port` (default 127.0.0.1:8080; port 0 picks a free
// one) and resolves once listening, with the bound URL and `close()`. Checks run in a pool of
// worker threads (piscina; `workers` threads, default min(2, cores)); each is bounded by the
// check timeout, and a worker that overruns it by half again plus 2 s is stopped and the request
// answered UNKNOWN. `close()` answers the requests in progress and any that arrive meanwhile
// (each answer then closes its connection) until 250 ms pass with nothing in progress, then
// stops listening, drops the connections left and ends the pool: the graceful shutdown SIGTERM
// asks for. Nothing here
// reads the environment or the process's signals; the CLI (cli/serve.ts) does.

import { createAdaptorServer } from "@hono/node-server";
import type { IncomingMessage, Server as HttpServer, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { createApp } from "./app.js";
import type { KeyakiOptions } from "../keyaki.js";
import type { Operation } from "./operations.js";
import type { Outcome, Task } from "./worker.js";

export interface ServerOptions {
  host?: string;
  port?: number;
  /** Check timeout in seconds (default 10), as `--timeout` of the check commands. */
  timeoutSeconds?: number;
  /** Worker threads (default min(2, available cores)). */
  workers?: number;
  /** Checks running or queued at once before ThrottlingException (default 64). */
  maxInFlight?: number;
  /** Largest request body in bytes (default 8 MiB: two 1 MiB documents, JSON-escaped). */
  maxBodyBytes?: number;
  /** Where the one line per request goes (default: nowhere). */
  log?: (line: string) => void;
  /** The workers' engine choice and slicing (keyaki.ts KeyakiOptions; default: auto, sliced). */
  engine?: Pick<KeyakiOptions, "engine" | "slicing">;
}

export interface RunningServer {
  /** `http://host:port`, the SDK's `endpoint`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8080;
/** How long shutdown waits with nothing in progress before it drops the open connections. */
const QUIET_MS = 250;
export const DEFAULT_HOST = "127.0.0.1";

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const timeoutSeconds = options.timeoutSeconds ?? 10;
  if (!(timeoutSeconds > 0) || !Number.isFinite(timeoutSeconds))
    throw new Error(`timeout \`${timeoutSeconds}\` must be a positive number of seconds`);
  const workers = options.workers ?? Math.max(1, Math.min(2, availableParallelism()));
  const pool = new Piscina<Task, Outcome>({
    filename: fileURLToPath(new URL("./worker.js", import.meta.url)),
    minThreads: workers,
    maxThreads: workers,
    // Threads stay up between checks: each keeps its solver engines loaded.
    idleTimeout: Number.POSITIVE_INFINITY,
  });
  // setTimeout takes at most 2^31 - 1 ms (about 24 days); past it Node fires at once.
  const hardBoundMs = Math.min(timeoutSeconds * 1500 + 2000, 2 ** 31 - 1);
  const inProgress = new Set<Promise<unknown>>();

  const runCheck = async (op: Operation, input: Record<string, unknown>): Promise<Outcome | "timeout"> => {
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, hardBoundMs);
    const task = pool.run({ operation: op.name, input, timeoutSeconds, engine: options.engine ?? {} }, { signal: abort.signal });
    inProgress.add(task);
    try {
      return await task;
    } catch (e) {
      if (timedOut) return "timeout";
      throw e;
    } finally {
      clearTimeout(timer);
      inProgress.delete(task);
    }
  };

  const app = createApp({
    runCheck,
    maxBodyBytes: options.maxBodyBytes ?? 8 * 1024 * 1024,
    maxInFlight: options.maxInFlight ?? 64,
    timeoutSeconds,
    log: options.log ?? (() => undefined),
  });
  const server = createAdaptorServer({ fetch: app.fetch }) as HttpServer;
  // Requests being answered, at the HTTP level (parsed, not yet fully answered).
  let active = 0;
  let lastActive = performance.now();
  let draining = false;
  server.on("request", (_req: IncomingMessage, res: ServerResponse) => {
    active++;
    // While draining, every answer closes its connection, so no client sends on it again.
    if (draining) res.setHeader("connection", "close");
    res.on("close", () => {
      active--;
      lastActive = performance.now();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      draining = true;
      lastActive = performance.now();
      // Keep answering — what is in progress, and what clients sent before they could know —
      // until nothing has been in progress for QUIET_MS (each answer now closes its connection).
      // Only then stop listening: closing the listener earlier resets connections the kernel has
      // accepted but Node has not, and http.Server.close() drops keep-alive connections whose
      // request is not parsed yet. Bounded: every check is, and a stream of new requests is cut
      // off after one check's hard bound.
      const cutOff = performance.now() + hardBoundMs + 1000;
      while ((active > 0 || inProgress.size > 0 || performance.now() - lastActive < QUIET_MS) && performance.now() < cutOff)
        await new Promise((r) => setTimeout(r, 25));
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await stopped;
      await pool.destroy();
    })());

  const shown = host.includes(":") ? `[${host}]` : host;
  return { url: `http://${shown}:${port}`, port, close };
}
