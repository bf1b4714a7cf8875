// The two checks of this release, as library functions with AWS's request and response shapes.
//   check-no-new-access:      ∃ request: Allows(new) ∧ ¬Allows(existing)      PASS = none exists
//   check-access-not-granted: ∃ request: Allows(p) ∧ request ∈ access          PASS = none exists
// Statements at fault are those of the new policy (resp. the policy under check).

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { KeyakiError } from "../diagnostics/diagnostic.js";
import { encodePolicy, encodePolicyInTurns } from "../encode/encode.js";
import { keyTypesOf } from "../encode/key-types.js";
import type { EncodeContext } from "../encode/types.js";
import { evaluatePolicy } from "../eval/evaluate.js";
import type { Request } from "../iam/request.js";
import type { PolicyEvaluation, Tri } from "../eval/types.js";
import { and, not, or } from "../logic/ir.js";
import { DEFAULT_PARTITION, isPartition, PARTITIONS, type Partition } from "../iam/partitions.js";
import type { Pattern } from "../logic/pattern.js";
import type { Policy, Statement } from "../iam/ast.js";
import { accessFormula, accessMatches, parseAccess } from "./access.js";
import { catalogueVersion } from "./catalogue-witness.js";
import { otherPartitionWarnings } from "./partition-warnings.js";
import { checkPolicyType, parseDocuments } from "./documents.js";
import { accessNotGrantedWords, NO_NEW_ACCESS, reasonDescription, type CheckWords } from "./messages.js";
import { ambiguityWarning } from "./locate.js";
import { runProperty, turns, type Property } from "./run.js";
import { statementLocation } from "./statement-location.js";
import { expiry, TimeUp } from "../diagnostics/time-up.js";
import { actionPatterns, restrictToActions, uncoveredAllows } from "./slice.js";
import { triAnd, triNot, triOr } from "../eval/tri.js";
import type { CheckAccessNotGrantedInput, CheckNoNewAccessInput, CheckOptions, CheckResponse, Counterexample } from "./types.js";
import type { Runtime } from "./runtime.js";
import type { Solver } from "../solve/index.js";

const DEFAULT_TIMEOUT_SECONDS = 10;

export function timeoutMs(options: CheckOptions | undefined): number {
  const s = options?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (typeof s !== "number" || !(s > 0) || !Number.isFinite(s))
    throw new KeyakiError("INVALID_TIMEOUT", `timeout \`${String(s)}\` must be a positive number of seconds`);
  return s * 1000;
}

