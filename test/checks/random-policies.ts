// Random policy documents for the end-to-end checks: the differential test's generator
// (test/encode/arbitraries.ts) written out as JSON, kept where the parser accepts them, paired by
// policy type; and small mutations of a document, the kind of edit a policy update makes.

import fc from "fast-check";
import { parsePolicy } from "../../src/policy/parse.js";
import type { Policy, PrincipalValue, Statement } from "../../src/iam/ast.js";
import { mulberry32 } from "../../bench/prng.js";
import { policyArb } from "../encode/arbitraries.js";

function principalJson(values: PrincipalValue[]): unknown {
  if (values.some((v) => v.type === "*")) return values.length === 1 ? "*" : undefined;
  const out: Record<string, string[]> = {};
  for (const v of values) if (v.type !== "*") (out[v.type] ??= []).push(v.value);
  return out;
}

/** The policy as a document, or undefined when JSON cannot say it (a key twice in one object). */
export function toDocument(p: Policy): string | undefined {
  const statement = (s: Statement): object | undefined => {
    const condition: Record<string, Record<string, string[]>> = {};
    for (const c of s.conditions) {
      const block = (condition[c.operator] ??= {});
      if (block[c.key]) return undefined;
      block[c.key] = c.values.map((v) => v.value);
    }
    const principal = s.principal && principalJson(s.principal.values);
    if (s.principal && principal === undefined) return undefined;
    return {
      Effect: s.effect,
      ...(s.principal ? { [s.principal.negated ? "NotPrincipal" : "Principal"]: principal } : {}),
      [s.action.negated ? "NotAction" : "Action"]: s.action.patterns.map((x) => x.value),
      ...(s.resource ? { [s.resource.negated ? "NotResource" : "Resource"]: s.resource.patterns.map((x) => x.value) } : {}),
      ...(s.conditions.length ? { Condition: condition } : {}),
    };
  };
  const statements = p.statements.map(statement);
  if (statements.some((s) => s === undefined)) return undefined;
  return JSON.stringify({ ...(p.version ? { Version: p.version } : {}), Statement: statements });
}

/**
 * Pairs of random policies of one type that are valid documents. (The generator also makes
 * values the parser rejects, such as a date `bad`, and resource-policy statements without a
 * Principal, for the evaluator's sake; those are left out here.)
 */
