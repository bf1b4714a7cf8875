// Command-line options of `npm run bench`.
// Contract: `parseBenchArgs` returns the options or throws an Error with a one-line message;
// with no --set every part but `adversarial` runs (1, 2, 3, z3, cli, validate, scan, serve, in that order).

export type Part = "1" | "2" | "3" | "z3" | "cli" | "validate" | "scan" | "serve" | "adversarial";
export const PARTS: readonly Part[] = ["1", "2", "3", "z3", "cli", "validate", "scan", "serve", "adversarial"];
/** Parts run only when asked for by name (--set). */
const ON_REQUEST: readonly Part[] = ["adversarial"];

export interface BenchOptions {
  quick: boolean;
  parts: Part[];
  json?: string;
  seed: number;
  /** Seconds after which a still-running check is stopped and counted as an error. */
  hardLimitSeconds: number;
  /** Requests the serve part sends (default 5,000; 1,000 with --quick). */
  serveRequests?: number;
  help: boolean;
}

export const USAGE = `usage: npm run bench -- [--quick] [--set 1|2|3|z3|cli|validate|scan|serve|adversarial[,...]] [--json FILE] [--seed N]
  --quick      a fixed sample for development: every 20th version pair (set 1) and policy (set 2),
               a smaller scaling grid, 10 Z3 checks, 3 CLI runs, every 20th policy (validate)
  --set        run only these parts (repeatable or comma-separated); adversarial (pathological
               inputs, timeouts 1 and 3 s, sequential and 8 at a time) runs only when named
  --json FILE  also write every figure, and each check's time and outcome, to FILE
  --seed N     base seed of the generator and the Z3 sample (default 20260101)
  --hard-limit S  stop a check still running after S seconds and count it as an error (default 30;
               each check's own timeout is 10 s)
  --serve-requests N  requests the serve part sends (default 5000; 1000 with --quick)`;

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const o: BenchOptions = { quick: false, parts: [], seed: 20260101, hardLimitSeconds: 30, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--quick") o.quick = true;
    else if (a === "--help" || a === "-h") o.help = true;
    else if (a === "--json") o.json = value();
    else if (a === "--seed") {
      o.seed = Number(value());
      if (!Number.isInteger(o.seed)) throw new Error("--seed needs an integer");
    } else if (a === "--hard-limit") {
      o.hardLimitSeconds = Number(value());
      if (!(o.hardLimitSeconds > 0)) throw new Error("--hard-limit needs a positive number of seconds");
    } else if (a === "--serve-requests") {
      o.serveRequests = Number(value());
      if (!Number.isInteger(o.serveRequests) || o.serveRequests < 1) throw new Error("--serve-requests needs a positive integer");
    } else if (a === "--set") {
      for (const p of value().split(",")) {
        if (!PARTS.includes(p as Part)) throw new Error(`unknown set \`${p}\` (one of ${PARTS.join(", ")})`);
        if (!o.parts.includes(p as Part)) o.parts.push(p as Part);
      }
    } else throw new Error(`unknown option \`${a}\``);
  }
  if (o.parts.length === 0) o.parts = PARTS.filter((p) => !ON_REQUEST.includes(p));
  else o.parts = PARTS.filter((p) => o.parts.includes(p));
  return o;
}
