// Nested stacks: an `AWS::CloudFormation::Stack` (or SAM `AWS::Serverless::Application`) whose
// template is a local file, read through its parent.
// Contract: `nestedPolicies(ev, ctx, extract)` returns, for each nested stack resource the parent
// may create, the policies of its child template as `extract` finds them with the child's
// parameters bound to the values the parent's `Parameters` property gives (evaluated with the
// parent's intrinsics; holes relocated to the child's parameter declaration, so every part of a
// child policy is located in the child file). Each child policy keeps its own file and pointer
// and is named `<parent file>#<stack logical id> > <its name in the child>`, so the same child
// scanned on its own (names without a prefix) or through two parents never collides. The child
// file is the resource's CDK asset path (`Metadata` `aws:asset:path` for `aws:asset:property`
// TemplateURL, as CDK writes nested stacks) or its `TemplateURL` (a SAM application's
// `Location`) when that is a path without a scheme, relative to the parent's directory.
// Everything else is reported, never dropped: a URL (`https://`, `s3://`), a Serverless
// Application Repository app, or an unresolved TemplateURL is a located SCAN_NESTED_UNRESOLVED warning;
// a file that cannot be read or is not a template, a cycle, nesting deeper than
// MAX_NESTING_DEPTH, or more than MAX_NESTED_STACKS stacks under one root are located errors.
// State (parsed children, diagnostics, child texts) lives in the caller's NestingState.

import { posix } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { pointer as toPointer } from "../diagnostics/diagnostic.js";
import { createEvaluator, type Evaluator, type ScanOptions } from "./intrinsics.js";
import type { ManagedPolicies } from "./managed.js";
import { member, parseSource, type TNode } from "./tree.js";
import type { ExtractedPolicy } from "./types.js";
import { isObject, NO_VALUE, Sym, Unknown, type Hole, type Value } from "./value.js";

/** Templates nesting templates this deep are refused (a generated loop, not a real stack tree). */
export const MAX_NESTING_DEPTH = 8;
/** Nested stacks read under one root template, at most (a diamond of nestings grows fast). */
export const MAX_NESTED_STACKS = 64;

export type FileDiagnostic = Diagnostic & { file: string };

/** What one root template's expansion shares: children read once, diagnostics once. */
export interface NestingState {
  /** A file's text by its report name (the parent's name joined with the relative path), or undefined. */
  read?: (file: string) => string | undefined;
  diagnostics: Map<string, FileDiagnostic>;
  /** The child templates read, by file name (for code frames). */
  sources: Map<string, string>;
  trees: Map<string, TNode | undefined>;
  /** The nestings expanded (by chain), against MAX_NESTED_STACKS. */
  expanded: Set<string>;
  /**
   * Per evaluator of a parent, its nested stacks' evaluators and their outputs' values, each made
   * once (outputs feeding parameters feeding outputs would otherwise be re-read exponentially).
   */
  outputs: WeakMap<Evaluator, Map<string, Evaluator | Value | undefined>>;
}

export function createNestingState(read?: (file: string) => string | undefined): NestingState {
  return { read, diagnostics: new Map(), sources: new Map(), trees: new Map(), expanded: new Set(), outputs: new WeakMap() };
}

export interface NestedContext {
  file: string;
  options: ScanOptions;
  managed: ManagedPolicies;
  bound?: ReadonlyMap<string, Value>;
  /** The files from the root template down to this one, and the name prefix that says how. */
  nesting?: { state: NestingState; chain: readonly string[]; via: string };
}

type Extract = (root: TNode, ctx: NestedContext) => ExtractedPolicy[];

/** Records a located diagnostic of this root's extraction (once, however many variants meet it). */
export function report(state: NestingState, d: FileDiagnostic): void {
  state.diagnostics.set(`${d.file}\u0000${d.line}:${d.column}\u0000${d.code}\u0000${d.message}`, d);
}

/** A diagnostic located at a node of a template (its start, and its JSON Pointer). */
export function at(
  severity: Diagnostic["severity"],
  code: string,
  message: string,
  file: string,
  node: TNode,
  pointer: string,
): FileDiagnostic {
  return { severity, code, message, line: node.loc.line, column: node.loc.column, offset: node.loc.offset, path: pointer, file };
}

