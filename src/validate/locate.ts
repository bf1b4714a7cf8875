// Locations in AWS's terms: a JSON Pointer of the policy text → ValidatePolicy's Location.
// Contract: `locator(text)` parses the text once (policy/json.ts) and `locate(pointer, offset?)`
// returns the path as AWS's PathElements — an object key as `{value: key}` and an array position
// as `{index: i}`, as AWS's own responses write them (the AWS CLI's validate-policy example and
// captured findings: `[{"value": "Statement"}, {"index": 0}, {"value": "Sid"}]`) — and the span of
// the node the pointer names: its whole JSON token (a string with its quotes). When `offset` is
// the start of the member's name rather than its value (a diagnostic about a key), the span
// covers the name. Lines count from 1, columns and offsets from 0 (types.ts). A pointer that
// names no node falls back to the deepest node it reaches; a text that does not parse gives the
// position at `offset` with an empty span.

import type { Node, ValueNode } from "@humanwhocodes/momoa";
import { memberName, parseJson, positionAt } from "../policy/json.js";
import type { Location, PathElement, Position } from "./types.js";

export interface Locator {
  root?: ValueNode;
  text: string;
  locate(pointer: string, offset?: number): Location;
  /** The node a pointer names (or its deepest existing ancestor) and its AWS path. */
  nodeAt(pointer: string): { node: ValueNode; path: PathElement[]; nameNode?: Node } | undefined;
}

function unescape(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** AWS's Position of a UTF-16 offset: line from 1, column from 0 (keyaki's columns count from 1). */
export function positionOf(text: string, offset: number): Position {
  const { line, column } = positionAt(text, offset);
  return { line, column: column - 1, offset: Math.max(0, Math.min(offset, text.length)) };
}

function nodePosition(n: { line: number; column: number; offset: number }): Position {
  return { line: n.line, column: n.column - 1, offset: n.offset };
}

export function locator(text: string): Locator {
  const { root } = parseJson(text);
  const nodeAt = (pointer: string) => {
    if (!root) return undefined;
    let node: ValueNode = root;
    let nameNode: Node | undefined;
    const path: PathElement[] = [];
    for (const raw of pointer === "" ? [] : pointer.slice(1).split("/")) {
      const token = unescape(raw);
      if (node.type === "Array" && /^\d+$/.test(token) && node.elements[Number(token)]) {
        node = node.elements[Number(token)].value;
        nameNode = undefined;
        path.push({ index: Number(token) });
      } else if (node.type === "Object") {
        const m = node.members.find((x) => memberName(x) === token);
        if (!m) break;
        node = m.value;
        nameNode = m.name;
        path.push({ value: token });
      } else break;
    }
    return { node, path, nameNode };
  };
  return {
    root,
    text,
    nodeAt,
    locate(pointer, offset) {
      const hit = nodeAt(pointer);
      if (!hit) {
        const at = positionOf(text, offset ?? 0);
        return { path: [], span: { start: at, end: at } };
      }
      const target = hit.nameNode && offset === hit.nameNode.loc.start.offset ? hit.nameNode : hit.node;
      return { path: hit.path, span: { start: nodePosition(target.loc.start), end: nodePosition(target.loc.end) } };
    },
  };
}
