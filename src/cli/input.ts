// Reading the documents a command names.
// Contract: `readDoc` returns the document's text exactly as read (UTF-8, nothing stripped) and
// the name diagnostics show for it: the path as written for file://PATH, `<stdin>` for `-`, and
// `<flag-name>` for inline text. A file that cannot be read (or `file://` with no path) is a
// KeyakiError FILE_READ_ERROR; bytes that are not UTF-8 are INVALID_UTF8 (utf8.ts).

import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { resolve } from "node:path";
import { KeyakiError } from "../diagnostics/diagnostic.js";
import type { DocArg } from "./args.js";
import { decodeUtf8 } from "./utf8.js";

export interface SourceDoc {
  /** What diagnostics call it: a path, `<stdin>`, or `<new-policy-document>` and the like. */
  name: string;
  text: string;
}

export interface InputEnv {
  cwd: string;
  /** Standard input's bytes (decoded here, exactly), or its text (tests). */
  readStdin(): Promise<Uint8Array | string>;
}

function quote(s: string): string {
  return "`" + s + "`";
}

/** Reads one DOC argument given as `--flag`. */
export async function readDoc(arg: DocArg, flag: string, env: InputEnv): Promise<SourceDoc> {
  switch (arg.kind) {
    case "inline":
      return { name: `<${flag}>`, text: arg.text };
    case "stdin": {
      const read = await env.readStdin();
      return { name: "<stdin>", text: typeof read === "string" ? read : decodeUtf8(read, `standard input given to ${quote("--" + flag)}`) };
    }
    case "file": {
      // As the AWS CLI does, `~/` at the start means the home directory.
      const path = arg.path.startsWith("~/") ? resolve(homedir(), arg.path.slice(2)) : resolve(env.cwd, arg.path);
      if (arg.path === "")
        throw new KeyakiError(
          "FILE_READ_ERROR",
          `\`file://\` given to ${quote("--" + flag)} names no file: write the path after it, as in \`file://policy.json\``,
        );
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why =
          code === "ENOENT"
            ? "no such file"
            : code === "EISDIR"
              ? "it is a directory"
              : code === "EACCES"
                ? "permission denied"
                : (code ?? "read failed");
        throw new KeyakiError("FILE_READ_ERROR", `cannot read ${quote(arg.path)} given to ${quote("--" + flag)}: ${why}`);
      }
      return { name: arg.path, text: decodeUtf8(bytes, `${quote(arg.path)} given to ${quote("--" + flag)}`) };
    }
  }
}
