// Diagnostics: the one shape every error and warning takes, from parsing to solving.
// Contract: line and column count from 1, offset from 0, `path` is a JSON Pointer into the
// document the diagnostic is about, `code` is AWS's ValidatePolicy issue code where AWS has a
// check for the same thing and ours in the same UPPER_SNAKE style otherwise. Messages are one
// lowercase sentence with the offending value in backticks and no final period.

export type Severity = "error" | "warning";

export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  line: number;
  column: number;
  offset: number;
  /** JSON Pointer, e.g. `/Statement/0/Action/1`; "" for the whole document. */
  path: string;
  /** Which input the diagnostic is about, e.g. `newPolicyDocument`; set by the checks layer. */
  document?: string;
}

/** The error every public entry point rejects with on bad input or an internal failure. */
export class KeyakiError extends Error {
  readonly code: string;
  readonly diagnostics: Diagnostic[];
  constructor(code: string, message: string, diagnostics: Diagnostic[] = []) {
    super(message);
    this.name = "KeyakiError";
    this.code = code;
    this.diagnostics = diagnostics;
  }
}

/** Escapes one JSON Pointer token (RFC 6901). */
export function pointerToken(token: string | number): string {
  // Most tokens are indexes and plain names: built for every located value, they skip the regexes.
  if (typeof token === "number") return String(token);
  return token.includes("~") || token.includes("/") ? token.replace(/~/g, "~0").replace(/\//g, "~1") : token;
}

export function pointer(tokens: ReadonlyArray<string | number>): string {
  let out = "";
  for (const t of tokens) out += "/" + pointerToken(t);
  return out;
}
