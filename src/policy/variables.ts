// Warnings about policy variables (iam-semantics §1.2, §5), from the parsed AST.
// Contract: `variableWarnings(policy)` lists, in document order, every `${…}` that AWS's
// ValidatePolicy reports as an error but keyaki reads (as AWS's evaluator plausibly does):
//  - malformed, in a place where variables are read (2012-10-17; Resource/NotResource, String,
//    Arn and Bool values): MISSING_BRACE_IN_VARIABLE, MISSING_QUOTE_IN_VARIABLE,
//    UNSUPPORTED_SPACE_IN_VARIABLE, EMPTY_VARIABLE — keyaki reads the text literally;
//  - well-formed but where AWS supports none: VARIABLE_UNSUPPORTED_IN_ELEMENT (Action,
//    NotAction, principals, condition keys, ARN components 1–5 or a non-ARN resource) and
//    INVALID_VARIABLE_FOR_OPERATOR (Numeric, Date, IP, Binary, Null values: literal text there);
//  - any `${…}` under 2008-10-17: VARIABLE_UNSUPPORTED_IN_VERSION (literal text; a policy with
//    no Version already gets MISSING_VERSION).
// The escapes `${*}`, `${?}`, `${$}` are never reported. Severity: warning (the verdict stands).

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { countColons, scanGlob, splitComponents } from "../iam/glob.js";
import { OPERATORS } from "../iam/operators.js";
import { parseVariable } from "../iam/variable-syntax.js";
import type { Loc, Policy } from "../iam/ast.js";
import { show } from "./messages.js";

const ESCAPES = new Set(["${*}", "${?}", "${$}"]);

type Found = { text: string; problem?: string };

/** Every `${…}` of the text (an unclosed one runs to the end), with its syntax problem. */
function variablesIn(text: string): Found[] {
  const out: Found[] = [];
  let i = text.indexOf("${");
  while (i >= 0) {
    const close = text.indexOf("}", i + 2);
    if (close < 0) {
      out.push({ text: text.slice(i), problem: "MISSING_BRACE_IN_VARIABLE" });
      break;
    }
    const whole = text.slice(i, close + 1);
    if (!ESCAPES.has(whole)) {
      const parsed = parseVariable(text.slice(i + 2, close));
      out.push({ text: whole, problem: "problem" in parsed ? parsed.problem : undefined });
    }
    i = text.indexOf("${", close + 1);
  }
  return out;
}

const MESSAGES: Record<string, (v: string) => string> = {
  MISSING_BRACE_IN_VARIABLE: (v) => `variable ${show(v)} has no closing brace, so it is read as literal text`,
  MISSING_QUOTE_IN_VARIABLE: (v) => `variable ${show(v)} needs its default written \`, 'text'\`, so it is read as literal text`,
  UNSUPPORTED_SPACE_IN_VARIABLE: (v) => `variable ${show(v)} has a space in its key, so it is read as literal text`,
  EMPTY_VARIABLE: (v) => `variable ${show(v)} names no key, so it is read as literal text`,
};

export function variableWarnings(policy: Policy): Diagnostic[] {
  const out: Diagnostic[] = [];
  const warn = (code: string, message: string, loc: Loc) =>
    out.push({ severity: "warning", code, message, line: loc.line, column: loc.column, offset: loc.offset, path: loc.path });
  const enabled = policy.version === "2012-10-17";
  /** A string where variables are read: report malformed ones. */
  const read = (text: string, loc: Loc) => {
    for (const v of variablesIn(text)) if (v.problem) warn(v.problem, MESSAGES[v.problem](v.text), loc);
  };
  /** A string where AWS reads no variable: report well-formed ones. */
  const unsupported = (text: string, loc: Loc, code: string, where: string) => {
    for (const v of variablesIn(text))
      if (!v.problem) warn(code, `variable ${show(v.text)} is not supported in ${where}, so it is read as literal text`, loc);
  };
  for (const s of policy.statements) {
    if (!enabled) {
      if (policy.version !== undefined) {
        const all = [
          ...s.action.patterns,
          ...(s.resource?.patterns ?? []),
          ...s.conditions.flatMap((c) => [{ value: c.key, loc: c.loc }, ...c.values]),
          ...(s.principal?.values.flatMap((p) => (p.type === "*" ? [] : [{ value: p.value, loc: p.loc }])) ?? []),
        ];
        for (const x of all) unsupported(x.value, x.loc, "VARIABLE_UNSUPPORTED_IN_VERSION", `version ${show(policy.version)}`);
      }
      continue;
    }
    for (const p of s.action.patterns) unsupported(p.value, p.loc, "VARIABLE_UNSUPPORTED_IN_ELEMENT", "an action");
    for (const p of s.principal?.values ?? [])
      if (p.type !== "*") unsupported(p.value, p.loc, "VARIABLE_UNSUPPORTED_IN_ELEMENT", "a principal");
    for (const r of s.resource?.patterns ?? []) {
      if (!r.value.includes("${")) continue; // no variable, nothing to report
      read(r.value, r.loc);
      const tokens = scanGlob(r.value, true);
      const head = r.value.startsWith("arn:") && countColons(tokens) >= 5 ? splitComponents(tokens, 5).slice(0, 5).flat() : tokens;
      for (const t of head) {
        if (t.t === "var")
          warn(
            "VARIABLE_UNSUPPORTED_IN_ELEMENT",
            `variable ${show(t.text)} is supported only in the resource part of an ARN (after its fifth colon)`,
            r.loc,
          );
      }
    }
    for (const c of s.conditions) {
      unsupported(c.key, c.loc, "VARIABLE_UNSUPPORTED_IN_ELEMENT", "a condition key");
      const family = OPERATORS[c.base].family;
      const reads = family === "string" || family === "arn" || family === "bool";
      for (const v of c.values) {
        if (reads) read(v.value, v.loc);
        else unsupported(v.value, v.loc, "INVALID_VARIABLE_FOR_OPERATOR", `a value of ${show(c.operator)}`);
      }
    }
  }
  return out;
}
