// JSON with spans: the only module that calls the JSON parser (@humanwhocodes/momoa).
// Contract: `parseJson(text)` returns the document's root value node, or no node and exactly one
// located error (size, nesting, a lone surrogate, syntax). It never throws on any string. On success it also reports
// every duplicate key (DUPLICATE_KEY, at the repeated name): AWS rejects them, while JSON.parse
// would silently keep the last. Offsets are UTF-16 indexes into `text`; lines break at \n, \r\n
// and \r, as momoa counts them.

import { parse, type ObjectNode, type ValueNode } from "@humanwhocodes/momoa";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { pointer } from "../diagnostics/diagnostic.js";
import { firstSyntaxError } from "./json-syntax.js";
import { show } from "./messages.js";

/** AWS's largest policy is far smaller; anything above this is refused before parsing. */
export const MAX_POLICY_BYTES = 1_048_576;
/** A policy nests 6 levels deep; the guard keeps momoa's recursive descent off the stack limit. */
export const MAX_DEPTH = 64;

export interface JsonResult {
  root?: ValueNode;
  diagnostics: Diagnostic[];
}

/** 1-based line and column of a UTF-16 offset (clamped into the text). */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

function errorAt(text: string, offset: number, code: string, message: string): Diagnostic {
  return { severity: "error", code, message, ...positionAt(text, offset), offset, path: "" };
}

interface Scan {
  tooDeep?: number; // offset of the first bracket past MAX_DEPTH
  control?: number; // offset of the first raw control character inside a string
  surrogate?: number; // offset of the first lone surrogate (text no UTF-8 bytes decode to)
}

// One linear pass that mirrors JSON's tokenisation of strings closely enough to count brackets.
function scan(text: string): Scan {
  let depth = 0;
  let inString = false;
  let control: number | undefined;
  let surrogate: number | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff && surrogate === undefined) {
      const pair = c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (pair) {
        i++; // the low half; a pair is one character, never JSON punctuation
        continue;
      }
      surrogate = i;
    }
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      else if (c < 32 && control === undefined) control = i;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > MAX_DEPTH) return { tooDeep: i, control, surrogate };
    } else if (c === 93 || c === 125) depth--;
  }
  return { control, surrogate };
}

function syntaxMessage(text: string, err: { message?: string; offset: number }): string {
  const message = String(err.message ?? "");
  const at = text.slice(err.offset, err.offset + 1);
  if (message.startsWith("Unexpected end of input")) return "unexpected end of input";
  if (message.startsWith("Unexpected identifier")) {
    const word = /^[A-Za-z0-9_$]+/.exec(text.slice(err.offset))?.[0] ?? at;
    return `unexpected ${show(word)} in JSON`;
  }
  if (message.startsWith("Unexpected character")) return `unexpected character ${show(at)} in JSON`;
  if (message.startsWith("Unexpected token")) return `unexpected ${show(tokenAt(text, err.offset))} in JSON`;
  const m = (message || "invalid JSON").replace(/\s*\(\d+:\d+\)\s*$/, "").replace(/\.$/, "");
  return m.charAt(0).toLowerCase() + m.slice(1);
}

function tokenAt(text: string, offset: number): string {
  const rest = text.slice(offset, offset + 200);
  const m = /^("(?:[^"\\]|\\.)*"?|-?[0-9][0-9.eE+-]*|[A-Za-z]+)/.exec(rest);
  return m ? m[0] : rest.slice(0, 1);
}

