// Values with holes: what an extracted policy document is before a check reads it.
// Contract: a Value is JSON (null, boolean, number, string, array, object) in which a string may
// be a Sym (literal text with holes) and any value may be an Unknown (wholly unknown: it may even
// be a list). A Hole is one value keyaki could not resolve, located in the source file, with a
// stable `id` (the same unresolved expression has the same id in two versions of a file) and a
// `placeholder`: one value it could take, used only to confirm a FAIL, never to prove a PASS.
// Nothing here guesses: holes are kept until unknowns.ts decides how a check reads them.

export interface Hole {
  /** The unresolved expression, canonical: `Ref BucketName`, `AWS::AccountId`, `tf:after_unknown`. */
  id: string;
  /** Why it is unknown, one lowercase phrase with the expression in backticks. */
  reason: string;
  /** Where the expression is, in the source file. */
  file: string;
  pointer: string;
  line: number;
  column: number;
  placeholder: string;
}

export class Sym {
  constructor(readonly parts: ReadonlyArray<string | Hole>) {}
}

export class Unknown {
  /**
   * When known, the values it may take (an Fn::If on an unknown condition: its two branches,
   * AWS::NoValue left out — so an empty list means "absent or one of none").
   */
  constructor(
    readonly hole: Hole,
    readonly alternatives?: readonly Value[],
  ) {}
}

/** AWS::NoValue: removes the member or item that holds it. */
export const NO_VALUE: unique symbol = Symbol("AWS::NoValue");

export type Value = null | boolean | number | string | Sym | Unknown | Value[] | { [key: string]: Value };
export type Evaluated = Value | typeof NO_VALUE;

export function isObject(v: Value | undefined): v is { [key: string]: Value } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Sym) && !(v instanceof Unknown);
}

/** A string from parts, folded: adjacent literals joined, a Sym only when a hole remains. */
export function concat(parts: ReadonlyArray<string | Hole | Sym>): string | Sym {
  const out: Array<string | Hole> = [];
  const push = (p: string | Hole) => {
    if (typeof p === "string") {
      if (p === "") return;
      if (typeof out[out.length - 1] === "string") out[out.length - 1] += p;
      else out.push(p);
    } else out.push(p);
  };
  for (const p of parts)
    if (p instanceof Sym) p.parts.forEach(push);
    else push(p);
  if (out.every((p) => typeof p === "string")) return out.join("");
  return new Sym(out);
}

/** Every hole in a value, in document order (repeats kept once by id and position). */
export function holesOf(v: Value, out: Hole[] = []): Hole[] {
  if (v instanceof Unknown) {
    out.push(v.hole);
    for (const a of v.alternatives ?? []) holesOf(a, out);
  } else if (v instanceof Sym) {
    for (const p of v.parts) if (typeof p !== "string") out.push(p);
  } else if (Array.isArray(v)) {
    for (const x of v) holesOf(x, out);
  } else if (isObject(v)) {
    for (const x of Object.values(v)) holesOf(x, out);
  }
  return out;
}

/** Holes once each (by id and place): the `unresolved` list of a policy. */
export function uniqueHoles(v: Value): Hole[] {
  const seen = new Set<string>();
  return holesOf(v).filter((h) => {
    const key = `${h.id}\u0000${h.pointer}\u0000${h.line}:${h.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function hasHoles(v: Value): boolean {
  return holesOf(v).length > 0;
}

/** Canonical text: equal iff the two values are the same JSON with the same holes (by id). */
export function canonical(v: Value): string {
  if (v instanceof Unknown)
    return `{"\u0000hole":${JSON.stringify(v.hole.id)}${v.alternatives ? ',"\u0000or":[' + v.alternatives.map(canonical).join(",") + "]" : ""}}`;
  if (v instanceof Sym)
    return (
      "[\u0000sym," +
      v.parts.map((p) => (typeof p === "string" ? JSON.stringify(p) : `{"\u0000hole":${JSON.stringify(p.id)}}`)).join(",") +
      "]"
    );
  if (Array.isArray(v)) return "[" + v.map(canonical).join(",") + "]";
  if (isObject(v))
    return (
      "{" +
      Object.keys(v)
        .sort()
        .map((k) => JSON.stringify(k) + ":" + canonical(v[k]))
        .join(",") +
      "}"
    );
  return JSON.stringify(v);
}

/** The value with every hole replaced by `fill(hole)` (a Sym's hole inside its text). */
export function fillHoles(v: Value, fill: (h: Hole) => string): Value {
  if (v instanceof Unknown) return fill(v.hole);
  if (v instanceof Sym) return v.parts.map((p) => (typeof p === "string" ? p : fill(p))).join("");
  if (Array.isArray(v)) return v.map((x) => fillHoles(x, fill));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fillHoles(x, fill)]));
  return v;
}

/**
 * A JSON text with holes (a policy written as `!Sub '{"Statement": …}'`) parsed into a Value: each
 * hole must sit inside a JSON string, or the whole value is unknown (undefined is returned).
 */
export function parseJsonWithHoles(text: string | Sym): Value | undefined {
  const holes: Hole[] = [];
  const src =
    typeof text === "string" ? text : text.parts.map((p) => (typeof p === "string" ? p : `\uE000${holes.push(p) - 1}\uE001`)).join("");
  let parsed: unknown;
  try {
    parsed = JSON.parse(src);
  } catch {
    return undefined;
  }
  const revive = (x: unknown): Value => {
    if (typeof x === "string") {
      if (!/\uE000/.test(x)) return x;
      const parts: Array<string | Hole> = [];
      for (const piece of x.split(/(\uE000\d+\uE001)/)) {
        const m = /^\uE000(\d+)\uE001$/.exec(piece);
        parts.push(m ? holes[Number(m[1])] : piece);
      }
      return concat(parts);
    }
    if (Array.isArray(x)) return x.map(revive);
    if (x !== null && typeof x === "object") return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, revive(y)]));
    return x as Value;
  };
  const value = revive(parsed);
  // A hole in a key or outside a string cannot be read back.
  return holesOf(value).length === holes.length || holes.length === 0 ? value : undefined;
}
