// How a check reads a policy with holes: the one place that turns unknowns into a policy document.
// Contract: `materialise(document, reading)` returns a hole-free JSON document, or an unknownReason
// when no document of the required kind can be built. Readings (docs/scan.md states the rule):
//   generous — allows at least what the policy allows for ANY value of its holes (a PASS on it
//              holds whatever the values are): Allow statements are widened, Deny ones narrowed;
//   strict   — allows at most that (the existing policy of check-no-new-access): the reverse;
//   instance — one consistent assignment, each hole its placeholder (only to confirm a FAIL).
// Widening a statement: a hole in an Action/Resource pattern becomes `*` (an unknown list item:
// `*`, or all its alternatives); a NotAction/NotResource/NotPrincipal item with a hole is dropped
// (`Action`/`Resource`/`Principal` `*` if none is left); a Principal with a hole is `*`; a
// condition key whose values hold a hole is dropped, except that its alternatives are listed
// under an operator without `Not` and a hole inside a StringLike pattern becomes `*`.
// Narrowing a statement: Action/Resource/Principal items with a hole are dropped; the statement
// is dropped when a list empties or a hole is anywhere else. Each is exactly a superset
// (subset) of every value the holes may take. An unknown Effect, Version, statement or document
// cannot be read either way: unknownReason. `statementPointers[i]` is the source pointer of output
// statement i, relative to the document (`/Statement/2`, or `/Statement` for a lone object).

import { fillHoles, holesOf, isObject, Sym, Unknown, type Hole, type Value } from "./value.js";

export type Reading = "generous" | "strict" | "instance";

export interface Materialised {
  document?: { [key: string]: unknown };
  unknownReason?: string;
  statementPointers: string[];
  /** The holes this reading had to decide (each a located warning in the report). */
  decided: Hole[];
}

type Obj = { [key: string]: Value };

function quote(s: string): string {
  return "`" + s + "`";
}

function why(h: Hole): string {
  return `${h.reason} (${h.file}:${h.line}:${h.column})`;
}

export function materialise(document: Value, reading: Reading): Materialised {
  const decided = holesOf(document);
  if (reading === "instance") return instance(document, decided);
  const fail = (reason: string): Materialised => ({ unknownReason: reason, statementPointers: [], decided });
  if (document instanceof Unknown && !document.alternatives) return fail(`the policy document is not known: ${why(document.hole)}`);
  if (!isObject(document)) return fail("the policy document is not known: it is not an object once resolved");
  const out: Obj = {};
  for (const [k, v] of Object.entries(document)) {
    if (k === "Statement") continue;
    if (holesOf(v).length === 0) out[k] = v;
    else if (k === "Id")
      continue; // no bearing on access
    else return fail(`the policy's ${quote(k)} is not known: ${why(holesOf(v)[0])}`);
  }
  const source = document.Statement;
  if (source === undefined) return { document: out, statementPointers: [], decided };
  const items: Array<[Value, string]> = Array.isArray(source) ? source.map((s, i) => [s, `/Statement/${i}`]) : [[source, "/Statement"]];
  const statements: Value[] = [];
  const pointers: string[] = [];
  for (const [item, at] of items) {
    let candidates: Array<[Value, boolean]>; // [statement, from an unknown choice]
    if (item instanceof Unknown) {
      if (!item.alternatives) return fail(`a statement is not known: ${why(item.hole)}`);
      candidates = item.alternatives.flatMap((a) => (Array.isArray(a) ? a : [a])).map((a) => [a, true]);
    } else candidates = [[item, false]];
    for (const [s, chosen] of candidates) {
      if (!isObject(s)) {
        if (holesOf(s).length > 0) return fail(`a statement is not known: ${why(holesOf(s)[0])}`);
        statements.push(s); // not an object: the policy parser reports it
        pointers.push(at);
        continue;
      }
      const effect = s.Effect;
      if (effect instanceof Sym || effect instanceof Unknown)
        return fail(`the ${quote("Effect")} of a statement is not known: ${why(holesOf(effect)[0])}`);
      const allowSide = effect === "Allow";
      const widen = allowSide === (reading === "generous");
      // One branch of an unknown choice may be absent: only the side that can only add access
      // (Allow when generous, Deny when strict) keeps it.
      if (chosen && !widen) continue;
      const r = holesOf(s).length === 0 ? s : widen ? widenStatement(s) : narrowStatement(s);
      if (typeof r === "string") return fail(r);
      if (r === undefined) continue;
      statements.push(r);
      pointers.push(at);
    }
  }
  out.Statement = statements;
  return { document: out as { [key: string]: unknown }, statementPointers: pointers, decided };
}

/** Items of an element that may be one value or a list. */
function itemsOf(v: Value): Value[] {
  return Array.isArray(v) ? v : [v];
}

/** An Action/Resource list, each unknown part made `*` (or its alternatives listed). */
function widenPatterns(v: Value): Value[] {
  return itemsOf(v).flatMap((item): Value[] => {
    if (item instanceof Sym) return [fillHoles(item, () => "*")];
    if (item instanceof Unknown)
      return item.alternatives && item.alternatives.every((a) => holesOf(a).length === 0) ? item.alternatives.flatMap(itemsOf) : ["*"];
    return [item];
  });
}

function withoutHoles(v: Value): Value[] {
  return itemsOf(v).filter((x) => holesOf(x).length === 0);
}

/** The operator's family name without set qualifiers and IfExists: `ForAnyValue:StringLikeIfExists` → `StringLike`. */
function operatorBase(op: string): string {
  return op.replace(/^(ForAnyValue|ForAllValues):/i, "").replace(/IfExists$/i, "");
}

