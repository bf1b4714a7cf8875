// CloudFormation intrinsic functions, resolved offline as far as the template and the options allow.
// Contract: `createEvaluator(template)` returns `evaluate(node, pointer)`, which turns a template
// node into a Value: Ref, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::If, Fn::FindInMap,
// Fn::Base64, Fn::ToJsonString, Fn::Length and pseudo parameters are computed from the template
// and the ScanOptions (`--parameters`, `--region`, `--account`, `--partition`); a Ref or GetAtt
// of a resource becomes the resource's ARN or name where arns.ts knows its shape. Anything else
// becomes a located Hole — never a guess. A parameter's Default is not used: the deployer may
// override it, so only `--parameters` gives a parameter a value. Conditions are three-valued: an
// Fn::If whose condition is unknown is an Unknown value.

import { pointer as toPointer, pointerToken } from "../diagnostics/diagnostic.js";
import { attributeOf, referenceOf } from "./arns.js";
import { member, type Loc, type TNode } from "./tree.js";
import { concat, NO_VALUE, Sym, Unknown, type Evaluated, type Hole, type Value } from "./value.js";

export interface ScanOptions {
  /** `--parameters K=V,…`; a CommaDelimitedList or List<…> parameter's value is split on commas. */
  parameters?: Record<string, string>;
  region?: string;
  account?: string;
  partition?: string;
}

export interface Template {
  file: string;
  root: TNode;
  options: ScanOptions;
  /**
   * A nested stack's template read through its parent (nested.ts): each parameter's value as the
   * parent's `Parameters` property gives it, holes already located in this template. A parameter
   * the parent does not give takes its `Default` (CloudFormation does; the deployer cannot
   * override it), and `options.parameters` do not apply.
   */
  bound?: ReadonlyMap<string, Value>;
  /**
   * `!GetAtt Stack.Outputs.Name` of a nested stack resource: the output's value as nested.ts reads
   * it from the child template (holes located here), or undefined when it cannot.
   */
  stackOutput?: (stack: string, output: string, node: TNode, pointer: string) => Value | undefined;
}

export type Evaluate = (node: TNode, pointer: string) => Evaluated;

export interface Evaluator {
  evaluate: Evaluate;
  /** A hole for an expression at a node (for extractors that meet what they cannot read). */
  hole(id: string, reason: string, node: TNode, pointer: string, placeholder?: string): Hole;
  /** The resources CloudFormation may create: those whose `Condition` is not known to be false. */
  resources: Map<string, TNode>;
  options: ScanOptions;
  file: string;
  /** A named condition's truth, or undefined when it depends on what is not known. */
  condition(name: string): boolean | undefined;
}

const URL_SUFFIX: Record<string, string> = { aws: "amazonaws.com", "aws-cn": "amazonaws.com.cn", "aws-us-gov": "amazonaws.com" };

function quote(s: string): string {
  return "`" + s + "`";
}

