// The sorts of the request variables a formula mentions, from their names (the naming is fixed):
//   action, resource, principal, principal-session,
//   s:<key>                                          string
//   present:<key>, b:<key>, free:<id>, illtyped:<key> Boolean
//   in:<key>#<i> (element i of a multi-valued key; its value is s:/n:/d:/ip:/b:<key>#<i>)
//   n:<key>, d:<key> (epoch seconds)                 ordered rational, unbounded
//   ip:<key>                                         ordered integer in [0, IP_MAX]
// Contract: varsOf(f) declares every variable of f; an unknown name is an internal error.

import { IP_MAX } from "../iam/values.js";
import { formulaVariables } from "../logic/evaluate.js";
import type { Formula, Sort, Vars } from "../logic/ir.js";
import { rational } from "../logic/rational.js";

const STRING: Sort = { sort: "string" };
const BOOL: Sort = { sort: "bool" };
const RATIONAL: Sort = { sort: "ordered", integer: false };
const IP: Sort = { sort: "ordered", integer: true, min: rational(0n), max: rational(IP_MAX) };

export function sortOf(name: string): Sort {
  if (name === "action" || name === "resource" || name === "principal" || name === "principal-session") return STRING;
  const prefix = name.slice(0, name.indexOf(":"));
  switch (prefix) {
    case "s":
      return STRING;
    case "present":
    case "in":
    case "b":
    case "free":
    case "illtyped":
      return BOOL;
    case "n":
    case "d":
      return RATIONAL;
    case "ip":
      return IP;
  }
  throw new Error(`unknown request variable \`${name}\``);
}

export function varsOf(f: Formula): Vars {
  const out: Vars = new Map();
  for (const v of formulaVariables(f)) out.set(v, sortOf(v));
  return out;
}
