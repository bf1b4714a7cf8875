// The --access argument: JSON text → the value the library validates, with located errors.
// Contract: `parseAccessText` returns the parsed JSON value unchecked (the library owns the
// rules: one entry, actions and/or resources, valid ARNs) or throws a KeyakiError whose
// diagnostics locate the JSON syntax error, or every duplicate key, in the text (document
// `access`). `locateAccess`
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
  // A repeated key would be read as its last value by JSON.parse: refused, as in a policy.
  const errors = diagnostics.filter((d) => d.severity === "error").map((d) => ({ ...d, document: ACCESS_DOCUMENT }));
  if (errors.length > 0) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    throw new KeyakiError(errors[0].code, `\`--access\`:${errors[0].line}:${errors[0].column}: ${errors[0].message}${more}`, errors);
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
    // Diagnostics located in the text already (syntax, duplicate keys) stay where they are.
    if (d.document !== ACCESS_DOCUMENT || !root || d.offset !== 0) return d;
    const { line, column, offset } = nodeAt(root, d.path).loc.start;
    return { ...d, line, column, offset };
  });
}