/** The partition of every request of the check (default `aws`); anything else is an error. */
export function partitionOf(options: CheckOptions | undefined): Partition {
  const p = options?.partition ?? DEFAULT_PARTITION;
  if (!isPartition(p))
    throw new KeyakiError("INVALID_PARTITION", `partition \`${String(p)}\` must be one of ${PARTITIONS.map((x) => `\`${x}\``).join(", ")}`);
  return p;
}

/**
 * A check's start: its partition and deadline (the timeout counts from here), its turns, and
 * the test of its deadline for parsing and encoding. The first turn is taken here, so that
 * checks started together all take their deadline before any of them works (run.ts turns).
 */
export async function begin(options: CheckOptions | undefined) {
  const partition = partitionOf(options);
  const deadline = Date.now() + timeoutMs(options);
  const nextTurn = turns();
  await nextTurn();
  return { partition, deadline, nextTurn, expired: expiry(deadline) };
}

export function denied(policy: Policy, e: PolicyEvaluation): Tri {
  return triOr(policy.statements.map((s, i) => (s.effect === "Deny" ? e.statements[i] : false)));
}

function union(...sets: Set<string>[]): Set<string> {
  return new Set(sets.flatMap((s) => [...s]));
}

export async function checkNoNewAccess(
  input: CheckNoNewAccessInput,
  options: CheckOptions | undefined,
  runtime: Runtime,
): Promise<CheckResponse> {
  const type = checkPolicyType(input?.policyType);
  const { partition, deadline, nextTurn, expired } = await begin(options);
  return untilTimeUp(NO_NEW_ACCESS, async () => {
    const { documents, warnings } = parseDocuments(
      [
        { name: "existingPolicyDocument", text: input.existingPolicyDocument },
        { name: "newPolicyDocument", text: input.newPolicyDocument },
      ],
      type,
      expired,
    );
    await nextTurn(); // parsing is one synchronous step; encoding is the next
    const [existing, updated] = documents.map((d) => d.policy);
    const ctx: EncodeContext = { keyTypes: keyTypesOf([existing, updated]), frees: new Map(), expired };
    // Only the update's Allows not covered by an existing one can grant new access, and only
    // through their actions: the question is asked about those (checks/slice.ts).
    const open = runtime.slicing ? uncoveredAllows(existing, updated) : updated.statements.filter((s) => s.effect === "Allow");
    const residual = new Map(open.map((s) => [s.index, s]));
    const cut = { ...updated, statements: updated.statements.map((s) => residual.get(s.index) ?? s) };
    const actions = runtime.slicing ? actionPatterns(open) : undefined;
    const old = await encodePolicyInTurns(restricted(existing, actions), ctx, nextTurn);
    const neu = await encodePolicyInTurns(restricted(cut, actions, true), ctx, nextTurn);
    ctx.expired = undefined; // later encodings (pinpointing) run only while time is left
    // For one statement's reasons, only what shares an action with it matters.
    const contextFor = (i: number) => {
      const own = actionPatterns([residual.get(i)!]);
      return and(not(encodePolicy(restricted(cut, own), ctx).denied), not(encodePolicy(restricted(existing, own), ctx).allows));
    };
    const property: Property = {
      policyType: type,
      partition,
      keyTypes: ctx.keyTypes,
      frees: ctx.frees,
      violation: and(or(...open.map((s) => neu.statements[s.index])), not(neu.denied), not(old.allows)),
      statementCount: updated.statements.length,
      canBeAtFault: (i) => residual.has(i),
      statementAllows: (i) => neu.statements[i],
      faultContext: and(not(neu.denied), not(old.allows)),
      faultContextFor: runtime.slicing ? contextFor : undefined,
      replay(request, frees) {
        const n = evaluatePolicy(updated, request, { keyTypes: ctx.keyTypes, frees });
        const o = evaluatePolicy(existing, request, { keyTypes: ctx.keyTypes, frees });
        const newAccess = triNot(o.allowed);
        const notDenied = triNot(denied(updated, n));
        return {
          violated: triAnd([n.allowed, newAccess]),
          atFault: updated.statements.map((s, i) => (s.effect === "Allow" ? triAnd([n.statements[i], notDenied, newAccess]) : false)),
          touched: union(n.touched, o.touched),
        };
      },
    };
    return respond(property, [existing, updated], updated, NO_NEW_ACCESS, warnings, deadline, runtime.solver);
  });
}

export async function checkAccessNotGranted(
  input: CheckAccessNotGrantedInput,
  options: CheckOptions | undefined,
  runtime: Runtime,
): Promise<CheckResponse> {
  const type = checkPolicyType(input?.policyType);
  const { partition, deadline, nextTurn, expired } = await begin(options);
  const { entry, patterns } = parseAccess(input.access);
  return untilTimeUp(accessNotGrantedWords(entry), async () => {
    const { documents, warnings } = parseDocuments([{ name: "policyDocument", text: input.policyDocument }], type, expired);
    await nextTurn(); // parsing is one synchronous step; encoding is the next
    const policy = documents[0].policy;
    const ctx: EncodeContext = { keyTypes: keyTypesOf([policy]), frees: new Map(), expired };
    // Only the statements' entries that share an action with the access matter (checks/slice.ts).
    const view = restricted(policy, runtime.slicing ? patterns.actions : undefined, true);
    const enc = await encodePolicyInTurns(view, ctx, nextTurn);
    ctx.expired = undefined; // later encodings (pinpointing) run only while time is left
    const inAccess = accessFormula(patterns);
    const property: Property = {
      policyType: type,
      partition,
      keyTypes: ctx.keyTypes,
      frees: ctx.frees,
      violation: and(enc.allows, inAccess),
      statementCount: policy.statements.length,
      canBeAtFault: (i) =>
        view.statements[i].effect === "Allow" && (view.statements[i].action.negated || view.statements[i].action.patterns.length > 0),
      statementAllows: (i) => enc.statements[i],
      faultContext: and(not(enc.denied), inAccess),
      faultContextFor: runtime.slicing
        ? (i) => and(not(encodePolicy(restricted(view, actionPatterns([view.statements[i]])), ctx).denied), inAccess)
        : undefined,
      replay(request, frees) {
        const e = evaluatePolicy(policy, request, { keyTypes: ctx.keyTypes, frees });
        const wanted = accessMatches(patterns, request);
        const notDenied = triNot(denied(policy, e));
        return {
          violated: triAnd([e.allowed, wanted]),
          atFault: policy.statements.map((s, i) => (s.effect === "Allow" ? triAnd([e.statements[i], notDenied, wanted]) : false)),
          touched: e.touched,
        };
      },
    };
    return respond(property, [policy], policy, accessNotGrantedWords(entry), warnings, deadline, runtime.solver);
  });
}

/**
 * Runs a check's body; a TimeUp (the deadline passed while the policies were read or encoded)
 * becomes UNKNOWN with its reason.
 */
export async function untilTimeUp(words: CheckWords, body: () => Promise<CheckResponse>): Promise<CheckResponse> {
  try {
    return await body();
  } catch (e) {
    if (!(e instanceof TimeUp)) throw e;
    return { result: "UNKNOWN", message: words.unknown, reasons: [], unknownReason: e.message };
  }
}

/**
 * The policy as seen by requests whose action matches one of `actions` (all of it when
 * undefined): Action entries sharing no action with them removed (checks/slice.ts), and
 * statements left with none dropped unless `keepPositions` (statement i must stay at i).
 */
function restricted(p: Policy, actions: Pattern[] | undefined, keepPositions = false): Policy {
  if (!actions) return p;
  const view = restrictToActions(p, actions);
  return keepPositions ? view : { ...view, statements: view.statements.filter((s) => s.action.negated || s.action.patterns.length > 0) };
}

export async function respond(
  property: Property,
  policies: Policy[],
  underCheck: Policy,
  words: CheckWords,
  warnings: Diagnostic[],
  /** Date.now() value by which the check must answer: parsing and encoding count too. */
  deadline: number,
  solver: Solver,
): Promise<CheckResponse> {
  const outcome = await runProperty(property, solver, deadline - Date.now());
  const spellings = keySpellings(policies);
  const documentNames = policies.length === 2 ? ["existingPolicyDocument", "newPolicyDocument"] : ["policyDocument"];
  const elsewhere = otherPartitionWarnings(policies, documentNames, property.partition);
  const withDiagnostics = (r: CheckResponse, extra: Diagnostic[] = []): CheckResponse => {
    const all = [...warnings, ...elsewhere, ...extra];
    return all.length > 0 ? { ...r, diagnostics: all } : r;
  };
  switch (outcome.kind) {
    case "pass":
      return withDiagnostics({ result: "PASS", message: words.pass, reasons: [] });
    case "unknown": {
      const r = withDiagnostics({ result: "UNKNOWN", message: words.unknown, reasons: [] });
      return { ...r, unknownReason: outcome.reason };
    }
    case "fail": {
      const underCheckName = documentNames[policies.indexOf(underCheck)];
      const reasons = outcome.statements.map((i) => {
        const sid = underCheck.statements[i].sid;
        return {
          description: reasonDescription(words, i, sid),
          statementIndex: i,
          // `"Sid": ""` is no Sid: AWS omits statementId for a statement without one.
          ...(sid !== undefined && sid !== "" ? { statementId: sid } : {}),
          location: statementLocation(underCheck.statements[i], underCheckName),
        };
      });
      const head = {
        result: "FAIL" as const,
        message: words.fail,
        reasons,
        counterexample: counterexample(outcome.counterexample, spellings),
      };
      return withDiagnostics(head, [
        ...outcome.ambiguities.map((c) => ambiguityWarning(c, policies, documentNames)),
        ...outcome.unexamined.map((i) => unexaminedWarning(underCheck.statements[i], underCheckName)),
        ...(outcome.onlyUncatalogued ? [uncataloguedWarning(underCheck.statements[outcome.statements[0] ?? 0], underCheckName)] : []),
      ]);
    }
  }
}

/**
 * Only actions the catalogue does not list witness the FAIL (open world: a wildcard also grants
 * tomorrow's actions): located at the Action element of the first statement at fault.
 */
function uncataloguedWarning(s: Statement | undefined, document: string): Diagnostic {
  const { line, column, offset, path } = s?.action.loc ?? { line: 1, column: 1, offset: 0, path: "" };
  return {
    severity: "warning",
    code: "UNCATALOGUED_ACTIONS_ONLY",
    message:
      `only actions that the action catalogue (${catalogueVersion() ?? "unavailable"}) does not list witness this FAIL: ` +
      "it holds for actions AWS may add, and for none it lists today",
    line,
    column,
    offset,
    path,
    document,
  };
}

/** A statement pinpointing could not examine in time: the reasons may be missing it. */
function unexaminedWarning(s: Statement, document: string): Diagnostic {
  const { line, column, offset, path } = s.loc;
  return {
    severity: "warning",
    code: "STATEMENT_NOT_EXAMINED",
    message: "the check ran out of time before deciding whether this statement also grants the access, so the reasons may be incomplete",
    line,
    column,
    offset,
    path,
    document,
  };
}

/** Context keys as the policy first spells them (keys compare case-insensitively). */
function keySpellings(policies: Policy[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of policies)
    for (const s of p.statements) for (const c of s.conditions) if (!out.has(c.key.toLowerCase())) out.set(c.key.toLowerCase(), c.key);
  return out;
}

function counterexample(r: Request, spellings: Map<string, string>): Counterexample {
  const context = Object.fromEntries(
    Object.entries(r.context)
      .map(([k, v]) => [spellings.get(k.toLowerCase()) ?? k, v] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return { ...(r.principal !== undefined ? { principal: r.principal } : {}), action: r.action, resource: r.resource, context };
}
