// Security rules AWS decides by syntax, reported with AWS's code when AWS's rule fires and then
// decided by keyaki's engine (check-access-not-granted), with the verdict in findingDetails.
//   ALLOW_WITH_NOTPRINCIPAL  `"Effect": "Allow"` with NotPrincipal
//   PASS_ROLE_WITH_*         an Allow statement whose actions can include iam:PassRole and whose
//                            resources cover every role of an account (`*`, `arn:aws:iam::*:role/*`,
//                            …) or are a NotResource, and which has no iam:PassedToService
//                            condition (AWS's page names that key as the remedy). Which code:
//                            the entry `iam:PassRole` itself → PASS_ROLE_WITH_STAR_IN_RESOURCE /
//                            _WITH_NOTRESOURCE; a wildcard entry → …_STAR_IN_ACTION_AND_…; NotAction
//                            → …_STAR_IN_RESOURCE_AND_NOTACTION / _NOTACTION_AND_NOTRESOURCE.
//   CREATE_SLR_WITH_*        the same for iam:CreateServiceLinkedRole over every service-linked role
//                            (`…:role/aws-service-role/*`), unless an iam:AWSServiceName condition
// The engine's question for each firing statement: is any iam:PassRole (CreateServiceLinkedRole)
// request allowed through it, Denies included? One check-access-not-granted per action and policy;
// its reasons name the statements through which some request is allowed. The finding stays either
// way (it is AWS's rule), and its details say which: confirmed through this statement, or proved
// harmless (every such request is denied or the conditions never hold), or not decided (time, or
// a document with errors, which no check accepts).
// Contract: reports only; semantic work only when `semantic` is given and the policy parsed.

import { checkAccessNotGranted } from "../checks/api.js";
import { FREE_CODES } from "../iam/ambiguity.js";
import { globPattern, matchPattern, patternWithin } from "../logic/pattern.js";
import type { Policy } from "../iam/ast.js";
import type { Runtime } from "../checks/runtime.js";
import type { ValidateContext } from "./context.js";
import type { Item, ViewStatement } from "./view.js";

export interface Semantic {
  policy?: Policy;
  /** Date.now() by which every engine question must be answered. */
  deadline: number;
  /** The instance's solver and slicing, which the engine questions run with (checks/runtime.ts). */
  runtime: Runtime;
}

interface Rule {
  action: string; // lower-case
  prefix: "PASS_ROLE" | "CREATE_SLR";
  /** Resources that cover "all of them" must cover this pattern's language (account filled in). */
  everything: (partition: string, account: string) => string;
  remedyKey: string; // lower-case
  what: string;
}

const RULES: Rule[] = [
  {
    action: "iam:passrole",
    prefix: "PASS_ROLE",
    everything: (p, a) => `arn:${p}:iam::${a}:role/*`,
    remedyKey: "iam:passedtoservice",
    what: "pass any role to a service",
  },
  {
    action: "iam:createservicelinkedrole",
    prefix: "CREATE_SLR",
    everything: (p, a) => `arn:${p}:iam::${a}:role/aws-service-role/*`,
    remedyKey: "iam:awsservicename",
    what: "create any service-linked role",
  },
];

/** Does the Resource entry match every ARN of `rule`'s kind in its own partition and account? */
function coversAll(rule: Rule, r: Item): boolean {
  if (r.value === "*") return true;
  const parts = r.value.split(":");
  const partition = parts[1] && !/[*?$]/.test(parts[1]) ? parts[1] : "aws";
  const account = parts[4] && /^\d{12}$/.test(parts[4]) ? parts[4] : "111122223333";
  return patternWithin(globPattern(rule.everything(partition, account)), globPattern(r.value));
}

interface Fired {
  code: string;
  at: string[];
}

function fires(rule: Rule, s: ViewStatement): Fired | undefined {
  if (s.effect !== "Allow" || !s.action || !s.resource) return undefined;
  if (s.conditions.some((c) => c.key.toLowerCase() === rule.remedyKey)) return undefined;
  let actionPart: "plain" | "star" | "notaction";
  let actionAt: string;
  if (s.action.negated) {
    if (s.action.items.some((a) => matchPattern(globPattern(a.value.toLowerCase(), true), rule.action))) return undefined;
    actionPart = "notaction";
    actionAt = s.action.pointer;
  } else {
    const exact = s.action.items.find((a) => a.value.toLowerCase() === rule.action);
    const wild = s.action.items.find((a) => /[*?]/.test(a.value) && matchPattern(globPattern(a.value.toLowerCase(), true), rule.action));
    const hit = exact ?? wild;
    if (!hit) return undefined;
    actionPart = exact ? "plain" : "star";
    actionAt = hit.pointer;
  }
  let resourceAt: string;
  let notResource = false;
  if (s.resource.negated) {
    notResource = true;
    resourceAt = s.resource.pointer;
  } else {
    const star = s.resource.items.find((r) => coversAll(rule, r));
    if (!star) return undefined;
    resourceAt = star.pointer;
  }
  const p = rule.prefix;
  const code = notResource
    ? {
        plain: `${p}_WITH_NOTRESOURCE`,
        star: `${p}_WITH_STAR_IN_ACTION_AND_NOTRESOURCE`,
        notaction: `${p}_WITH_NOTACTION_AND_NOTRESOURCE`,
      }[actionPart]
    : {
        plain: `${p}_WITH_STAR_IN_RESOURCE`,
        star: `${p}_WITH_STAR_IN_ACTION_AND_RESOURCE`,
        notaction: `${p}_WITH_STAR_IN_RESOURCE_AND_NOTACTION`,
      }[actionPart];
  return { code, at: [actionAt, resourceAt] };
}