const str = (n: TNode | undefined) => (n?.type === "scalar" && typeof n.value === "string" ? n.value : undefined);

export function nestedPolicies(ev: Evaluator, ctx: NestedContext, extract: Extract): ExtractedPolicy[] {
  const nesting = ctx.nesting;
  if (!nesting) return [];
  const out: ExtractedPolicy[] = [];
  for (const [id, res] of ev.resources) {
    const type = str(member(res, "Type"));
    if (type !== "AWS::CloudFormation::Stack" && type !== "AWS::Serverless::Application") continue;
    const child = childFile(id, res, ev, ctx);
    if (!child) continue;
    out.push(...expand(id, res, child, ev, ctx, nesting, extract));
  }
  return out;
}

/** The child template's file name, or undefined after reporting why it cannot be read offline. */
function childFile(id: string, res: TNode, ev: Evaluator, ctx: NestedContext): { file: string; node: TNode; pointer: string } | undefined {
  const state = ctx.nesting!.state;
  const meta = member(res, "Metadata");
  const assetNode = member(meta, "aws:asset:path");
  const asset = str(assetNode);
  // CDK writes the child next to the parent and names it here; TemplateURL is then an S3 URL.
  if (str(member(meta, "aws:asset:property")) === "TemplateURL" && asset !== undefined && assetNode)
    return { file: join(ctx.file, asset), node: assetNode, pointer: toPointer(["Resources", id, "Metadata", "aws:asset:path"]) };
  const resPointer = toPointer(["Resources", id]);
  // A SAM nested application names its template in `Location` (AWS SAM Developer Guide,
  // AWS::Serverless::Application): a path, a URL, or a Serverless Application Repository app.
  const property = str(member(res, "Type")) === "AWS::Serverless::Application" ? "Location" : "TemplateURL";
  const urlNode = member(member(res, "Properties"), property);
  const pointer = toPointer(["Resources", id, "Properties", property]);
  const unresolved = (why: string, node: TNode, p: string) =>
    report(
      state,
      at(
        "warning",
        "SCAN_NESTED_UNRESOLVED",
        `nested stack \`${id}\`: ${why}; the policies of its template are not checked`,
        ctx.file,
        node,
        p,
      ),
    );
  if (!urlNode) {
    unresolved(`it has no \`${property}\``, res, resPointer);
    return undefined;
  }
  const url = ev.evaluate(urlNode, pointer);
  if (url !== NO_VALUE && isObject(url) && member(urlNode, "ApplicationId")) {
    unresolved("its template is in the Serverless Application Repository", urlNode, pointer);
    return undefined;
  }
  if (typeof url !== "string") {
    unresolved(`its \`${property}\` is not known offline`, urlNode, pointer);
    return undefined;
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url)) {
    unresolved(`its template \`${url}\` is not a local file (give the template before \`aws cloudformation package\`)`, urlNode, pointer);
    return undefined;
  }
  return { file: join(ctx.file, url), node: urlNode, pointer };
}

function join(parent: string, rel: string): string {
  return posix.isAbsolute(rel) ? posix.normalize(rel) : posix.normalize(posix.join(posix.dirname(parent), rel));
}

