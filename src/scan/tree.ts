// Source trees: a JSON or YAML file parsed into one located tree, the input every extractor reads.
// Contract: `parseSource(text, name)` returns the root node, or no root and one located error
// (SCAN_PARSE_ERROR at the parser's line and column). It never throws on any string. Every node
// carries the 1-based line and column and 0-based offset where it starts in `text`, and the
// offset where it ends. YAML is read
// with the YAML 1.2 core schema, so an unquoted `2012-10-17` stays a string (YAML 1.1 loaders
// make it a date); aliases are expanded; CloudFormation's short-form tags become their long
// form (`!GetAtt A.Arn` → `{"Fn::GetAtt": ["A", "Arn"]}`, `!Ref X` → `{"Ref": "X"}`), located at
// the tagged value. Text that starts with `{` or `[` is read as JSON (momoa: fast on large plans),
// with duplicate keys an error as AWS treats them.

import { parse as parseJsonText, type ValueNode } from "@humanwhocodes/momoa";
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from "yaml";
import type { Diagnostic } from "../diagnostics/diagnostic.js";

export interface Loc {
  line: number;
  column: number;
  offset: number;
  /** Where a node's value ends in `text` (exclusive offset); absent on keys and errors. */
  end?: number;
}

export type TNode =
  | { type: "scalar"; value: string | number | boolean | null; loc: Loc }
  | { type: "array"; items: TNode[]; loc: Loc }
  | { type: "object"; entries: Entry[]; loc: Loc };

export interface Entry {
  key: string;
  keyLoc: Loc;
  value: TNode;
}

export interface ParsedSource {
  root?: TNode;
  format: "json" | "yaml";
  diagnostics: Diagnostic[];
}

/** CloudFormation's short-form tags (AWS CloudFormation User Guide, "Intrinsic function reference"). */
const SHORT_FORMS = new Set([
  "Base64",
  "Cidr",
  "FindInMap",
  "GetAtt",
  "GetAZs",
  "ImportValue",
  "Join",
  "Select",
  "Split",
  "Sub",
  "Transform",
  "If",
  "Equals",
  "And",
  "Or",
  "Not",
  "Length",
  "ToJsonString",
  "ForEach",
]);

export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;

/** The object member `key`, or undefined. */
export function member(node: TNode | undefined, key: string): TNode | undefined {
  if (node?.type !== "object") return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i].key === key) return node.entries[i].value;
  return undefined;
}

/** The node at an RFC 6901 pointer, or the deepest node on its way when the rest is missing. */
export function nodeAt(root: TNode, path: string): TNode {
  let node = root;
  for (const raw of path.split("/").slice(1)) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const next = node.type === "object" ? member(node, token) : node.type === "array" ? node.items[Number(token)] : undefined;
    if (!next) break;
    node = next;
  }
  return node;
}

