// `keyaki scan` run in this process, as the scan tests drive it: argv after `scan`, a working
// directory, an empty environment, no standard input; what it wrote and its exit code.

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