function widenStatement(s: Obj): Obj | string {
  const out: Obj = { ...s };
  if (holesOf(s.Sid ?? null).length > 0) delete out.Sid;
  for (const el of ["Action", "Resource"]) if (s[el] !== undefined) out[el] = widenPatterns(s[el]);
  for (const [not, pos] of [
    ["NotAction", "Action"],
    ["NotResource", "Resource"],
  ]) {
    if (s[not] === undefined || holesOf(s[not]).length === 0) continue;
    const kept = withoutHoles(s[not]);
    if (kept.length > 0) out[not] = kept;
    else {
      delete out[not];
      out[pos] = "*";
    }
  }
  if (s.Principal !== undefined && holesOf(s.Principal).length > 0) out.Principal = "*";
  if (s.NotPrincipal !== undefined && holesOf(s.NotPrincipal).length > 0) {
    const kept: Obj = {};
    if (isObject(s.NotPrincipal))
      for (const [type, v] of Object.entries(s.NotPrincipal)) {
        const items = withoutHoles(v);
        if (items.length > 0) kept[type] = items;
      }
    if (Object.keys(kept).length > 0) out.NotPrincipal = kept;
    else {
      delete out.NotPrincipal;
      out.Principal = "*";
    }
  }
  if (s.Condition !== undefined && holesOf(s.Condition).length > 0) {
    if (!isObject(s.Condition)) delete out.Condition;
    else {
      const cond: Obj = {};
      for (const [op, block] of Object.entries(s.Condition)) {
        if (!isObject(block)) {
          if (holesOf(block).length === 0) cond[op] = block;
          continue;
        }
        const kept: Obj = {};
        for (const [key, values] of Object.entries(block)) {
          if (holesOf(values).length === 0) kept[key] = values;
          else {
            const w = widenConditionValues(op, values);
            if (w !== undefined) kept[key] = w;
          }
        }
        if (Object.keys(kept).length > 0) cond[op] = kept;
      }
      if (Object.keys(cond).length > 0) out.Condition = cond;
      else delete out.Condition;
    }
  }
  const left = holesOf(out);
  return left.length > 0 ? `a statement cannot be widened over its unresolved parts: ${why(left[0])}` : out;
}

/** A condition key's values widened, or undefined to drop the key (which only widens). */
function widenConditionValues(op: string, values: Value): Value | undefined {
  const base = operatorBase(op);
  // Under an operator without Not (and not Null), the key matches when any listed value does:
  // listing more values only widens.
  if (/Not/i.test(base) || /^Null$/i.test(base)) return undefined;
  const out: Value[] = [];
  for (const item of itemsOf(values)) {
    if (holesOf(item).length === 0) out.push(item);
    else if (item instanceof Unknown && item.alternatives && item.alternatives.every((a) => holesOf(a).length === 0))
      out.push(...item.alternatives.flatMap(itemsOf));
    else if (item instanceof Sym && /^StringLike$/i.test(base)) out.push(fillHoles(item, () => "*"));
    else return undefined;
  }
  return out;
}

function narrowStatement(s: Obj): Obj | undefined {
  const out: Obj = { ...s };
  if (holesOf(s.Sid ?? null).length > 0) delete out.Sid;
  for (const el of ["Action", "Resource"]) {
    if (s[el] === undefined || holesOf(s[el]).length === 0) continue;
    const kept = withoutHoles(s[el]);
    if (kept.length === 0) return undefined;
    out[el] = kept;
  }
  if (s.Principal !== undefined && holesOf(s.Principal).length > 0) {
    if (!isObject(s.Principal)) return undefined;
    const kept: Obj = {};
    for (const [type, v] of Object.entries(s.Principal)) {
      const items = withoutHoles(v);
      if (items.length > 0) kept[type] = items;
    }
    if (Object.keys(kept).length === 0) return undefined;
    out.Principal = kept;
  }
  return holesOf(out).length > 0 ? undefined : out;
}

/** Each hole its placeholder, each unknown choice its first branch (the same for the same hole). */
function instance(document: Value, decided: Hole[]): Materialised {
  const pointers: string[] = [];
  const fill = (v: Value): Value | undefined => {
    if (v instanceof Unknown) {
      if (!v.alternatives) return v.hole.placeholder;
      return v.alternatives.length > 0 ? fill(v.alternatives[0]) : undefined;
    }
    if (v instanceof Sym) return fillHoles(v, (h) => h.placeholder);
    if (Array.isArray(v))
      return v.flatMap((x) => {
        const f = fill(x);
        return f === undefined ? [] : x instanceof Unknown && Array.isArray(f) ? f : [f];
      });
    if (isObject(v)) {
      const out: Obj = {};
      for (const [k, x] of Object.entries(v)) {
        const f = fill(x);
        if (f !== undefined) out[k] = f;
      }
      return out;
    }
    return v;
  };
  const doc = fill(document);
  if (!isObject(doc))
    return { unknownReason: "the policy document is not an object once its unresolved parts are filled", statementPointers: [], decided };
  // Statement indexes are kept only when no item was expanded or removed; else point at the list.
  const src = isObject(document) ? document.Statement : undefined;
  const st = doc.Statement;
  if (Array.isArray(st))
    st.forEach((_, i) => pointers.push(Array.isArray(src) && src.every((x) => !(x instanceof Unknown)) ? `/Statement/${i}` : "/Statement"));
  else if (st !== undefined) pointers.push("/Statement");
  return { document: doc as { [key: string]: unknown }, statementPointers: pointers, decided };
}
