// `keyaki scan`: arguments in, a scan run, the report out, the exit code back.
// Contract: never throws; returns 0 (every check passed), 2 (some FAIL), 3 (none failed, some
// UNKNOWN) or 1 (an error: bad usage, a bad config or base, a source that cannot be read — the
// other sources are still scanned and reported). Flags as in SCAN_HELP; `--parameters` takes
// K=V pairs separated by commas (a comma followed by a name and `=` starts the next pair, so a
// list value keeps its commas) and may be repeated. `--jobs N` (default: the number of cores)
// runs checks on N worker threads (scan/pool.ts) when N > 1, the built worker exists (from the
// TypeScript sources they run in this thread) and there are at least 50 checks a job (starting a
// worker costs about a second); the report is the same bytes either way. Progress goes to
// standard error (scan-progress.ts): a bar on a terminal, plain lines elsewhere and in CI.

import { readFileSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { KeyakiError } from "../diagnostics/diagnostic.js";
import type { CliIO } from "./main.js";

export const SCAN_HELP = `Usage: keyaki scan [PATH ...] [--config FILE] [--base GIT_REF] [--parameters K=V,...]
                   [--region R] [--account ID] [--partition P] [--jobs N] [--output text|json|sarif]

Finds the policies in CloudFormation templates (JSON and YAML), CDK cloud assemblies
(cdk.out/manifest.json), Terraform plans (terraform show -json) and policy files, and checks them.
A directory is searched recursively, honouring its .gitignore files; no PATH means the current
directory. Without a config, check-no-public-access runs on every resource policy and
validate-policy (AWS's policy checks) on every policy.

Parts of a template that cannot be resolved offline are read as any value: a PASS holds whatever
they turn out to be; a FAIL that depends on them is UNKNOWN (give their values to decide).

Options:
  --config FILE          the checks to run (default: keyaki.config.yaml here or in a parent)
  --base GIT_REF         also compare each policy with its version at GIT_REF (check-no-new-access)
  --parameters K=V,...   template parameter values (a parameter's Default is not assumed)
  --region R             the value of AWS::Region
  --account ID           the value of AWS::AccountId
  --partition P          the value of AWS::Partition (aws, aws-cn, aws-us-gov, ...)
  --jobs N               checks run on N worker threads (default: the number of cores)
  --timeout SECONDS      solver time bound per check (default 10)
  --output text|json|sarif
                         text for people (default), json: the report object, or sarif:
                         SARIF 2.1.0 for code scanning (results located in the templates)
  -h, --help             show this help

Exit codes: 0 every check passed, 2 some check failed (validate-policy: an ERROR or
SECURITY_WARNING finding, unless the config's failOn says otherwise), 3 none failed and some is UNKNOWN,
1 an error (bad usage, a bad config, an unreadable source: the others are still scanned).
`;

class ScanUsage extends Error {}

interface ScanArgs {
  paths: string[];
  config?: string;
  base?: string;
  parameters: Record<string, string>;
  region?: string;
  account?: string;
  partition?: string;
  jobs: number;
  timeoutSeconds: number;
  output: "text" | "json" | "sarif";
  help: boolean;
}

export function parseScanArgs(argv: readonly string[]): ScanArgs {
  const single = ["config", "base", "region", "account", "partition", "jobs", "timeout", "output"];
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> = {
    help: { type: "boolean", short: "h" },
    parameters: { type: "string", multiple: true },
  };
  for (const f of single) options[f] = { type: "string" };
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    throw new ScanUsage((e as Error).message.split("\n")[0].replace(/\.$/, ""));
  }
  for (const t of parsed.tokens)
    if (t.kind === "option" && single.includes(t.name) && parsed.tokens.filter((u) => u.kind === "option" && u.name === t.name).length > 1)
      throw new ScanUsage(`option \`--${t.name}\` is given more than once`);
  const v = parsed.values as Record<string, string | string[] | boolean | undefined>;
  const parameters: Record<string, string> = {};
  for (const group of (v.parameters as string[] | undefined) ?? []) {
    for (const pair of group.split(/,(?=[A-Za-z0-9]+=)/)) {
      const m = /^([A-Za-z0-9]+)=(.*)$/s.exec(pair);
      if (!m) throw new ScanUsage(`invalid value \`${group}\` for \`--parameters\`; expected NAME=VALUE pairs separated by commas`);
      parameters[m[1]] = m[2];
    }
  }
  const output = (v.output as string | undefined) ?? "text";
  if (output !== "text" && output !== "json" && output !== "sarif")
    throw new ScanUsage(`invalid value \`${output}\` for \`--output\`; expected \`text\`, \`json\` or \`sarif\``);
  const jobs = v.jobs === undefined ? availableParallelism() : Number(v.jobs);
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new ScanUsage(`invalid value \`${String(v.jobs)}\` for \`--jobs\`; expected a positive whole number`);
  const timeoutSeconds = v.timeout === undefined ? 10 : /^(\d+(\.\d*)?|\.\d+)$/.test(v.timeout as string) ? Number(v.timeout) : NaN;
  if (!(timeoutSeconds > 0))
    throw new ScanUsage(`invalid value \`${String(v.timeout)}\` for \`--timeout\`; expected a positive number of seconds`);
  if (v.account !== undefined && !/^\d{12}$/.test(v.account as string))
    throw new ScanUsage(`invalid value \`${String(v.account)}\` for \`--account\`; expected a 12-digit account id`);
  return {
    paths: parsed.positionals,
    ...(v.config !== undefined ? { config: v.config as string } : {}),
    ...(v.base !== undefined ? { base: v.base as string } : {}),
    parameters,
    ...(v.region !== undefined ? { region: v.region as string } : {}),
    ...(v.account !== undefined ? { account: v.account as string } : {}),
    ...(v.partition !== undefined ? { partition: v.partition as string } : {}),
    jobs,
    timeoutSeconds,
    output,
    help: v.help === true,
  };
}

