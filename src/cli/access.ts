// The --access argument: JSON text → the value the library validates, with located errors.
// Contract: `parseAccessText` returns the parsed JSON value unchecked (the library owns the
// rules: one entry, actions and/or resources, valid ARNs) or throws a KeyakiError whose one
// diagnostic locates the JSON syntax error in the text (document `access`). `locateAccess`
// moves library diagnostics about `access` (which know only a JSON Pointer) to the line and
// column of that node in the text the user wrote; others pass through unchanged.

import type { ValueNode } from "@humanwhocodes/momoa";
import { KeyakiError, pointerToken, type Diagnostic } from "../diagnostics/diagnostic.js";
import { memberName, parseJson } from "../policy/json.js";

export const ACCESS_DOCUMENT = "access";

export function parseAccessText(text: string): unknown {
  const { root, diagnostics } = parseJson(text);
  if (!root) {
    const d = { ...diagnostics[0], document: ACCESS_DOCUMENT };
    throw new KeyakiError(d.code, `\`--access\` is not valid JSON: ${d.message}`, [d]);
  }
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

/** The node at JSON Pointer `path` under `root`, or the deepest existing ancestor. */
function nodeAt(root: ValueNode, path: string): ValueNode {
  let node = root;
  for (const token of path === "" ? [] : path.slice(1).split("/")) {
    let next: ValueNode | undefined;
    if (node.type === "Array") next = node.elements[Number(token)]?.value;
    else if (node.type === "Object") next = node.members.find((m) => pointerToken(memberName(m)) === token)?.value;
    if (!next) break;
    node = next;
  }
  return node;
}

export function locateAccess(text: string, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const { root } = parseJson(text);
  return diagnostics.map((d) => {
    if (d.document !== ACCESS_DOCUMENT || !root) return d;
    const { line, column, offset } = nodeAt(root, d.path).loc.start;
    return { ...d, line, column, offset };
  });
}