export function createEvaluator(t: Template): Evaluator {
  const resources = new Map<string, TNode>();
  const section = (name: string) => member(t.root, name);
  for (const e of section("Resources")?.type === "object" ? (section("Resources") as Extract<TNode, { type: "object" }>).entries : [])
    resources.set(e.key, e.value);
  const parameters = section("Parameters");
  const conditionCache = new Map<string, boolean | undefined>();
  // A resource whose name reads its own ARN (CloudFormation rejects the cycle): a hole, not a loop.
  const shaping = new Set<string>();
  const shaped = (name: string, build: () => Value | undefined): Value | undefined => {
    if (shaping.has(name)) return undefined;
    shaping.add(name);
    try {
      return build();
    } finally {
      shaping.delete(name);
    }
  };

  const hole = (id: string, reason: string, node: TNode | Loc, pointer: string, placeholder?: string): Hole => {
    const loc = "loc" in node ? node.loc : node;
    return {
      id,
      reason,
      file: t.file,
      pointer,
      line: loc.line,
      column: loc.column,
      placeholder: placeholder ?? "unresolved-" + id.replace(/[^A-Za-z0-9-]+/g, "-").replace(/^-|-$/g, ""),
    };
  };
  const unknown = (id: string, reason: string, node: TNode, pointer: string, placeholder?: string) =>
    new Unknown(hole(id, reason, node, pointer, placeholder));

  const pseudo = (name: string, node: TNode, pointer: string): Evaluated | undefined => {
    const o = t.options;
    const given = (v: string | undefined, flag: string, placeholder: string) =>
      v ?? unknown(name, `${quote(name)} is not known: give ${quote(flag)}`, node, pointer, placeholder);
    switch (name) {
      case "AWS::AccountId":
        return given(o.account, "--account", "999999999999");
      case "AWS::Region":
        return given(o.region, "--region", "us-east-1");
      case "AWS::Partition":
        return given(o.partition, "--partition", "aws");
      case "AWS::URLSuffix":
        return o.partition && URL_SUFFIX[o.partition]
          ? URL_SUFFIX[o.partition]
          : unknown(name, `${quote(name)} is not known: give ${quote("--partition")}`, node, pointer, "amazonaws.com");
      case "AWS::NoValue":
        return NO_VALUE;
      case "AWS::StackName":
      case "AWS::StackId":
      case "AWS::NotificationARNs":
        return unknown(name, `${quote(name)} is known only at deployment`, node, pointer);
    }
    return undefined;
  };

  const parameter = (name: string, node: TNode, pointer: string): Value => {
    const type = member(member(parameters, name), "Type");
    const isList = type?.type === "scalar" && typeof type.value === "string" && /^(CommaDelimitedList|List<)/.test(type.value);
    if (t.bound) return boundParameter(name, type, isList, node, pointer);
    // A deployer gives such a parameter the name of a Systems Manager parameter, whose value
    // CloudFormation reads at deployment: a `--parameters` value is that name, never the value.
    if (isSsmParameter(type))
      return unknown("Ref " + name, `parameter ${quote(name)} is read from Systems Manager at deployment`, node, pointer);
    const given = t.options.parameters?.[name];
    if (given !== undefined) return isList ? given.split(",").map((s) => s.trim()) : given;
    return unknown("Ref " + name, `parameter ${quote(name)} has no value: give it with ${quote("--parameters")}`, node, pointer);
  };

  /** A nested stack's parameter: the parent's value, else its Default (never `--parameters`). */
  const boundParameter = (name: string, type: TNode | undefined, isList: boolean, node: TNode, pointer: string): Value => {
    // What the parent passes (or the Default) is the name of a Systems Manager parameter, whose
    // value CloudFormation reads at deployment.
    if (isSsmParameter(type))
      return unknown("Ref " + name, `parameter ${quote(name)} is read from Systems Manager at deployment`, node, pointer);
    const given = t.bound!.get(name);
    if (given !== undefined) {
      if (!isList || Array.isArray(given)) return given;
      if (typeof given === "string") return given.split(",").map((s) => s.trim());
      // A list whose text holds a hole: how many items it has is not known.
      return unknown("Ref " + name, `parameter ${quote(name)} is a list given with unresolved parts`, node, pointer);
    }
    const d = member(member(parameters, name), "Default");
    if (d?.type === "scalar" && d.value !== null) {
      const text = String(d.value);
      return isList ? text.split(",").map((s) => s.trim()) : text;
    }
    return unknown("Ref " + name, `parameter ${quote(name)} is not given by the parent stack and has no usable Default`, node, pointer);
  };

  const evaluate: Evaluate = (node, pointer) => {
    if (node.type === "scalar") return node.value;
    if (node.type === "array") {
      const out: Value[] = [];
      node.items.forEach((item, i) => {
        const v = evaluate(item, `${pointer}/${i}`);
        if (v !== NO_VALUE) out.push(v);
      });
      return out;
    }
    if (node.entries.length === 1) {
      const { key, value } = node.entries[0];
      if (key === "Ref" || key.startsWith("Fn::")) return intrinsic(key, value, node, pointer);
    }
    const out: { [key: string]: Value } = {};
    for (const e of node.entries) {
      const v = evaluate(e.value, `${pointer}/${pointerToken(e.key)}`);
      if (v !== NO_VALUE) out[e.key] = v;
    }
    return out;
  };

  const asString = (v: Evaluated, node: TNode, pointer: string, what: string): string | Sym | Unknown => {
    if (typeof v === "string" || v instanceof Sym || v instanceof Unknown) return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    return unknown(what, `${quote(what)} does not give a string`, node, pointer);
  };

  const intrinsic = (fn: string, arg: TNode, node: TNode, pointer: string): Evaluated => {
    const inner = `${pointer}/${pointerToken(fn)}`;
    const text = fn + " " + canonicalText(arg);
    const opaque = (why: string) => unknown(text, why, node, pointer);
    switch (fn) {
      case "Ref": {
        if (arg.type !== "scalar" || typeof arg.value !== "string") return opaque(`${quote("Ref")} takes a name`);
        const name = arg.value;
        const p = pseudo(name, node, pointer);
        if (p !== undefined) return p;
        if (member(parameters, name)) return parameter(name, node, pointer);
        const r = resources.get(name);
        if (r)
          return (
            shaped(name, () => referenceOf(name, r, api, node, pointer)) ??
            unknown("Ref " + name, `the value of ${quote("Ref " + name)} is known only at deployment`, node, pointer)
          );
        return opaque(`${quote(name)} is neither a parameter nor a resource of this template`);
      }
      case "Fn::GetAtt": {
        const a = evaluate(arg, inner);
        const parts = Array.isArray(a) ? a : typeof a === "string" ? [a.slice(0, a.indexOf(".")), a.slice(a.indexOf(".") + 1)] : [];
        const [name, attr] = parts;
        if (typeof name !== "string" || typeof attr !== "string") return opaque(`${quote("Fn::GetAtt")} takes a resource and an attribute`);
        const r = resources.get(name);
        let got = r ? shaped(name, () => attributeOf(name, r, attr, api, node, pointer)) : undefined;
        // A nested stack's output; a parent that passes it back into the same stack is a cycle: a hole.
        if (got === undefined && r && attr.startsWith("Outputs.") && t.stackOutput)
          got = shaped(name, () => t.stackOutput!(name, attr.slice("Outputs.".length), node, pointer));
        return got ?? unknown(`GetAtt ${name}.${attr}`, `${quote(`${name}.${attr}`)} is known only at deployment`, node, pointer);
      }
      case "Fn::Sub":
        return sub(arg, node, pointer, inner);
      case "Fn::Join": {
        if (arg.type !== "array" || arg.items.length !== 2) return opaque(`${quote("Fn::Join")} takes a delimiter and a list`);
        const delim = evaluate(arg.items[0], `${inner}/0`);
        const list = evaluate(arg.items[1], `${inner}/1`);
        if (typeof delim !== "string" || !Array.isArray(list)) return opaque(`the list of ${quote("Fn::Join")} is not known`);
        const parts: Array<string | Sym | Hole> = [];
        list.forEach((item, i) => {
          if (i > 0) parts.push(delim);
          const s = asString(item, arg.items[1], `${inner}/1/${i}`, text);
          parts.push(s instanceof Unknown ? s.hole : s);
        });
        return concat(parts);
      }
      case "Fn::Select": {
        if (arg.type !== "array" || arg.items.length !== 2) return opaque(`${quote("Fn::Select")} takes an index and a list`);
        const index = evaluate(arg.items[0], `${inner}/0`);
        const list = evaluate(arg.items[1], `${inner}/1`);
        const i = typeof index === "number" ? index : typeof index === "string" && /^\d+$/.test(index) ? Number(index) : undefined;
        if (i === undefined || !Array.isArray(list))
          return list instanceof Unknown ? list : opaque(`the list or index of ${quote("Fn::Select")} is not known`);
        return i < list.length ? list[i] : opaque(`index ${i} is past the end of the list`);
      }
      case "Fn::Split": {
        if (arg.type !== "array" || arg.items.length !== 2) return opaque(`${quote("Fn::Split")} takes a delimiter and a string`);
        const delim = evaluate(arg.items[0], `${inner}/0`);
        const s = evaluate(arg.items[1], `${inner}/1`);
        if (typeof delim === "string" && delim !== "" && typeof s === "string") return s.split(delim);
        return opaque(`the string of ${quote("Fn::Split")} is not known`);
      }
      case "Fn::If": {
        if (arg.type !== "array" || arg.items.length !== 3) return opaque(`${quote("Fn::If")} takes a condition and two values`);
        const c = arg.items[0];
        const cond = c.type === "scalar" && typeof c.value === "string" ? condition(c.value, new Set()) : undefined;
        if (cond === undefined) {
          // Both branches are kept: unknowns.ts reads an unknown choice as either of them.
          const branches = [1, 2].map((i) => evaluate(arg.items[i], `${inner}/${i}`)).filter((v): v is Value => v !== NO_VALUE);
          return new Unknown(hole(text, `condition ${quote(canonicalText(c))} is not known`, node, pointer), branches);
        }
        return cond ? evaluate(arg.items[1], `${inner}/1`) : evaluate(arg.items[2], `${inner}/2`);
      }
      case "Fn::FindInMap": {
        if (arg.type !== "array" || arg.items.length < 3) return opaque(`${quote("Fn::FindInMap")} takes a map and two keys`);
        const keys = arg.items.slice(0, 3).map((k, i) => evaluate(k, `${inner}/${i}`));
        if (!keys.every((k) => typeof k === "string")) return opaque(`the keys of ${quote("Fn::FindInMap")} are not known`);
        const [m, k1, k2] = keys as string[];
        const found = member(member(member(member(t.root, "Mappings"), m), k1), k2);
        if (!found) return opaque(`${quote(`${m}/${k1}/${k2}`)} is not in the template's Mappings`);
        return evaluate(found, toPointer(["Mappings", m, k1, k2]));
      }
      case "Fn::Base64": {
        const s = evaluate(arg, inner);
        return typeof s === "string"
          ? Buffer.from(s, "utf8").toString("base64")
          : opaque(`the text of ${quote("Fn::Base64")} is not known`);
      }
      case "Fn::ToJsonString": {
        const v = evaluate(arg, inner);
        return v !== NO_VALUE && !hasHole(v) ? JSON.stringify(v) : opaque(`the value of ${quote("Fn::ToJsonString")} is not known`);
      }
      case "Fn::Length": {
        const v = evaluate(arg, inner);
        return Array.isArray(v) ? v.length : opaque(`the list of ${quote("Fn::Length")} is not known`);
      }
      case "Fn::ImportValue":
        return opaque(`${quote("Fn::ImportValue")} reads another stack's export`);
      default:
        return opaque(`${quote(fn)} is not evaluated offline`);
    }
  };

  const sub = (arg: TNode, node: TNode, pointer: string, inner: string): Evaluated => {
    let body: TNode | undefined = arg;
    const vars = new Map<string, Evaluated>();
    if (arg.type === "array") {
      body = arg.items[0];
      const map = arg.items[1];
      if (map?.type === "object") for (const e of map.entries) vars.set(e.key, evaluate(e.value, `${inner}/1/${pointerToken(e.key)}`));
    }
    if (body?.type !== "scalar" || typeof body.value !== "string")
      return unknown("Fn::Sub " + canonicalText(arg), `${quote("Fn::Sub")} takes a string`, node, pointer);
    const parts: Array<string | Sym | Hole> = [];
    const re = /\$\{([^}]*)\}/g;
    let last = 0;
    for (let m = re.exec(body.value); m; m = re.exec(body.value)) {
      parts.push(body.value.slice(last, m.index));
      last = m.index + m[0].length;
      const name = m[1].trim();
      if (name.startsWith("!")) {
        parts.push("${" + name.slice(1) + "}");
        continue;
      }
      let v: Evaluated;
      if (vars.has(name)) v = vars.get(name)!;
      else if (name.includes(".") && !name.startsWith("AWS::"))
        v = intrinsic("Fn::GetAtt", { type: "scalar", value: name, loc: node.loc }, node, pointer);
      else v = intrinsic("Ref", { type: "scalar", value: name, loc: node.loc }, node, pointer);
      const s = asString(v === NO_VALUE ? "" : v, node, pointer, "${" + name + "}");
      parts.push(s instanceof Unknown ? s.hole : s);
    }
    parts.push(body.value.slice(last));
    return concat(parts);
  };

  /** A named condition's truth, or undefined when it depends on what is not known. */
  const condition = (name: string, visiting: Set<string>): boolean | undefined => {
    if (conditionCache.has(name)) return conditionCache.get(name);
    if (visiting.has(name)) return undefined;
    visiting.add(name);
    const def = member(member(t.root, "Conditions"), name);
    const result = def ? conditionValue(def, toPointer(["Conditions", name]), visiting) : undefined;
    conditionCache.set(name, result);
    return result;
  };

  const conditionValue = (node: TNode, pointer: string, visiting: Set<string>): boolean | undefined => {
    if (node.type === "scalar")
      return typeof node.value === "boolean" ? node.value : node.value === "true" ? true : node.value === "false" ? false : undefined;
    if (node.type !== "object" || node.entries.length !== 1) return undefined;
    const { key, value } = node.entries[0];
    const items = value.type === "array" ? value.items : [];
    const sub = (i: number) => conditionValue(items[i], `${pointer}/${pointerToken(key)}/${i}`, visiting);
    switch (key) {
      case "Condition":
        return value.type === "scalar" && typeof value.value === "string" ? condition(value.value, visiting) : undefined;
      case "Fn::Equals": {
        if (items.length !== 2) return undefined;
        const [a, b] = items.map((n, i) => evaluate(n, `${pointer}/Fn::Equals/${i}`));
        if (hasHole(a) || hasHole(b) || a === NO_VALUE || b === NO_VALUE) return undefined;
        return JSON.stringify(a) === JSON.stringify(b) || String(a) === String(b);
      }
      case "Fn::Not": {
        const v = sub(0);
        return v === undefined ? undefined : !v;
      }
      case "Fn::And":
      case "Fn::Or": {
        const vs = items.map((_, i) => sub(i));
        const decisive = key === "Fn::And" ? false : true;
        if (vs.includes(decisive)) return decisive;
        return vs.includes(undefined) ? undefined : !decisive;
      }
    }
    return undefined;
  };

  // A resource whose Condition is false is not created: it holds no policy. (Refs to it are still
  // resolved from its shape, as CloudFormation would reject them anyway.)
  const created = new Map<string, TNode>();
  for (const [id, r] of resources) {
    const c = member(r, "Condition");
    if (c?.type === "scalar" && typeof c.value === "string" && condition(c.value, new Set()) === false) continue;
    created.set(id, r);
  }
  const api: Evaluator = {
    evaluate,
    hole,
    resources: created,
    options: t.options,
    file: t.file,
    condition: (name) => condition(name, new Set()),
  };
  return api;
}

function hasHole(v: Evaluated): boolean {
  if (v instanceof Sym || v instanceof Unknown) return true;
  if (Array.isArray(v)) return v.some(hasHole);
  if (typeof v === "object" && v !== null) return Object.values(v).some(hasHole);
  return false;
}

/** A node's text as the template spells it, for hole ids (same expression → same id). */
export function canonicalText(node: TNode): string {
  if (node.type === "scalar") return typeof node.value === "string" ? node.value : JSON.stringify(node.value);
  if (node.type === "array") return "[" + node.items.map(canonicalText).join(", ") + "]";
  return "{" + node.entries.map((e) => `${e.key}: ${canonicalText(e.value)}`).join(", ") + "}";
}

/** A parameter of type `AWS::SSM::Parameter::Value<…>`: its value is read from Systems Manager at deployment. */
function isSsmParameter(type: TNode | undefined): boolean {
  return type?.type === "scalar" && typeof type.value === "string" && type.value.startsWith("AWS::SSM::Parameter::Value<");
}
