// Where JSON text first stops being JSON, and why: the locator of json.ts's syntax errors.
// Contract: `firstSyntaxError(text)` returns undefined for text that is one RFC 8259 JSON value
// (with whitespace around it), else the UTF-16 offset of the first place no JSON text can go on
// from, and a message in keyaki's words: "unexpected end of input" exactly when the text is a
// prefix of some JSON text (its offset is then text.length), "trailing comma before `}` …" at
// the comma, "control character … must be escaped" at the character, else "unexpected …" at the
// first token or character that cannot follow. One pass, an explicit stack, linear time.
// (The parser, momoa, places some errors at 1:1 or at an opening bracket: issue 11.)

import { show } from "./messages.js";

export interface SyntaxError {
  offset: number;
  message: string;
}

const enum Want {
  Value, // a value
  ValueOrClose, // after `[`: a value or `]`
  KeyOrClose, // after `{`: a key or `}`
  Key, // after `,` in an object
  Colon,
  CommaOrClose,
  End,
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

function controlError(text: string, i: number): SyntaxError {
  return { offset: i, message: `control character ${show(text[i])} must be escaped inside a JSON string` };
}

/** A token that cannot go here: a word, number or string shown whole, else the character. */
function unexpected(text: string, i: number): SyntaxError {
  const rest = text.slice(i, i + 200);
  const m = /^("(?:[^"\\]|\\.)*"?|-?[0-9][0-9.eE+-]*|[A-Za-z_$][A-Za-z0-9_$]*)/.exec(rest);
  if (m) return { offset: i, message: `unexpected ${show(m[0])} in JSON` };
  const ch = String.fromCodePoint(text.codePointAt(i)!);
  return { offset: i, message: /[{}[\]:,]/.test(ch) ? `unexpected ${show(ch)} in JSON` : `unexpected character ${show(ch)} in JSON` };
}

const END = (text: string): SyntaxError => ({ offset: text.length, message: "unexpected end of input" });

/** Scans a string starting at the quote at `i`; returns the offset after it, or an error. */
function scanString(text: string, i: number): number | SyntaxError {
  for (let k = i + 1; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x22) return k + 1;
    if (c < 0x20) return controlError(text, k);
    if (c === 0x5c) {
      const e = text[k + 1];
      if (e === undefined) return END(text);
      if (e === "u") {
        for (let h = 0; h < 4; h++) {
          const x = text[k + 2 + h];
          if (x === undefined) return END(text);
          if (!/[0-9A-Fa-f]/.test(x))
            return { offset: k + 2 + h, message: `invalid escape ${show(text.slice(k, k + 2 + h + 1))} in a JSON string` };
        }
        k += 5;
      } else if (ESCAPES.has(e)) k++;
      else return { offset: k, message: `invalid escape ${show("\\" + e)} in a JSON string` };
    }
  }
  return END(text);
}

/** Scans a number at `i`; returns the offset after it, or an error. */
function scanNumber(text: string, i: number): number | SyntaxError {
  let k = i;
  const digit = () => k < text.length && text.charCodeAt(k) >= 0x30 && text.charCodeAt(k) <= 0x39;
  const need = (): SyntaxError | undefined => (k >= text.length ? END(text) : digit() ? undefined : unexpected(text, k));
  if (text[k] === "-") k++;
  let bad = need();
  if (bad) return bad;
  if (text[k] === "0") k++;
  else while (digit()) k++;
  if (text[k] === ".") {
    k++;
    if ((bad = need())) return bad;
    while (digit()) k++;
  }
  if (text[k] === "e" || text[k] === "E") {
    k++;
    if (text[k] === "+" || text[k] === "-") k++;
    if ((bad = need())) return bad;
    while (digit()) k++;
  }
  return k;
}

export function firstSyntaxError(text: string): SyntaxError | undefined {
  const stack: Array<"o" | "a"> = [];
  let want: Want = Want.Value;
  let lastComma = -1;
  let i = 0;
  const afterValue = (): Want => (stack.length === 0 ? Want.End : Want.CommaOrClose);
  while (true) {
    while (i < text.length && WS.has(text.charCodeAt(i))) i++;
    if (i >= text.length) return want === Want.End ? undefined : END(text);
    const ch = text[i];
    switch (want) {
      case Want.End:
        return unexpected(text, i);
      case Want.Colon:
        if (ch !== ":") return unexpected(text, i);
        i++;
        want = Want.Value;
        continue;
      case Want.CommaOrClose: {
        const top = stack[stack.length - 1];
        if (ch === ",") {
          lastComma = i++;
          want = top === "o" ? Want.Key : Want.Value;
          continue;
        }
        if ((ch === "}" && top === "o") || (ch === "]" && top === "a")) {
          stack.pop();
          i++;
          want = afterValue();
          continue;
        }
        return unexpected(text, i);
      }
      case Want.Key:
      case Want.KeyOrClose: {
        if (ch === "}") {
          if (want === Want.Key) return { offset: lastComma, message: "trailing comma before `}` is not allowed in JSON" };
          stack.pop();
          i++;
          want = afterValue();
          continue;
        }
        if (ch !== '"') return unexpected(text, i);
        const end = scanString(text, i);
        if (typeof end !== "number") return end;
        i = end;
        want = Want.Colon;
        continue;
      }
      case Want.Value:
      case Want.ValueOrClose: {
        if (ch === "]" && want === Want.ValueOrClose) {
          stack.pop();
          i++;
          want = afterValue();
          continue;
        }
        // A value is wanted inside an array only after a comma.
        if (ch === "]" && stack[stack.length - 1] === "a")
          return { offset: lastComma, message: "trailing comma before `]` is not allowed in JSON" };
        if (ch === "{" || ch === "[") {
          stack.push(ch === "{" ? "o" : "a");
          i++;
          want = ch === "{" ? Want.KeyOrClose : Want.ValueOrClose;
          continue;
        }
        let end: number | SyntaxError;
        if (ch === '"') end = scanString(text, i);
        else if (ch === "-" || (ch >= "0" && ch <= "9")) end = scanNumber(text, i);
        else {
          const word = /^[A-Za-z]+/.exec(text.slice(i, i + 16))?.[0];
          const literal = word !== undefined ? ["true", "false", "null"].find((l) => l.startsWith(word)) : undefined;
          if (word === undefined || literal === undefined) return unexpected(text, i);
          // A cut literal (`tr` at the very end) is a prefix of JSON text: the input ended.
          if (word !== literal) return i + word.length === text.length ? END(text) : unexpected(text, i);
          end = i + word.length;
        }
        if (typeof end !== "number") return end;
        i = end;
        want = afterValue();
        continue;
      }
    }
  }
}