export function parseJson(input: string): JsonResult {
  if (Buffer.byteLength(input, "utf8") > MAX_POLICY_BYTES) {
    const kib = Math.ceil(Buffer.byteLength(input, "utf8") / 1024);
    return { diagnostics: [errorAt(input, 0, "POLICY_TOO_LARGE", `the document is \`${kib} KiB\`, over the 1 MiB limit`)] };
  }
  if (input.trim() === "") {
    return { diagnostics: [errorAt(input, 0, "JSON_SYNTAX_ERROR", "the document is empty")] };
  }
  // A leading byte-order mark becomes a space, so every offset still indexes `input`.
  const text = input.charCodeAt(0) === 0xfeff ? " " + input.slice(1) : input;
  const scanned = scan(text);
  if (scanned.tooDeep !== undefined) {
    return {
      diagnostics: [errorAt(text, scanned.tooDeep, "NESTING_TOO_DEEP", `nesting deeper than \`${MAX_DEPTH}\` levels is not a policy`)],
    };
  }
  if (scanned.surrogate !== undefined) {
    const code = text.charCodeAt(scanned.surrogate).toString(16).toUpperCase();
    return {
      diagnostics: [
        errorAt(
          text,
          scanned.surrogate,
          "INVALID_UNICODE",
          `the lone surrogate \`U+${code}\` is not a character: the text cannot have come from UTF-8`,
        ),
      ],
    };
  }
  let root: ValueNode;
  try {
    root = parse(text, { mode: "json", ranges: true }).body;
  } catch (e) {
    const err = e as { message?: string; offset?: unknown };
    if (typeof err?.offset !== "number") {
      if (e instanceof RangeError) {
        return { diagnostics: [errorAt(text, 0, "NESTING_TOO_DEEP", "the document nests too deeply to parse")] };
      }
      throw e;
    }
    // momoa places some errors at 1:1 or at an opening bracket; the locator finds the real place.
    const located = firstSyntaxError(text);
    if (located) return { diagnostics: [errorAt(text, located.offset, "JSON_SYNTAX_ERROR", located.message)] };
    if (scanned.control !== undefined && scanned.control < err.offset) return { diagnostics: [controlError(text, scanned.control)] };
    const comma = trailingComma(text, err.offset);
    if (comma !== undefined) {
      return {
        diagnostics: [errorAt(text, comma, "JSON_SYNTAX_ERROR", `trailing comma before ${show(text[err.offset])} is not allowed in JSON`)],
      };
    }
    return {
      diagnostics: [errorAt(text, err.offset, "JSON_SYNTAX_ERROR", syntaxMessage(text, err as { message?: string; offset: number }))],
    };
  }
  if (scanned.control !== undefined) return { diagnostics: [controlError(text, scanned.control)] };
  return { root, diagnostics: duplicateKeys(root) };
}

// The offset of a comma directly (but for whitespace) before a closing bracket at `offset`.
function trailingComma(text: string, offset: number): number | undefined {
  if (text[offset] !== "}" && text[offset] !== "]") return undefined;
  let i = offset - 1;
  while (i >= 0 && " \t\n\r".includes(text[i])) i--;
  return text[i] === "," ? i : undefined;
}

function controlError(text: string, offset: number): Diagnostic {
  return errorAt(text, offset, "JSON_SYNTAX_ERROR", `control character ${show(text[offset])} must be escaped inside a JSON string`);
}

export function memberName(m: ObjectNode["members"][number]): string {
  return m.name.type === "String" ? m.name.value : m.name.name;
}

// Walks every object (iteratively; depth is already bounded) and reports each repeated name. A
// node's path is built only for a repeated name: a large document must not allocate one per node.
function duplicateKeys(root: ValueNode): Diagnostic[] {
  type Entry = { node: ValueNode; parent?: Entry; step?: string | number };
  const out: Diagnostic[] = [];
  const stack: Entry[] = [{ node: root }];
  while (stack.length > 0) {
    const e = stack.pop()!;
    const node = e.node;
    if (node.type === "Array") {
      node.elements.forEach((el, i) => stack.push({ node: el.value, parent: e, step: i }));
    } else if (node.type === "Object") {
      const seen = new Set<string>();
      for (const m of node.members) {
        const name = memberName(m);
        if (seen.has(name)) {
          const p: Array<string | number> = [name];
          for (let x: Entry | undefined = e; x?.step !== undefined; x = x.parent) p.unshift(x.step);
          const start = m.name.loc.start;
          out.push({
            severity: "error",
            code: "DUPLICATE_KEY",
            message: `key ${show(name)} appears more than once in the same object`,
            line: start.line,
            column: start.column,
            offset: start.offset,
            path: pointer(p),
          });
        }
        seen.add(name);
        stack.push({ node: m.value, parent: e, step: name });
      }
    }
  }
  return out;
}