function expand(
  id: string,
  res: TNode,
  child: { file: string; node: TNode; pointer: string },
  ev: Evaluator,
  ctx: NestedContext,
  nesting: NonNullable<NestedContext["nesting"]>,
  extract: Extract,
): ExtractedPolicy[] {
  const { state, chain } = nesting;
  const via = `${nesting.via}${ctx.file}#${id} > `;
  const fail = (code: string, message: string) => {
    report(state, at("error", code, `nested stack \`${id}\`: ${message}`, ctx.file, child.node, child.pointer));
    return [];
  };
  if (chain.includes(child.file))
    return fail("SCAN_NESTED_CYCLE", `\`${child.file}\` nests itself (${[...chain, child.file].map((f) => `\`${f}\``).join(" → ")})`);
  if (chain.length >= MAX_NESTING_DEPTH) return fail("SCAN_NESTED_TOO_DEEP", `templates nest more than ${MAX_NESTING_DEPTH} deep`);
  if (!state.expanded.has(via)) {
    if (state.expanded.size >= MAX_NESTED_STACKS)
      return fail("SCAN_NESTED_TOO_MANY", `more than ${MAX_NESTED_STACKS} nested stacks under \`${chain[0]}\``);
    state.expanded.add(via);
  }
  const root = childRoot(child.file, state);
  if (root === "unreadable") return fail("SCAN_NESTED_READ_ERROR", `cannot read its template \`${child.file}\``);
  if (root === undefined) return []; // its parse error is reported, in the child file
  if (root === "not-template") return fail("SCAN_NESTED_NOT_TEMPLATE", `\`${child.file}\` is not a CloudFormation template`);
  const bound = bindParameters(id, res, root, child.file, ev, ctx.file);
  const policies = extract(root, {
    file: child.file,
    options: ctx.options,
    managed: ctx.managed,
    bound,
    nesting: { state, chain: [...chain, child.file], via },
  });
  // A grandchild's name gets each stack on the way: `root#Mid > mid#Leaf > Policy/…`.
  return policies.map((p) => ({ ...p, name: `${ctx.file}#${id} > ${p.name}` }));
}

/**
 * `!GetAtt <stack>.Outputs.<output>` in the template `ev` reads: the output's `Value` in the child
 * template, evaluated with the child's parameters bound as for its policies, its holes relocated
 * to the GetAtt (so they are located where they are used), or undefined when the child cannot be
 * read (why is reported with its policies) or has no such output.
 */
export function nestedOutput(
  ev: Evaluator,
  ctx: NestedContext,
  stack: string,
  output: string,
  node: TNode,
  pointer: string,
): Value | undefined {
  const nesting = ctx.nesting;
  if (!nesting) return undefined;
  const cache = nesting.state.outputs.get(ev) ?? nesting.state.outputs.set(ev, new Map()).get(ev)!;
  const key = `${stack}\u0000${output}`;
  if (!cache.has(key)) cache.set(key, outputValue(ev, ctx, nesting, cache, stack, output));
  const v = cache.get(key) as Value | undefined;
  if (v === undefined) return undefined;
  const child = (cache.get(stack) as Evaluator).file;
  return relocated(v, (h) => ({
    ...h,
    reason: `${h.reason} (output \`${output}\` of nested stack \`${stack}\`, \`${child}\`)`,
    file: ctx.file,
    pointer,
    line: node.loc.line,
    column: node.loc.column,
  }));
}

/** The output's value in the child, located in the child; the child's evaluator cached under `stack`. */
function outputValue(
  ev: Evaluator,
  ctx: NestedContext,
  nesting: NonNullable<NestedContext["nesting"]>,
  cache: Map<string, Evaluator | Value | undefined>,
  stack: string,
  output: string,
): Value | undefined {
  if (!cache.has(stack)) cache.set(stack, childEvaluator(ev, ctx, nesting, stack));
  const childEv = cache.get(stack) as Evaluator | undefined;
  const root = childEv && nesting.state.trees.get(childEv.file);
  const value = member(member(member(root, "Outputs"), output), "Value");
  if (!childEv || !value) return undefined;
  const v = childEv.evaluate(value, toPointer(["Outputs", output, "Value"]));
  return v === NO_VALUE ? undefined : v;
}

function childEvaluator(
  ev: Evaluator,
  ctx: NestedContext,
  nesting: NonNullable<NestedContext["nesting"]>,
  stack: string,
): Evaluator | undefined {
  const res = ev.resources.get(stack);
  const type = str(member(res, "Type"));
  if (!res || (type !== "AWS::CloudFormation::Stack" && type !== "AWS::Serverless::Application")) return undefined;
  const child = childFile(stack, res, ev, ctx);
  if (!child || nesting.chain.includes(child.file) || nesting.chain.length >= MAX_NESTING_DEPTH) return undefined;
  const root = childRoot(child.file, nesting.state);
  if (typeof root !== "object") return undefined;
  const childCtx: NestedContext = {
    file: child.file,
    options: ctx.options,
    managed: ctx.managed,
    bound: bindParameters(stack, res, root, child.file, ev, ctx.file),
    nesting: { state: nesting.state, chain: [...nesting.chain, child.file], via: nesting.via },
  };
  return templateEvaluator(root, childCtx);
}

