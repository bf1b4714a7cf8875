// Findings: who outside the zone of trust can reach the resource, as Access Analyzer's finding
// cubes (principal, action, resource, condition), complete and concise.
// Contract (Outside = no statement of trustZone applies; Allowed = the policy allows):
//  - complete: the query Allowed ∧ Outside ∧ ¬(some finding covers the request) is proved
//    unsatisfiable before the list is returned; if it cannot be proved, the response carries
//    `unknownReason` (never a silently partial list);
//  - each finding grants something: Allowed ∧ Outside ∧ finding is satisfiable, and the witness
//    request is replayed through the concrete evaluator;
//  - concise: no finding's granted part (Allowed ∧ Outside ∧ finding) is covered by another
//    finding, and findings that differ only in their actions are merged;
//  - `overApproximates` marks a finding that also covers requests the policy does not allow for
//    a reason the finding's shape cannot state: a Deny carve-out, or a NotPrincipal / NotAction /
//    NotResource, a negated or …IfExists condition on a key findings report, which the finding
//    widens to `*` or leaves out.
//  - never a guess: a query that gets no answer in time (none starts past the deadline) leaves
//    its finding in, with the cautious reading (granting, public, over-approximating) and its
//    own `unknownReason`; the response's `unknownReason` then says the list is not all proved.
// The algorithm is stratified abstraction from the policy's own values: each Allow statement
// gives the cubes of its principal values × resource patterns × values of its conditions on the
// keys findings report (restricting and zone-of-trust keys; others are attacker-controlled), with
// its actions; cubes are then refined away (grant nothing, covered by another) and merged.

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { encodePolicy, encodePolicyInTurns } from "../encode/encode.js";
import { keyTypesOf } from "../encode/key-types.js";
import type { EncodeContext } from "../encode/types.js";
import { evaluatePolicy } from "../eval/evaluate.js";
import { normaliseKey } from "../iam/key-types.js";
import { OPERATORS } from "../iam/operators.js";
import { and, not, or, type Formula } from "../logic/ir.js";
import type { Condition, Policy, PrincipalValue, Statement } from "../iam/ast.js";
import { defaultSolver, type Solver } from "../solve/index.js";
import type { SolveResult } from "../solve/engine.js";
import type { Partition } from "../iam/partitions.js";
import { begin } from "./api.js";
import { queries, type Replay } from "./query.js";
import { TimeUp, type Expired } from "../diagnostics/time-up.js";
import { parseDocuments } from "./documents.js";
import { statementLocation } from "./statement-location.js";
import { checkResourceType, checkZone } from "./outside.js";
import type { CheckOptions, Finding, FindingsInput, FindingsResponse } from "./types.js";
import { ANY_PRINCIPAL, condition, publicRestriction, restrictingKeys, syntheticPolicy, syntheticStatement, trustZone } from "./zone.js";

/** Cubes per statement before its conditions with the most values are widened away. */
const MAX_CUBES_PER_STATEMENT = 64;

interface Cube {
  principal: PrincipalValue;
  actions: string[];
  resource: string;
  conditions: Condition[]; // one value each
  statements: number[];
  coarse: boolean;
  /** What the solver could not settle about this cube in time (the finding's mark). */
  unproved?: string[];
}

function cubeKey(c: Cube): string {
  const p = c.principal.type === "*" ? "*" : `${c.principal.type}:${c.principal.value}`;
  const conds = c.conditions.map((x) => `${x.base}|${normaliseKey(x.key)}|${x.values[0].value}`).sort();
  return JSON.stringify([p, c.resource, conds]);
}

/** A condition findings can state: positive, no …IfExists, no set operator, string/ARN/IP. */
function expressible(c: Condition): boolean {
  const info = OPERATORS[c.base];
  return !info.negated && !c.ifExists && !c.qualifier && ["string", "arn", "ip"].includes(info.family);
}

