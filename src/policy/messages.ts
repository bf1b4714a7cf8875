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

/**
 * INVALID_ARN_ACCOUNT (AWS's ValidatePolicy code for an ARN's account, there an error): keyaki
 * warns and keeps the precise meaning, under which the value matches nothing.
 */
export function invalidAccountMessage(what: string, value: string, account: string, nobody: string): string {
  return `${what} ${show(value)} has the account ${show(account)}, which is no 12-digit account id, so it matches ${nobody}`;
}