export function validPairs(count: number, seed: number): Array<{ a: Policy; b: Policy; ta: string; tb: string }> {
  const byType = new Map<string, Array<{ p: Policy; text: string }>>();
  for (const g of fc.sample(policyArb, { numRuns: count * 8, seed })) {
    const text = toDocument(g);
    const p = text === undefined ? undefined : parsePolicy(text, g.type).policy;
    if (text && p) byType.set(g.type, [...(byType.get(g.type) ?? []), { p, text }]);
  }
  const pairs = [...byType.values()].flatMap((ps) =>
    Array.from({ length: Math.floor(ps.length / 2) }, (_, i) => ({
      a: ps[2 * i].p,
      ta: ps[2 * i].text,
      b: ps[2 * i + 1].p,
      tb: ps[2 * i + 1].text,
    })),
  );
  // Both types, interleaved, the first `count`.
  const [x = [], y = []] = [pairs.filter((q) => q.a.type === "IDENTITY_POLICY"), pairs.filter((q) => q.a.type !== "IDENTITY_POLICY")];
  return Array.from({ length: Math.max(x.length, y.length) }, (_, i) => [x[i], y[i]])
    .flat()
    .filter((q) => q !== undefined)
    .slice(0, count);
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

/** Operator swaps an update makes: case, wildcards, negation, IfExists, set qualifiers. */
const OPERATOR_SWAPS: Record<string, string[]> = {
  StringEquals: ["StringEqualsIgnoreCase", "StringLike", "StringEqualsIfExists", "ForAnyValue:StringEquals", "StringNotEquals"],
  StringEqualsIgnoreCase: ["StringEquals", "StringNotEqualsIgnoreCase"],
  StringLike: ["StringEquals", "StringNotLike", "StringLikeIfExists"],
  StringNotEquals: ["StringEquals", "StringNotEqualsIgnoreCase"],
  ArnLike: ["ArnEquals", "StringLike", "ArnNotLike"],
  ArnEquals: ["ArnLike", "StringEquals"],
  NumericLessThan: ["NumericLessThanEquals", "NumericGreaterThan"],
  DateLessThan: ["DateLessThanEquals", "DateGreaterThan"],
  IpAddress: ["NotIpAddress"],
  Bool: ["BoolIfExists"],
};

/** One text edit: a character's case, a character made `?` or `*`, a character dropped. */
function editText(s: string, r: () => number): string {
  if (s.length === 0) return "*";
  const i = Math.floor(r() * s.length);
  const c = s[i];
  const edits = [
    () => s.slice(0, i) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + s.slice(i + 1),
    () => s.toUpperCase(),
    () => s.slice(0, i) + "?" + s.slice(i + 1),
    () => s.slice(0, i) + "*",
    () => s.slice(0, i) + s.slice(i + 1),
  ];
  return edits[Math.floor(r() * edits.length)]();
}

const asList = (x: Json): Json[] => (Array.isArray(x) ? x : [x]);

/**
 * A small mutation of a policy document (one edit to one statement: an operator swapped, a value,
 * action or resource edited, a condition or statement dropped, a statement's effect flipped, a
 * statement copied), or undefined when the document has nothing to edit. The result may be
 * invalid (callers keep what parses).
 */
export function mutateDocument(text: string, seed: number): string | undefined {
  const rng = mulberry32(seed);
  const r = () => rng.next();
  const doc = JSON.parse(text) as Obj;
  const statements = asList(doc.Statement) as Obj[];
  if (statements.length === 0) return undefined;
  const s = statements[Math.floor(r() * statements.length)];
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const condition = s.Condition as Record<string, Obj> | undefined;
  const mutations: Array<() => void> = [
    () => {
      if (!condition) return;
      const op = pick(Object.keys(condition));
      const base = op.replace(/^For(All|Any)Value:/, "").replace(/IfExists$/, "");
      const swaps = OPERATOR_SWAPS[base];
      if (!swaps) return;
      condition[pick(swaps)] = condition[op];
      delete condition[op];
    },
    () => {
      if (!condition) return;
      const block = condition[pick(Object.keys(condition))];
      const key = pick(Object.keys(block));
      const values = asList(block[key]);
      const i = Math.floor(r() * values.length);
      if (typeof values[i] === "string") values[i] = editText(values[i] as string, r);
      block[key] = values;
    },
    () => {
      if (!condition) return;
      delete condition[pick(Object.keys(condition))];
      if (Object.keys(condition).length === 0) delete s.Condition;
    },
    () => {
      const field = pick(["Action", "NotAction", "Resource", "NotResource"].filter((f) => f in s));
      if (!field) return;
      const values = asList(s[field]);
      const i = Math.floor(r() * values.length);
      if (typeof values[i] === "string") values[i] = editText(values[i] as string, r);
      s[field] = values;
    },
    () => {
      s.Effect = s.Effect === "Allow" ? "Deny" : "Allow";
    },
    () => {
      if (statements.length > 1) statements.splice(statements.indexOf(s), 1);
    },
    () => {
      statements.push({ ...(JSON.parse(JSON.stringify(s)) as Obj), Effect: pick(["Allow", "Deny"]) });
    },
  ];
  for (let attempt = 0; attempt < 8; attempt++) {
    const before = JSON.stringify({ ...doc, Statement: statements });
    pick(mutations)();
    const after = JSON.stringify({ ...doc, Statement: statements });
    if (after !== before) return after;
  }
  return undefined;
}
