// The state one validation pass shares: the source text, the policy type and the diagnostics.
// Contract: every diagnostic is located at a momoa node (its start) with the JSON Pointer of that
// node; `loc` gives an AST Loc whose length is the node's source length. Helpers that read a
// node's members see only the first of duplicated names (duplicates are already errors).

import type { MemberNode, Node, ObjectNode, ValueNode } from "@humanwhocodes/momoa";
import type { Diagnostic, Severity } from "../diagnostics/diagnostic.js";
import { pointer } from "../diagnostics/diagnostic.js";
import type { Loc, PolicyType } from "../iam/ast.js";
import { memberName } from "./json.js";
import { show } from "./messages.js";

export type Path = ReadonlyArray<string | number>;

export class Context {
  readonly diagnostics: Diagnostic[] = [];
  /** How many diagnostics so far have severity "error". */
  errors = 0;
  constructor(
    readonly text: string,
    readonly type: PolicyType,
  ) {}

  loc(node: Node, path: Path): Loc {
    const { line, column, offset } = node.loc.start;
    return { line, column, offset, length: node.loc.end.offset - offset, path: pointer(path) };
  }

  report(severity: Severity, code: string, message: string, node: Node, path: Path): void {
    const { line, column, offset } = node.loc.start;
    if (severity === "error") this.errors++;
    this.diagnostics.push({ severity, code, message, line, column, offset, path: pointer(path) });
  }

  error(code: string, message: string, node: Node, path: Path): void {
    this.report("error", code, message, node, path);
  }

  warn(code: string, message: string, node: Node, path: Path): void {
    this.report("warning", code, message, node, path);
  }

  /** The JSON text of a scalar node, exactly as written (numbers keep their spelling). */
  raw(node: Node): string {
    return this.text.slice(node.loc.start.offset, node.loc.end.offset);
  }

  /** Reports a value of the wrong JSON type; `expected` reads like "a string or an array". */
  wrongType(node: ValueNode, path: Path, what: string, expected: string): void {
    const snippet = show(this.raw(node).slice(0, 200).replace(/\s+/g, " "));
    const found = node.type === "Null" ? snippet : `${jsonType(node)} ${snippet}`;
    this.error("INVALID_ELEMENT_TYPE", `${what} must be ${expected}, not ${found}`, node, path);
  }
}

export function jsonType(node: ValueNode): string {
  switch (node.type) {
    case "Object":
      return "an object";
    case "Array":
      return "an array";
    case "String":
      return "a string";
    case "Number":
      return "a number";
    case "Boolean":
      return "a boolean";
    case "Null":
      return "null";
    default:
      return "a non-JSON value";
  }
}

/** The object's members by name, first occurrence only, in source order. */
export function membersOf(node: ObjectNode): Map<string, MemberNode> {
  const out = new Map<string, MemberNode>();
  for (const m of node.members) {
    const name = memberName(m);
    if (!out.has(name)) out.set(name, m);
  }
  return out;
}
