// The CLI's Framer: statement locations from the policy parser, code frames from diagnostics/.
// Contract: `statementLoc` parses the document as the check did (same text, same policy type)
// and returns statement `index`'s start and source length, or undefined if it has no such
// statement; each text is parsed at most once per Framer. `frame` is renderCodeFrame's output,
// underlining the whole JSON token at `offset` when no length is given.

import { renderCodeFrame, tokenLength } from "../diagnostics/codeframe.js";
import type { Policy, PolicyType } from "../iam/ast.js";
import { parsePolicy } from "../policy/parse.js";
import type { SourceDoc } from "./input.js";
import type { FrameLoc, Framer } from "./render-text.js";

export function createFramer(type: PolicyType): Framer {
  const parsed = new Map<string, Policy | undefined>();
  const policyOf = (text: string): Policy | undefined => {
    if (!parsed.has(text)) parsed.set(text, parsePolicy(text, type).policy);
    return parsed.get(text);
  };
  return {
    statementLoc(doc: SourceDoc, index: number): FrameLoc | undefined {
      const loc = policyOf(doc.text)?.statements[index]?.loc;
      return loc && { line: loc.line, column: loc.column, length: loc.length };
    },
    frame(doc: SourceDoc, loc: FrameLoc): string {
      const length = loc.length ?? (loc.offset !== undefined ? tokenLength(doc.text, loc.offset) : undefined);
      return renderCodeFrame(doc.text, { line: loc.line, column: loc.column, length });
    },
  };
}
