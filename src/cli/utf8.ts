// Bytes → text, exactly: the one place the CLI decodes what it reads (files and standard input).
// Contract: `decodeUtf8(bytes, name)` returns the text of bytes that are well-formed UTF-8 (a
// leading UTF-8 byte-order mark is kept as U+FEFF, which the JSON reader skips), else throws a
// KeyakiError INVALID_UTF8 naming the byte offset where the first ill-formed sequence starts (issue 11: such
// bytes became U+FFFD without a word, and inside a Deny's Resource silently widened access). Text
// that starts with a UTF-16 byte-order mark, or whose first bytes alternate with zeros, is named
// as UTF-16.

import { KeyakiError } from "../diagnostics/diagnostic.js";

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The offset of the first byte that does not start a well-formed UTF-8 sequence. */
export function invalidUtf8Offset(b: Uint8Array): number | undefined {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    // Lead byte → sequence length and the allowed range of the second byte (RFC 3629 §4).
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 2;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 3;
      if (c === 0xe0) lo = 0xa0; // no overlong forms
      if (c === 0xed) hi = 0x9f; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 4;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f; // nothing past U+10FFFF
    } else return i;
    for (let k = 1; k < n; k++) {
      const x = b[i + k];
      if (x === undefined || x < (k === 1 ? lo : 0x80) || x > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n;
  }
  return undefined;
}

function looksUtf16(b: Uint8Array): string | undefined {
  if (b[0] === 0xff && b[1] === 0xfe) return "UTF-16LE";
  if (b[0] === 0xfe && b[1] === 0xff) return "UTF-16BE";
  // ASCII text in UTF-16 without a mark: every other byte of the first few is zero.
  const head = b.subarray(0, 16);
  if (head.length >= 4) {
    const zeros = (odd: number) => head.every((x, i) => (i % 2 === odd ? x === 0 : x !== 0));
    if (zeros(1)) return "UTF-16LE";
    if (zeros(0)) return "UTF-16BE";
  }
  return undefined;
}

export function decodeUtf8(bytes: Uint8Array, name: string): string {
  const utf16 = looksUtf16(bytes);
  if (utf16) {
    throw new KeyakiError(
      "INVALID_UTF8",
      `${name} looks like ${utf16} text; keyaki reads UTF-8: convert it (for example \`iconv -f ${utf16} -t UTF-8\`)`,
    );
  }
  try {
    return decoder.decode(bytes);
  } catch {
    const at = invalidUtf8Offset(bytes) ?? 0;
    // Line and column of the bad byte, counted in the well-formed text before it.
    const before = decoder.decode(bytes.subarray(0, at));
    const lines = before.split(/\r\n|\r|\n/);
    const where = `line ${lines.length}, column ${lines[lines.length - 1].length + 1}`;
    const seq = [...bytes.subarray(at, at + 4)].map((x) => x.toString(16).padStart(2, "0")).join(" ");
    const what = `the bytes \`${seq}\` do not start a UTF-8 character`;
    throw new KeyakiError("INVALID_UTF8", `${name} is not valid UTF-8: ${what} (byte offset ${at}, ${where})`);
  }
}
