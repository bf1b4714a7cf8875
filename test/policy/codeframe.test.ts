// Code frames: golden renderings, written out by hand.

import { describe, expect, it } from "vitest";
import { renderCodeFrame, tokenLength } from "../../src/diagnostics/codeframe.js";

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Alow",
    "Action": "*"
  }
}`;

describe("renderCodeFrame", () => {
  it("marks the line and underlines `length` characters, two lines of context", () => {
    expect(renderCodeFrame(POLICY, { line: 4, column: 15, length: 6 })).toBe(
      [
        `  2 |   "Version": "2012-10-17",`,
        `  3 |   "Statement": {`,
        `> 4 |     "Effect": "Alow",`,
        `    |               ^^^^^^`,
        `  5 |     "Action": "*"`,
        `  6 |   }`,
      ].join("\n"),
    );
  });
  it("a single caret without length; no lines before the first", () => {
    expect(renderCodeFrame(POLICY, { line: 1, column: 1 })).toBe(
      [`> 1 | {`, `    | ^`, `  2 |   "Version": "2012-10-17",`, `  3 |   "Statement": {`].join("\n"),
    );
  });
  it("the last line, with a custom context", () => {
    expect(renderCodeFrame(POLICY, { line: 7, column: 1 }, 1)).toBe([`  6 |   }`, `> 7 | }`, `    | ^`].join("\n"));
    expect(renderCodeFrame(POLICY, { line: 5, column: 5, length: 8 }, 0)).toBe(
      [`> 5 |     "Action": "*"`, `    |     ^^^^^^^^`].join("\n"),
    );
  });
  it("widens the gutter for two-digit line numbers", () => {
    const text = "abcdefghijkl".split("").join("\n");
    expect(renderCodeFrame(text, { line: 10, column: 1 })).toBe(
      [`   8 | h`, `   9 | i`, `> 10 | j`, `     | ^`, `  11 | k`, `  12 | l`].join("\n"),
    );
  });
  it("clips the underline at the end of the line and clamps a column past it", () => {
    expect(renderCodeFrame(`"abc"`, { line: 1, column: 3, length: 50 })).toBe([`> 1 | "abc"`, `    |   ^^^`].join("\n"));
    expect(renderCodeFrame(`ab`, { line: 1, column: 10, length: 5 })).toBe([`> 1 | ab`, `    |   ^`].join("\n"));
  });
  it("clamps a line past the end of the text", () => {
    expect(renderCodeFrame(`a\nb`, { line: 9, column: 1 })).toBe([`  1 | a`, `> 2 | b`, `    | ^`].join("\n"));
  });
  it("keeps tabs before the caret and prints empty lines without trailing space", () => {
    expect(renderCodeFrame(`{\n\n\t"a": 1}`, { line: 3, column: 7 })).toBe(
      [`  1 | {`, `  2 |`, `> 3 | \t"a": 1}`, `    | \t     ^`].join("\n"),
    );
  });
  it("counts \\r\\n and \\r as one line break each", () => {
    expect(renderCodeFrame(`a\r\nb\rc`, { line: 3, column: 1 }, 1)).toBe([`  2 | b`, `> 3 | c`, `    | ^`].join("\n"));
  });
  it("shows a window of a very long line, with ellipses", () => {
    const line = "x".repeat(100) + "TARGET" + "y".repeat(194);
    const frame = renderCodeFrame(line, { line: 1, column: 101, length: 6 });
    expect(frame).toBe([`> 1 | …${"x".repeat(60)}TARGET${"y".repeat(94)}…`, `    |  ${" ".repeat(60)}^^^^^^`].join("\n"));
  });
  it("never throws on odd positions", () => {
    for (const d of [
      { line: 0, column: 0 },
      { line: -5, column: NaN },
      { line: 1e9, column: 1e9, length: -3 },
    ]) {
      expect(typeof renderCodeFrame("ab\ncd", d)).toBe("string");
    }
    expect(renderCodeFrame("", { line: 1, column: 1 })).toBe([`> 1 |`, `    | ^`].join("\n"));
  });
  it("tokenLength spans a whole JSON token", () => {
    const text = `{"a": "x\\"y", "b": -1.5e3, "c": true, "d": [1]}`;
    expect(tokenLength(text, text.indexOf(`"x`))).toBe(6);
    expect(tokenLength(text, text.indexOf("-1"))).toBe(6);
    expect(tokenLength(text, text.indexOf("true"))).toBe(4);
    expect(tokenLength(text, text.indexOf("["))).toBe(1);
    expect(tokenLength(`"open`, 0)).toBe(5);
  });
});