/** The evaluator of a template's intrinsics in `ctx`, reading its nested stacks' outputs through nestedOutput. */
export function templateEvaluator(root: TNode, ctx: NestedContext): Evaluator {
  const ev: Evaluator = createEvaluator({
    file: ctx.file,
    root,
    options: ctx.options,
    bound: ctx.bound,
    stackOutput: (stack, output, node, pointer) => nestedOutput(ev, ctx, stack, output, node, pointer),
  });
  return ev;
}

/** The child's parsed template: cached per file; a parse error reported once, in the child. */
function childRoot(file: string, state: NestingState): TNode | "unreadable" | "not-template" | undefined {
  if (!state.trees.has(file) && !state.sources.has(file)) {
    const text = state.read?.(file);
    if (text === undefined) return "unreadable";
    const parsed = parseSource(text, file);
    for (const d of parsed.diagnostics) report(state, { ...d, file });
    state.sources.set(file, text);
    state.trees.set(file, parsed.root);
  }
  const root = state.trees.get(file);
  if (!root) return undefined;
  const resources = member(root, "Resources");
  return member(root, "AWSTemplateFormatVersion") || resources?.type === "object" ? root : "not-template";
}

/**
 * The child's parameters as the parent gives them, each hole relocated to the child's declaration
 * of the parameter (with the parent's place in its reason). A parameter the parent does not give
 * is left out: the child's Default applies (intrinsics.ts).
 */
function bindParameters(id: string, res: TNode, root: TNode, file: string, ev: Evaluator, parentFile: string): Map<string, Value> {
  const bound = new Map<string, Value>();
  const declared = member(root, "Parameters");
  if (declared?.type !== "object") return bound;
  const node = member(member(res, "Properties"), "Parameters");
  if (!node) return bound;
  const base = toPointer(["Resources", id, "Properties", "Parameters"]);
  const given = ev.evaluate(node, base);
  for (const e of declared.entries) {
    const decl = toPointer(["Parameters", e.key]);
    const relocate = (h: Hole): Hole => ({
      ...h,
      reason: `${h.reason} (passed to parameter \`${e.key}\` by \`${parentFile}\` from ${h.pointer || "/"})`,
      file,
      pointer: decl,
      line: e.keyLoc.line,
      column: e.keyLoc.column,
    });
    let v: Value | undefined;
    if (given instanceof Unknown) v = new Unknown(relocate(given.hole));
    else if (given !== NO_VALUE && isObject(given) && e.key in given) v = given[e.key];
    if (v === undefined) continue;
    bound.set(e.key, asParameter(relocated(v, relocate), relocate, ev, e.value));
  }
  return bound;
}

/** A parameter's value: CloudFormation passes strings (a list as its comma-joined text). */
function asParameter(v: Value, relocate: (h: Hole) => Hole, ev: Evaluator, node: TNode): Value {
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v === "string" || v instanceof Sym || v instanceof Unknown) return v;
  if (Array.isArray(v) && v.every((x) => typeof x === "string" || x instanceof Sym || x instanceof Unknown)) return v;
  return new Unknown(relocate(ev.hole("nested parameter", "the value given is not a string", node, "")));
}

function relocated(v: Value, relocate: (h: Hole) => Hole): Value {
  if (v instanceof Unknown)
    return new Unknown(
      relocate(v.hole),
      v.alternatives?.map((a) => relocated(a, relocate)),
    );
  if (v instanceof Sym) return new Sym(v.parts.map((p) => (typeof p === "string" ? p : relocate(p))));
  if (Array.isArray(v)) return v.map((x) => relocated(x, relocate));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, relocated(x, relocate)]));
  return v;
}
