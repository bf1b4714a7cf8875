// REDUNDANT_STATEMENT, decided by keyaki's engine where AWS compares text.
// AWS's rule is syntactic: a statement equal to another one. keyaki's is semantic:
//   - an Allow is redundant iff the policy without it allows the same requests: the
//     check-no-new-access from the policy without it to the policy is PASS;
//   - a Deny is redundant iff the policy's other Denies deny every request it denies: the
//     check-no-new-access from the other Denies (read as Allows) to it (read as an Allow) is PASS.
//     Not "the policy allows nothing more without it": a Deny also denies what other policies
//     allow, so a Deny that meets no Allow of its own policy is not redundant.
// Statements are tried from the last to the first, and one found redundant is left out of the
// policy the next ones are compared with: the statements reported can all be removed together
// (of two equal statements, the later is reported, as AWS does). The engine is asked only about a
// statement every action entry of which shares some action with another statement of its effect
// (checks/slice.ts-style syntax first): otherwise some action is granted or denied by it alone,
// and it is redundant only if it grants (denies) nothing at all, which is not reported.
// When the engine does not answer (time, or a document with errors, which no check accepts), the
// syntactic rule alone decides, and the details say the engine did not confirm it.
// Contract: reports only; the engine's questions stop at the deadline.

import { checkNoNewAccess } from "../checks/api.js";
import { globPattern, patternsIntersect, type Pattern } from "../logic/pattern.js";
import type { ValidateContext } from "./context.js";
import type { Semantic } from "./security.js";

type Json = unknown;

/** A statement's text without its Sid, objects' keys sorted: equal iff the statements are equal but for Sid. */
function canonicalKey(s: Json): string {
  const sorted = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(sorted);
    if (typeof v !== "object" || v === null) return v;
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sorted((v as Record<string, Json>)[k])]),
    );
  };
  const { Sid: _sid, ...rest } =
    typeof s === "object" && s !== null && !Array.isArray(s) ? (s as Record<string, Json>) : { Sid: undefined, value: s };
  return JSON.stringify(sorted(rest));
}

/** The statements as JSON values, or undefined when the text does not read as a policy. */
function statementsOf(text: string): { doc: Record<string, Json>; all: Json[] } | undefined {
  try {
    const doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as Record<string, Json>;
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return undefined;
    const st = doc.Statement;
    return { doc, all: Array.isArray(st) ? st : st !== undefined ? [st] : [] };
  } catch {
    return undefined;
  }
}

type Verdict = "redundant" | "needed" | { unknown: string };

