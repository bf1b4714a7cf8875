// Z3's reply → Assignment, and the check that stands between Z3 and a "sat" answer.
// Contract: `readModel` turns the output of `(get-value (k0 k1 ...))` into a RawModel over the
// formula's variables (strings as Z3's characters, i.e. code points decoded from SMT-LIB
// escapes; numbers exact; Booleans), and throws if any variable is missing or has a value of the
// wrong kind. `modelProblem` returns why
// a model is not a valid answer (a value outside its declared domain, or the formula false under
// logic/evaluate.ts), or undefined when it is one. No model reaches a caller unchecked.

import { evaluateFormula } from "../../logic/evaluate.js";
import type { Assignment, Formula, Vars } from "../../logic/ir.js";
import { compareRational, rationalToString, type Rational } from "../../logic/rational.js";
import { parseNumeral, parseSexprs, type Sexpr } from "./smtlib.js";
import type { SmtSymbol } from "./translate.js";

export interface RawModel {
  chars: Map<string, number[]>;
  numbers: Map<string, Rational>;
  bools: Map<string, boolean>;
}

export function readModel(output: string, symbols: SmtSymbol[]): RawModel {
  const model: RawModel = { chars: new Map(), numbers: new Map(), bools: new Map() };
  if (symbols.length === 0) return model;
  const [pairs] = parseSexprs(output);
  if (!Array.isArray(pairs)) throw new Error(`unexpected z3 model \`${output.trim()}\``);
  const bySym = new Map(symbols.map((s) => [s.sym, s]));
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string") {
      throw new Error(`unexpected z3 model entry \`${JSON.stringify(pair)}\``);
    }
    const s = bySym.get(pair[0]);
    if (!s) throw new Error(`z3 model names an unknown symbol \`${pair[0]}\``);
    const v: Sexpr = pair[1];
    if (s.sort.sort === "string") {
      if (typeof v !== "object" || Array.isArray(v)) throw new Error(`z3 gave \`${s.name}\` a non-string value`);
      model.chars.set(s.name, v.chars);
    } else if (s.sort.sort === "bool") {
      if (v !== "true" && v !== "false") throw new Error(`z3 gave \`${s.name}\` a non-Boolean value`);
      model.bools.set(s.name, v === "true");
    } else model.numbers.set(s.name, parseNumeral(v));
  }
  for (const s of symbols) {
    const has = s.sort.sort === "string" ? model.chars : s.sort.sort === "bool" ? model.bools : model.numbers;
    if (!has.has(s.name)) throw new Error(`z3 model lacks \`${s.name}\``);
  }
  return model;
}

export function modelProblem(f: Formula, vars: Vars, model: Assignment): string | undefined {
  for (const [name, value] of model.numbers) {
    const sort = vars.get(name);
    if (sort?.sort !== "ordered") continue;
    const shown = rationalToString(value);
    if (sort.integer && value.den !== 1n) return `z3 gave integer \`${name}\` the value \`${shown}\``;
    if (sort.min && compareRational(value, sort.min) < 0) return `z3 gave \`${name}\` \`${shown}\`, below its minimum`;
    if (sort.max && compareRational(value, sort.max) > 0) return `z3 gave \`${name}\` \`${shown}\`, above its maximum`;
  }
  try {
    if (!evaluateFormula(f, model)) return "z3's model does not satisfy the formula";
  } catch (e) {
    return `z3's model cannot be evaluated: ${(e as Error).message}`;
  }
  return undefined;
}
