// Files as they were at a git ref, for `--base`: the pull-request question.
// Contract: `openBase(ref, cwd)` checks that `ref` names a commit of the repository around cwd
// and returns a reader, or throws a KeyakiError SCAN_BASE_ERROR with git's reason. `read(path)`
// gives an absolute path's text at the ref, or undefined when it did not exist there (or lies
// outside the repository). `list(paths)` gives the absolute paths of the files at the ref under
// the given absolute paths (files or directories). Git runs as a child process (`git` on PATH),
// with no shell; the ref's source files are read in one `git cat-file --batch` on the first
// `read` (a file it did not hold is asked for alone).

import { execFileSync } from "node:child_process";
import { relative, resolve, sep } from "node:path";
import { KeyakiError } from "../diagnostics/diagnostic.js";

/** The files a scan reads (walk.ts): read at the base in one batch. */
const SOURCE = /\.(json|ya?ml|template)$/i;

export interface BaseReader {
  ref: string;
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
  // Every source file at the commit, read on the first question with one `git cat-file --batch`
  // (a git process per file costs milliseconds each: seconds on a repository of templates).
  let batch: Map<string, string> | undefined;
  const readAll = (): Map<string, string> => {
    const out = new Map<string, string>();
    try {
      const names = git(["ls-tree", "-r", "-z", "--name-only", commit], root)
        .split("\0")
        .filter((n) => SOURCE.test(n) && !n.includes("\n"));
      if (names.length === 0) return out;
      const raw = execFileSync("git", ["cat-file", "--batch"], {
        cwd: root,
        input: names.map((n) => `${commit}:${n}\n`).join(""),
        maxBuffer: 1024 * 1024 * 1024,
        stdio: ["pipe", "pipe", "pipe"],
      });
      let at = 0;
      for (const n of names) {
        const eol = raw.indexOf(10, at);
        const header = raw.subarray(at, eol).toString("utf8").split(" ");
        at = eol + 1;
        if (header[1] !== "blob") continue; // missing
        const size = Number(header[2]);
        out.set(n, raw.subarray(at, at + size).toString("utf8"));
        at += size + 1;
      }
    } catch {
      out.clear(); // read file by file instead
    }
    return out;
  };
  return {
    ref,
    read(path) {
      const rel = inRepo(path);
      if (rel === undefined) return undefined;
      batch ??= readAll();
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
