// Help texts and the version string.
// Contract: pure text, each ending in a newline; no terminal-width wrapping, so help is the same
// bytes everywhere. The version is read from keyaki's own package.json (found by walking up from
// this module, which sits at src/cli/ in the source tree and dist/src/cli/ once built).

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AnyCheck } from "../registry/registry.js";
import { CHECKS } from "../registry/registry.js";
import { DOC_HELP } from "../registry/defs/shared.js";
import type { CommandName } from "./args.js";

const TIMEOUT_OPTION: [string, string] = ["--timeout SECONDS", "solver time bound (default 10); past it: UNKNOWN, never PASS"];
const COMMON_OPTIONS: Array<[string, string]> = [
  TIMEOUT_OPTION,
  [
    "--output text|json|sarif",
    "text for people (default), json: the response object, or sarif:\na SARIF 2.1.0 log for code-scanning dashboards",
  ],
  ["-h, --help", "show this help"],
];

/** The check commands' options: the common ones and the partition their requests come from. */
const PARTITION_OPTION: [string, string] = [
  "--partition ID",
  "the partition every request comes from (default aws): aws, aws-cn,\naws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f or aws-eusc",
];

/** Two aligned columns, the first padded to its widest entry; continuation lines indented. */
function options(rows: Array<[string, string]>): string {
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text.split("\n").join("\n" + " ".repeat(width + 4))}`).join("\n");
}

const EXIT_CODES = `Exit codes: 0 PASS, 2 FAIL, 3 UNKNOWN, 1 error (bad input, bad usage, internal error).`;

/** `lead` then a check's synopsis, its continuation lines aligned under the first. */
function synopsis(lead: string, check: AnyCheck): string {
  return check.help.synopsis.map((line, i) => (i === 0 ? lead : " ".repeat(lead.length)) + line).join("\n");
}

/** The top help's list of commands: the registry's, then scan and serve. */
function commandList(): string {
  const rows: Array<[string, string]> = [
    ...CHECKS.map((c): [string, string] => [c.command, c.help.summary]),
    ["scan", "find the policies in templates, CDK output, Terraform plans and files, and check them"],
    ["serve", "serves the checks on Access Analyzer's API, for the AWS SDKs and CLI"],
  ];
  const width = Math.max(...rows.map(([c]) => c.length));
  return rows.map(([c, text]) => `  ${c.padEnd(width)}  ${text}`).join("\n");
}

/** The top help, from the check registry (registry/registry.ts) and the scan and serve commands. */
export function topHelp(checks: readonly AnyCheck[] = CHECKS): string {
  const withoutPartition = checks.filter((c) => !c.partition).map((c) => c.command);
  return `keyaki: proves what AWS IAM policies allow, for every possible request, offline.

Usage:
${checks.map((c) => synopsis(`  keyaki ${c.command} `, c)).join("\n")}
  keyaki scan [PATH ...] [--config FILE] [--base GIT_REF] [--parameters K=V,...]
              [--region R] [--account ID] [--partition P] [--output text|json]
  keyaki serve [--host 127.0.0.1] [--port 8080] [--timeout SECONDS] [--workers N]
  keyaki --help | --version

Commands:
${commandList()}

A PASS is a proof over every possible request; a FAIL comes with a concrete request the policy
allows; UNKNOWN (the timeout ran out, or the solver gave up) is never reported as PASS.

${DOC_HELP}

Options of every command:
${options(COMMON_OPTIONS)}

Options of the check commands (all but ${withoutPartition.join(", ")}):
${options([PARTITION_OPTION])}

${EXIT_CODES}
Run \`keyaki COMMAND --help\` for a command's options.
`;
}

/** A check command's help: usage, description, its flags (the registry's) and the common options. */
export function commandHelp(check: AnyCheck): string {
  const rows: Array<[string, string]> = check.members.flatMap((m) =>
    m.cli ? [[`--${m.cli.flag} ${m.cli.arg}`, m.cli.help] as [string, string]] : [],
  );
  const timeout: [string, string] = check.help.timeout ? ["--timeout SECONDS", check.help.timeout] : TIMEOUT_OPTION;
  rows.push(timeout, ...(check.partition ? [PARTITION_OPTION] : []), ...COMMON_OPTIONS.slice(1));
  return `${synopsis(`Usage: keyaki ${check.command} `, check)}

${check.help.description}

Options:
${options(rows)}

${check.help.notes.join("\n\n")}

${check.help.exitCodes ?? EXIT_CODES}
`;
}

export function helpText(command?: CommandName): string {
  const check = CHECKS.find((c) => c.command === command);
  return check ? commandHelp(check) : topHelp();
}

/** keyaki's version from its package.json, or "unknown" if it cannot be found. */
export function version(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "keyaki" && typeof pkg.version === "string") return pkg.version;
    } catch {
      // not here: keep walking up
    }
    dir = dirname(dir);
  }
  return "unknown";
}
