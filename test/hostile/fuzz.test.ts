// Issue 11: a fuzz test. Real policies (AWS managed policies and the examples), mutated — hostile
// strings in every position, structural edits, truncation, stray bytes, repeated keys — through
// every check in turn. Each run must end with an answer (PASS, FAIL, UNKNOWN, findings) or a
// KeyakiError with a stable code and located diagnostics: never an exception of another kind,
// never INTERNAL_ERROR / INTERNAL_PARSE_ERROR, never past a generous bound for its timeout.
// KEYAKI_FUZZ_RUNS sets the count (npm test: a small one; npm run test:deep: 100,000), and
// KEYAKI_FUZZ_SEED the seed; a failure names the run's seed so it can be replayed alone.

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadCorpus } from "../../bench/corpus.js";
import { mulberry32, type Rng } from "../../bench/prng.js";
import {
  checkAccessNotGranted,
  checkNoExternalAccess,
  checkNoNewAccess,
  checkNoPublicAccess,
  close,
  findings,
  KeyakiError,
} from "../../src/index.js";
import { RESOURCE_TYPES } from "../../src/checks/public-rules.js";

afterAll(() => close());

const RUNS = Number(process.env.KEYAKI_FUZZ_RUNS ?? 120);
const SEED = Number(process.env.KEYAKI_FUZZ_SEED ?? 20261205);
const TIMEOUT_S = 0.25;
/** A run may take this long before it counts as a hang (the machine is shared and noisy). */
const HANG_BOUND_MS = 5_000;

const EXAMPLES = join(import.meta.dirname, "..", "..", "examples");

function seeds(): { identity: object[]; resource: object[] } {
  const corpus = loadCorpus();
  // Every 7th managed policy (its latest version): varied shapes, a bounded memory cost.
  const identity = corpus.filter((_, i) => i % 7 === 0).map((p) => p.latestDocument);
  const resource = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(join(EXAMPLES, f), "utf8")) as object)
    .filter((d) => JSON.stringify(d).includes("Principal"));
  return { identity, resource };
}

const HOSTILE_STRINGS = (r: Rng): string[] => [
  "a*".repeat(r.range(1, 128)),
  "*?".repeat(r.range(1, 128)),
  "arn:aws:s3:::" + "a*".repeat(r.range(1, 120)),
  "arn:aws:iam::*:" + "*?".repeat(r.range(1, 60)),
  "",
  "*",
  "?",
  "${aws:username}" + "*".repeat(r.range(0, 5)),
  "${aws:PrincipalTag/${aws:username}}",
  "${",
  "${*}${?}${$}",
  "x".repeat(r.range(1, 2100)),
  "é\u0000\u001f\u2028",
  "arn:aws:s3:::b/" + "x*".repeat(r.range(1, 40)),
  "s3:" + "*".repeat(r.range(1, 10)),
  "111122223333",
  "o-abcdefghij",
  "10.0.0.0/8",
  "2026-01-01T00:00:00Z",
  "true",
];

const KEYS = [
  "aws:PrincipalTag/team",
  "aws:SourceArn",
  "aws:PrincipalArn",
  "aws:SourceIp",
  "aws:CurrentTime",
  "s3:prefix",
  "aws:userid",
  "aws:PrincipalOrgID",
  "",
  "aws:username",
  "kms:CallerAccount",
];
const OPERATORS = [
  "StringLike",
  "StringEquals",
  "StringNotLike",
  "ArnLike",
  "ArnNotLike",
  "ForAnyValue:StringLike",
  "ForAllValues:StringEquals",
  "StringLikeIfExists",
  "IpAddress",
  "DateLessThan",
  "Bool",
  "Null",
  "NumericLessThan",
  "BogusOperator",
];

/** One structural mutation of a parsed policy (in place). */
function mutateObject(doc: Record<string, unknown>, r: Rng, resource: boolean): void {
  const statements = (Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : []) as Record<string, unknown>[];
  doc.Statement = statements;
  if (statements.length === 0) statements.push({ Effect: "Allow", Action: "*", Resource: "*" });
  const s = r.pick(statements);
  const hostile = r.pick(HOSTILE_STRINGS(r));
  // Mostly mutations that keep the policy valid (so the checks run), some that break it.
  const kind = r.pick([0, 0, 0, 1, 1, 1, resource ? 2 : 1, 4, 3, 5, 6, 7, 8]);
  switch (kind) {
    case 0: {
      const element = r.pick(["Action", "Resource"]);
      s[element in s || !(`Not${element}` in s) ? element : `Not${element}`] = r.chance(0.5)
        ? hostile
        : [hostile, r.pick(HOSTILE_STRINGS(r))];
      break;
    }
    case 1:
      s.Condition = { ...(s.Condition as object), [r.pick(OPERATORS)]: { [r.pick(KEYS)]: r.chance(0.7) ? hostile : [hostile, "x"] } };
      break;
    case 2:
      s.Principal = r.pick(["*", { AWS: hostile }, { AWS: ["*", "111122223333"] }, { Service: hostile }, { Federated: hostile }]);
      break;
    case 3:
      s.Effect = r.pick(["Allow", "Deny", "allow", hostile]);
      break;
    case 4:
      for (let k = r.range(1, 40); k > 0; k--) statements.push(structuredClone(r.pick(statements)));
      break;
    case 5:
      delete s[r.pick(Object.keys(s))];
      break;
    case 6:
      s[r.pick(Object.keys(s))] = r.pick([1, true, null, {}, [], [[]], { a: { b: 1 } }]);
      break;
    case 7:
      doc.Version = r.pick(["2012-10-17", "2008-10-17", hostile]);
      break;
    default:
      s.Sid = hostile;
  }
}

