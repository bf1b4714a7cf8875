// `--output json`: exactly one JSON object, 2-space indented, newline-terminated.
// Contract: a response is printed as the library returns it, with keys in a fixed order —
// result, message, reasons, counterexample?, diagnostics?, unknownReason? — so the same response
// is always the same bytes; an error is `{"error": {"code", "message", "diagnostics": [...]}}`.
// Nothing is added or dropped: keys the library adds later follow the known ones.

import type { CheckResponse } from "../checks/types.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";

const RESPONSE_KEYS = ["result", "message", "reasons", "counterexample", "diagnostics", "unknownReason"];
const REASON_KEYS = ["description", "statementIndex", "statementId"];
const COUNTEREXAMPLE_KEYS = ["principal", "action", "resource", "context"];
const DIAGNOSTIC_KEYS = ["severity", "code", "message", "line", "column", "offset", "path", "document"];

/** A copy of `obj` with `keys` first (those present), then the rest in their own order. */
function ordered(obj: object, keys: readonly string[]): Record<string, unknown> {
  const src = obj as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (src[k] !== undefined) out[k] = src[k];
  for (const [k, v] of Object.entries(src)) if (!(k in out) && v !== undefined) out[k] = v;
  return out;
}

function orderDiagnostics(list: readonly Diagnostic[]): Record<string, unknown>[] {
  return list.map((d) => ordered(d, DIAGNOSTIC_KEYS));
}

export function responseJson(response: CheckResponse): string {
  const out = ordered(response, RESPONSE_KEYS);
  out.reasons = response.reasons.map((r) => ordered(r, REASON_KEYS));
  if (response.counterexample) out.counterexample = ordered(response.counterexample, COUNTEREXAMPLE_KEYS);
  if (response.diagnostics) out.diagnostics = orderDiagnostics(response.diagnostics);
  return JSON.stringify(out, null, 2) + "\n";
}

export interface ErrorShape {
  code: string;
  message: string;
  diagnostics: readonly Diagnostic[];
}

export function errorJson(error: ErrorShape): string {
  const body = { code: error.code, message: error.message, diagnostics: orderDiagnostics(error.diagnostics) };
  return JSON.stringify({ error: body }, null, 2) + "\n";
}