export function parseSource(text: string, name: string): ParsedSource {
  if (text.length > MAX_SOURCE_BYTES)
    return {
      format: "json",
      diagnostics: [error(`\`${name}\` is larger than ${MAX_SOURCE_BYTES} bytes`, { line: 1, column: 1, offset: 0 })],
    };
  const start = /^\s*([{[])/.exec(text);
  return start ? parseJson(text) : parseYaml(text);
}

function error(message: string, loc: Loc): Diagnostic {
  return { severity: "error", code: "SCAN_PARSE_ERROR", message, ...loc, path: "" };
}

function parseJson(text: string): ParsedSource {
  let root: ValueNode;
  try {
    root = parseJsonText(text, { mode: "json", ranges: false }).body;
  } catch (e) {
    const err = e as { message: string; line?: number; column?: number; offset?: number };
    const loc = { line: err.line ?? 1, column: err.column ?? 1, offset: err.offset ?? 0 };
    // momoa's message ends with its own "(line:column)" and a period: the diagnostic carries both.
    const message = err.message
      .replace(/\s*\(\d+:\d+\)\s*$/, "")
      .replace(/\.$/, "")
      .replace(/^./, (c) => c.toLowerCase());
    return { format: "json", diagnostics: [error(message, loc)] };
  }
  const diagnostics: Diagnostic[] = [];
  const convert = (n: ValueNode): TNode => {
    const loc = { line: n.loc.start.line, column: n.loc.start.column, offset: n.loc.start.offset, end: n.loc.end.offset };
    switch (n.type) {
      case "Object": {
        const seen = new Set<string>();
        const entries: Entry[] = [];
        for (const m of n.members) {
          const key = m.name.type === "String" ? m.name.value : m.name.name;
          const keyLoc = { line: m.name.loc.start.line, column: m.name.loc.start.column, offset: m.name.loc.start.offset };
          if (seen.has(key)) diagnostics.push(error(`duplicate key \`${key}\``, keyLoc));
          seen.add(key);
          entries.push({ key, keyLoc, value: convert(m.value) });
        }
        return { type: "object", entries, loc };
      }
      case "Array":
        return { type: "array", items: n.elements.map((e) => convert(e.value)), loc };
      case "String":
      case "Number":
      case "Boolean":
        return { type: "scalar", value: n.value, loc };
      case "Null":
        return { type: "scalar", value: null, loc };
      default:
        // JSON mode: no other node kinds
        return { type: "scalar", value: null, loc };
    }
  };
  const tree = convert(root);
  return diagnostics.length > 0 ? { format: "json", diagnostics } : { root: tree, format: "json", diagnostics };
}

function parseYaml(text: string): ParsedSource {
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { schema: "core", lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    return { format: "yaml", diagnostics: [error(`cannot read YAML: ${(e as Error).message}`, { line: 1, column: 1, offset: 0 })] };
  }
  const locOf = (offset: number): Loc => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col, offset };
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const message = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    return {
      format: "yaml",
      diagnostics: [
        error(
          message.replace(/^./, (c) => c.toLowerCase()),
          locOf(e.pos[0]),
        ),
      ],
    };
  }
  const diagnostics: Diagnostic[] = [];
  // Aliases are expanded, so a budget on nodes stops an alias bomb. A template is at most 1 MB
  // (CloudFormation's quota), far fewer nodes than this.
  let budget = 1_000_000;
  const convert = (n: unknown, depth: number): TNode => {
    if (depth > 200) throw new Error("nesting too deep");
    if (--budget < 0) throw new Error("too many nodes once aliases are expanded");
    if (isAlias(n)) return convert(n.resolve(doc), depth + 1);
    const node = n as YamlNode | null;
    const loc = locOf(node?.range?.[0] ?? 0);
    if (node?.range) loc.end = node.range[1];
    let plain: TNode;
    if (isMap(node)) {
      const entries: Entry[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = pair.key as YamlNode | null;
        const key = isScalar(k) ? String(k.value) : String(k);
        entries.push({ key, keyLoc: locOf(k?.range?.[0] ?? 0), value: convert(pair.value, depth + 1) });
      }
      plain = { type: "object", entries, loc };
    } else if (isSeq(node)) {
      plain = { type: "array", items: node.items.map((i) => convert(i, depth + 1)), loc };
    } else if (isScalar(node)) {
      const v = node.value;
      plain = {
        type: "scalar",
        value: typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : v === null ? null : String(v),
        loc,
      };
    } else plain = { type: "scalar", value: null, loc };
    const tag = node && "tag" in node ? node.tag : undefined;
    return tag && tag.startsWith("!") && !tag.startsWith("!!") ? tagged(tag.slice(1), plain, loc) : plain;
  };
  const tagged = (name: string, value: TNode, loc: Loc): TNode => {
    const wrap = (key: string, v: TNode): TNode => ({ type: "object", entries: [{ key, keyLoc: loc, value: v }], loc });
    if (name === "Ref" || name === "Condition") return wrap(name, value);
    if (name === "GetAtt" && value.type === "scalar" && typeof value.value === "string") {
      const dot = value.value.indexOf(".");
      const parts = dot < 0 ? [value.value] : [value.value.slice(0, dot), value.value.slice(dot + 1)];
      return wrap("Fn::GetAtt", { type: "array", items: parts.map((p) => ({ type: "scalar", value: p, loc: value.loc })), loc: value.loc });
    }
    if (SHORT_FORMS.has(name)) return wrap("Fn::" + name, value);
    diagnostics.push({
      ...error(`unknown tag \`!${name}\`; the value is read without it`, loc),
      severity: "warning",
      code: "SCAN_UNKNOWN_TAG",
    });
    return value;
  };
  try {
    return { root: convert(doc.contents, 0), format: "yaml", diagnostics };
  } catch (e) {
    return { format: "yaml", diagnostics: [error(`cannot read YAML: ${(e as Error).message}`, { line: 1, column: 1, offset: 0 })] };
  }
}
