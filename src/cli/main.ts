// The keyaki command: argv in, report out, exit code back.
// Contract: `main` never throws and never exits; it returns the exit code — 0 PASS, 2 FAIL,
// 3 UNKNOWN, 1 for any error (bad usage, bad input, internal failure) — after writing the report
// (stdout) or the error (stderr in text mode; stdout as `{"error": …}` in json mode, a SARIF log
// in sarif mode), rendered by the report layer (report/report.ts). The check
// machinery is imported only when a check runs, so --help, --version and usage errors start fast,
// and `close()` is always called once it is loaded. Internal exceptions become INTERNAL_ERROR;
// their stack is shown only with KEYAKI_DEBUG=1. `run` wires `main` to the real process.
// A check command is dispatched through the check registry (registry/registry.ts): its members
// say which flags are documents to read, JSON to parse or lists to split, and the check runs on
// an instance made with the environment's options (cli/instance.ts), closed afterwards.

import { CHECKS, type AnyCheck } from "../registry/registry.js";
import type { CheckResponse, FindingsResponse } from "../checks/types.js";
import { KeyakiError } from "../diagnostics/diagnostic.js";
import type { Keyaki } from "../keyaki.js";
import {
  parseArguments,
  UsageError,
  wantsJson,
  wantsSarif,
  type CheckInvocation,
  type DocArg,
  type ValidatePolicyInvocation,
} from "./args.js";
import { helpText, version } from "./help.js";
import { readDoc, type InputEnv } from "./input.js";
import type { Format, Outcome, Report, ReportDocument } from "../report/report.js";

export interface CliIO extends InputEnv {
  env: Record<string, string | undefined>;
  /** Whether standard error is a terminal (progress lines are drawn only there). */
  isTTY?: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const EXIT = { PASS: 0, ERROR: 1, FAIL: 2, UNKNOWN: 3 } as const;

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const format: Format = wantsSarif(argv) ? "sarif" : wantsJson(argv) ? "json" : "text";
  // `keyaki serve` runs until SIGTERM; it has its own flags and help (cli/serve.ts).
  if (argv[0] === "serve") return (await import("./serve.js")).serve(argv.slice(1), io);
  try {
    if (argv[0] === "scan") return await (await import("./scan.js")).runScanCommand(argv.slice(1), io, io.isTTY ?? false);
    const invocation = parseArguments(argv);
    if (invocation.kind === "help") return write(io.stdout, helpText(invocation.command), EXIT.PASS);
    if (invocation.kind === "version") return write(io.stdout, `keyaki ${version()}\n`, EXIT.PASS);
    if (invocation.kind === "validate")
      return await (await import("./validate.js")).runValidate(invocation as ValidatePolicyInvocation, io);
    return await runCheck(invocation, io);
  } catch (e) {
    if (e instanceof UsageError) return usageError(e, format, io);
    return reportInternal(e, format, io);
  }
}

function write(out: (text: string) => void, text: string, code: number): number {
  out(text);
  return code;
}

/** Renders a report (the report layer is loaded only when something is reported). */
export async function report(r: Omit<Report, "version">, format: Format): Promise<string> {
  return (await import("../report/report.js")).render({ ...r, version: version() }, format);
}

/** An error before or outside any check: text on stderr, JSON or SARIF (a tool notification) on stdout. */
async function reportError(
  error: { code: string; message: string },
  command: string,
  format: Format,
  io: CliIO,
  textLine: string,
): Promise<number> {
  if (format === "text") return write(io.stderr, textLine, EXIT.ERROR);
  return write(io.stdout, await report({ command, docs: {}, outcome: { kind: "error", ...error, diagnostics: [] } }, format), EXIT.ERROR);
}

function usageError(e: UsageError, format: Format, io: CliIO): Promise<number> {
  const help = e.command ? `keyaki ${e.command} --help` : "keyaki --help";
  const line = `keyaki: error ${e.code}: ${e.message} (see \`${help}\`)\n`;
  return reportError({ code: e.code, message: e.message }, e.command ?? "keyaki", format, io, line);
}

function reportInternal(e: unknown, format: Format, io: CliIO): Promise<number> {
  const detail = (e instanceof Error ? e.message : String(e)).split("\n")[0];
  const error = { code: "INTERNAL_ERROR", message: `internal error: ${detail}` };
  if (io.env.KEYAKI_DEBUG === "1" && e instanceof Error && e.stack) io.stderr(e.stack + "\n");
  return reportError(error, "keyaki", format, io, `keyaki: error ${error.code}: ${error.message}\n`);
}

