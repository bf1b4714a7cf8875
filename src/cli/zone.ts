// The --trusted-accounts and --trusted-organizations arguments: comma-separated lists → the
// library's string arrays, with errors located in the text the user wrote.
// Contract: `zoneInput` splits each list at commas (items kept as written: the library validates
// them) and registers the list's text as a SourceDoc named `<trusted-accounts>` /
// `<trusted-organizations>` so errors get a code frame; `locateZone` moves a library diagnostic
// about item i (`path` `/i`, document `trustedAccounts` / `trustedOrganizations`) to that item's
// column.

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { ZoneInvocation } from "./args.js";
import type { SourceDoc } from "./input.js";

const LISTS = [
  ["trustedAccounts", "trusted-accounts"],
  ["trustedOrganizations", "trusted-organizations"],
] as const;

function raw(inv: ZoneInvocation, name: (typeof LISTS)[number][0]): string | undefined {
  return name === "trustedAccounts" ? inv.trustedAccounts : inv.trustedOrganizations;
}

export function zoneInput(
  inv: ZoneInvocation,
  docs: Record<string, SourceDoc>,
): { trustedAccounts: string[]; trustedOrganizations?: string[] } {
  const out: { trustedAccounts: string[]; trustedOrganizations?: string[] } = { trustedAccounts: [] };
  for (const [name, flag] of LISTS) {
    const text = raw(inv, name);
    if (text === undefined) continue;
    docs[name] = { name: `<${flag}>`, text };
    out[name] = text === "" ? [] : text.split(",");
  }
  return out;
}

export function locateZone(inv: ZoneInvocation, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => {
    const list = LISTS.find(([name]) => name === d.document);
    const text = list && raw(inv, list[0]);
    const m = /^\/(\d+)$/.exec(d.path);
    if (text === undefined || !m) return d;
    const items = text.split(",");
    const index = Number(m[1]);
    if (index >= items.length) return d;
    const offset = items.slice(0, index).reduce((n, s) => n + s.length + 1, 0);
    return { ...d, line: 1, column: offset + 1, offset };
  });
}
