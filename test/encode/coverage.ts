// What the differential test actually exercised: a condition is *decisive* on a request when the
// rest of its statement (principal, action, resource and the other conditions) applies, so the
// statement's truth — which the test compares between encoder and evaluator — is the condition's.
// The tally counts decisive outcomes (false, true) per base operator and per form (qualifier,
// IfExists, negation, key present or missing), under the all-false reading of the free
// constructs; conditions that are free constructs as a whole (a type mismatch, an unmodelled
// variable) are not counted, since no operator of theirs runs.

import type { Request } from "../../src/iam/request.js";
import { evaluatePolicy } from "../../src/eval/evaluate.js";
import { contextValue } from "../../src/iam/request.js";
import { requestValues } from "../../src/eval/condition.js";
import { withPrincipalKeys } from "../../src/eval/principal.js";
import { comparison, comparisonFree } from "../../src/iam/condition.js";
import { scanGlob } from "../../src/iam/glob.js";
import type { KeyTypes } from "../../src/iam/key-types.js";
import { OPERATORS } from "../../src/iam/operators.js";
import { arnVariableSplits, variableKeys } from "../../src/iam/variables.js";
import { BASE_OPERATORS, variablesEnabled, type Condition, type Policy, type Statement } from "../../src/iam/ast.js";

export class Coverage {
  /** name → [decisive false, decisive true] */
  readonly counts = new Map<string, [number, number]>();

  private add(name: string, outcome: boolean): void {
    const c = this.counts.get(name) ?? [0, 0];
    c[outcome ? 1 : 0]++;
    this.counts.set(name, c);
  }

  /** Records every decisive modelled condition of `policy` on `request`. */
  record(policy: Policy, request: Request, keyTypes: KeyTypes, frees: ReadonlyMap<string, boolean>): void {
    const variables = variablesEnabled(policy);
    const options = { keyTypes, frees };
    const full = evaluatePolicy(policy, request, options);
    const seen = policy.type === "RESOURCE_POLICY" ? withPrincipalKeys(request, keyTypes).request : request;
    const applies = (s: Statement, conditions: Condition[]) =>
      evaluatePolicy({ ...policy, statements: [{ ...s, index: 0, conditions }] }, request, options).statements[0] === true;
    policy.statements.forEach((s, i) => {
      const outcome = full.statements[i] === true;
      // A statement that applies makes each condition decisive (and true); one whose principal,
      // action or resource does not apply makes none decisive.
      if (!outcome && (s.conditions.length === 0 || !applies(s, []))) return;
      s.conditions.forEach((c, j) => {
        if (OPERATORS[c.base].family !== "null" && comparisonFree(c, keyTypes, variables)) return;
        if (
          !outcome &&
          !applies(
            s,
            s.conditions.filter((_, k) => k !== j),
          )
        )
          return;
        for (const name of names(c, seen, keyTypes, variables)) this.add(name, outcome);
      });
    });
  }

  /**
   * Names not decisive enough: both outcomes at least `min` times each, or — for a missing key,
   * where the outcome is fixed (a form's, or a defaulted variable's) — at least `min` times in all.
   */
  gaps(names: string[], min: number): string[] {
    return names
      .filter((n) => {
        const [f, t] = this.counts.get(n) ?? [0, 0];
        return n.endsWith(":missing") ? f + t < min : f < min || t < min;
      })
      .map((n) => `${n} ${JSON.stringify(this.counts.get(n) ?? [0, 0])}`);
  }

  table(): string {
    return [...this.counts]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([n, [f, t]]) => `${n}: ${f}/${t}`)
      .join(", ");
  }
}

function names(c: Condition, request: Request, keyTypes: KeyTypes, variables: boolean): string[] {
  const info = OPERATORS[c.base];
  const present = requestValues(request, c.key).length > 0;
  const form = `${c.qualifier ?? "plain"}${c.ifExists ? "IfExists" : ""}:${info.negated ? "neg" : "pos"}:${present ? "present" : "missing"}`;
  const out = [`op:${c.base}`, `form:${form}`];
  if (info.family !== "null" && comparison(c, keyTypes, variables) === "stringOnBool") out.push(`stringOnBool:${c.base}`);
  if (variables && c.values.some((v) => /\$\{[^*?$]/.test(v.value))) out.push(`variable:${info.family}`);
  // A variable with a default whose key the request leaves absent: the default is read.
  const defaulted = c.values.flatMap((v) => [...v.value.matchAll(/\$\{([^,}]+), '[^']*'\}/g)].map((m) => m[1]));
  if (variables && defaulted.some((k) => requestValues(request, k).length === 0)) out.push(`variable-default:${info.family}:missing`);
  // A variable reading a key whose value is "" (read as the empty text or as absent, one reading
  // per key with the key's own conditions: EMPTY_STRING_AS_ABSENT).
  const emptyRead = (v: string) => variableKeys(scanGlob(v, true)).some((k) => contextValue(request, k) === "");
  if (variables && c.values.some((v) => emptyRead(v.value))) out.push(`variable-empty:${info.family}`);
  // An Arn value whose variable's value holds a colon before a wildcard in components 1–5: the
  // substituted text's components move (iam/arn.ts splits by colon counts).
  const moving = (v: string) => {
    const tokens = scanGlob(v, true);
    return arnVariableSplits(tokens) && variableKeys(tokens).some((k) => requestValues(request, k).some((x) => String(x).includes(":")));
  };
  if (variables && info.family === "arn" && c.values.some((v) => moving(v.value))) out.push("variable-colon:arn");
  return out;
}

/** Every base operator, and every form of a non-Null condition, must be decisive both ways. */
export const REQUIRED_COVERAGE: string[] = [
  ...BASE_OPERATORS.map((b) => `op:${b}`),
  ...["plain", "plainIfExists", "ForAllValues", "ForAllValuesIfExists", "ForAnyValue", "ForAnyValueIfExists"].flatMap((q) =>
    ["pos", "neg"].flatMap((n) => ["present", "missing"].map((p) => `form:${q}:${n}:${p}`)),
  ),
  "variable:string",
  "variable:arn",
  "variable-default:string:missing",
  "variable-empty:string",
  "variable-empty:arn",
];