const field = (s: Json, k: string): Json => (typeof s === "object" && s !== null ? (s as Record<string, Json>)[k] : undefined);
const list = (v: Json): Json[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

// Each statement's action patterns are made once (a policy may have thousands of statements).
const actionCache = new WeakMap<object, Pattern[] | "any">();

/** A statement's action entries as patterns, or "any" for NotAction (it may share any action). */
function actionsOf(s: Json): Pattern[] | "any" {
  const cached = typeof s === "object" && s !== null ? actionCache.get(s) : undefined;
  if (cached) return cached;
  const out: Pattern[] | "any" =
    field(s, "NotAction") !== undefined ? "any" : list(field(s, "Action")).map((a) => globPattern(String(a).toLowerCase(), true));
  if (typeof s === "object" && s !== null) actionCache.set(s, out);
  return out;
}

/** Does every action entry of statement i share an action with another statement of its effect? */
function shares(all: Json[], i: number): boolean {
  const mine = actionsOf(all[i]);
  const effect = field(all[i], "Effect");
  const others = all.filter((s, k) => k !== i && field(s, "Effect") === effect).map(actionsOf);
  if (others.includes("any")) return true;
  if (mine === "any") return false;
  return mine.every((p) => others.some((o) => (o as Pattern[]).some((q) => patternsIntersect(p, q))));
}

async function decide(ctx: ValidateContext, doc: Record<string, Json>, kept: Json[], i: number, semantic: Semantic): Promise<Verdict> {
  const remaining = semantic.deadline - Date.now();
  if (remaining < 50) return { unknown: "the time ran out" };
  const policyType = ctx.type === "IDENTITY_POLICY" || ctx.type === "SERVICE_CONTROL_POLICY" ? "IDENTITY_POLICY" : "RESOURCE_POLICY";
  const deny = field(kept[i], "Effect") === "Deny";
  const asAllow = (s: Json) => ({ ...(s as Record<string, Json>), Effect: "Allow" });
  const pair = deny
    ? {
        existingPolicyDocument: JSON.stringify({
          ...doc,
          Statement: kept.filter((s, k) => k !== i && field(s, "Effect") === "Deny").map(asAllow),
        }),
        newPolicyDocument: JSON.stringify({ ...doc, Statement: [asAllow(kept[i])] }),
      }
    : {
        existingPolicyDocument: JSON.stringify({ ...doc, Statement: kept.filter((_, k) => k !== i) }),
        newPolicyDocument: JSON.stringify({ ...doc, Statement: kept }),
      };
  try {
    const r = await checkNoNewAccess({ ...pair, policyType }, { timeoutSeconds: remaining / 1000 }, semantic.runtime);
    return r.result === "PASS" ? "redundant" : r.result === "FAIL" ? "needed" : { unknown: r.unknownReason ?? "the solver gave no answer" };
  } catch (e) {
    return { unknown: e instanceof Error ? e.message : String(e) };
  }
}

export async function redundantStatements(ctx: ValidateContext, semantic: Semantic | undefined): Promise<void> {
  const read = statementsOf(ctx.text);
  if (!read || read.all.length < 1) return;
  const { doc, all } = read;
  const pointerOf = (i: number) => (Array.isArray(doc.Statement) ? `/Statement/${i}` : "/Statement");
  // The first statement with each text (but for Sid): a later one with the same text repeats it.
  const keys = all.map(canonicalKey);
  const first = new Map<string, number>();
  keys.forEach((key, i) => first.has(key) || first.set(key, i));
  const duplicateOf = (i: number) => (first.get(keys[i])! < i ? first.get(keys[i])! : -1);
  const engine = semantic?.policy !== undefined;
  // Positions in `kept` of the original statements still in it.
  let kept = all.slice();
  let index = all.map((_, i) => i);
  for (let i = all.length - 1; i >= 0; i--) {
    const dup = duplicateOf(i);
    const at = dup >= 0 ? [pointerOf(i), pointerOf(dup)] : [pointerOf(i)];
    const twin = dup >= 0 ? `it repeats statement ${dup}` : undefined;
    if (!engine) {
      const why = semantic ? " (keyaki's engine did not confirm it: the document has errors, and no check reads such a document)" : "";
      if (twin) ctx.report("REDUNDANT_STATEMENT", `statement ${i} is redundant: ${twin}${why}`, at);
      continue;
    }
    const k = index.indexOf(i);
    // Past the deadline not even the syntactic pre-check runs (it is quadratic in the statements).
    const verdict: Verdict =
      Date.now() >= semantic!.deadline
        ? { unknown: "the time ran out" }
        : shares(kept, k)
          ? await decide(ctx, doc, kept, k, semantic!)
          : "needed";
    if (verdict === "redundant") {
      const effect =
        field(all[i], "Effect") === "Deny"
          ? "denies nothing the policy's other Deny statements do not deny"
          : "allows nothing the rest of the policy does not allow";
      ctx.report(
        "REDUNDANT_STATEMENT",
        `statement ${i} ${effect}${twin ? ` (${twin})` : ""}: keyaki proves the policy grants the same access without it${kept.length < all.length ? " and without the other redundant statements reported" : ""}`,
        at,
      );
      kept = kept.filter((_, j) => j !== k);
      index = index.filter((_, j) => j !== k);
    } else if (verdict !== "needed" && twin) {
      ctx.report(
        "REDUNDANT_STATEMENT",
        `statement ${i} is redundant: ${twin} (keyaki's engine did not confirm it: ${verdict.unknown})`,
        at,
      );
    }
  }
}