function statementCubes(s: Statement, reported: Set<string>): Cube[] {
  let coarse = false;
  const principals = !s.principal || s.principal.negated ? ((coarse ||= !!s.principal?.negated), [ANY_PRINCIPAL]) : s.principal.values;
  const actions = s.action.negated ? ((coarse = true), ["*"]) : s.action.patterns.map((p) => p.value);
  const resources = !s.resource ? ["*"] : s.resource.negated ? ((coarse = true), ["*"]) : s.resource.patterns.map((p) => p.value);
  let groups: Condition[][] = [];
  for (const c of s.conditions) {
    if (!reported.has(normaliseKey(c.key))) continue; // attacker-controlled: not part of a finding
    if (!expressible(c)) {
      coarse = true;
      continue;
    }
    groups.push(c.values.map((v) => condition(c.base, c.key, [v.value])));
  }
  const size = () => principals.length * resources.length * groups.reduce((n, g) => n * g.length, 1);
  while (size() > MAX_CUBES_PER_STATEMENT && groups.length > 0) {
    groups = [...groups].sort((a, b) => b.length - a.length).slice(1);
    coarse = true;
  }
  let combos: Condition[][] = [[]];
  for (const g of groups) combos = combos.flatMap((prefix) => g.map((c) => [...prefix, c]));
  const out: Cube[] = [];
  for (const principal of principals)
    for (const resource of resources)
      for (const conditions of combos) out.push({ principal, actions, resource, conditions, statements: [s.index], coarse });
  return out;
}

/** Cubes that differ only in actions become one cube with both action lists. */
function merge(cubes: Cube[]): Cube[] {
  const byKey = new Map<string, Cube>();
  for (const c of cubes) {
    const k = cubeKey(c);
    const had = byKey.get(k);
    if (!had) byKey.set(k, { ...c, actions: [...c.actions], statements: [...c.statements] });
    else {
      for (const a of c.actions) if (!had.actions.includes(a)) had.actions.push(a);
      for (const i of c.statements) if (!had.statements.includes(i)) had.statements.push(i);
      had.coarse ||= c.coarse;
    }
  }
  return [...byKey.values()];
}

function cubeStatement(c: Cube, index: number): Statement {
  return syntheticStatement(index, "Allow", [c.principal], c.conditions, c.actions, [c.resource]);
}

function findingOf(c: Cube, policy: Policy, spellings: Map<string, string>, isPublic: boolean, overApproximates: boolean): Finding {
  const principal = c.principal.type === "*" ? { AWS: "*" } : { [c.principal.type]: c.principal.value };
  const condition: Record<string, string> = {};
  for (const x of c.conditions) condition[spellings.get(normaliseKey(x.key)) ?? x.key] = x.values[0].value;
  return {
    principal,
    action: c.actions,
    resource: c.resource,
    condition,
    isPublic,
    statementIndexes: [...c.statements].sort((a, b) => a - b),
    statementLocations: [...c.statements].sort((a, b) => a - b).map((i) => statementLocation(policy.statements[i], "policyDocument")),
    ...(overApproximates ? { overApproximates: true } : {}),
    ...(c.unproved?.length ? { unknownReason: `not proved in time: ${c.unproved.join("; ")}` } : {}),
  };
}

const unproved = (c: Cube, what: string) => (c.unproved ??= []).push(what);

/** `solver` answers the queries: solve/index.ts `defaultSolver` unless the caller brings its own. */
export async function findings(input: FindingsInput, options?: CheckOptions, solver: Solver = defaultSolver): Promise<FindingsResponse> {
  const resourceType = checkResourceType(input?.resourceType);
  const { accounts, orgs } = checkZone(input);
  const { partition, deadline, nextTurn, expired } = await begin(options);
  try {
    return await findingsUntil(input, resourceType, accounts, orgs, partition, solver, deadline, expired, nextTurn);
  } catch (e) {
    if (!(e instanceof TimeUp)) throw e;
    return { findings: [], unknownReason: `completeness of the findings could not be proved: ${e.message}` };
  }
}

