// Command-line arguments → one Invocation, or a UsageError with a one-line message.
// Contract: pure (no I/O); flag names and enum values are spelled as `aws accessanalyzer` spells
// them; every flag except --help takes exactly one value; a flag given twice, an unknown flag, a
// stray positional, a missing required flag or a bad value is a UsageError naming the flag. A
// `--help`/`-h` anywhere after a command asks for that command's help, whatever else is wrong.
// DOC values are classified here (inline / file:// / `-`) but not read: see input.ts.

import { parseArgs } from "node:util";
import type { CliMember } from "../registry/check-definition.js";
import { CHECKS, type AnyCheck } from "../registry/registry.js";
import { DEFAULT_PARTITION, isPartition, PARTITIONS, type Partition } from "../iam/partitions.js";

/** The check commands, the registry's (registry/registry.ts), in its order. */
export const COMMANDS = CHECKS.map((c) => c.command);
export type CommandName = (typeof CHECKS)[number]["command"];
export type OutputFormat = "json" | "text" | "sarif";
export type PolicyTypeArg = "IDENTITY_POLICY" | "RESOURCE_POLICY";

export const OUTPUT_FORMATS: readonly OutputFormat[] = ["text", "json", "sarif"];
export const DEFAULT_TIMEOUT_SECONDS = 10;

/** Where a document comes from: inline text, a file (`file://PATH`), or standard input (`-`). */
export type DocArg = { kind: "inline"; text: string } | { kind: "file"; path: string } | { kind: "stdin" };

/**
 * One check command's arguments: the common options, and each member the command's flags gave,
 * under the member's API name — a DocArg for a document (`doc`, `json`), the text as given for
 * the others (a comma-separated list stays one string: cli/zone.ts splits it, located).
 */
export interface CheckInvocation {
  /** `validate` for validate-policy (its own rendering, cli/validate.ts), `check` for the others. */
  kind: "check" | "validate";
  command: CommandName;
  output: OutputFormat;
  timeoutSeconds: number;
  /** The partition the check runs in (`--partition`, default `aws`), for the checks that take one. */
  partition?: Partition;
  /** `--policy-type`, or RESOURCE_POLICY for the checks of a resource policy. */
  policyType: string;
  [member: string]: DocArg | string | number | undefined;
}

/** validate-policy's arguments (the library validates the resource type). */
export type ValidatePolicyInvocation = CheckInvocation & {
  kind: "validate";
  command: "validate-policy";
  policyDocument: DocArg;
  validatePolicyResourceType?: string;
};

export type Invocation = { kind: "help"; command?: CommandName } | { kind: "version" } | CheckInvocation;

/** Bad usage: exit 1 with `message` (one line), pointing at `command`'s help when known. */
export class UsageError extends Error {
  readonly code = "USAGE_ERROR";
  readonly command?: CommandName;
  constructor(message: string, command?: CommandName) {
    super(message);
    this.name = "UsageError";
    this.command = command;
  }
}

/** A command's flags with their members, in the registry's order. */
function cliMembers(check: AnyCheck): Array<{ name: string; optional: boolean; cli: CliMember }> {
  return check.members.flatMap((m) => (m.cli ? [{ name: m.name, optional: m.optional === true, cli: m.cli }] : []));
}

/** The flags each command requires besides the common ones, in help order. */
export const COMMAND_FLAGS: Record<string, readonly string[]> = Object.fromEntries(
  CHECKS.map((c) => [c.command, cliMembers(c).flatMap((m) => (m.optional ? [] : [m.cli.flag]))]),
);
/** Optional flags of each command besides the common ones. */
export const COMMAND_OPTIONAL_FLAGS: Record<string, readonly string[]> = Object.fromEntries(
  CHECKS.map((c) => [
    c.command,
    [...cliMembers(c).flatMap((m) => (m.optional ? [m.cli.flag] : [])), ...(c.partition ? ["partition"] : [])],
  ]),
);
const OPTIONAL_FLAGS = ["timeout", "output"] as const;

function quote(s: string): string {
  return "`" + s + "`";
}

function isCommand(s: string): s is CommandName {
  return (COMMANDS as readonly string[]).includes(s);
}

function checkOf(command: CommandName): AnyCheck {
  return CHECKS.find((c) => c.command === command)!;
}

/** Best-effort: did the user ask for JSON output? Used to format errors found while parsing. */
export function wantsJson(argv: readonly string[]): boolean {
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--") break;
    if (argv[i] === "--output") json = argv[i + 1] === "json";
    else if (argv[i].startsWith("--output=")) json = argv[i] === "--output=json";
  }
  return json;
}

/** Best-effort: did the user ask for SARIF output? Used to format errors found while parsing. */
export function wantsSarif(argv: readonly string[]): boolean {
  let sarif = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--") break;
    if (argv[i] === "--output") sarif = argv[i + 1] === "sarif";
    else if (argv[i].startsWith("--output=")) sarif = argv[i] === "--output=sarif";
  }
  return sarif;
}

