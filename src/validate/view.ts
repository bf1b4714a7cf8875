// A tolerant view of a policy's statements, read straight from the JSON tree, for the checks
// that need the action / resource / condition-key catalogue or AWS's pattern rules.
// Contract: `policyView(root)` never throws and never reports: it keeps what has the expected
// shape (strings where strings belong; a scalar or an array of them) and silently skips the rest,
// because the parser (src/policy/) already reports every structural problem. So a policy with
// errors elsewhere still gets its catalogue checks, as AWS answers all of them at once. Every
// item carries its JSON Pointer, for locating findings (locate.ts). Condition values keep their
// JSON type; numbers and booleans are their JSON text.

import type { ObjectNode, ValueNode } from "@humanwhocodes/momoa";
import { pointer } from "../diagnostics/diagnostic.js";
import { memberName } from "../policy/json.js";
import { parseOperator, type ParsedOperator } from "../policy/operators.js";

export interface Item {
  value: string;
  pointer: string;
}

export interface PrincipalItem extends Item {
  /** `*` for the bare `"Principal": "*"`; else AWS / Service / Federated / CanonicalUser (or another key as written). */
  type: string;
}

export interface ConditionValue extends Item {
  json: "String" | "Number" | "Boolean";
}

export interface ViewCondition {
  operator: string;
  op?: ParsedOperator;
  key: string;
  /** The key's member (its value is the value list). */
  pointer: string;
  values: ConditionValue[];
  /** The value was `[]`. */
  empty: boolean;
}

export interface Block {
  negated: boolean;
  /** The element's value. */
  pointer: string;
  items: Item[];
}

export interface ViewStatement {
  index: number;
  pointer: string;
  sid?: Item;
  effect?: string;
  principal?: { negated: boolean; pointer: string; items: PrincipalItem[] };
  action?: Block;
  resource?: Block;
  conditions: ViewCondition[];
  /** The Condition element's value, when present. */
  conditionPointer?: string;
}

export interface PolicyView {
  version?: string;
  statements: ViewStatement[];
}

type Path = Array<string | number>;

function members(node: ObjectNode): Map<string, ValueNode> {
  const out = new Map<string, ValueNode>();
  for (const m of node.members) if (!out.has(memberName(m))) out.set(memberName(m), m.value);
  return out;
}

function text(node: ValueNode): string | undefined {
  return node.type === "String" ? node.value : undefined;
}

/** A string or an array of strings, each located; non-strings are skipped. */
function strings(node: ValueNode, path: Path): Item[] {
  if (node.type === "String") return [{ value: node.value, pointer: pointer(path) }];
  if (node.type !== "Array") return [];
  const out: Item[] = [];
  node.elements.forEach((el, i) => {
    if (el.value.type === "String") out.push({ value: el.value.value, pointer: pointer([...path, i]) });
  });
  return out;
}

function block(m: Map<string, ValueNode>, names: [string, string], path: Path): Block | undefined {
  for (const name of names) {
    const node = m.get(name);
    if (node) return { negated: name.startsWith("Not"), pointer: pointer([...path, name]), items: strings(node, [...path, name]) };
  }
  return undefined;
}

function scalar(node: ValueNode, source: string, path: Path): ConditionValue | undefined {
  if (node.type === "String") return { value: node.value, pointer: pointer(path), json: "String" };
  if (node.type === "Number" || node.type === "Boolean") {
    return { value: source.slice(node.loc.start.offset, node.loc.end.offset), pointer: pointer(path), json: node.type };
  }
  return undefined;
}

function conditions(node: ValueNode, source: string, path: Path): ViewCondition[] {
  if (node.type !== "Object") return [];
  const out: ViewCondition[] = [];
  for (const om of node.members) {
    const operator = memberName(om);
    if (om.value.type !== "Object") continue;
    for (const km of om.value.members) {
      const key = memberName(km);
      const keyPath = [...path, operator, key];
      const values: ConditionValue[] = [];
      const v = km.value;
      if (v.type === "Array")
        v.elements.forEach((el, i) => {
          const s = scalar(el.value, source, [...keyPath, i]);
          if (s) values.push(s);
        });
      else {
        const s = scalar(v, source, keyPath);
        if (s) values.push(s);
      }
      out.push({
        operator,
        op: parseOperator(operator),
        key,
        pointer: pointer(keyPath),
        values,
        empty: v.type === "Array" && v.elements.length === 0,
      });
    }
  }
  return out;
}

function principal(node: ValueNode, negated: boolean, path: Path): ViewStatement["principal"] {
  const items: PrincipalItem[] = [];
  if (node.type === "String") items.push({ type: node.value === "*" ? "*" : "AWS", value: node.value, pointer: pointer(path) });
  else if (node.type === "Object") {
    for (const m of node.members) {
      const type = memberName(m);
      for (const it of strings(m.value, [...path, type])) items.push({ ...it, type });
    }
  }
  return { negated, pointer: pointer(path), items };
}

function statement(node: ObjectNode, index: number, path: Path, source: string): ViewStatement {
  const m = members(node);
  const s: ViewStatement = { index, pointer: pointer(path), conditions: [] };
  const sid = m.get("Sid");
  if (sid?.type === "String") s.sid = { value: sid.value, pointer: pointer([...path, "Sid"]) };
  const effect = m.get("Effect");
  if (effect) s.effect = text(effect);
  for (const name of ["Principal", "NotPrincipal"]) {
    const p = m.get(name);
    if (p && !s.principal) s.principal = principal(p, name === "NotPrincipal", [...path, name]);
  }
  s.action = block(m, ["Action", "NotAction"], path);
  s.resource = block(m, ["Resource", "NotResource"], path);
  const c = m.get("Condition");
  if (c) {
    s.conditionPointer = pointer([...path, "Condition"]);
    s.conditions = conditions(c, source, [...path, "Condition"]);
  }
  return s;
}

export function policyView(root: ValueNode | undefined, source: string): PolicyView {
  const view: PolicyView = { statements: [] };
  if (!root || root.type !== "Object") return view;
  const m = members(root);
  const version = m.get("Version");
  if (version) view.version = text(version);
  const st = m.get("Statement");
  if (st?.type === "Object") view.statements.push(statement(st, 0, ["Statement"], source));
  else if (st?.type === "Array") {
    st.elements.forEach((el, i) => {
      if (el.value.type === "Object") view.statements.push(statement(el.value, i, ["Statement", i], source));
    });
  }
  return view;
}
