// A check's comma-separated list flags (--trusted-accounts, --trusted-organizations): the
// arguments → the library's string arrays, with errors located in the text the user wrote.
// Contract: `listInput` splits each list at commas (items kept as written: the library validates
// them) and registers the list's text as a SourceDoc named `<flag>` (`<trusted-accounts>`) so
// errors get a code frame; `locateLists` moves a library diagnostic about item i (`path` `/i`,
// document the member's name, `trustedAccounts`) to that item's column.

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceDoc } from "./input.js";

/** A list member as the command line gave it: its API name, its flag, and the text. */
export interface ListArg {
  name: string;
  flag: string;
  text: string | undefined;
}

export function listInput(lists: readonly ListArg[], docs: Record<string, SourceDoc>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { name, flag, text } of lists) {
    if (text === undefined) continue;
    docs[name] = { name: `<${flag}>`, text };
    out[name] = text === "" ? [] : text.split(",");
  }
  return out;
}

export function locateLists(lists: readonly ListArg[], diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => {
    const text = lists.find(({ name }) => name === d.document)?.text;
    const m = /^\/(\d+)$/.exec(d.path);
    if (text === undefined || !m) return d;
    const items = text.split(",");
    const index = Number(m[1]);
    if (index >= items.length) return d;
    const offset = items.slice(0, index).reduce((n, s) => n + s.length + 1, 0);
    return { ...d, line: 1, column: offset + 1, offset };
  });
}
