// The Z3 engine: answers per atom kind, validated models, crash recovery, lifecycle.
// Deterministic bounds (resourceLimit) and generous wall-clock timeouts throughout.

import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { globPattern, literalPattern } from "../../src/logic/pattern.js";
import { evaluateFormula } from "../../src/logic/evaluate.js";
import { and, cmp, boolVar, match, not, or, TRUE, FALSE, type Formula, type Sort, type Vars } from "../../src/logic/ir.js";
import { rational } from "../../src/logic/rational.js";
import type { SolveResult } from "../../src/solve/engine.js";
import { createZ3Engine } from "../../src/solve/z3/index.js";

const engine = createZ3Engine();
afterAll(() => engine.close());

const OPTS = { timeoutMs: 30_000, resourceLimit: 50_000_000 };
const STR: Sort = { sort: "string" };
const BOOL: Sort = { sort: "bool" };
const INT: Sort = { sort: "ordered", integer: true };
const REAL: Sort = { sort: "ordered", integer: false };

function vars(entries: Record<string, Sort>): Vars {
  return new Map(Object.entries(entries));
}

async function solve(f: Formula, v: Vars): Promise<SolveResult> {
  const r = await engine.solve(f, v, OPTS);
  if (r.status === "sat") expect(evaluateFormula(f, r.model)).toBe(true);
  if (r.status === "unknown") console.log("UNKNOWN", r.reason);
  return r;
}

const arn = (s: string) => globPattern(s, false, false);
const action = (s: string) => globPattern(s, true, false);