/** One textual mutation (truncation, a stray character, a repeated key, a cut-and-paste). */
function mutateText(text: string, r: Rng): string {
  const at = r.int(text.length + 1);
  switch (r.int(5)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return text.slice(0, at) + r.pick(["{", "}", "[", "]", ",", ":", '"', "\\", "\u0000", "\uD800", "\uFEFF", "é"]) + text.slice(at);
    case 2: {
      const key = r.pick(['"Effect"', '"Action"', '"Resource"', '"Statement"', '"Condition"']);
      const k = text.indexOf(key);
      if (k < 0) return text;
      const end = text.indexOf(",", k);
      return end < 0 ? text : text.slice(0, end + 1) + text.slice(k, end + 1) + text.slice(end + 1);
    }
    case 3:
      return text.slice(0, at) + text.slice(r.int(text.length + 1));
    default:
      return text.slice(0, at) + text.slice(at + 1);
  }
}

type Outcome = { kind: string; ms: number };

async function runOne(seed: number, pool: { identity: object[]; resource: object[] }): Promise<Outcome> {
  const r = mulberry32(seed);
  const check = r.int(5);
  const resource = check >= 2;
  const base = structuredClone(r.pick(resource ? pool.resource : pool.identity)) as Record<string, unknown>;
  for (let k = r.range(1, 3); k > 0; k--) mutateObject(base, r, resource);
  let text = JSON.stringify(base, null, r.chance(0.5) ? 2 : undefined);
  if (r.chance(0.15)) text = mutateText(text, r);
  const options = { timeoutSeconds: TIMEOUT_S };
  const started = Date.now();
  const zone = {
    resourceType: r.pick(RESOURCE_TYPES),
    trustedAccounts: ["111122223333"],
    ...(r.chance(0.3) ? { trustedOrganizations: ["o-abcdefghij"] } : {}),
  };
  try {
    let kind: string;
    if (check === 0) {
      const other = JSON.stringify(r.pick(pool.identity));
      const [a, b] = r.chance(0.5) ? [other, text] : [text, other];
      kind = (
        await checkNoNewAccess(
          { existingPolicyDocument: a, newPolicyDocument: b, policyType: r.chance(0.8) ? "IDENTITY_POLICY" : "RESOURCE_POLICY" },
          options,
        )
      ).result;
    } else if (check === 1) {
      const access = [
        {
          actions: r.chance(0.8) ? ["s3:GetObject", "iam:PassRole"] : ["*"],
          ...(r.chance(0.3) ? { resources: ["arn:aws:s3:::b/*"] } : {}),
        },
      ];
      kind = (await checkAccessNotGranted({ policyDocument: text, access, policyType: "IDENTITY_POLICY" }, options)).result;
    } else if (check === 2) kind = (await checkNoPublicAccess({ policyDocument: text, resourceType: zone.resourceType }, options)).result;
    else if (check === 3) kind = (await checkNoExternalAccess({ policyDocument: text, ...zone }, options)).result;
    else {
      const f = await findings({ policyDocument: text, ...zone }, options);
      kind = `FINDINGS${f.unknownReason ? "?" : ""}`;
    }
    return { kind, ms: Date.now() - started };
  } catch (e) {
    const ms = Date.now() - started;
    if (!(e instanceof KeyakiError)) throw new Error(`seed ${seed}: ${e instanceof Error ? e.stack : String(e)}`);
    if (/^INTERNAL/.test(e.code)) throw new Error(`seed ${seed}: ${e.code}: ${e.message}`);
    for (const d of e.diagnostics)
      if (!(d.line >= 1 && d.column >= 1 && d.offset >= 0)) throw new Error(`seed ${seed}: unlocated diagnostic ${JSON.stringify(d)}`);
    return { kind: `ERROR ${e.code}`, ms };
  }
}

describe(`fuzz: mutated real policies through every check (${RUNS} documents, seed ${SEED})`, () => {
  it(
    "every run answers or is a located KeyakiError, within its bound",
    async () => {
      const pool = seeds();
      const counts: Record<string, number> = {};
      let slowest = { ms: 0, seed: 0 };
      for (let i = 0; i < RUNS; i++) {
        const seed = (SEED + i * 0x9e3779b1) >>> 0;
        const o = await runOne(seed, pool);
        counts[o.kind] = (counts[o.kind] ?? 0) + 1;
        if (o.ms > slowest.ms) slowest = { ms: o.ms, seed };
        expect(o.ms, `seed ${seed} (${o.kind}) took ${o.ms} ms with a ${TIMEOUT_S} s timeout`).toBeLessThan(HANG_BOUND_MS);
      }
      console.log(`fuzz: ${RUNS} documents, outcomes ${JSON.stringify(counts)}, slowest ${slowest.ms} ms (seed ${slowest.seed})`);
      // The mutations reach the checks, not only the parser.
      if (RUNS >= 100) expect(Object.keys(counts).filter((k) => k !== "ERROR").length).toBeGreaterThan(1);
    },
    Math.max(60_000, RUNS * 2_000),
  );
});
