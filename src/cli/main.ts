// The keyaki command: argv in, report out, exit code back.
// Contract: `main` never throws and never exits; it returns the exit code — 0 PASS, 2 FAIL,
// 3 UNKNOWN, 1 for any error (bad usage, bad input, internal failure) — after writing the report
// (stdout) or the error (stderr in text mode; stdout as `{"error": …}` in json mode, a SARIF log
// in sarif mode), rendered by the report layer (report/report.ts). The check
// machinery is imported only when a check runs, so --help, --version and usage errors start fast,
// and `close()` is always called once it is loaded. Internal exceptions become INTERNAL_ERROR;
// their stack is shown only with KEYAKI_DEBUG=1. `run` wires `main` to the real process.

import type { Access } from "../checks/types.js";
import { KeyakiError } from "../diagnostics/diagnostic.js";
import { parseArguments, UsageError, wantsJson, wantsSarif, type CheckInvocation, type DocArg } from "./args.js";
import { helpText, version } from "./help.js";
import { readDoc, type InputEnv } from "./input.js";
import { EXIT, exitCode, type Outcome } from "../report/exit.js";
import type { Format, Report, ReportDocument } from "../report/report.js";

export interface CliIO extends InputEnv {
  env: Record<string, string | undefined>;
  /** Whether standard error is a terminal (progress lines are drawn only there). */
  isTTY?: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
}

export { EXIT };

type Api = typeof import("../index.js");

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const format: Format = wantsSarif(argv) ? "sarif" : wantsJson(argv) ? "json" : "text";
  // `keyaki serve` runs until SIGTERM; it has its own flags and help (server/cli.ts).
  if (argv[0] === "serve") return (await import("../server/cli.js")).serve(argv.slice(1), io);
  try {
    if (argv[0] === "scan") return await (await import("./scan.js")).runScanCommand(argv.slice(1), io, io.isTTY ?? false);
    const invocation = parseArguments(argv);
    if (invocation.kind === "help") return write(io.stdout, helpText(invocation.command), EXIT.PASS);
    if (invocation.kind === "version") return write(io.stdout, `keyaki ${version()}\n`, EXIT.PASS);
    if (invocation.kind === "validate") return await (await import("./validate.js")).runValidate(invocation, io);
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

/** The library's name for each input, with the flag it came from. */
function inputsOf(inv: CheckInvocation): Array<[name: string, flag: string, arg: DocArg]> {
  if (inv.command === "check-no-new-access")
    return [
      ["existingPolicyDocument", "existing-policy-document", inv.existingPolicyDocument],
      ["newPolicyDocument", "new-policy-document", inv.newPolicyDocument],
    ];
  if (inv.command === "check-access-not-granted")
    return [
      ["policyDocument", "policy-document", inv.policyDocument],
      ["access", "access", inv.access],
    ];
  return [["policyDocument", "policy-document", inv.policyDocument]];
}

/** The response of a check command, or of findings (its own shape and rendering). */
async function respond(
  api: Api,
  inv: CheckInvocation,
  docs: Record<string, ReportDocument>,
  options: { timeoutSeconds: number; partition: string },
) {
  switch (inv.command) {
    case "check-no-new-access":
      return api.checkNoNewAccess(
        {
          existingPolicyDocument: docs.existingPolicyDocument.text,
          newPolicyDocument: docs.newPolicyDocument.text,
          policyType: inv.policyType,
        },
        options,
      );
    case "check-access-not-granted": {
      const access = (await import("./access.js")).parseAccessText(docs.access.text);
      // validated by the library
      return api.checkAccessNotGranted(
        { policyDocument: docs.policyDocument.text, access: access as Access[], policyType: inv.policyType },
        options,
      );
    }
    case "check-no-public-access":
      return api.checkNoPublicAccess({ policyDocument: docs.policyDocument.text, resourceType: inv.resourceType }, options);
    case "check-no-external-access":
    case "findings": {
      const zone = (await import("./zone.js")).zoneInput(inv, docs);
      const input = { policyDocument: docs.policyDocument.text, resourceType: inv.resourceType, ...zone };
      return inv.command === "findings" ? api.findings(input, options) : api.checkNoExternalAccess(input, options);
    }
  }
}

async function runCheck(inv: CheckInvocation, io: CliIO): Promise<number> {
  const docs: Record<string, ReportDocument> = {};
  const output = (outcome: Outcome) => report({ command: inv.command, docs, outcome }, inv.output);
  let api: Api | undefined;
  try {
    for (const [name, flag, arg] of inputsOf(inv)) {
      const doc: ReportDocument = await readDoc(arg, flag, io);
      docs[name] = arg.kind === "file" ? { ...doc, path: arg.path } : doc;
    }
    if (docs.access) (await import("./access.js")).parseAccessText(docs.access.text);
    api = await import("../index.js");
    const response = await respond(api, inv, docs, { timeoutSeconds: inv.timeoutSeconds, partition: inv.partition });
    const outcome: Outcome = "findings" in response ? { kind: "findings", response } : { kind: "response", response };
    const code = exitCode(outcome);
    return write(io.stdout, await output(outcome), code);
  } catch (e) {
    if (!(e instanceof KeyakiError)) return reportInternal(e, inv.output, io);
    let diagnostics = e.diagnostics;
    if (docs.access) diagnostics = (await import("./access.js")).locateAccess(docs.access.text, diagnostics);
    if (inv.command === "check-no-external-access" || inv.command === "findings")
      diagnostics = (await import("./zone.js")).locateZone(inv, diagnostics);
    const text = await output({ kind: "error", code: e.code, message: e.message, diagnostics });
    return write(inv.output === "text" ? io.stderr : io.stdout, text, EXIT.ERROR);
  } finally {
    await api?.close();
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
