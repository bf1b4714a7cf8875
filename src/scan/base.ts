// Files as they were at a git ref, for `--base`: the pull-request question.
// Contract: `openBase(ref, cwd)` checks that `ref` names a commit of the repository around cwd
// and returns a reader, or throws a KeyakiError SCAN_BASE_ERROR with git's reason. `read(path)`
// gives an absolute path's text at the ref, or undefined when it did not exist there (or lies
// outside the repository). `list(paths)` gives the absolute paths of the files at the ref under
// the given absolute paths (files or directories). Git runs as a child process (`git` on PATH),
// with no shell; the ref's source files are read in one `git cat-file --batch`, started by
// `openBase` in the background: `ready` resolves when it is done (never rejects: a batch that
// fails leaves each file to be asked for alone, as is a file it did not hold). `read` before
// `ready` is correct, only slower.

import { execFileSync, spawn } from "node:child_process";
import { relative, resolve, sep } from "node:path";
import { KeyakiError } from "../diagnostics/diagnostic.js";

/** The files a scan reads (walk.ts): read at the base in one batch. */
const SOURCE = /\.(json|ya?ml|template)$/i;

export interface BaseReader {
  ref: string;
  /** Resolves when the ref's source files have been read in one batch (it never rejects). */
  ready: Promise<void>;
  read(path: string): string | undefined;
  list(paths: readonly string[]): string[];
}

function git(args: string[], cwd: string): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
}

export function openBase(ref: string, cwd: string): BaseReader {
  let root: string;
  let commit: string;
  try {
    root = git(["rev-parse", "--show-toplevel"], cwd).trim();
    commit = git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], root).trim();
  } catch (e) {
    const err = e as { stderr?: string; status?: number };
    const why = (err.stderr ?? "").trim().split("\n")[0] || (root! ? `\`${ref}\` is not a commit` : "not inside a git repository");
    throw new KeyakiError("SCAN_BASE_ERROR", `cannot read the base \`${ref}\`: ${why}`);
  }
  const inRepo = (path: string): string | undefined => {
    const rel = relative(root, path);
    return rel.startsWith("..") || resolve(root, rel) !== path ? undefined : rel.split(sep).join("/");
  };
  // Every source file at the commit, read in the background with one `git cat-file --batch` (a
  // git process per file costs milliseconds each: seconds on a repository of templates), while
  // the scan reads the working tree.
  const batch = new Map<string, string>();
  const ready = readAll(root, commit).then(
    (files) => {
      for (const [name, text] of files) batch.set(name, text);
    },
    () => undefined, // read file by file instead
  );
  return {
    ref,
    ready,
    read(path) {
      const rel = inRepo(path);
      if (rel === undefined) return undefined;
      const hit = batch.get(rel);
      if (hit !== undefined) return hit;
      try {
        return git(["show", `${commit}:${rel}`], root);
      } catch {
        return undefined; // not in the base commit
      }
    },
    list(paths) {
      const rels = paths.map(inRepo).filter((r): r is string => r !== undefined);
      if (rels.length === 0) return [];
      const out = git(["ls-tree", "-r", "-z", "--name-only", commit, "--", ...rels.map((r) => (r === "" ? "." : r))], root);
      return out
        .split("\0")
        .filter((s) => s !== "")
        .map((s) => resolve(root, s));
    },
  };
}

/** The source files at `commit`, by path, from one `git cat-file --batch`; rejects if git fails. */
async function readAll(root: string, commit: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const names = (await gitAsync(["ls-tree", "-r", "-z", "--name-only", commit], root))
    .toString("utf8")
    .split("\0")
    .filter((n) => SOURCE.test(n) && !n.includes("\n"));
  if (names.length === 0) return out;
  const raw = await gitAsync(["cat-file", "--batch"], root, names.map((n) => `${commit}:${n}\n`).join(""));
  let at = 0;
  for (const n of names) {
    const eol = raw.indexOf(10, at);
    if (eol < 0) throw new Error("git cat-file: a short answer");
    const header = raw.subarray(at, eol).toString("utf8").split(" ");
    at = eol + 1;
    if (header[1] !== "blob") continue; // missing
    const size = Number(header[2]);
    out.set(n, raw.subarray(at, at + size).toString("utf8"));
    at += size + 1;
  }
  return out;
}

/** Git's standard output, without blocking this thread; rejects on a failure or a non-zero exit. */
function gitAsync(args: string[], cwd: string, input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd, stdio: ["pipe", "pipe", "ignore"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => chunks.push(b));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`git ${args[0]} exited with ${code}`))));
    child.stdin.on("error", () => undefined); // a git that exits early: reported by its exit code
    child.stdin.end(input ?? "");
  });
}