describe("z3 engine: strings", () => {
  const v = vars({ resource: STR, action: STR });

  it("finds a witness for a bucket minus its private prefix", async () => {
    const f = and(match("resource", arn("arn:aws:s3:::b/*")), not(match("resource", arn("arn:aws:s3:::b/private/*"))));
    const r = await solve(f, v);
    expect(r.status).toBe("sat");
    if (r.status === "sat") expect(r.model.strings.get("resource")).toMatch(/^arn:aws:s3:::b\//);
  });

  it("proves s3:get* is inside s3:*", async () => {
    const f = and(match("action", action("s3:get*")), not(match("action", action("s3:*"))));
    expect((await solve(f, v)).status).toBe("unsat");
  });

  it("folds case for case-insensitive patterns only", async () => {
    const ci = and(match("action", action("S3:GetObject")), not(match("action", action("s3:getobject"))));
    expect((await solve(ci, v)).status).toBe("unsat");
    const cs = and(match("resource", arn("ARN:x")), not(match("resource", arn("arn:x"))));
    const r = await solve(cs, v);
    expect(r.status).toBe("sat");
    if (r.status === "sat") expect(r.model.strings.get("resource")).toBe("ARN:x");
    const mixed = and(match("action", action("s3:Get*")), match("action", arn("S3:gETx")));
    expect((await solve(mixed, v)).status).toBe("sat");
  });

  it("keeps noColon wildcards out of colons", async () => {
    const noColon = globPattern("arn:aws:iam::*:user/x", false, true);
    const f = and(match("resource", noColon), match("resource", arn("arn:aws:iam::1:2:user/x")));
    expect((await solve(f, v)).status).toBe("unsat");
    const free = arn("arn:aws:iam::*:user/x");
    const g = and(match("resource", free), match("resource", arn("arn:aws:iam::1:2:user/x")));
    expect((await solve(g, v)).status).toBe("sat");
    const q = and(match("resource", globPattern("a?b", false, true)), not(match("resource", arn("a:b"))));
    const r = await solve(q, v);
    expect(r.status).toBe("sat");
    const only = and(match("resource", globPattern("a?b", false, true)), match("resource", arn("a:b")));
    expect((await solve(only, v)).status).toBe("unsat");
  });

  it("handles literal, empty and special-character patterns", async () => {
    const lit = and(match("resource", literalPattern('a"b\\c:é😀')), match("resource", arn("*😀")));
    const r = await solve(lit, v);
    expect(r.status).toBe("sat");
    if (r.status === "sat") expect(r.model.strings.get("resource")).toBe('a"b\\c:é😀');
    const quoted = match("resource", literalPattern('(error "x")'));
    const rq = await solve(quoted, v);
    expect(rq.status === "sat" && rq.model.strings.get("resource")).toBe('(error "x")');
    const empty = and(match("resource", literalPattern("")), match("resource", arn("?*")));
    expect((await solve(empty, v)).status).toBe("unsat");
  });

  it("answers unknown for characters beyond z3's alphabet", async () => {
    const r = await solve(match("resource", literalPattern("\u{10fff0}")), v);
    expect(r.status).toBe("unknown");
  });

  it("returns readable witnesses for wildcards", async () => {
    const f = and(match("resource", arn("???*")), not(match("resource", arn("*x*"))));
    const r = await solve(f, v);
    expect(r.status).toBe("sat");
    if (r.status === "sat") expect(r.model.strings.get("resource")).toMatch(/^[\x20-\x7e]{3,}$/);
  });

  it("decides mixed Boolean structure across variables", async () => {
    const f = and(
      or(match("action", action("s3:get*")), match("action", action("s3:put*"))),
      not(match("action", action("s3:getobject"))),
      or(match("resource", arn("arn:aws:s3:::b/*")), boolVar("present:k")),
      not(boolVar("present:k")),
      not(match("resource", arn("arn:aws:s3:::b/x*"))),
    );
    const r = await solve(f, vars({ action: STR, resource: STR, "present:k": BOOL }));
    expect(r.status).toBe("sat");
  });
});

describe("z3 engine: numbers and Booleans", () => {
  const one = rational(1n);
  const two = rational(2n);

  it("distinguishes integer from rational domains", async () => {
    const f = and(cmp("n:x", "gt", one), cmp("n:x", "lt", two));
    expect((await solve(f, vars({ "n:x": INT }))).status).toBe("unsat");
    const r = await solve(f, vars({ "n:x": REAL }));
    expect(r.status).toBe("sat");
  });

  it("rounds non-integral bounds for integers", async () => {
    const f = and(cmp("n:x", "ge", rational(3n, 2n)), cmp("n:x", "le", rational(5n, 2n)));
    const r = await solve(f, vars({ "n:x": INT }));
    expect(r.status).toBe("sat");
    if (r.status === "sat") expect(r.model.numbers.get("n:x")).toEqual(two);
    expect((await solve(cmp("n:x", "eq", rational(1n, 3n)), vars({ "n:x": INT }))).status).toBe("unsat");
    const neg = and(cmp("n:x", "gt", rational(-7n, 2n)), cmp("n:x", "lt", rational(-5n, 2n)));
    const rn = await solve(neg, vars({ "n:x": INT }));
    expect(rn.status === "sat" && rn.model.numbers.get("n:x")).toEqual(rational(-3n));
  });

  it("respects declared bounds", async () => {
    const bounded: Sort = { sort: "ordered", integer: false, min: rational(0n), max: rational(1n, 2n) };
    expect((await solve(cmp("n:x", "gt", rational(1n, 2n)), vars({ "n:x": bounded }))).status).toBe("unsat");
    const r = await solve(cmp("n:x", "gt", rational(1n, 3n)), vars({ "n:x": bounded }));
    expect(r.status).toBe("sat");
  });

  it("handles IP-sized bounds beyond 2^32 and 2^128", async () => {
    const lo = 2n ** 32n + 2n ** 128n;
    const ip: Sort = { sort: "ordered", integer: true, min: rational(0n), max: rational(2n ** 129n) };
    const f = and(cmp("n:ip", "gt", rational(lo)), cmp("n:ip", "lt", rational(lo + 2n)));
    const r = await solve(f, vars({ "n:ip": ip }));
    expect(r.status === "sat" && r.model.numbers.get("n:ip")).toEqual(rational(lo + 1n));
    const none = and(cmp("n:ip", "gt", rational(lo)), cmp("n:ip", "lt", rational(lo + 1n)));
    expect((await solve(none, vars({ "n:ip": ip }))).status).toBe("unsat");
    const big = rational(2n ** 130n + 1n, 3n);
    const rr = await solve(cmp("n:r", "eq", big), vars({ "n:r": REAL }));
    expect(rr.status === "sat" && rr.model.numbers.get("n:r")).toEqual(big);
  });

  it("decides Booleans and constants", async () => {
    const v = vars({ "b:a": BOOL, "b:b": BOOL });
    expect((await solve(and(boolVar("b:a"), not(boolVar("b:a"))), v)).status).toBe("unsat");
    const r = await solve(and(boolVar("b:a"), not(boolVar("b:b"))), v);
    expect(r.status === "sat" && [r.model.bools.get("b:a"), r.model.bools.get("b:b")]).toEqual([true, false]);
    expect((await solve(TRUE, v)).status).toBe("sat");
    expect((await solve(FALSE, v)).status).toBe("unsat");
  });

  it("answers unknown for undeclared or mis-sorted variables", async () => {
    expect((await solve(boolVar("b:zz"), vars({}))).status).toBe("unknown");
    expect((await solve(match("b:a", arn("x")), vars({ "b:a": BOOL }))).status).toBe("unknown");
  });
});

describe("z3 engine: limits and lifecycle", () => {
  it("starts no process before the first query", async () => {
    const e = createZ3Engine();
    expect(e.debug.pid()).toBeUndefined();
    expect(e.supports(TRUE, vars({}))).toBe(true);
    await e.close();
    expect(e.debug.pid()).toBeUndefined();
  });

  it("maps resourceLimit to rlimit", async () => {
    const f = and(
      match("resource", arn("*a*b*c*d*e*")),
      not(match("resource", arn("*e*d*c*b*a*"))),
      match("resource", arn("?????????????*")),
    );
    const r = await engine.solve(f, vars({ resource: STR }), { timeoutMs: 30_000, resourceLimit: 1 });
    expect(r.status).toBe("unknown");
    if (r.status === "unknown") expect(r.reason).toMatch(/resource|limit|canceled/);
  });

  it("accepts out-of-range limits", async () => {
    const v = vars({ "b:a": BOOL });
    for (const o of [{ timeoutMs: Infinity }, { timeoutMs: 0 }, { timeoutMs: 30_000, resourceLimit: 2 ** 40 }]) {
      const r = await engine.solve(boolVar("b:a"), v, o);
      expect(r.status, r.status === "unknown" ? r.reason : "").toMatch(o.timeoutMs === 0 ? /sat|unknown/ : /^sat$/);
    }
  });

  it("recovers from an abrupt exit of the child", async () => {
    const f = and(match("action", action("s3:get*")), not(match("action", action("s3:*"))));
    const v = vars({ action: STR });
    expect((await engine.solve(f, v, OPTS)).status).toBe("unsat");
    engine.debug.failNextQuery("crash");
    const crashed = await engine.solve(f, v, OPTS);
    expect(crashed.status).toBe("unknown");
    if (crashed.status === "unknown") expect(crashed.reason).toMatch(/exited/);
    expect((await engine.solve(f, v, OPTS)).status).toBe("unsat");
  });

  it("recovers when the child is killed from outside", async () => {
    const v = vars({ "b:a": BOOL });
    expect((await engine.solve(boolVar("b:a"), v, OPTS)).status).toBe("sat");
    const pid = engine.debug.pid();
    expect(pid).toBeDefined();
    process.kill(pid!, "SIGKILL");
    await new Promise((r) => setTimeout(r, 200));
    expect((await engine.solve(boolVar("b:a"), v, OPTS)).status).toBe("sat");
    expect(engine.debug.pid()).not.toBe(pid);
  });

  it("stops a child that does not answer, then starts afresh", async () => {
    const v = vars({ "b:a": BOOL });
    expect((await engine.solve(boolVar("b:a"), v, OPTS)).status).toBe("sat"); // a warm child
    engine.debug.failNextQuery("hang");
    const started = Date.now();
    const r = await engine.solve(boolVar("b:a"), v, { timeoutMs: 100 });
    expect(r.status).toBe("unknown");
    // The watchdog waits for the budget left when the query is sent, plus 250 ms: 350 ms less the
    // milliseconds translating the query took.
    if (r.status === "unknown") {
      const waited = Number(/did not answer within (\d+) ms/.exec(r.reason)?.[1]);
      expect(waited).toBeGreaterThan(300);
      expect(waited).toBeLessThanOrEqual(350);
    }
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await engine.solve(boolVar("b:a"), v, OPTS)).status).toBe("sat");
  });

  it("passes long and many queries through intact", async () => {
    // z3-solver's own eval_smtlib2_string garbled query text now and then (see worker.mjs).
    const v = vars({ resource: STR, "n:x": INT });
    for (let i = 0; i < 120; i++) {
      const name = `arn:aws:s3:::bucket-${i}-${"p".repeat(i % 25)}/`;
      const f = and(
        match("resource", arn(`${name}*`)),
        not(match("resource", arn(`${name}private/*`))),
        cmp("n:x", "eq", rational(BigInt(i))),
      );
      const r = await engine.solve(f, v, OPTS);
      expect(r.status, r.status === "unknown" ? r.reason : "").toBe("sat");
      if (r.status === "sat") {
        expect(r.model.strings.get("resource")!.startsWith(name)).toBe(true);
        expect(r.model.numbers.get("n:x")).toEqual(rational(BigInt(i)));
      }
    }
  });

  it("serialises concurrent queries", async () => {
    const v = vars({ "n:x": INT });
    const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => engine.solve(cmp("n:x", "eq", rational(BigInt(i))), v, OPTS)));
    rs.forEach((r, i) => expect(r.status === "sat" && r.model.numbers.get("n:x")).toEqual(rational(BigInt(i))));
  });

  it("can be used again after close()", async () => {
    const e = createZ3Engine();
    const v = vars({ "b:a": BOOL });
    expect((await e.solve(boolVar("b:a"), v, OPTS)).status).toBe("sat");
    await e.close();
    expect(e.debug.pid()).toBeUndefined();
    await e.close();
    expect((await e.solve(not(boolVar("b:a")), v, OPTS)).status).toBe("sat");
    await e.close();
  });

  it("does not keep a process alive that never calls close() (compiled JS, as users run it)", () => {
    // Compile the engine as the build does (rootDir "."), one level below the package root like
    // dist/, so the compiled client finds worker.mjs back in src/ exactly as from dist/.
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const out = join(root, `.z3-exit-test-${process.pid}`);
    try {
      const tsc = spawnSync(
        process.execPath,
        [
          join(root, "node_modules/typescript/bin/tsc"),
          "--ignoreConfig",
          join(root, "src/solve/z3/index.ts"),
          "--outDir",
          out,
          "--rootDir",
          root,
          "--module",
          "nodenext",
          "--moduleResolution",
          "nodenext",
          "--target",
          "es2022",
          "--skipLibCheck",
          "--types",
          "node",
        ],
        { encoding: "utf8", timeout: 60_000 },
      );
      const compiled = join(out, "src/solve/z3/index.js");
      expect(existsSync(compiled), tsc.stdout + tsc.stderr).toBe(true);
      const script = `
        const { createZ3Engine } = await import(${JSON.stringify(pathToFileURL(compiled).href)});
        const q = [{ k: "bool", v: "b" }, new Map([["b", { sort: "bool" }]]), { timeoutMs: 20000 }];
        console.log((await createZ3Engine().solve(...q)).status);
        // Awaiting close() must return even though the idle child no longer holds the loop open.
        const e = createZ3Engine();
        await e.solve(...q);
        await e.close();
        console.log("closed");
      `;
      const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 40_000 });
      expect(run.error).toBeUndefined(); // a timeout here means the child kept the script alive
      expect(run.stdout.trim().split("\n")).toEqual(["sat", "closed"]);
      expect(run.status).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
