// Slicing: the parts of the policies a check's question can depend on, found syntactically.
// Contract (each a proof obligation the checks rely on; the replay still uses the whole policies):
//   - `coveredAllows(existing, updated)`: Allow statements of the update that grant nothing the
//     existing policy does not. Statement u is covered by an existing Allow e when they agree on
//     principal and conditions and u's Action and Resource lists are sub-lists of e's (for
//     NotAction / NotResource, super-lists): then u applies only where e applies. If the update
//     also keeps every existing Deny, a request through u is allowed by the existing policy, so
//     u is never at fault and can be left out of the question. Returns none when the two
//     policies read variables differently (their Version) or a Deny was dropped or changed.
//   - `restrictToActions(policy, actions)`: the policy with every Action entry that shares no
//     action with `actions` removed (NotAction statements kept whole). On every request whose
//     action matches one of `actions`, each statement of the view applies exactly when the
//     original does; statements left without Action entries apply to no request.

import { actionMatcher } from "../iam/action.js";
import type { Matcher } from "../iam/ambiguity.js";
import { foldCase, patternsIntersect, type Pattern } from "../iam/pattern.js";
import { variablesEnabled, type Policy, type Statement } from "../policy/ast.js";

export function coveredAllows(existing: Policy, updated: Policy): Set<number> {
  const covered = new Set<number>();
  if (variablesEnabled(existing) !== variablesEnabled(updated)) return covered;
  const updatedDenies = new Set(updated.statements.filter((s) => s.effect === "Deny").map(statementKey));
  if (!existing.statements.every((s) => s.effect !== "Deny" || updatedDenies.has(statementKey(s)))) return covered;
  const allows = new Map<string, Statement[]>();
  for (const e of existing.statements) {
    if (e.effect !== "Allow") continue;
    const key = contextKey(e);
    const list = allows.get(key);
    if (list) list.push(e);
    else allows.set(key, [e]);
  }
  for (const u of updated.statements) {
    if (u.effect === "Allow" && (allows.get(contextKey(u)) ?? []).some((e) => within(u, e))) covered.add(u.index);
  }
  return covered;
}

/** Does u apply only where e applies, given they agree on principal and conditions? */
function within(u: Statement, e: Statement): boolean {
  const actions = (s: Statement) => s.action.patterns.map((p) => foldCase(p.value));
  if (u.action.negated !== e.action.negated || !listWithin(actions(u), actions(e), u.action.negated)) return false;
  if (!u.resource || !e.resource) return !u.resource && !e.resource;
  const resources = (s: Statement) => s.resource!.patterns.map((p) => p.value);
  return u.resource.negated === e.resource.negated && listWithin(resources(u), resources(e), u.resource.negated);
}

/** A (Not)Action or (Not)Resource list that matches no more than another. */
function listWithin(u: string[], e: string[], negated: boolean): boolean {
  const [small, big] = negated ? [e, u] : [u, e];
  const has = new Set(big);
  return small.every((x) => has.has(x));
}

/** Everything but Sid and locations. Condition values keep their order (an OR; conservative). */
function statementKey(s: Statement): string {
  return JSON.stringify([contextKey(s), s.action.negated, s.action.patterns.map((p) => foldCase(p.value)), s.resource?.negated, s.resource?.patterns.map((p) => p.value)]);
}

function contextKey(s: Statement): string {
  const principal = s.principal && [s.principal.negated, s.principal.values.map((v) => (v.type === "*" ? "*" : [v.type, v.value]))];
  const conditions = s.conditions.map((c) => [c.operator, c.key.toLowerCase(), c.values.map((v) => v.value)]);
  return JSON.stringify([s.effect, principal ?? null, conditions]);
}

export function restrictToActions(policy: Policy, actions: Pattern[]): Policy {
  const index = byService(actions);
  const statements = policy.statements.map((s) => {
    if (s.action.negated) return s;
    const patterns = s.action.patterns.filter((p) => widest(actionMatcher(p.value)).some((a) => candidates(index, a).some((b) => patternsIntersect(a, b))));
    return patterns.length === s.action.patterns.length ? s : { ...s, action: { ...s.action, patterns } };
  });
  return { ...policy, statements };
}

/** The action patterns of `statements` (undefined if one of them is a NotAction statement). */
export function actionPatterns(statements: Statement[]): Pattern[] | undefined {
  if (statements.some((s) => s.action.negated)) return undefined;
  return statements.flatMap((s) => s.action.patterns.flatMap((p) => widest(actionMatcher(p.value))));
}

/** The patterns a matcher can match under any reading (the wide reading contains the narrow). */
function widest(m: Matcher): Pattern[] {
  return m.kind === "exact" ? m.patterns : m.wide;
}

// Action patterns grouped by a literal service prefix, so a pattern is compared only with the
// patterns of its own service and those whose service has a wildcard.
const ANY_SERVICE = "*";

function serviceOf(p: Pattern): string {
  const first = p.tokens[0];
  if (first?.t !== "lit") return ANY_SERVICE;
  const colon = first.s.indexOf(":");
  return colon < 0 ? ANY_SERVICE : foldCase(first.s.slice(0, colon));
}

function byService(patterns: Pattern[]): Map<string, Pattern[]> {
  const out = new Map<string, Pattern[]>();
  for (const p of patterns) {
    const s = serviceOf(p);
    const list = out.get(s);
    if (list) list.push(p);
    else out.set(s, [p]);
  }
  return out;
}

function candidates(index: Map<string, Pattern[]>, p: Pattern): Pattern[] {
  const s = serviceOf(p);
  if (s === ANY_SERVICE) return [...index.values()].flat();
  return [...(index.get(s) ?? []), ...(index.get(ANY_SERVICE) ?? [])];
}
