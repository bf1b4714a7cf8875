// The `keyaki serve` command: flags in, a running server until SIGTERM or SIGINT, exit code out.
// Contract: `serve` resolves with 0 after a graceful shutdown, or 1 after a usage error or a
// failure to listen (one line on stderr, `keyaki: error CODE: message`). It writes
// `keyaki serve: listening on URL` to stderr once listening, then one line per request.
// This is the process edge: it alone touches the process's signals.

import { parseArgs } from "node:util";
import { optionsFromEnv } from "./instance.js";
import { DEFAULT_HOST, DEFAULT_PORT, startServer } from "../server/index.js";
import { OPERATIONS } from "../server/operations.js";

export interface ServeIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The environment (KEYAKI_ENGINE, KEYAKI_SLICE: cli/instance.ts); none when absent. */
  env?: Record<string, string | undefined>;
}

/** The routes, from the check registry's AWS operations (server/operations.ts). */
function routes(): string {
  const width = Math.max(...OPERATIONS.map((o) => o.path.length));
  return OPERATIONS.map((o) => {
    const paged = o.members.some((m) => m.in === "query")
      ? ` (paged by ${o.members
          .filter((m) => m.in === "query")
          .map((m) => m.name)
          .join(" and ")})`
      : "";
    return `  POST ${o.path.padEnd(width)}  ${o.name}${paged}`;
  }).join("\n");
}

export const SERVE_HELP = `Usage: keyaki serve [--host HOST] [--port PORT] [--timeout SECONDS] [--workers N]

Serves IAM Access Analyzer's policy checks on AWS's own wire protocol (restJson1), so the AWS
SDKs and the AWS CLI can use keyaki unchanged by pointing their endpoint at it:
${routes()}
Requests may be signed with any credentials (nothing is verified) or not signed at all.
An undecided check answers result UNKNOWN with unknownReason, never PASS.

Options:
  --host HOST        address to listen on (default ${DEFAULT_HOST}: this machine only)
  --port PORT        port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --timeout SECONDS  time bound of each check (default 10); past it: UNKNOWN
  --workers N        checks run at once, each in a worker thread (default: up to 2, one per core)
  -h, --help         show this help

Stops gracefully on SIGTERM or SIGINT: requests in progress are answered first.
`;

class Usage extends Error {}

function positive(raw: string | undefined, flag: string, integer: boolean, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = (integer ? /^\d+$/ : /^(\d+(\.\d*)?|\.\d+)$/).test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(n) || n < min) throw new Usage(`invalid value \`${raw}\` for \`${flag}\``);
  return n;
}

export async function serve(args: readonly string[], io: ServeIO): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        host: { type: "string" },
        port: { type: "string" },
        timeout: { type: "string" },
        workers: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    io.stderr(`keyaki: error USAGE_ERROR: ${(e as Error).message.split("\n")[0]} (see \`keyaki serve --help\`)\n`);
    return 1;
  }
  if (values.help) {
    io.stdout(SERVE_HELP);
    return 0;
  }
  let options;
  try {
    const port = positive(values.port, "--port", true, 0);
    if (port !== undefined && port > 65535) throw new Usage(`invalid value \`${values.port}\` for \`--port\``);
    const timeoutSeconds = positive(values.timeout, "--timeout", false, Number.MIN_VALUE);
    const workers = positive(values.workers, "--workers", true, 1);
    options = { host: values.host, port, timeoutSeconds, workers };
  } catch (e) {
    if (!(e instanceof Usage)) throw e;
    io.stderr(`keyaki: error USAGE_ERROR: ${e.message} (see \`keyaki serve --help\`)\n`);
    return 1;
  }
  let server;
  try {
    // KEYAKI_ENGINE and KEYAKI_SLICE are read here, at the edge, as for the check commands.
    server = await startServer({ ...options, engine: optionsFromEnv(io.env ?? {}), log: (line) => io.stderr(line + "\n") });
  } catch (e) {
    io.stderr(`keyaki: error LISTEN_ERROR: cannot listen: ${(e as Error).message}\n`);
    return 1;
  }
  io.stderr(`keyaki serve: listening on ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
      resolve();
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });
  io.stderr("keyaki serve: shutting down\n");
  await server.close();
  return 0;
}