export async function runScanCommand(argv: readonly string[], io: CliIO, isTTY = false): Promise<number> {
  const outputIs = (o: string) => argv.includes(`--output=${o}`) || argv.some((a, i) => a === "--output" && argv[i + 1] === o);
  const json = outputIs("json");
  const sarif = outputIs("sarif");
  // With --output sarif, code scanning still gets a log: the error as a notification, the run unsuccessful.
  const sarifError = async (code: string, message: string) => {
    if (!sarif) return;
    const { scanSarifError } = await import("../scan/sarif.js");
    const { version } = await import("./help.js");
    io.stdout(scanSarifError(code, message, version()));
  };
  const fail = async (code: string, message: string, diagnostics: unknown[] = []): Promise<number> => {
    await sarifError(code, message);
    if (json) io.stdout(JSON.stringify({ error: { code, message, diagnostics } }, null, 2) + "\n");
    else io.stderr(`keyaki: error ${code}: ${message}${code === "USAGE_ERROR" ? " (see `keyaki scan --help`)" : ""}\n`);
    return 1;
  };
  let args: ScanArgs;
  try {
    args = parseScanArgs(argv);
  } catch (e) {
    if (e instanceof ScanUsage) return await fail("USAGE_ERROR", e.message);
    throw e;
  }
  if (args.help) {
    io.stdout(SCAN_HELP);
    return 0;
  }
  let api: import("../keyaki.js").Keyaki | undefined;
  let pool: import("../scan/pool.js").CheckPool | undefined;
  let progress: import("./scan-progress.js").ScanProgress | undefined;
  try {
    const { DEFAULT_CHECKS, findConfig, parseConfig } = await import("../scan/config.js");
    const configFile = args.config !== undefined ? resolve(io.cwd, args.config) : findConfig(io.cwd);
    let checks = DEFAULT_CHECKS;
    if (configFile !== undefined) {
      let text: string;
      try {
        text = readFileSync(configFile, "utf8");
      } catch (e) {
        return await fail(
          "SCAN_CONFIG_ERROR",
          `cannot read the config \`${args.config ?? configFile}\`: ${(e as NodeJS.ErrnoException).code ?? "read failed"}`,
        );
      }
      checks = parseConfig(text, configFile);
    }
    // The engine options come from the environment here, at the edge (cli/instance.ts).
    const { optionsFromEnv } = await import("./instance.js");
    const instanceOptions = optionsFromEnv(io.env);
    api = (await import("../keyaki.js")).createKeyaki(instanceOptions);
    const { createCheckPool, poolAvailable } = await import("../scan/pool.js");
    if (args.jobs > 1 && poolAvailable()) pool = createCheckPool(args.jobs, instanceOptions);
    const { scan } = await import("../scan/run.js");
    const { scanProgress } = await import("./scan-progress.js");
    progress = scanProgress(io, isTTY, isTTY ? process.stderr.columns : undefined);
    const outcome = await scan(
      {
        paths: args.paths,
        cwd: io.cwd,
        options: { parameters: args.parameters, region: args.region, account: args.account, partition: args.partition },
        checks,
        ...(args.base !== undefined ? { base: args.base } : {}),
        timeoutSeconds: args.timeoutSeconds,
        jobs: args.jobs,
        ...(pool ? { pool } : {}),
        onFile: progress.onFile,
        onChecks: progress.onChecks,
      },
      api,
    );
    progress.stop();
    const { scanExit, scanJson, scanText } = await import("./render-scan.js");
    if (args.output === "sarif") {
      const { scanSarif } = await import("../scan/sarif.js");
      const { version } = await import("./help.js");
      io.stdout(scanSarif(outcome, version()));
    } else io.stdout(args.output === "json" ? scanJson(outcome.report) : scanText(outcome));
    return scanExit(outcome.report);
  } catch (e) {
    if (e instanceof KeyakiError) {
      const d = e.diagnostics[0] as ((typeof e.diagnostics)[number] & { file?: string }) | undefined;
      const where = d?.file ? `${relative(io.cwd, d.file).split(sep).join("/") || d.file}:${d.line}:${d.column}: ` : "";
      if (!json) {
        io.stderr(`${where}error ${e.code}: ${e.message}\n`);
        await sarifError(e.code, `${where}${e.message}`);
        return 1;
      }
      return await fail(e.code, e.message, e.diagnostics);
    }
    throw e;
  } finally {
    progress?.stop();
    await pool?.close();
    await api?.close();
  }
}
