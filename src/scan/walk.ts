// Which files a scan reads: the paths given, directories searched recursively.
// Contract: `listSources(paths, cwd)` returns absolute file paths, each once, in a stable order
// (the paths' order; inside a directory, names sorted). A file given by name is always listed
// (`explicit`); a directory contributes the files whose names looksLikeSource accepts, skipping
// `.git` and `node_modules` and whatever the `.gitignore` files inside that directory (at any
// depth, each for its own subtree) ignore. A parent's .gitignore does not hide a directory named
// on the command line (so `keyaki scan cdk.out` scans an ignored assembly). A path that does not
// exist is returned in `missing`.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import { looksLikeSource } from "./extract.js";

export interface SourceList {
  files: Array<{ path: string; explicit: boolean }>;
  missing: string[];
}

const ALWAYS_SKIPPED = new Set([".git", "node_modules"]);

export function listSources(paths: readonly string[], cwd: string): SourceList {
  const seen = new Set<string>();
  const out: SourceList = { files: [], missing: [] };
  const add = (path: string, explicit: boolean) => {
    if (seen.has(path)) return;
    seen.add(path);
    out.files.push({ path, explicit });
  };
  for (const p of paths.length > 0 ? paths : ["."]) {
    const abs = resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      out.missing.push(p);
      continue;
    }
    if (st.isFile()) add(abs, true);
    else if (st.isDirectory()) walk(abs, [], add);
  }
  return out;
}

type Rules = Array<{ base: string; ig: Ignore }>;

function ignored(rules: Rules, path: string, dir: boolean): boolean {
  for (const { base, ig } of rules) {
    const rel = relative(base, path).split(sep).join("/");
    if (rel && !rel.startsWith("..") && ig.ignores(dir ? rel + "/" : rel)) return true;
  }
  return false;
}

function walk(dir: string, inherited: Rules, add: (path: string, explicit: boolean) => void): void {
  let rules = inherited;
  try {
    const text = readFileSync(join(dir, ".gitignore"), "utf8");
    rules = [...inherited, { base: dir, ig: ignore().add(text) }];
  } catch {
    // no .gitignore here
  }
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return; // unreadable directory: nothing to scan in it
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (!ALWAYS_SKIPPED.has(e.name) && !ignored(rules, path, true)) walk(path, rules, add);
    } else if (e.isFile() && looksLikeSource(e.name) && !ignored(rules, path, false)) add(path, false);
  }
}
