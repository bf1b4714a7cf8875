// Test helper: the built command. `ensureBuilt` compiles with tsc when dist/ is missing or older
// than any source file (under a directory lock, as test files run in parallel processes);
// `keyaki` spawns `node bin/keyaki.js` and collects its exit code and output.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..");
const LOCK = join(ROOT, "dist", ".build-lock");

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith(".ts") && !p.endsWith(".d.ts") ? [p] : [];
  });
}

function stale(): boolean {
  return [...sources(join(ROOT, "src")), ...sources(join(ROOT, "bench"))].some((src) => {
    const out = join(ROOT, "dist", relative(ROOT, src)).replace(/\.ts$/, ".js");
    return !existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs;
  });
}

export async function ensureBuilt(): Promise<void> {
  if (!stale()) return;
  mkdirSync(join(ROOT, "dist"), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another test file is building; a lock older than 5 minutes was left by a dead process.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 300_000) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (stale()) {
      const r = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], {
        cwd: ROOT,
        encoding: "utf8",
      });
      // tsc emits even with type errors; a build that cannot run will fail the tests that use it.
      if (r.status !== 0) console.warn(`tsc exited with ${r.status}:\n${r.stdout}${r.stderr}`);
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function keyaki(args: string[], options: { input?: string; cwd?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "keyaki.js"), ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? "",
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
