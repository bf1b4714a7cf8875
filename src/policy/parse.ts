// Policy text → typed AST + diagnostics: the entry point of the policy/ stage.
// Contract: `parsePolicy` never throws. It returns `policy` iff no diagnostic has severity
// "error"; it collects every error it can (a JSON syntax error stops it, being the only one);
// diagnostics come sorted by offset. An unexpected exception becomes INTERNAL_PARSE_ERROR; the
// one exception that passes through is TimeUp, when `options.expired` says the caller's time is up.

import type { ObjectNode, ValueNode } from "@humanwhocodes/momoa";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Policy, PolicyType, Statement } from "../iam/ast.js";
import { Context, membersOf, type Path } from "./context.js";
import { checkTime, TimeUp, type Expired } from "../diagnostics/time-up.js";
import { parseJson } from "./json.js";
import { limitDiagnostics } from "./limits.js";
import { show } from "./messages.js";
import { parseStatement } from "./statement.js";
import { variableWarnings } from "./variables.js";

export interface ParseResult {
  policy?: Policy;
  diagnostics: Diagnostic[];
}

const READING = "reading the policy";

const POLICY_KEYS = new Set(["Version", "Id", "Statement"]);
const VERSIONS = new Set(["2012-10-17", "2008-10-17"]);

export interface ParseOptions {
  /** Read between statements: past the deadline parsing stops with `TimeUp` (diagnostics/time-up.ts). */
  expired?: Expired;
}

export function parsePolicy(text: string, type: PolicyType, options: ParseOptions = {}): ParseResult {
  try {
    return parseUnsafe(text, type, options);
  } catch (e) {
    if (e instanceof TimeUp) throw e;
    const detail = e instanceof Error ? e.message : String(e);
    return {
      diagnostics: [
        {
          severity: "error",
          code: "INTERNAL_PARSE_ERROR",
          message: `internal error while parsing the policy: ${show(detail)}`,
          line: 1,
          column: 1,
          offset: 0,
          path: "",
        },
      ],
    };
  }
}

function parseUnsafe(text: string, type: PolicyType, options: ParseOptions): ParseResult {
  if (typeof text !== "string") throw new TypeError(`policy text must be a string, not ${typeof text}`);
  if (type !== "IDENTITY_POLICY" && type !== "RESOURCE_POLICY") throw new TypeError(`unknown policy type ${String(type)}`);
  const json = parseJson(text);
  if (!json.root) return { diagnostics: json.diagnostics };
  checkTime(options.expired, READING);
  // Past a limit nothing else is read: the limits bound the cost of everything after.
  const limits = limitDiagnostics(text, json.root, type);
  if (limits.length > 0) return { diagnostics: limits };
  checkTime(options.expired, READING);
  const ctx = new Context(text, type);
  ctx.diagnostics.push(...json.diagnostics);
  ctx.errors += json.diagnostics.filter((d) => d.severity === "error").length;
  const root = json.root;
  if (root.type !== "Object") {
    ctx.wrongType(root, [], "a policy", "a JSON object");
    return finish(ctx);
  }
  const members = membersOf(root);
  for (const [name, m] of members) {
    if (!POLICY_KEYS.has(name)) ctx.error("INVALID_POLICY_ELEMENT", `${show(name)} is not a policy element`, m.name, [name]);
  }
  const version = stringMember(ctx, root, "Version");
  if (version === undefined && !members.has("Version")) {
    ctx.warn(
      "MISSING_VERSION",
      "policy has no `Version`, so it is read as `2008-10-17`, where `${…}` variables are literal text",
      root,
      [],
    );
  } else if (version !== undefined && !VERSIONS.has(version)) {
    ctx.error("INVALID_VERSION", `version ${show(version)} must be \`2012-10-17\` or \`2008-10-17\``, members.get("Version")!.value, [
      "Version",
    ]);
  }
  const id = stringMember(ctx, root, "Id");
  const statements = parseStatements(ctx, root, options.expired);
  if (ctx.errors > 0 || !statements) return finish(ctx);
  return finish(ctx, withVariableWarnings(ctx, { version, id, statements, text, type }));
}

function stringMember(ctx: Context, obj: ObjectNode, name: string): string | undefined {
  const m = membersOf(obj).get(name);
  if (!m) return undefined;
  if (m.value.type === "String") return m.value.value;
  ctx.wrongType(m.value, [name], `\`${name}\``, "a string");
  return undefined;
}

function parseStatements(ctx: Context, root: ObjectNode, expired: Expired | undefined): Statement[] | undefined {
  const m = membersOf(root).get("Statement");
  if (!m) {
    ctx.error("MISSING_STATEMENT", "policy has no `Statement`", root, []);
    return undefined;
  }
  const items: Array<{ node: ValueNode; path: Path }> = [];
  if (m.value.type === "Object") items.push({ node: m.value, path: ["Statement"] });
  else if (m.value.type === "Array") {
    if (m.value.elements.length === 0)
      ctx.warn("MISSING_STATEMENT", "`Statement` is the empty list `[]`, so the policy grants nothing", m.value, ["Statement"]);
    m.value.elements.forEach((el, i) => items.push({ node: el.value, path: ["Statement", i] }));
  } else {
    ctx.wrongType(m.value, ["Statement"], "`Statement`", "an object or an array of objects");
    return undefined;
  }
  const out: Statement[] = [];
  const sids = new Map<string, number>();
  let complete = true;
  items.forEach(({ node, path }, index) => {
    if (index % 64 === 63) checkTime(expired, READING);
    if (node.type !== "Object") {
      ctx.wrongType(node, path, "a statement", "an object");
      complete = false;
      return;
    }
    const s = parseStatement(ctx, node, index, path);
    if (s) out.push(s);
    else complete = false;
    const sid = membersOf(node).get("Sid");
    if (sid && sid.value.type === "String" && sid.value.value !== "") {
      const first = sids.get(sid.value.value);
      if (first !== undefined) {
        ctx.warn("UNIQUE_SIDS_RECOMMENDED", `sid ${show(sid.value.value)} is already used by statement ${first}`, sid.value, [
          ...path,
          "Sid",
        ]);
      } else sids.set(sid.value.value, index);
    }
  });
  // INVARIANT: a statement is dropped only after an error was reported for it.
  if (!complete && ctx.errors === 0) throw new Error("a statement was dropped without an error");
  return complete ? out : undefined;
}

function withVariableWarnings(ctx: Context, policy: Policy): Policy {
  ctx.diagnostics.push(...variableWarnings(policy));
  return policy;
}

function finish(ctx: Context, policy?: Policy): ParseResult {
  const diagnostics = ctx.diagnostics.slice().sort((a, b) => a.offset - b.offset);
  return ctx.errors > 0 ? { diagnostics } : { policy, diagnostics };
}
