// Command-line arguments → one Invocation, or a UsageError with a one-line message.
// Contract: pure (no I/O); flag names and enum values are spelled as `aws accessanalyzer` spells
// them; every flag except --help takes exactly one value; a flag given twice, an unknown flag, a
// stray positional, a missing required flag or a bad value is a UsageError naming the flag. A
// `--help`/`-h` anywhere after a command asks for that command's help, whatever else is wrong.
// DOC values are classified here (inline / file:// / `-`) but not read: see input.ts.

import { parseArgs } from "node:util";
import { DEFAULT_PARTITION, isPartition, PARTITIONS, type Partition } from "../iam/partitions.js";

export const COMMANDS = [
  "check-no-new-access",
  "check-access-not-granted",
  "check-no-public-access",
  "check-no-external-access",
  "findings",
  "validate-policy",
] as const;
export type CommandName = (typeof COMMANDS)[number];
export type OutputFormat = "json" | "text" | "sarif";
export type PolicyTypeArg = "IDENTITY_POLICY" | "RESOURCE_POLICY";

export const POLICY_TYPES: readonly PolicyTypeArg[] = ["IDENTITY_POLICY", "RESOURCE_POLICY"];
/** validate-policy's policy types, as ValidatePolicy's API spells them. */
export const VALIDATE_POLICY_TYPES = ["IDENTITY_POLICY", "RESOURCE_POLICY", "SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"] as const;
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["text", "json", "sarif"];
export const DEFAULT_TIMEOUT_SECONDS = 10;

/** Where a document comes from: inline text, a file (`file://PATH`), or standard input (`-`). */
export type DocArg = { kind: "inline"; text: string } | { kind: "file"; path: string } | { kind: "stdin" };

interface CheckCommon {
  kind: "check";
  output: OutputFormat;
  timeoutSeconds: number;
  /** The partition the check runs in (`--partition`, default `aws`). */
  partition: Partition;
  policyType: PolicyTypeArg;
}

export interface NoNewAccessInvocation extends CheckCommon {
  command: "check-no-new-access";
  existingPolicyDocument: DocArg;
  newPolicyDocument: DocArg;
}

export interface AccessNotGrantedInvocation extends CheckCommon {
  command: "check-access-not-granted";
  policyDocument: DocArg;
  access: DocArg;
}

/** check-no-public-access; policyType is always RESOURCE_POLICY. */
export interface PublicAccessInvocation extends CheckCommon {
  command: "check-no-public-access";
  policyDocument: DocArg;
  resourceType: string;
}

/** check-no-external-access and findings; policyType is always RESOURCE_POLICY. */
export interface ZoneInvocation extends CheckCommon {
  command: "check-no-external-access" | "findings";
  policyDocument: DocArg;
  resourceType: string;
  /** The comma-separated lists as given (the library validates the items). */
  trustedAccounts: string;
  trustedOrganizations?: string;
}

export type CheckInvocation = NoNewAccessInvocation | AccessNotGrantedInvocation | PublicAccessInvocation | ZoneInvocation;

/** validate-policy: AWS's ValidatePolicy request (the library validates the resource type). */
export interface ValidatePolicyInvocation {
  kind: "validate";
  command: "validate-policy";
  output: OutputFormat;
  timeoutSeconds: number;
  policyType: (typeof VALIDATE_POLICY_TYPES)[number];
  policyDocument: DocArg;
  validatePolicyResourceType?: string;
}

export type Invocation = { kind: "help"; command?: CommandName } | { kind: "version" } | CheckInvocation | ValidatePolicyInvocation;

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

/** The flags each command takes besides the common ones, in help order; all required. */
export const COMMAND_FLAGS: Record<CommandName, readonly string[]> = {
  "check-no-new-access": ["existing-policy-document", "new-policy-document", "policy-type"],
  "check-access-not-granted": ["policy-document", "access", "policy-type"],
  "check-no-public-access": ["policy-document", "resource-type"],
  "check-no-external-access": ["policy-document", "resource-type", "trusted-accounts"],
  findings: ["policy-document", "resource-type", "trusted-accounts"],
  "validate-policy": ["policy-document", "policy-type"],
};
/** Optional flags of each command besides the common ones. */
export const COMMAND_OPTIONAL_FLAGS: Partial<Record<CommandName, readonly string[]>> = {
  "check-no-new-access": ["partition"],
  "check-access-not-granted": ["partition"],
  "check-no-public-access": ["partition"],
  "check-no-external-access": ["trusted-organizations", "partition"],
  findings: ["trusted-organizations", "partition"],
  "validate-policy": ["validate-policy-resource-type"],
};
const OPTIONAL_FLAGS = ["timeout", "output"] as const;

function quote(s: string): string {
  return "`" + s + "`";
}

function isCommand(s: string): s is CommandName {
  return (COMMANDS as readonly string[]).includes(s);
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

  const policyType = values.get("policy-type") ?? "RESOURCE_POLICY";
  const types: readonly string[] = command === "validate-policy" ? VALIDATE_POLICY_TYPES : POLICY_TYPES;
  if (!types.includes(policyType)) {
    throw new UsageError(
      `invalid value ${quote(policyType)} for ${quote("--policy-type")}; expected ${types.slice(0, -1).map(quote).join(", ")}${types.length > 2 ? "," : ""} or ${quote(types[types.length - 1])}`,
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

  const doc = (flag: string): DocArg => docArg(values.get(flag)!);
  if (command === "validate-policy") {
    const rt = values.get("validate-policy-resource-type");
    return {
      kind: "validate",
      command,
      output: output as OutputFormat,
      timeoutSeconds,
      policyType: policyType as ValidatePolicyInvocation["policyType"],
      policyDocument: doc("policy-document"),
      ...(rt !== undefined ? { validatePolicyResourceType: rt } : {}),
    };
  }
  const common = {
    kind: "check" as const,
    output: output as OutputFormat,
    timeoutSeconds,
    partition,
    policyType: policyType as PolicyTypeArg,
  };
  let invocation: CheckInvocation;
  if (command === "check-no-new-access")
    invocation = {
      ...common,
      command,
      existingPolicyDocument: doc("existing-policy-document"),
      newPolicyDocument: doc("new-policy-document"),
    };
  else if (command === "check-access-not-granted")
    invocation = { ...common, command, policyDocument: doc("policy-document"), access: doc("access") };
  else if (command === "check-no-public-access")
    invocation = { ...common, command, policyDocument: doc("policy-document"), resourceType: values.get("resource-type")! };
  else {
    const orgs = values.get("trusted-organizations");
    invocation = {
      ...common,
      command,
      policyDocument: doc("policy-document"),
      resourceType: values.get("resource-type")!,
      trustedAccounts: values.get("trusted-accounts")!,
      ...(orgs !== undefined ? { trustedOrganizations: orgs } : {}),
    };
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
