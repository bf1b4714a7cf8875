// REDUNDANT_STATEMENT, decided by keyaki's engine where AWS compares text.
// AWS's rule is syntactic: a statement equal to another one. keyaki's is semantic: a statement
// is redundant iff the policy without it grants exactly the same access — for an Allow, the
// check-no-new-access from the policy without it to the policy is PASS (it adds nothing); for a
// Deny, the check-no-new-access from the policy to the policy without it is PASS (it takes
// nothing away). Statements are tried from the last to the first, and one found redundant is left
// out of the policy the next ones are compared with: the statements reported can all be removed
// together (of two equal statements, the later is reported, as AWS does).
// When the engine does not answer (time, or a document with errors, which no check accepts), the
// syntactic rule alone decides, and the details say the engine did not confirm it.
// Contract: reports only; the engine's questions stop at the deadline.

import { checkNoNewAccess } from "../checks/api.js";
import type { ValidateContext } from "./context.js";
import type { Semantic } from "./security.js";

type Json = unknown;

/** JSON equality, objects compared without regard to key order. */
function same(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as Json[]).length && a.every((x, i) => same(x, (b as Json[])[i]));
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return same(ka, kb) && ka.every((k) => same((a as Record<string, Json>)[k], (b as Record<string, Json>)[k]));
}

function withoutSid(s: Json): Json {
  if (typeof s !== "object" || s === null) return s;
  const { Sid: _sid, ...rest } = s as Record<string, Json>;
  return rest;
}

/** The statements as JSON values, or undefined when the text does not read as a policy. */
function statementsOf(text: string): { doc: Record<string, Json>; list: Json[] } | undefined {
  try {
    const doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as Record<string, Json>;
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return undefined;
    const st = doc.Statement;
    const list = Array.isArray(st) ? st : st !== undefined ? [st] : [];
    return { doc, list };
  } catch {
    return undefined;
  }
}

type Verdict = "redundant" | "needed" | { unknown: string };

async function decide(ctx: ValidateContext, doc: Record<string, Json>, kept: Json[], i: number, semantic: Semantic): Promise<Verdict> {
  const remaining = semantic.deadline - Date.now();
  if (remaining < 50) return { unknown: "the time ran out" };
  const policyType = ctx.type === "IDENTITY_POLICY" || ctx.type === "SERVICE_CONTROL_POLICY" ? "IDENTITY_POLICY" : "RESOURCE_POLICY";
  const full = JSON.stringify({ ...doc, Statement: kept });
  const less = JSON.stringify({ ...doc, Statement: kept.filter((_, k) => k !== i) });
  const deny = (kept[i] as Record<string, Json>).Effect === "Deny";
  try {
    const r = await checkNoNewAccess(
      deny ? { existingPolicyDocument: full, newPolicyDocument: less, policyType } : { existingPolicyDocument: less, newPolicyDocument: full, policyType },
      { timeoutSeconds: remaining / 1000 },
    );
    return r.result === "PASS" ? "redundant" : r.result === "FAIL" ? "needed" : { unknown: r.unknownReason ?? "the solver gave no answer" };
  } catch (e) {
    return { unknown: e instanceof Error ? e.message : String(e) };
  }
}

export async function redundantStatements(ctx: ValidateContext, semantic: Semantic | undefined): Promise<void> {
  const read = statementsOf(ctx.text);
  if (!read || read.list.length < 1) return;
  const { doc, list } = read;
  const pointerOf = (i: number) => (Array.isArray(doc.Statement) ? `/Statement/${i}` : "/Statement");
  const duplicateOf = (i: number) => list.findIndex((s, j) => j < i && same(withoutSid(s), withoutSid(list[i])));
  const engine = semantic?.policy !== undefined;
  // Positions in `kept` of the original statements still in it.
  let kept = list.slice();
  let index = list.map((_, i) => i);
  for (let i = list.length - 1; i >= 0; i--) {
    const dup = duplicateOf(i);
    const at = dup >= 0 ? [pointerOf(i), pointerOf(dup)] : [pointerOf(i)];
    const twin = dup >= 0 ? `it repeats statement ${dup}` : undefined;
    if (!engine) {
      if (twin) ctx.report("REDUNDANT_STATEMENT", `statement ${i} is redundant: ${twin}`, at);
      continue;
    }
    const verdict = await decide(ctx, doc, kept, index.indexOf(i), semantic!);
    if (verdict === "redundant") {
      const effect = (list[i] as Record<string, Json>).Effect === "Deny" ? "denies nothing the rest of the policy does not deny" : "allows nothing the rest of the policy does not allow";
      ctx.report("REDUNDANT_STATEMENT", `statement ${i} ${effect}${twin ? ` (${twin})` : ""}: keyaki proves the policy grants the same access without it${kept.length < list.length ? " and without the other redundant statements reported" : ""}`, at);
      const k = index.indexOf(i);
      kept = kept.filter((_, j) => j !== k);
      index = index.filter((_, j) => j !== k);
    } else if (verdict !== "needed" && twin) {
      ctx.report("REDUNDANT_STATEMENT", `statement ${i} is redundant: ${twin} (keyaki's engine did not confirm it: ${verdict.unknown})`, at);
    }
  }
}
