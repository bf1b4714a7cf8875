// The keyaki command: argv in, report out, exit code back.
// Contract: `main` never throws and never exits; it returns the exit code — 0 PASS, 2 FAIL,
// 3 UNKNOWN, 1 for any error (bad usage, bad input, internal failure) — after writing the report
// (stdout) or the error (stderr in text mode; stdout as `{"error": …}` in json mode). The check
// machinery is imported only when a check runs, so --help, --version and usage errors start fast,
// and `close()` is always called once it is loaded. Internal exceptions become INTERNAL_ERROR;
// their stack is shown only with KEYAKI_DEBUG=1. `run` wires `main` to the real process.

import type { Access } from "../checks/types.js";
import { KeyakiError } from "../diagnostics/diagnostic.js";
import { parseArguments, UsageError, wantsJson, wantsSarif, type CheckInvocation, type DocArg } from "./args.js";
import { helpText, version } from "./help.js";
import { readDoc, type InputEnv, type SourceDoc } from "./input.js";
import { errorJson, responseJson, type ErrorShape } from "./render-json.js";
import { errorText, responseText, underCheck, type Framer, type TextContext } from "./render-text.js";
import type { SarifOutcome } from "../report/sarif.js";

export interface CliIO extends InputEnv {
  env: Record<string, string | undefined>;
  /** Whether standard error is a terminal (progress lines are drawn only there). */
  isTTY?: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const EXIT = { PASS: 0, ERROR: 1, FAIL: 2, UNKNOWN: 3 } as const;

type Api = typeof import("../index.js");

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const json = wantsJson(argv);
  const sarif = wantsSarif(argv);
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
    if (sarif) return write(io.stdout, await toolErrorSarif(e), EXIT.ERROR);
    if (e instanceof UsageError) return usageError(e, json, io);
    return reportInternal(e, json, io);
  }
}

function write(out: (text: string) => void, text: string, code: number): number {
  out(text);
  return code;
}

/** An error before or outside any check, as a SARIF log with one tool notification. */
async function toolErrorSarif(e: unknown): Promise<string> {
  const { sarifText } = await import("../report/sarif.js");
  const code = e instanceof UsageError ? e.code : "INTERNAL_ERROR";
  const message = e instanceof UsageError ? e.message : `internal error: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}`;
  const command = e instanceof UsageError ? (e.command ?? "keyaki") : "keyaki";
  return sarifText({
    command,
    version: version(),
    docs: {},
    underCheck: "",
    policyType: "RESOURCE_POLICY",
    outcome: { kind: "error", code, message, diagnostics: [] },
  });
}

function usageError(e: UsageError, json: boolean, io: CliIO): number {
  if (json) return write(io.stdout, errorJson({ code: e.code, message: e.message, diagnostics: [] }), EXIT.ERROR);
  const help = e.command ? `keyaki ${e.command} --help` : "keyaki --help";
  return write(io.stderr, `keyaki: error ${e.code}: ${e.message} (see \`${help}\`)\n`, EXIT.ERROR);
}

function reportInternal(e: unknown, json: boolean, io: CliIO): number {
  const detail = (e instanceof Error ? e.message : String(e)).split("\n")[0];
  const error: ErrorShape = { code: "INTERNAL_ERROR", message: `internal error: ${detail}`, diagnostics: [] };
  if (io.env.KEYAKI_DEBUG === "1" && e instanceof Error && e.stack) io.stderr(e.stack + "\n");
  if (json) return write(io.stdout, errorJson(error), EXIT.ERROR);
  return write(io.stderr, `keyaki: error ${error.code}: ${error.message}\n`, EXIT.ERROR);
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
  docs: Record<string, SourceDoc>,
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
  const docs: Record<string, SourceDoc> = {};
  const paths: Record<string, string> = {};
  const sarif = async (outcome: SarifOutcome): Promise<string> => {
    const { sarifText } = await import("../report/sarif.js");
    const sdocs = Object.fromEntries(Object.entries(docs).map(([k, d]) => [k, paths[k] !== undefined ? { ...d, path: paths[k] } : d]));
    return sarifText({
      command: inv.command,
      version: version(),
      docs: sdocs,
      underCheck: underCheck(inv.command),
      policyType: inv.policyType,
      outcome,
    });
  };
  let api: Api | undefined;
  let framer: Framer | undefined;
  const context = async (): Promise<TextContext> => {
    framer ??= (await import("./frames.js")).createFramer(inv.policyType);
    return { command: inv.command, docs, framer };
  };
  try {
    for (const [name, flag, arg] of inputsOf(inv)) {
      docs[name] = await readDoc(arg, flag, io);
      if (arg.kind === "file") paths[name] = arg.path;
    }
    if (docs.access) (await import("./access.js")).parseAccessText(docs.access.text);
    api = await import("../index.js");
    const response = await respond(api, inv, docs, { timeoutSeconds: inv.timeoutSeconds, partition: inv.partition });
    if ("findings" in response) {
      const { findingsJson, findingsText, findingsExit } = await import("./render-findings.js");
      const code = findingsExit(response);
      if (inv.output === "json") return write(io.stdout, findingsJson(response), code);
      if (inv.output === "sarif") return write(io.stdout, await sarif({ kind: "findings", response }), code);
      return write(io.stdout, findingsText(response, await context()), code);
    }
    const code =
      response.result === "PASS"
        ? EXIT.PASS
        : response.result === "FAIL"
          ? EXIT.FAIL
          : response.result === "UNKNOWN"
            ? EXIT.UNKNOWN
            : undefined;
    if (code === undefined) throw new Error(`the library answered with result \`${String(response.result)}\``);
    if (inv.output === "json") return write(io.stdout, responseJson(response), code);
    if (inv.output === "sarif") return write(io.stdout, await sarif({ kind: "response", response }), code);
    return write(io.stdout, responseText(response, await context()), code);
  } catch (e) {
    if (!(e instanceof KeyakiError) && inv.output === "sarif") return write(io.stdout, await toolErrorSarif(e), EXIT.ERROR);
    if (!(e instanceof KeyakiError)) return reportInternal(e, inv.output === "json", io);
    let diagnostics = e.diagnostics;
    if (docs.access) diagnostics = (await import("./access.js")).locateAccess(docs.access.text, diagnostics);
    if (inv.command === "check-no-external-access" || inv.command === "findings")
      diagnostics = (await import("./zone.js")).locateZone(inv, diagnostics);
    const error: ErrorShape = { code: e.code, message: e.message, diagnostics };
    if (inv.output === "json") return write(io.stdout, errorJson(error), EXIT.ERROR);
    if (inv.output === "sarif") return write(io.stdout, await sarif({ kind: "error", ...error }), EXIT.ERROR);
    return write(io.stderr, errorText(error, await context()), EXIT.ERROR);
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
