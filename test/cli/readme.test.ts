// A README whose examples run as tests. In README.md, `<!-- run: exit N -->` before a fenced sh
// block runs it with bash (`npx keyaki` → the built bin/keyaki.js; a leading `npm ci &&` is
// dropped, the install having been done) and expects exit code N; `<!-- run: node exit N -->`
// before a js block runs it as an ES module inside the package (so `import … from "keyaki"`
// resolves to this package). An `<!-- output -->` (or `<!-- output: stderr -->`) block after it
// is the exact standard output (or error) expected. `<!-- run: serve -->` before an sh block
// `npx keyaki serve …` starts that server (on a free port instead of 8080) for the examples after
// it, in which `http://127.0.0.1:8080` then names it; it is stopped with SIGTERM at the end.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, ROOT } from "./built.js";

type Item = { kind: "marker"; text: string; line: number } | { kind: "block"; lang: string; body: string; line: number };

function items(markdown: string): Item[] {
  const lines = markdown.split("\n");
  const out: Item[] = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = /^<!--\s*(.*?)\s*-->$/.exec(lines[i]);
    if (marker) out.push({ kind: "marker", text: marker[1], line: i + 1 });
    const fence = /^```(\S*)$/.exec(lines[i]);
    if (fence) {
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i] + "\n");
      out.push({ kind: "block", lang: fence[1], body: body.join(""), line: start + 1 });
    }
  }
  return out;
}

interface Example {
  line: number;
  node: boolean;
  serve?: boolean;
  exit: number;
  code: string;
  expected?: { stream: "stdout" | "stderr"; text: string };
}

function examples(markdown: string): Example[] {
  const list = items(markdown);
  const out: Example[] = [];
  list.forEach((item, i) => {
    if (item.kind !== "marker") return;
    if (/^run:\s*serve$/.test(item.text)) {
      const block = list[i + 1];
      if (block?.kind !== "block" || !/^npx keyaki serve\b/.test(block.body))
        throw new Error(`README.md:${item.line}: a serve marker must be followed by \`npx keyaki serve\``);
      out.push({ line: block.line, node: false, serve: true, exit: 0, code: block.body });
      return;
    }
    const run = /^run:\s*(node\s+)?exit\s+(\d+)$/.exec(item.text);
    if (!run) return;
    const block = list[i + 1];
    if (block?.kind !== "block") throw new Error(`README.md:${item.line}: a run marker must be followed by a code block`);
    const example: Example = { line: block.line, node: run[1] !== undefined, exit: Number(run[2]), code: block.body };
    const [marker, output] = [list[i + 2], list[i + 3]];
    if (marker?.kind === "marker" && marker.text.startsWith("output")) {
      if (output?.kind !== "block") throw new Error(`README.md:${marker.line}: an output marker must be followed by a code block`);
      example.expected = { stream: /stderr/.test(marker.text) ? "stderr" : "stdout", text: output.body };
    }
    out.push(example);
  });
  return out;
}

const README = readFileSync(join(ROOT, "README.md"), "utf8");
const SCRATCH = join(ROOT, "dist", "readme-examples");

beforeAll(ensureBuilt, 120_000);

let server: { child: ChildProcess; url: string } | undefined;
afterAll(async () => {
  if (!server) return;
  const exited = new Promise((resolve) => server!.child.on("exit", resolve));
  server.child.kill("SIGTERM");
  await exited;
});

/** Starts `npx keyaki serve …` from the README on a free port; resolves once it listens. */
async function startServe(code: string): Promise<{ child: ChildProcess; url: string }> {
  const args = code
    .trim()
    .replace(/^npx keyaki serve\b/, "")
    .split(/\s+/)
    .filter(Boolean);
  const port = args.indexOf("--port");
  if (port >= 0) args.splice(port, 2);
  const child = spawn(process.execPath, ["bin/keyaki.js", "serve", ...args, "--port", "0"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on("data", (d: Buffer) => {
      stderr += d.toString();
      const m = /listening on (\S+)/.exec(stderr);
      if (m) resolve(m[1]);
    });
    child.on("exit", (c) => reject(new Error(`keyaki serve exited with ${c}: ${stderr}`)));
  });
  return { child, url };
}

describe("README.md examples", () => {
  const all = examples(README);

  it("marks the quick-start command and every other keyaki command for running", () => {
    expect(all[0].code).toMatch(/^npm ci && npx keyaki check-no-new-access /);
    const marked = new Set(all.map((e) => e.line));
    const shell = items(README).filter((b): b is Extract<Item, { kind: "block" }> => b.kind === "block" && b.lang === "sh");
    for (const b of shell) if (/npx keyaki/.test(b.body)) expect(marked, `README.md:${b.line}`).toContain(b.line);
    expect(all.filter((e) => e.expected).length).toBeGreaterThanOrEqual(5);
  });

  for (const example of all) {
    if (example.serve) {
      it(`README.md:${example.line} starts the server`, async () => {
        server = await startServe(example.code);
      });
      continue;
    }
    it(`README.md:${example.line} exits ${example.exit}${example.expected ? " with the output shown" : ""}`, () => {
      let r;
      if (example.node) {
        mkdirSync(SCRATCH, { recursive: true });
        const file = join(SCRATCH, `line-${example.line}.mjs`);
        writeFileSync(file, server ? example.code.replaceAll("http://127.0.0.1:8080", server.url) : example.code);
        r = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
        rmSync(file, { force: true });
      } else {
        const script = example.code.replace(/^npm ci && /gm, "").replace(/\bnpx keyaki\b/g, `"${process.execPath}" bin/keyaki.js`);
        r = spawnSync("bash", ["-c", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
      }
      if (example.expected) expect(r[example.expected.stream]).toBe(example.expected.text);
      expect(r.status, r.stderr).toBe(example.exit);
    });
  }
});
