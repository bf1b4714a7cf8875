// Check-level cross-check: random policies and small mutations of them (an edited value, a
// swapped operator, a flipped effect: where wrong answers were found), each pair checked as keyaki
// checks it and by Z3 alone on the whole question (an instance with engine z3, slicing off: no slicing,
// no case split, no abstraction). Any PASS/FAIL disagreement fails the test; UNKNOWN (Z3 often
// runs out of time) is counted, not compared. check-access-not-granted is cross-checked the same
// way with the mutated policy's own actions. KEYAKI_CROSS_RUNS sets the count (npm test: 40 pairs;
// test:deep: 2,000 — Z3 takes about a second per pair here), KEYAKI_CHECK_SEED the seed.

import { afterAll, expect, it } from "vitest";
import { checkAccessNotGranted, checkNoNewAccess, close, createKeyaki } from "../../src/index.js";
import type { CheckResponse } from "../../src/index.js";
import { parsePolicy } from "../../src/policy/parse.js";
import { mutateDocument, validPairs } from "./random-policies.js";

/** Z3 alone on the unsliced question: an instance of its own, with its own engines. */
const whole = createKeyaki({ engine: "z3", slicing: false, strict: true });

afterAll(() => Promise.all([close(), whole.close()]));

const RUNS = Number(process.env.KEYAKI_CROSS_RUNS ?? 40);
const SEED = Number(process.env.KEYAKI_CHECK_SEED ?? 20_261_205);
/** Z3 on the whole question gets this long; keyaki's own path gets its default. */
const Z3_SECONDS = Number(process.env.KEYAKI_CROSS_Z3_SECONDS ?? 3);

it(`check-no-new-access and check-access-not-granted: the default path and Z3 on the whole question agree (${RUNS} pairs)`, async () => {
  const tally: Record<string, number> = {};
  const count = (k: string) => void (tally[k] = (tally[k] ?? 0) + 1);
  const compare = (label: string, mine: CheckResponse, z3: CheckResponse) => {
    count(`${mine.result}/${z3.result}`);
    if (mine.result === "UNKNOWN" || z3.result === "UNKNOWN") return;
    expect(
      mine.result,
      `${label}\nkeyaki: ${mine.result}, z3 alone: ${z3.result}\n${JSON.stringify(mine.counterexample ?? z3.counterexample)}`,
    ).toBe(z3.result);
  };
  // Seeds from the differential generator; each existing policy is mutated into the new one.
  const pairs = validPairs(RUNS, SEED).flatMap((q) => [q.ta, q.tb].map((text) => ({ text, type: q.a.type })));
  let done = 0;
  for (const [i, { text, type }] of pairs.entries()) {
    if (done >= RUNS) break;
    const mutated = mutateDocument(text, SEED + i);
    if (!mutated || !parsePolicy(mutated, type).policy) continue;
    done++;
    const label = `pair ${i} (${type}):\n  existing ${text}\n  new      ${mutated}`;
    const request = { existingPolicyDocument: text, newPolicyDocument: mutated, policyType: type };
    compare(label, await checkNoNewAccess(request), await whole.checkNoNewAccess(request, { timeoutSeconds: Z3_SECONDS }));
    const policy = JSON.parse(mutated) as { Statement: Array<{ Action?: string | string[] }> };
    const actions = [...new Set([policy.Statement].flat().flatMap((s) => [s.Action ?? []].flat()))]
      .filter((x) => /^[a-z0-9-]+:[A-Za-z0-9]+$/.test(x))
      .slice(0, 3);
    if (actions.length === 0) continue;
    const access = { policyDocument: mutated, access: [{ actions }], policyType: type };
    compare(
      `${label}\n  access ${actions}`,
      await checkAccessNotGranted(access),
      await whole.checkAccessNotGranted(access, { timeoutSeconds: Z3_SECONDS }),
    );
  }
  console.log(`cross-check: ${done} pairs, keyaki/z3 verdicts ${JSON.stringify(tally)}`);
  expect(done).toBe(RUNS);
  // Z3 must decide enough of them, or the test proves little.
  const decided = Object.entries(tally)
    .filter(([k]) => !k.includes("UNKNOWN"))
    .reduce((n, [, c]) => n + c, 0);
  expect(decided).toBeGreaterThan(RUNS / 2);
}, 3_600_000);
