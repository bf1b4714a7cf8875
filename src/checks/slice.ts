// Slicing: the parts of the policies a check's question can depend on, found syntactically.
// Contract (each a proof obligation the checks rely on; the replay still uses the whole policies):
//   - `uncoveredAllows(existing, updated)`: the update's Allow statements that may grant access
//     the existing policy does not, each cut down to the part that may. An Action entry of an
//     update Allow u is covered when an existing Allow e agrees with u on principal and
//     conditions, lists the entry too, and u's Resource list is a sub-list of e's (NotResource:
//     a super-list), and the entry shares no action with an existing Deny the update dropped or
//     changed; a NotAction statement is covered whole when e's NotAction list is a sub-list of
//     u's and no Deny was dropped. A request through a covered part is then denied by neither
//     policy and allowed by e, so only the uncovered parts need asking about; a statement with
//     none left is never at fault. When the policies read variables differently (their
//     Version) or a dropped Deny is a NotAction statement, every Allow is returned whole.
//   - `restrictToActions(policy, actions)`: the policy with every Action entry that shares no
//     action with `actions` removed (NotAction statements kept whole). On every request whose
//     action matches one of `actions`, each statement of the view applies exactly when the
//     original does; statements left without Action entries apply to no request.

import { actionMatcher } from "../iam/action.js";
import type { Matcher } from "../iam/ambiguity.js";
import { foldCase, patternsIntersect, type Pattern } from "../logic/pattern.js";
import { variablesEnabled, type Policy, type Statement } from "../iam/ast.js";

export function uncoveredAllows(existing: Policy, updated: Policy): Statement[] {
  const allowsOf = (p: Policy) => p.statements.filter((s) => s.effect === "Allow");
  if (variablesEnabled(existing) !== variablesEnabled(updated)) return allowsOf(updated);
  // Existing Denies the update no longer has: a request they denied may now be allowed, so an
  // entry sharing an action with one of them is never covered.
  const updatedDenies = new Set(updated.statements.filter((s) => s.effect === "Deny").map(statementKey));
  const dropped = existing.statements.filter((s) => s.effect === "Deny" && !updatedDenies.has(statementKey(s)));
  const droppedActions = actionPatterns(dropped);
  if (!droppedActions) return allowsOf(updated);
  const undenied = (text: string) => !widest(actionMatcher(text)).some((a) => droppedActions.some((d) => patternsIntersect(a, d)));
  const byContext = new Map<string, Statement[]>();
  for (const e of allowsOf(existing)) {
    const key = contextKey(e);
    const list = byContext.get(key);
    if (list) list.push(e);
    else byContext.set(key, [e]);
  }
  const out: Statement[] = [];
  for (const u of allowsOf(updated)) {
    const peers = (byContext.get(contextKey(u)) ?? []).filter((e) => e.action.negated === u.action.negated && resourcesWithin(u, e));
    if (u.action.negated) {
      if (dropped.length > 0 || !peers.some((e) => listWithin(actionsOf(e), actionsOf(u)))) out.push(u);
      continue;
    }
    const covered = new Set(peers.flatMap(actionsOf));
    const patterns = u.action.patterns.filter((p) => !covered.has(foldCase(p.value)) || !undenied(p.value));
    if (patterns.length === u.action.patterns.length) out.push(u);
    else if (patterns.length > 0) out.push({ ...u, action: { ...u.action, patterns } });
  }
  return out;
}

const actionsOf = (s: Statement) => s.action.patterns.map((p) => foldCase(p.value));

/** Does u's Resource element match no more than e's? */
function resourcesWithin(u: Statement, e: Statement): boolean {
  if (!u.resource || !e.resource) return !u.resource && !e.resource;
  const resources = (s: Statement) => s.resource!.patterns.map((p) => p.value);
  return (
    u.resource.negated === e.resource.negated &&
    (u.resource.negated ? listWithin(resources(e), resources(u)) : listWithin(resources(u), resources(e)))
  );
}

/** Is every entry of `small` in `big`? */
function listWithin(small: string[], big: string[]): boolean {
  const has = new Set(big);
  return small.every((x) => has.has(x));
}

/** Everything but Sid and locations. Condition values keep their order (an OR; conservative). */
function statementKey(s: Statement): string {
  return JSON.stringify([contextKey(s), s.action.negated, actionsOf(s), s.resource?.negated, s.resource?.patterns.map((p) => p.value)]);
}

function contextKey(s: Statement): string {
  const principal = s.principal && [s.principal.negated, s.principal.values.map((v) => (v.type === "*" ? "*" : [v.type, v.value]))];
  const conditions = s.conditions.map((c) => [c.operator, c.key.toLowerCase(), c.values.map((v) => v.value)]);
  return JSON.stringify([s.effect, principal ?? null, conditions]);
}

export function restrictToActions(policy: Policy, actions: Pattern[]): Policy {
  const index = entryIndex(policy);
  const kept = new Set<string>();
  for (const a of actions) {
    for (const e of candidates(index, serviceOf(a))) {
      if (!kept.has(e.text) && e.patterns.some((p) => patternsIntersect(p, a))) kept.add(e.text);
    }
  }
  const statements = policy.statements.map((s) => {
    if (s.action.negated) return s;
    const patterns = s.action.patterns.filter((p) => kept.has(p.value));
    return patterns.length === s.action.patterns.length ? s : { ...s, action: { ...s.action, patterns } };
  });
  return { ...policy, statements };
}

/** A policy's distinct Action entries with the patterns they can match, by service. */
interface Entry {
  text: string;
  patterns: Pattern[];
}

const entryIndexes = new WeakMap<Policy, Map<string, Entry[]>>();

function entryIndex(policy: Policy): Map<string, Entry[]> {
  let index = entryIndexes.get(policy);
  if (index) return index;
  index = new Map();
  const seen = new Set<string>();
  for (const s of policy.statements) {
    if (s.action.negated) continue;
    for (const { value: text } of s.action.patterns) {
      if (seen.has(text)) continue;
      seen.add(text);
      const patterns = widest(actionMatcher(text));
      const service = patterns.length === 1 ? serviceOf(patterns[0]) : ANY_SERVICE;
      const list = index.get(service);
      if (list) list.push({ text, patterns });
      else index.set(service, [{ text, patterns }]);
    }
  }
  entryIndexes.set(policy, index);
  return index;
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

// Entries are grouped by a literal service prefix, so a pattern is compared only with the
// entries of its own service and those whose service has a wildcard.
const ANY_SERVICE = "*";

function serviceOf(p: Pattern): string {
  const first = p.tokens[0];
  if (first?.t !== "lit") return ANY_SERVICE;
  const colon = first.s.indexOf(":");
  return colon < 0 ? ANY_SERVICE : foldCase(first.s.slice(0, colon));
}

/** The entries that may share an action with a pattern of this service. */
function candidates(index: Map<string, Entry[]>, service: string): Entry[] {
  if (service === ANY_SERVICE) return [...index.values()].flat();
  return [...(index.get(service) ?? []), ...(index.get(ANY_SERVICE) ?? [])];
}
