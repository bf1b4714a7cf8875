// Code frames: the source lines around a diagnostic, as Babel and TypeScript print them.
// Contract: `renderCodeFrame(text, {line, column, length?}, contextLines)` returns plain text (no
// colours, no trailing newline): up to `contextLines` numbered lines either side, the target
// line marked with `>`, and under it a `^` (or `length` carets, clipped to the line) at `column`.
// Lines break at \n, \r\n and \r, as the parser counts them. Out-of-range positions are clamped.
// Lines longer than MAX_WIDTH are cut to a window around the column, marked with `…`.
// `tokenLength(text, offset)` gives the `length` that underlines a whole JSON token.
//
//     1 | {
//   > 2 |   "Effect": "Alow",
//       |             ^^^^^^
//     3 | }

const MAX_WIDTH = 160;
const LEAD = 60; // characters kept before the column when a window is needed

export function renderCodeFrame(text: string, d: { line: number; column: number; length?: number }, contextLines = 2): string {
  const lines = text.split(/\r\n|\r|\n/);
  const target = clamp(Math.trunc(d.line) || 1, 1, lines.length);
  const context = Math.max(0, Math.trunc(contextLines) || 0);
  const first = Math.max(1, target - context);
  const last = Math.min(lines.length, target + context);
  const targetText = lines[target - 1];
  const col = clamp(Math.trunc(d.column) || 1, 1, targetText.length + 1); // 1-based; may sit just past the end
  const want = Math.max(1, Math.trunc(d.length ?? 1) || 1);
  const underline = Math.max(1, Math.min(want, targetText.length - col + 1));

  // One horizontal window for all shown lines, so the caret stays under its column.
  const widest = lines.slice(first - 1, last).reduce((w, l) => Math.max(w, l.length), 0);
  const start = widest > MAX_WIDTH ? Math.max(0, col - 1 - LEAD) : 0;
  const cut = (l: string): string => {
    if (widest <= MAX_WIDTH) return l;
    const body = l.slice(start, start + MAX_WIDTH);
    return (start > 0 ? "…" : "") + body + (l.length > start + MAX_WIDTH ? "…" : "");
  };
  const shift = start > 0 ? 1 : 0; // the leading ellipsis takes one column

  const gutter = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const body = cut(lines[n - 1]);
    const num = String(n).padStart(gutter);
    out.push(`${n === target ? ">" : " "} ${num} |${body === "" ? "" : " " + body}`);
    if (n === target) {
      // Keep tabs so the caret lines up with the text as a terminal renders it.
      const before = targetText.slice(start, col - 1).replace(/[^\t]/g, " ");
      const width = Math.min(underline, MAX_WIDTH - (col - 1 - start));
      out.push(`  ${" ".repeat(gutter)} | ${" ".repeat(shift)}${before}${"^".repeat(Math.max(1, width))}`);
    }
  }
  return out.join("\n");
}

/**
 * The length of the JSON token that starts at `offset` (a whole string with its quotes, a number
 * or a literal; 1 for punctuation), to underline a diagnostic that carries only an offset.
 */
export function tokenLength(text: string, offset: number): number {
  const rest = text.slice(offset, offset + 4096);
  const m = /^"(?:[^"\\\r\n]|\\.)*"?|^-?[0-9][0-9.eE+-]*|^[A-Za-z]+/.exec(rest);
  return m ? m[0].length : 1;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