interface Decided {
  /** Statements through which some request for the action is allowed (not denied). */
  through: Set<number>;
  /** Statements the check had no time to examine: neither through nor proved clear. */
  unexamined: Set<number>;
  /** The free constructs (AWS's ambiguities) the allowed request depends on, if any. */
  readings: string[];
}

/** `/Statement/3` → 3; `/Statement` (a single statement object) → 0. */
const statementIndex = (path: string): number => Number(/^\/Statement(?:\/(\d+))?/.exec(path)?.[1] ?? 0);

/** The engine's verdict per statement index, for one action: allowed through it, or not. */
async function decide(ctx: ValidateContext, action: string, semantic: Semantic): Promise<Decided | { unknown: string }> {
  if (!semantic.policy) return { unknown: "the document has errors, so no check can read it" };
  const remaining = semantic.deadline - Date.now();
  if (remaining < 50) return { unknown: "the time ran out" };
  const policyType = ctx.type === "IDENTITY_POLICY" || ctx.type === "SERVICE_CONTROL_POLICY" ? "IDENTITY_POLICY" : "RESOURCE_POLICY";
  try {
    const r = await checkAccessNotGranted(
      { policyDocument: ctx.text, access: [{ actions: [action] }], policyType },
      { timeoutSeconds: remaining / 1000 },
      semantic.runtime,
    );
    if (r.result === "UNKNOWN") return { unknown: r.unknownReason ?? "the solver gave no answer" };
    const diagnostics = r.diagnostics ?? [];
    return {
      through: new Set(r.reasons.map((x) => x.statementIndex)),
      unexamined: new Set(diagnostics.filter((d) => d.code === "STATEMENT_NOT_EXAMINED").map((d) => statementIndex(d.path))),
      readings: [...new Set(diagnostics.filter((d) => (FREE_CODES as readonly string[]).includes(d.code)).map((d) => d.code))],
    };
  } catch (e) {
    return { unknown: e instanceof Error ? e.message : String(e) };
  }
}

const SYNTAX: Record<string, string> = {
  PASS_ROLE: "allows `iam:PassRole` on every role",
  CREATE_SLR: "allows `iam:CreateServiceLinkedRole` for every service-linked role",
};

export async function securityChecks(ctx: ValidateContext, semantic: Semantic | undefined): Promise<void> {
  for (const s of ctx.view.statements) {
    if (s.effect === "Allow" && s.principal?.negated) {
      ctx.report(
        "ALLOW_WITH_NOTPRINCIPAL",
        '`"Effect": "Allow"` with `NotPrincipal` allows every principal not listed, anonymous ones included; name the principals in `Principal`',
        [s.principal.pointer],
      );
    }
  }
  for (const rule of RULES) {
    const fired = ctx.view.statements.map((s) => ({ s, f: fires(rule, s) })).filter((x) => x.f);
    if (fired.length === 0) continue;
    const verdict = semantic ? await decide(ctx, rule.action, semantic) : undefined;
    const name = rule.action === "iam:passrole" ? "iam:PassRole" : "iam:CreateServiceLinkedRole";
    for (const { s, f } of fired) {
      let details = `statement ${s.index} ${SYNTAX[rule.prefix]} (the rule AWS applies to its text), which can let a principal ${rule.what}; name the ARNs in \`Resource\` or add an \`${rule.remedyKey === "iam:passedtoservice" ? "iam:PassedToService" : "iam:AWSServiceName"}\` condition`;
      if (verdict && "through" in verdict) {
        const reading =
          verdict.readings.length > 0 ? ` (under one reading of what AWS documents ambiguously: ${verdict.readings.join(", ")})` : "";
        details += verdict.through.has(s.index)
          ? `. keyaki confirms it: the policy allows some \`${name}\` request through this statement${reading}`
          : verdict.unexamined.has(s.index)
            ? `. keyaki did not decide whether this statement allows \`${name}\`: the time ran out`
            : `. keyaki proves this statement allows no \`${name}\` request the policy does not deny (a Deny or its conditions rule them all out), so the semantics disagree with the syntax`;
      } else if (verdict) details += `. keyaki did not decide whether the policy allows \`${name}\`: ${verdict.unknown}`;
      ctx.report(f!.code, details, f!.at);
    }
  }
}
