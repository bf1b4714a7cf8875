// `keyaki scan` run in this process, as the scan tests drive it: argv after `scan`, a working
// directory, an empty environment, no standard input; what it wrote and its exit code. Also
// `git` in a test repository, with a fixed author.

import { execFileSync } from "node:child_process";
import { main } from "../../src/cli/main.js";

export async function scanCli(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(["scan", ...argv], {
    cwd,
    env: {},
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => "",
  });
  return { code, stdout, stderr };
}

/** Runs git in `dir` with a fixed author and committer; its standard output. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.com",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.com",
    },
  });
}
