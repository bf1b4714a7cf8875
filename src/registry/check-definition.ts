// What a check declares (registry/registry.ts lists the declarations, one module each in
// registry/defs/). Contract: types only, and `defineCheck`, which keeps a declaration's names as
// literal types; importing this module loads nothing else.

import type { CheckWords } from "../checks/messages.js";
import type { Runtime } from "../checks/runtime.js";

/** How the CLI takes a member. */
export interface CliMember {
  /** The flag without its dashes, as `aws accessanalyzer` spells it (e.g. `policy-document`). */
  flag: string;
  /** The value's placeholder in the help (`DOC`, `TYPE`, `ID[,ID...]`). */
  arg: string;
  /**
   * `doc`: a DOC (inline, file://PATH or `-`) the CLI reads and hands over as text; `json`: a DOC
   * whose JSON value is the member (located errors: cli/access.ts); `list`: comma-separated
   * items (located errors: cli/zone.ts); `value`: the argument as given.
   */
  read: "doc" | "json" | "list" | "value";
  /** The help's description of the flag (`\n` continues it on the next line). */
  help: string;
  /** The flag's placeholder in the help's option list, when not `arg` (`TYPE` for a long enum). */
  helpArg?: string;
  /** The CLI refuses a value outside `values` as bad usage (exit 1 before any check runs). */
  usageValues?: true;
}

/** One request member. */
export interface Member {
  /** Its name as the API (and the SDK) spells it. */
  name: string;
  /** Its JSON type on the wire. */
  type: "string" | "list" | "integer";
  /** Optional members may be left out (default: required). */
  optional?: true;
  /** restJson1 binds some members to the query string (ValidatePolicy's paging). */
  in?: "query";
  /** The values an enum member may take (AWS's enum, as the API model spells it). */
  values?: readonly string[];
  /** How the CLI takes it; absent: the CLI does not offer it (the server's paging). */
  cli?: CliMember;
}

/** The shape of a check's response, which decides how a surface renders it. */
export type ResponseKind = "check" | "findings" | "validate";

export interface CheckDefinition<Command extends string = string, Fn extends string = string, I = never, O = never, R = unknown> {
  /** The CLI's name of the check, e.g. `check-no-new-access`. */
  command: Command;
  /** The library's function, e.g. `checkNoNewAccess`. */
  fn: Fn;
  /** AWS's operation (`CheckNoNewAccess`) and its restJson1 route (`POST <path>`), where AWS has one. */
  operation?: { name: string; path: string };
  kind: ResponseKind;
  /** The request members, in the order the CLI lists and requires them. */
  members: readonly Member[];
  /** The check takes a partition (`--partition`, CheckOptions.partition). */
  partition: boolean;
  help: {
    /** One line in the top help's list of commands. */
    summary: string;
    /** The synopsis after `keyaki COMMAND`, one entry per line (continuations aligned). */
    synopsis: readonly string[];
    /** What the check answers, after the usage line. */
    description: string;
    /** Paragraphs after the options (zone of trust, resource types, DOC). */
    notes: readonly string[];
    /** The exit-code paragraph, when not the checks' one. */
    exitCodes?: string;
    /** The `--timeout` row's description, when not the checks' one. */
    timeout?: string;
  };
  /** What reports say about the check (report/text.ts, report/rules.ts). */
  report: {
    /** The SARIF rule's name: AWS's operation name, or keyaki's in its style. */
    ruleName: string;
    /** The question the check answers, as the SARIF rule describes it. */
    question: string;
    /** The request member holding the policy under check, which reasons point into (default `policyDocument`). */
    underCheck?: string;
    /** The heading of a FAIL's counterexample in text output. */
    counterexampleHeading?: string;
  };
  /** Validates a request (members present and of their type) as the library does; throws a located KeyakiError. */
  validate(input: Record<string, unknown>): void;
  /** Answers a request with a runtime's solver (a dynamic import of the body). */
  run(input: I, options: O | undefined, runtime: Runtime): Promise<R>;
  /** The server's answer to a validated request, when it is not `run`'s (ValidatePolicy's paging). */
  serve?(run: (input: I, options: O) => Promise<R>, input: Record<string, unknown>, options: O): Promise<object>;
  /** The check's words, for an UNKNOWN a surface answers itself (the server's stopped worker). */
  words?(input: Record<string, unknown>): CheckWords;
  /** What the server's request log calls a response. */
  outcome(response: R): string;
  /** The CLI's exit code for a response. */
  exit(response: R): number;
}

/** Declares a check, keeping its names as literal types (keyaki.ts types its functions by them). */
export function defineCheck<const Command extends string, const Fn extends string, I, O, R>(
  def: CheckDefinition<Command, Fn, I, O, R>,
): CheckDefinition<Command, Fn, I, O, R> {
  return def;
}
