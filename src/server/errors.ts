// Access Analyzer's error responses, as the AWS SDKs read them (restJson1).
// Contract: every error is `{status, type, body}`; the server sends `type` in the
// `x-amzn-errortype` header (the SDK picks the exception class from it) and `body` as JSON.
// Shapes are AWS's (botocore accessanalyzer model; shared/reference/access-analyzer-api.md §1.7):
//   ValidationException     400 {message, reason, fieldList?: [{name, message}]}
//                           reason ∈ unknownOperation | cannotParse | fieldValidationFailed | other | notSupported
//   ThrottlingException     429 {message} and a Retry-After header (the SDK retries it)
//   InternalServerException 500 {message} (the SDK retries it: only for real internal errors)
// keyaki adds `diagnostics` (located, as the library reports them) to a ValidationException
// that comes from the library; the SDK drops members it does not know.

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { FieldProblem } from "./operations.js";

export type ValidationReason = "unknownOperation" | "cannotParse" | "fieldValidationFailed" | "other" | "notSupported";

export interface ErrorReply {
  status: 400 | 429 | 500;
  type: "ValidationException" | "ThrottlingException" | "InternalServerException";
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export function validationError(
  message: string,
  reason: ValidationReason,
  fieldList?: FieldProblem[],
  diagnostics?: Diagnostic[],
): ErrorReply {
  return {
    status: 400,
    type: "ValidationException",
    body: {
      message,
      reason,
      ...(fieldList && fieldList.length > 0 ? { fieldList } : {}),
      ...(diagnostics && diagnostics.length > 0 ? { diagnostics } : {}),
    },
  };
}

export function throttled(retryAfterSeconds: number): ErrorReply {
  return {
    status: 429,
    type: "ThrottlingException",
    body: { message: "too many checks in progress; retry later" },
    headers: { "retry-after": String(retryAfterSeconds) },
  };
}

export function internalError(detail: string): ErrorReply {
  return { status: 500, type: "InternalServerException", body: { message: `internal error: ${detail}` } };
}

/** The error the library rejected a request with (a KeyakiError's fields, as the worker sends them). */
export interface LibraryError {
  code: string;
  message: string;
  diagnostics: Diagnostic[];
}

/**
 * A library rejection as AWS would answer it: bad input is a ValidationException naming the
 * request members at fault (a diagnostic's `document` is the member it is about), with the
 * first problem of each as its message (`line:column: message`, or the JSON Pointer into
 * `access`); INTERNAL_ERROR is an InternalServerException.
 */
export function fromLibrary(e: LibraryError): ErrorReply {
  if (e.code === "INTERNAL_ERROR") return internalError(e.message);
  const byMember = new Map<string, string>();
  for (const d of e.diagnostics) {
    const member = d.document ?? "";
    if (member === "" || byMember.has(member)) continue;
    const where = member === "access" ? (d.path === "" ? "" : `${d.path}: `) : `${d.line}:${d.column}: `;
    byMember.set(member, `${where}${d.message} (${d.code})`);
  }
  const fieldList = [...byMember].map(([name, message]) => ({ name, message }));
  return validationError(e.message, fieldList.length > 0 ? "fieldValidationFailed" : "other", fieldList, e.diagnostics);
}