async function findingsUntil(
  input: FindingsInput,
  resourceType: string,
  accounts: string[],
  orgs: string[],
  partition: Partition,
  solver: Solver,
  deadline: number,
  expired: Expired,
  nextTurn: () => Promise<void>,
): Promise<FindingsResponse> {
  const { documents, warnings } = parseDocuments([{ name: "policyDocument", text: input.policyDocument }], "RESOURCE_POLICY", expired);
  await nextTurn(); // parsing is one synchronous step; encoding is the next
  const policy = documents[0].policy;

  const base = keyTypesOf([policy]);
  const zone = trustZone(base, accounts, orgs);
  const restricted = publicRestriction(policy, resourceType, base);
  const reported = restrictingKeys(resourceType, policy);
  reported.add("aws:sourceorgid");
  let cubes = merge(policy.statements.filter((s) => s.effect === "Allow").flatMap((s) => statementCubes(s, reported)));
  const universal: Cube = { principal: ANY_PRINCIPAL, actions: ["*"], resource: "*", conditions: [], statements: [], coarse: true };
  const cubePolicy = syntheticPolicy([...cubes, universal].map(cubeStatement), policy.version);

  const ctx: EncodeContext = { keyTypes: keyTypesOf([policy, zone, restricted, cubePolicy]), frees: new Map(), expired };
  const enc = await encodePolicyInTurns(policy, ctx, nextTurn);
  const outside = not(encodePolicy(zone, ctx).denied);
  const publicOutside = not(encodePolicy(restricted, ctx).denied);
  const cubeFormulas = encodePolicy(cubePolicy, ctx).statements;
  ctx.expired = undefined;
  const formulaOf = new Map<Cube, Formula>([...cubes, universal].map((c, i) => [c, cubeFormulas[i]]));
  const granted = and(enc.allows, outside);

  // Past the deadline no query starts: its answer is "unknown", and an unknown answer is never
  // read as a proved one — the finding it concerns is marked, and the response says so.
  let unknown: string | undefined;
  const scope = { policyType: "RESOURCE_POLICY" as const, keyTypes: ctx.keyTypes, partition };
  const asked = queries(scope, { solver, deadline, clock: Date.now, nextTurn, hints: false });
  const note = (r: { status: string; reason?: string }) => {
    if (r.status === "unknown") unknown ??= r.reason;
  };
  const solve = async (f: Formula): Promise<SolveResult> => {
    const r = await asked.decide(f);
    note(r);
    return r;
  };
  const granting: Replay<undefined> = {
    what: "finding witness",
    polish: false,
    run: (request, frees) => ({
      confirmed: evaluatePolicy(policy, request, { keyTypes: ctx.keyTypes, frees }).allowed === true,
      result: undefined,
    }),
  };

  // Each finding grants something (witness replayed), else it goes; one not decided in time
  // stays, marked.
  const kept: Cube[] = [];
  for (const c of cubes) {
    const r = await asked.witness(and(granted, formulaOf.get(c)!), granting);
    note(r);
    if (r.status === "unsat") continue;
    if (r.status === "unknown") unproved(c, "whether it grants access");
    kept.push(c);
  }
  // None is covered by another (greedy: a dropped finding's grant stays covered by a kept one).
  cubes = kept;
  for (const c of [...cubes].sort((a, b) => b.conditions.length - a.conditions.length)) {
    const keys = new Set(c.conditions.map((x) => normaliseKey(x.key)));
    for (const d of cubes) {
      if (d === c || !d.conditions.every((x) => keys.has(normaliseKey(x.key)))) continue;
      const r = await solve(and(granted, formulaOf.get(c)!, not(formulaOf.get(d)!)));
      if (r.status === "unsat") {
        for (const i of c.statements) if (!d.statements.includes(i)) d.statements.push(i);
        cubes = cubes.filter((x) => x !== c);
        break;
      }
    }
  }
  // Completeness, proved; the universal finding is the fallback that always covers.
  const covered = () => or(...cubes.map((c) => formulaOf.get(c)!));
  let gap = await solve(and(granted, not(covered())));
  if (gap.status === "sat") {
    cubes.push(universal);
    gap = await solve(and(granted, not(covered())));
  }
  // A construct read only one way (checks/run.ts) proves nothing for its other reading.
  const partial = [...ctx.frees.values()].find((c) => c.onlyNarrow);
  const complete = gap.status === "unsat" && !partial;

  const spellings = new Map<string, string>();
  for (const s of policy.statements)
    for (const c of s.conditions) if (!spellings.has(normaliseKey(c.key))) spellings.set(normaliseKey(c.key), c.key);
  const out: Finding[] = [];
  for (const c of cubes) {
    const f = formulaOf.get(c)!;
    // Undecided, a finding is reported public and over-approximating (the cautious readings), marked.
    const pub = await solve(and(enc.allows, publicOutside, f));
    if (pub.status === "unknown") unproved(c, "whether it is public");
    const carve = await solve(and(outside, f, enc.denied));
    if (carve.status === "unknown") unproved(c, "whether a Deny carves requests out of it");
    out.push(findingOf(c, policy, spellings, pub.status !== "unsat", c.coarse || carve.status !== "unsat"));
  }
  const response: FindingsResponse = { findings: out };
  if (warnings.length > 0) response.diagnostics = warnings as Diagnostic[];
  if (!complete)
    response.unknownReason = `completeness of the findings could not be proved: ${partial && gap.status === "unsat" ? partial.message : (unknown ?? "the solver gave no answer")}`;
  else if (unknown !== undefined) response.unknownReason = `some findings could not be proved in time (each is marked): ${unknown}`;
  return response;
}