/** A command's members the CLI takes, each with how it reads it (registry/check-definition.ts CliMember). */
function cliMembers(check: AnyCheck) {
  return check.members.flatMap((m) => (m.cli ? [{ name: m.name, cli: m.cli }] : []));
}

/** The list flags of the command (comma-separated), as given. */
function listsOf(check: AnyCheck, inv: CheckInvocation) {
  return cliMembers(check)
    .filter((m) => m.cli.read === "list")
    .map((m) => ({ name: m.name, flag: m.cli.flag, text: inv[m.name] as string | undefined }));
}

/** The request as the library takes it: documents read, JSON parsed, lists split, values as given. */
async function requestOf(check: AnyCheck, inv: CheckInvocation, docs: Record<string, ReportDocument>): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = {};
  for (const { name, cli } of cliMembers(check)) {
    const value = inv[name];
    if (value === undefined || cli.read === "list") continue;
    if (cli.read === "doc") input[name] = docs[name].text;
    // validated by the library
    else if (cli.read === "json") input[name] = (await import("./access.js")).parseAccessText(docs[name].text);
    else input[name] = value;
  }
  const lists = listsOf(check, inv);
  if (lists.length > 0) Object.assign(input, (await import("./zone.js")).listInput(lists, docs));
  return input;
}

async function runCheck(inv: CheckInvocation, io: CliIO): Promise<number> {
  const check: AnyCheck = CHECKS.find((c) => c.command === inv.command)!;
  const docs: Record<string, ReportDocument> = {};
  const output = (outcome: Outcome) => report({ command: inv.command, docs, outcome }, inv.output);
  let keyaki: Keyaki | undefined;
  try {
    for (const { name, cli } of cliMembers(check)) {
      const arg = inv[name] as DocArg | undefined;
      if ((cli.read !== "doc" && cli.read !== "json") || arg === undefined) continue;
      const doc: ReportDocument = await readDoc(arg, cli.flag, io);
      docs[name] = arg.kind === "file" ? { ...doc, path: arg.path } : doc;
    }
    // JSON arguments are parsed before the library loads: a syntax error is reported at once.
    const input = await requestOf(check, inv, docs);
    keyaki = await (await import("./instance.js")).cliInstance(io.env);
    const run = (keyaki as unknown as Record<string, (input: unknown, options: object) => Promise<unknown>>)[check.fn];
    const answer = await run(input, { timeoutSeconds: inv.timeoutSeconds, partition: inv.partition });
    const outcome: Outcome =
      check.kind === "findings"
        ? { kind: "findings", response: answer as FindingsResponse }
        : { kind: "response", response: answer as CheckResponse };
    const code = check.exit(outcome.response as never);
    if (check.kind !== "findings" && !([EXIT.PASS, EXIT.FAIL, EXIT.UNKNOWN] as number[]).includes(code))
      throw new Error(`the library answered with result \`${String((answer as CheckResponse).result)}\``);
    return write(io.stdout, await output(outcome), code);
  } catch (e) {
    if (!(e instanceof KeyakiError)) return reportInternal(e, inv.output, io);
    let diagnostics = e.diagnostics;
    for (const { name, cli } of cliMembers(check))
      if (cli.read === "json" && docs[name]) diagnostics = (await import("./access.js")).locateAccess(docs[name].text, diagnostics);
    const lists = listsOf(check, inv);
    if (lists.length > 0) diagnostics = (await import("./zone.js")).locateLists(lists, diagnostics);
    const text = await output({ kind: "error", code: e.code, message: e.message, diagnostics });
    return write(inv.output === "text" ? io.stderr : io.stdout, text, EXIT.ERROR);
  } finally {
    await keyaki?.close();
  }
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write("", () => resolve()));
}

/** Runs the command on this process's arguments and exits with its code. */
export async function run(argv: readonly string[] = process.argv.slice(2)): Promise<never> {
  // A closed pipe (`keyaki … | head`) is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", () => process.exit(EXIT.ERROR));
  }
  // Solver workers sit on unref'd handles while idle; without this the event loop could drain
  // while close() still waits for one to exit, and Node would end with its own exit code (13).
  const keepAlive = setInterval(() => undefined, 60_000);
  let code: number;
  try {
    code = await main(argv, {
      cwd: process.cwd(),
      env: process.env,
      isTTY: process.stderr.isTTY === true,
      stdout: (text) => void process.stdout.write(text),
      stderr: (text) => void process.stderr.write(text),
      readStdin,
    });
  } finally {
    clearInterval(keepAlive);
  }
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  process.exit(code);
}
