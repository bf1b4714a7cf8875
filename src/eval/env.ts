// The evaluator's per-request environment: free constructs and the policy's language version.
// Contract: `free(spec, narrow, wide)` is the value of a free construct on this request (and
// `choose(spec, first, second)` of one whose two readings are not ordered). When
// the readings differ its id goes to `touched`; then it is "unknown" (Kleene mode) or
// `narrow || (wide && frees.get(id) ?? false)` (when `frees` is given: two-valued, exactly as a
// solver model's `free:<id>` variable reads in the encoder's `narrow ∨ (wide ∧ free:<id>)`).
// `matches` reads policy variables from the request: a guarded pattern (iam/variables.ts)
// applies when its keys' presence (and colon counts) are as the guards say, and its var tokens
// read the keys' values; a key holding a list of values there is "unknown" (variables read
// single-valued keys only). A key whose value is `""` is read by variables both as the empty
// text and as absent, and the key's one EMPTY_STRING_AS_ABSENT free chooses (withEmptyReadings),
// as for its conditions (eval/condition.ts).

import { emptyStringKeySpec, freeId, type FreeSpec, type Matcher } from "../iam/ambiguity.js";
import { hasVarTokens, matchPattern } from "../logic/pattern.js";
import { colonsFit, type GuardedPattern } from "../iam/variables.js";
import { contextValue, type Request } from "../iam/request.js";
import type { EvalOptions, Tri } from "./types.js";

/** A key's value for a policy variable: its text, undefined when absent, "list" for a list. */
export function variableValue(request: Request | undefined, key: string): string | undefined | { list: true } {
  if (!request) throw new Error("policy variables are read without a request");
  const v = contextValue(request, key);
  if (Array.isArray(v)) return v.length === 0 ? undefined : { list: true };
  return v;
}

export class EvalEnv {
  readonly touched = new Set<string>();
  constructor(
    readonly options: EvalOptions,
    /** Policy variables are recognised (Version 2012-10-17). */
    readonly variables: boolean,
    /** The request, which policy variables read. */
    readonly request?: Request,
  ) {}

  free(spec: FreeSpec, narrow: boolean, wide: boolean): Tri {
    const id = freeId(spec);
    if (narrow !== wide) this.touched.add(id);
    const frees = this.options.frees;
    if (frees) return narrow || (wide && (frees.get(id) ?? false));
    return narrow === wide ? narrow : "unknown";
  }

  /**
   * A free construct whose two readings are not ordered (EMPTY_STRING_AS_ABSENT): `first` when
   * its free is false, `second` when true, exactly as the encoder's `ite(free:<id>, second, first)`.
   */
  choose(spec: FreeSpec, first: Tri, second: Tri): Tri {
    if (first === second) return first;
    const id = freeId(spec);
    this.touched.add(id);
    const frees = this.options.frees;
    if (frees) return frees.get(id) ? second : first;
    return "unknown";
  }

  /** Does a matcher (exact patterns or a free construct) match this value? */
  matches(m: Matcher, value: string): Tri {
    const any = (ps: GuardedPattern[]) => triOrAll(ps.map((p) => this.matchPattern(p, value)));
    if (m.kind === "exact") return any(m.patterns);
    const narrow = any(m.narrow);
    const wide = any(m.wide);
    if (narrow === "unknown" || wide === "unknown") {
      this.touched.add(freeId(m.spec));
      return "unknown";
    }
    return this.free(m.spec, narrow, wide);
  }

  /**
   * `f` under the readings of EMPTY_STRING_AS_ABSENT for the variables' keys (§10.7): `f(absent)`
   * is the answer with the keys in `absent` read as absent, and a key whose request value is
   * `""` is read both ways and chosen by its free — the one free its conditions choose with
   * (iam/ambiguity.ts emptyStringKeySpec), so a variable and a Null on the key read it alike.
   */
  withEmptyReadings(keys: Iterable<string>, f: (absent: ReadonlySet<string>) => Tri): Tri {
    const empty = [...new Set([...keys].map((k) => k.toLowerCase()))].filter((k) => variableValue(this.request, k) === "");
    const go = (i: number, absent: Set<string>): Tri => {
      if (i === empty.length) return f(absent);
      const asValue = go(i + 1, absent);
      const asAbsent = go(i + 1, new Set([...absent, empty[i]]));
      return this.choose(emptyStringKeySpec(empty[i]), asValue, asAbsent);
    };
    return go(0, new Set());
  }

  /** One pattern, guards and var tokens read from the request. */
  matchPattern(p: GuardedPattern, value: string): Tri {
    if (!p.guards && !hasVarTokens(p)) return matchPattern(p, value);
    const keys = (p.guards ?? []).map((g) => g.key);
    for (const t of p.tokens) if (t.t === "var") keys.push(t.v.slice(t.v.indexOf(":") + 1));
    return this.withEmptyReadings(keys, (absent) => this.matchPatternReading(p, value, absent));
  }

  /** One pattern with the keys in `absent` read as absent. */
  private matchPatternReading(p: GuardedPattern, value: string, absent: ReadonlySet<string>): Tri {
    for (const g of p.guards ?? []) {
      const v = absent.has(g.key) ? undefined : variableValue(this.request, g.key);
      if (typeof v === "object") return "unknown";
      if ((v !== undefined) !== g.present) return false;
      if (v !== undefined && g.colons && !colonsFit(v, g.colons)) return false;
    }
    let list = false;
    const result = matchPattern(p, value, (name) => {
      const key = name.slice(name.indexOf(":") + 1);
      // A var token of a pattern guarded as present; unguarded, an absent key reads no text.
      const v = absent.has(key) ? undefined : variableValue(this.request, key);
      if (typeof v !== "object") return v;
      list = true;
      return "";
    });
    return list ? "unknown" : result;
  }
}

function triOrAll(xs: Tri[]): Tri {
  return xs.includes(true) ? true : xs.includes("unknown") ? "unknown" : false;
}
