// Benchmark of `findings` on generated S3 bucket policies of the size where AWS's service and a
// published re-implementation ran past an hour (issue 5): 11–15 statements over 5–6 condition
// keys that findings report, values fixed or wildcarded, a few Deny statements, principals `*`
// or accounts. Seeded: the same seed gives the same policies. Prints, per policy, the time of
// one `findings` call (parse, encode, every solver query, the completeness proof), the number of
// findings and whether completeness was proved.
// Run: npx tsc -p . ; node dist/bench/findings.js [--seed N] [--count N]

import { performance } from "node:perf_hooks";
import { close, findings } from "../src/index.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACCOUNTS = ["123456789012", "111122223333", "444455556666", "777788889999"];
const KEYS: Array<{ key: string; values: string[]; ops: string[] }> = [
  { key: "aws:SourceVpc", values: ["vpc-1a2b3c4d", "vpc-5e6f7a8b", "vpc-*"], ops: ["StringEquals", "StringLike", "StringNotEquals"] },
  { key: "aws:SourceVpce", values: ["vpce-0a1b2c3d", "vpce-4e5f6a7b", "vpce-*"], ops: ["StringEquals", "StringLike"] },
  {
    key: "aws:PrincipalArn",
    values: ACCOUNTS.flatMap((a) => [`arn:aws:iam::${a}:role/app`, `arn:aws:iam::${a}:user/*`]),
    ops: ["ArnLike", "ArnEquals", "ArnNotLike"],
  },
  {
    key: "aws:SourceIp",
    values: ["203.0.113.0/24", "198.51.100.0/24", "192.0.2.0/28", "0.0.0.0/0", "10.0.0.0/8"],
    ops: ["IpAddress", "NotIpAddress"],
  },
  { key: "aws:PrincipalOrgID", values: ["o-abcdefghij", "o-klmnopqrst", "o-*"], ops: ["StringEquals", "StringLike"] },
  { key: "aws:SourceAccount", values: ACCOUNTS, ops: ["StringEquals"] },
  { key: "aws:userid", values: ["AROAEXAMPLEROLEID:*", "AIDAEXAMPLEUSERID", "*"], ops: ["StringLike"] },
];
const ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject", "s3:Get*", "s3:*", "s3:GetObjectVersion"];
const RESOURCES = [
  "arn:aws:s3:::bench-bucket",
  "arn:aws:s3:::bench-bucket/*",
  "arn:aws:s3:::bench-bucket/public/*",
  "arn:aws:s3:::bench-bucket/logs/*",
];

export function generatePolicy(r: () => number): { text: string; keys: number; statements: number } {
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const keys = [...KEYS].sort(() => r() - 0.5).slice(0, 5 + Math.floor(r() * 2));
  const n = 11 + Math.floor(r() * 5);
  const statements: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const condition: Record<string, Record<string, string | string[]>> = {};
    const used = keys.filter(() => r() < 0.45);
    for (const k of used) {
      const op = pick(k.ops);
      const values = [...new Set([pick(k.values), ...(r() < 0.3 ? [pick(k.values)] : [])])];
      condition[op] = { ...(condition[op] ?? {}), [k.key]: values.length === 1 ? values[0] : values };
    }
    statements.push({
      Sid: `S${i}`,
      Effect: r() < 0.8 ? "Allow" : "Deny",
      Principal: r() < 0.6 ? "*" : { AWS: pick(ACCOUNTS) },
      Action: r() < 0.5 ? pick(ACTIONS) : [pick(ACTIONS), pick(ACTIONS)],
      Resource: pick(RESOURCES),
      ...(used.length > 0 ? { Condition: condition } : {}),
    });
  }
  return { text: JSON.stringify({ Version: "2012-10-17", Statement: statements }), keys: keys.length, statements: n };
}

async function main(): Promise<void> {
  const seed = arg("seed", 20260101);
  const count = arg("count", 20);
  const r = prng(seed);
  console.log(`findings on ${count} generated S3 bucket policies (seed ${seed}); zone of trust: account 123456789012\n`);
  console.log("policy  statements  keys  findings  complete  time (ms)");
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const p = generatePolicy(r);
    const t0 = performance.now();
    const out = await findings(
      { policyDocument: p.text, resourceType: "AWS::S3::Bucket", trustedAccounts: ["123456789012"] },
      { timeoutSeconds: 60 },
    );
    const ms = performance.now() - t0;
    times.push(ms);
    const complete = out.unknownReason === undefined ? "proved" : "UNKNOWN";
    console.log(
      `${String(i + 1).padStart(6)}  ${String(p.statements).padStart(10)}  ${String(p.keys).padStart(4)}  ${String(out.findings.length).padStart(8)}  ${complete.padStart(8)}  ${ms.toFixed(0).padStart(9)}`,
    );
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(
    `\nmedian ${median.toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms, under 1 s: ${times.filter((t) => t < 1000).length}/${times.length}`,
  );
  await close();
}

await main();