/** Parses the whole argument vector (without `node` and the script path). */
export function parseArguments(argv: readonly string[]): Invocation {
  const first = argv[0];
  if (first === undefined) {
    throw new UsageError(`missing command; expected one of ${COMMANDS.map(quote).join(", ")}`);
  }
  if (isCommand(first)) return parseCommand(first, argv.slice(1));
  if (first === "--help" || first === "-h" || first === "help") {
    if (argv.length === 1) return { kind: "help" };
    if (first === "help" && argv.length === 2 && isCommand(argv[1])) return { kind: "help", command: argv[1] };
    throw new UsageError(`unexpected argument ${quote(argv[1])} after ${quote(first)}`);
  }
  if (first === "--version") {
    if (argv.length === 1) return { kind: "version" };
    throw new UsageError(`unexpected argument ${quote(argv[1])} after ${quote(first)}`);
  }
  if (first.startsWith("-")) {
    throw new UsageError(`expected a command before ${quote(first)}; commands: ${COMMANDS.map(quote).join(", ")}`);
  }
  throw new UsageError(`unknown command ${quote(first)}; expected one of ${COMMANDS.map(quote).join(", ")}`);
}

function parseCommand(command: CommandName, args: readonly string[]): Invocation {
  const flags = [...COMMAND_FLAGS[command], ...(COMMAND_OPTIONAL_FLAGS[command] ?? []), ...OPTIONAL_FLAGS];
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {
    help: { type: "boolean", short: "h" },
  };
  for (const f of flags) options[f] = { type: "string" };
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });

  if (tokens.some((t) => t.kind === "option" && t.name === "help")) return { kind: "help", command };

  const values = new Map<string, string>();
  for (const t of tokens) {
    if (t.kind === "option-terminator") continue;
    if (t.kind === "positional") {
      throw new UsageError(`unexpected argument ${quote(t.value)}`, command);
    }
    if (!flags.includes(t.name)) throw new UsageError(`unknown option ${quote(t.rawName)}`, command);
    const flag = "--" + t.name;
    if (t.rawName !== flag) throw new UsageError(`unknown option ${quote(t.rawName)}`, command);
    // A value taken from the next argument that looks like a flag means the value was forgotten.
    if (t.value === undefined || (!t.inlineValue && t.value.length > 1 && t.value.startsWith("-"))) {
      throw new UsageError(`option ${quote(flag)} needs a value`, command);
    }
    if (values.has(t.name)) throw new UsageError(`option ${quote(flag)} is given more than once`, command);
    values.set(t.name, t.value);
  }

  const missing = COMMAND_FLAGS[command].filter((f) => !values.has(f));
  if (missing.length > 0) {
    const list = missing.map((f) => quote("--" + f)).join(", ");
    throw new UsageError(`missing required option${missing.length > 1 ? "s" : ""} ${list}`, command);
  }

  const check = checkOf(command);
  const members = cliMembers(check);
  // A member whose values the CLI knows (the policy type) is checked here, as usage.
  for (const { cli } of members) {
    const value = values.get(cli.flag);
    const types = check.members.find((m) => m.cli === cli)?.values;
    if (!cli.usageValues || value === undefined || !types || types.includes(value)) continue;
    throw new UsageError(
      `invalid value ${quote(value)} for ${quote("--" + cli.flag)}; expected ${types.slice(0, -1).map(quote).join(", ")}${types.length > 2 ? "," : ""} or ${quote(types[types.length - 1])}`,
      command,
    );
  }
  const output = values.get("output") ?? "text";
  if (!(OUTPUT_FORMATS as readonly string[]).includes(output)) {
    throw new UsageError(
      `invalid value ${quote(output)} for ${quote("--output")}; expected ${OUTPUT_FORMATS.slice(0, -1).map(quote).join(", ")} or ${quote(OUTPUT_FORMATS[OUTPUT_FORMATS.length - 1])}`,
      command,
    );
  }
  const timeoutSeconds = parseTimeout(values.get("timeout"), command);
  const partition = values.get("partition") ?? DEFAULT_PARTITION;
  if (!isPartition(partition)) {
    throw new UsageError(
      `invalid value ${quote(partition)} for ${quote("--partition")}; expected one of ${PARTITIONS.map(quote).join(", ")}`,
      command,
    );
  }

  const invocation: CheckInvocation = {
    kind: check.kind === "validate" ? "validate" : "check",
    command,
    output: output as OutputFormat,
    timeoutSeconds,
    ...(check.partition ? { partition } : {}),
    policyType: values.get("policy-type") ?? "RESOURCE_POLICY",
  };
  for (const { name, cli } of members) {
    const value = values.get(cli.flag);
    if (value !== undefined) invocation[name] = cli.read === "doc" || cli.read === "json" ? docArg(value) : value;
  }

  const fromStdin = COMMAND_FLAGS[command].filter((f) => values.get(f) === "-");
  if (fromStdin.length > 1) {
    throw new UsageError(
      `only one option can read standard input, but ${fromStdin.map((f) => quote("--" + f)).join(" and ")} are both \`-\``,
      command,
    );
  }
  return invocation;
}

function parseTimeout(raw: string | undefined, command: CommandName): number {
  if (raw === undefined) return DEFAULT_TIMEOUT_SECONDS;
  const n = /^(\d+(\.\d*)?|\.\d+)$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(n) || n <= 0) {
    throw new UsageError(`invalid value ${quote(raw)} for ${quote("--timeout")}; expected a positive number of seconds`, command);
  }
  return n;
}

/** Classifies a DOC value as the AWS CLI does: `file://PATH`, `-` for standard input, else inline. */
export function docArg(value: string): DocArg {
  if (value === "-") return { kind: "stdin" };
  if (value.startsWith("file://")) return { kind: "file", path: value.slice("file://".length) };
  return { kind: "inline", text: value };
}
