// Message helpers for policy diagnostics.
// Contract: `show(v)` renders user input for a message as one backticked, single-line snippet:
// control characters and backticks escaped, long values shortened with an ellipsis.

const MAX_SHOWN = 80;

export function show(value: string): string {
  let s = value.replace(/[\u0000-\u001f\u007f`\\]/g, (c) =>
    c === "`" ? "\\`" : c === "\\" ? "\\\\" : "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"),
  );
  if (s.length > MAX_SHOWN) s = s.slice(0, MAX_SHOWN - 1) + "…";
  return "`" + s + "`";
}
