// Seeded generator of identity policies for the scaling set, drawn from corpus shapes.
// Contract: `generatePolicy(shapes, {statements: N, conditionKeys: K, seed})` returns a policy
// document object with exactly N statements whose conditions use exactly K distinct condition
// keys (K ≤ the keys available); `mutatePolicy(policy, seed)` returns a copy with exactly one
// statement changed and a label naming the change. Both are pure functions of their arguments:
// the same shapes and seed always give the same document (deterministic PRNG, no clock).
// Generated documents are valid IDENTITY_POLICY documents (no Principal, no policy variables).

import { deriveSeed, mulberry32, type Rng } from "./prng.js";
import type { ConditionShape, Shapes } from "./shapes.js";

export interface GenerateOptions {
  statements: number;
  conditionKeys: number;
  seed: number;
}

export interface Statement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  Condition?: Record<string, Record<string, string[]>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: Statement[];
}

/** Keys the brief asks the mix to contain; chosen first, in random order, when K allows. */
const FEATURED_KEYS = [
  "aws:RequestedRegion",
  "aws:ResourceTag/Environment",
  "aws:SourceIp",
  "aws:SecureTransport",
  "aws:CurrentTime",
  "aws:ResourceTag/Project",
];

/** Probability that a statement beyond the first K gets one condition. */
const CONDITION_RATE = 0.3;

function shapesByKey(shapes: Shapes): Map<string, ConditionShape[]> {
  const byKey = new Map<string, ConditionShape[]>();
  for (const c of shapes.conditions) {
    const k = c.key.toLowerCase();
    const list = byKey.get(k) ?? byKey.set(k, []).get(k)!;
    list.push(c);
  }
  return byKey;
}

function chooseKeys(rng: Rng, byKey: Map<string, ConditionShape[]>, k: number): string[] {
  const featured = FEATURED_KEYS.map((x) => x.toLowerCase()).filter((x) => byKey.has(x));
  const others = [...byKey.keys()].filter((x) => !featured.includes(x));
  const first = rng.sample(featured, Math.min(k, featured.length));
  return [...first, ...rng.sample(others, k - first.length)];
}

function condition(rng: Rng, shapes: ConditionShape[]): ConditionShape {
  const shape = rng.pick(shapes);
  return { ...shape, values: rng.sample(shape.values, rng.range(1, Math.min(3, shape.values.length))) };
}

function addCondition(st: Statement, c: ConditionShape): void {
  const block = (st.Condition ??= {});
  (block[c.operator] ??= {})[c.key] = c.values;
}

function statement(rng: Rng, shapes: Shapes, i: number): Statement {
  const st: Statement = { Sid: `Stmt${i}`, Effect: rng.chance(0.85) ? "Allow" : "Deny" };
  const actions = rng.sample(shapes.actions, rng.range(1, 5));
  if (rng.chance(0.1)) st.NotAction = actions;
  else st.Action = actions;
  const resources = rng.chance(0.5) ? ["*"] : rng.sample(shapes.resources, rng.range(1, 3));
  if (rng.chance(0.03) && resources[0] !== "*") st.NotResource = resources;
  else st.Resource = resources;
  return st;
}

export function generatePolicy(shapes: Shapes, options: GenerateOptions): PolicyDocument {
  const { statements: n, conditionKeys: k, seed } = options;
  if (!(n >= 1)) throw new RangeError(`statements must be at least 1, not ${n}`);
  const rng = mulberry32(deriveSeed(seed, "policy", n, k));
  const byKey = shapesByKey(shapes);
  const keys = chooseKeys(rng, byKey, k);
  const body = Array.from({ length: n }, (_, i) => statement(rng, shapes, i));
  // Every chosen key appears at least once (key j in statement j mod N); later statements draw
  // a condition on one of the K keys at CONDITION_RATE.
  keys.forEach((key, j) => addCondition(body[j % n], condition(rng, byKey.get(key)!)));
  for (let i = keys.length; i < n; i++) {
    if (keys.length === 0 || !rng.chance(CONDITION_RATE)) continue;
    const key = rng.pick(keys);
    const st = body[i];
    const taken = Object.values(st.Condition ?? {}).some((b) => Object.keys(b).some((x) => x.toLowerCase() === key));
    if (!taken) addCondition(st, condition(rng, byKey.get(key)!));
  }
  return { Version: "2012-10-17", Statement: body };
}

export interface Mutation {
  policy: PolicyDocument;
  /** Which statement changed and how, e.g. `Stmt4: add-action`. */
  change: string;
}

type Mutator = (rng: Rng, st: Statement, shapes: Shapes) => boolean;

const MUTATORS: Record<string, Mutator> = {
  "add-action": (rng, st, shapes) => {
    const list = st.Action ?? st.NotAction!;
    list.push(rng.pick(shapes.actions));
    return true;
  },
  "remove-action": (_rng, st) => {
    const list = st.Action ?? st.NotAction!;
    if (list.length < 2) return false;
    list.pop();
    return true;
  },
  "widen-resource": (_rng, st) => {
    if (!st.Resource || st.Resource.includes("*")) return false;
    st.Resource = st.Resource.map((r) => (r.endsWith("*") ? r : r + "*"));
    return true;
  },
  "drop-condition": (rng, st) => {
    if (!st.Condition) return false;
    const op = rng.pick(Object.keys(st.Condition).sort());
    delete st.Condition[op];
    if (Object.keys(st.Condition).length === 0) delete st.Condition;
    return true;
  },
  "flip-effect": (_rng, st) => {
    st.Effect = st.Effect === "Allow" ? "Deny" : "Allow";
    return true;
  },
};

export function mutatePolicy(policy: PolicyDocument, seed: number, shapes: Shapes): Mutation {
  const rng = mulberry32(deriveSeed(seed, "mutate", policy.Statement.length));
  const copy = structuredClone(policy);
  const i = rng.int(copy.Statement.length);
  const st = copy.Statement[i];
  // Try the mutators from a random starting point; add-action always applies.
  const names = Object.keys(MUTATORS);
  const start = rng.int(names.length);
  for (let t = 0; t < names.length; t++) {
    const name = names[(start + t) % names.length];
    if (MUTATORS[name](rng, st, shapes)) return { policy: copy, change: `${st.Sid}: ${name}` };
  }
  throw new Error("no mutator applied"); // unreachable: add-action always applies
}
