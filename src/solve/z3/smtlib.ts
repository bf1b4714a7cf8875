// SMT-LIB 2.6 text, both directions, for the Z3 engine.
// Contract: `smtString` writes a JS string as an SMT-LIB string literal whose characters are the
// string's code points (printable ASCII raw, `"` doubled, everything else `\u{hex}`), and
// `decodeSmtString` reads one back (Z3's printer emits `\u{..}`, `\uXXXX` and a bare `\` where
// no escape follows). `parseSexprs` reads the replies Z3 prints (`get-value`, `get-info`);
// `smtNumeral`/`parseNumeral` convert between Rational and Int/Real terms exactly.
// Nothing here knows about Z3's process or API.

import { rational, type Rational } from "../../logic/rational.js";

/** The largest code point Z3's default (unicode) string encoding can represent. */
export const Z3_MAX_CHAR = 0x2ffff;

/** Thrown for a value Z3 cannot represent; the engine turns it into "unknown". */
export class UnsupportedError extends Error {}

export function smtString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c > Z3_MAX_CHAR) {
      throw new UnsupportedError(`character U+${c.toString(16).toUpperCase()} is beyond z3's string alphabet`);
    }
    if (ch === '"') out += '""';
    else if (c >= 0x20 && c <= 0x7e && ch !== "\\") out += ch;
    else out += `\\u{${c.toString(16)}}`;
  }
  return out + '"';
}

/**
 * Decodes the body of an SMT-LIB string literal (without the outer quotes, `""` still doubled)
 * into Z3's characters, as code points. (Joined into a JS string, two surrogate code points can
 * fuse into one character, so callers that care about Z3's characters keep the array.)
 */
export function decodeSmtString(body: string): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < body.length) {
    const ch = body[i];
    if (ch === '"' && body[i + 1] === '"') {
      out.push(0x22);
      i += 2;
      continue;
    }
    if (ch === "\\" && body[i + 1] === "u") {
      const braced = /^\\u\{([0-9a-fA-F]{1,5})\}/.exec(body.slice(i));
      if (braced && parseInt(braced[1], 16) <= Z3_MAX_CHAR) {
        out.push(parseInt(braced[1], 16));
        i += braced[0].length;
        continue;
      }
      const four = /^\\u([0-9a-fA-F]{4})/.exec(body.slice(i));
      if (four) {
        out.push(parseInt(four[1], 16));
        i += four[0].length;
        continue;
      }
    }
    // Any other character, including a backslash that starts no escape, stands for itself.
    const cp = body.codePointAt(i)!;
    out.push(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return out;
}

export type Sexpr = string | { chars: number[] } | Sexpr[];

/** Parses a sequence of s-expressions; string literals come back decoded as `{ chars }`. */
export function parseSexprs(text: string): Sexpr[] {
  const stack: Sexpr[][] = [[]];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "(") {
      stack.push([]);
      i++;
    } else if (ch === ")") {
      if (stack.length < 2) throw new Error("unbalanced `)` in z3 output");
      const done = stack.pop()!;
      stack[stack.length - 1].push(done);
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new Error("unterminated string in z3 output");
        if (text[j] === '"') {
          if (text[j + 1] === '"') j += 2;
          else break;
        } else j++;
      }
      stack[stack.length - 1].push({ chars: decodeSmtString(text.slice(i + 1, j)) });
      i = j + 1;
    } else if (ch === "|") {
      const j = text.indexOf("|", i + 1);
      if (j < 0) throw new Error("unterminated quoted symbol in z3 output");
      stack[stack.length - 1].push(text.slice(i + 1, j));
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s()"|]/.test(text[j])) j++;
      stack[stack.length - 1].push(text.slice(i, j));
      i = j;
    }
  }
  if (stack.length !== 1) throw new Error("unbalanced `(` in z3 output");
  return stack[0];
}

/** An Int or Real numeral term for a rational (Int terms require den = 1). */
export function smtNumeral(r: Rational, real: boolean): string {
  const mag = (n: bigint) => (real ? `${n}.0` : `${n}`);
  const abs = r.num < 0n ? -r.num : r.num;
  let t: string;
  if (r.den === 1n) t = mag(abs);
  else if (!real) throw new Error("non-integral numeral for an Int term");
  else t = `(/ ${mag(abs)} ${mag(r.den)})`;
  return r.num < 0n ? `(- ${t})` : t;
}

/** Reads a numeral term Z3 printed: `5`, `1.5`, `(- 3)`, `(/ 3.0 2.0)`, `(- (/ 1 3))`. */
export function parseNumeral(e: Sexpr): Rational {
  if (typeof e === "string") {
    const m = /^(\d+)(?:\.(\d*))?$/.exec(e);
    if (!m) throw new Error(`unexpected numeral \`${e}\` in z3 output`);
    const frac = m[2] ?? "";
    return rational(BigInt(m[1] + frac), 10n ** BigInt(frac.length));
  }
  if (Array.isArray(e)) {
    if (e.length === 2 && e[0] === "-") {
      const r = parseNumeral(e[1]);
      return rational(-r.num, r.den);
    }
    if (e.length === 3 && e[0] === "/") {
      const a = parseNumeral(e[1]);
      const b = parseNumeral(e[2]);
      return rational(a.num * b.den, a.den * b.num);
    }
  }
  throw new Error(`unexpected numeral \`${JSON.stringify(e)}\` in z3 output`);
}
