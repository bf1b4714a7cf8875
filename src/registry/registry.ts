// The check registry: every check keyaki answers, declared once (one module per check in
// registry/defs/), and the one list of them.
// Contract: a CheckDefinition says everything a surface needs to offer the check — its names (the
// CLI's command, the library's function, AWS's operation and restJson1 route where AWS has one),
// its request members (API name, JSON type, enum values, required or not, and how the CLI takes
// it: the flag as `aws accessanalyzer` spells it, its help), the validation of a request (in one
// place: checks/inputs.ts, located errors with stable codes), how it is run (a dynamic import of
// its body, so this module and the definitions stay cheap to import: `--help` and the server's
// routing load no solver), its response words and its exit code. The CLI's commands, flags,
// parsing and help (cli/args.ts, cli/help.ts, cli/main.ts), the server's routes and request
// validation (server/operations.ts) and the library's functions (keyaki.ts) are derived from
// CHECKS. Adding a check is one module in registry/defs/ plus one line in CHECKS
// (docs/architecture.md, "Adding a check").

import type { CheckDefinition } from "./check-definition.js";
import { checkAccessNotGrantedDef } from "./defs/check-access-not-granted.js";
import { checkNoExternalAccessDef } from "./defs/check-no-external-access.js";
import { checkNoNewAccessDef } from "./defs/check-no-new-access.js";
import { checkNoPublicAccessDef } from "./defs/check-no-public-access.js";
import { findingsDef } from "./defs/findings.js";
import { validatePolicyDef } from "./defs/validate-policy.js";

export type { CheckDefinition, CliMember, Member, ResponseKind } from "./check-definition.js";

/** Every check, in the order the CLI lists them. Adding a check: one line here. */
export const CHECKS = [
  checkNoNewAccessDef,
  checkAccessNotGrantedDef,
  checkNoPublicAccessDef,
  checkNoExternalAccessDef,
  findingsDef,
  validatePolicyDef,
] as const;

export type AnyCheck = CheckDefinition<string, string, any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function checkNamed(command: string, checks: readonly AnyCheck[] = CHECKS): AnyCheck | undefined {
  return checks.find((c) => c.command === command);
}
