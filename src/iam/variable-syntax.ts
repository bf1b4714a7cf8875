// The syntax of one policy variable `${…}` (iam-semantics §5), shared by the scanner (glob.ts)
// and the policy checker (policy/variables.ts).
// Contract: `parseVariable(inner)` reads the text between `${` and `}`: `key` or
// `key, 'default'` (comma, one space, the default in single quotes; the default may hold spaces
// but not a quote). The key is lower-cased (key names are case-insensitive) and may hold no
// whitespace, comma, quote, `$` or brace. Anything else is malformed, with the code AWS's
// ValidatePolicy reports for it; a malformed variable is plain text (scanGlob).

export type VariableProblem =
  "EMPTY_VARIABLE" | "UNSUPPORTED_SPACE_IN_VARIABLE" | "MISSING_QUOTE_IN_VARIABLE" | "MISSING_BRACE_IN_VARIABLE";

export type ParsedVariable = { key: string; default?: string } | { problem: VariableProblem };

const DEFAULT = /^ '([^']*)'$/;

export function parseVariable(inner: string): ParsedVariable {
  const comma = inner.indexOf(",");
  const key = comma < 0 ? inner : inner.slice(0, comma);
  if (key === "") return { problem: "EMPTY_VARIABLE" };
  if (/\s/.test(key)) return { problem: "UNSUPPORTED_SPACE_IN_VARIABLE" };
  if (key.includes("'")) return { problem: "MISSING_QUOTE_IN_VARIABLE" };
  if (/[${}]/.test(key)) return { problem: "MISSING_BRACE_IN_VARIABLE" };
  if (comma < 0) return { key: key.toLowerCase() };
  const d = DEFAULT.exec(inner.slice(comma + 1));
  if (!d) return { problem: "MISSING_QUOTE_IN_VARIABLE" };
  return { key: key.toLowerCase(), default: d[1] };
}
