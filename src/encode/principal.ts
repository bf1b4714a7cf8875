// The principal side of a resource policy as formulas; mirrors eval/principal.ts.
// Contract:
//  - encodePrincipalBlock: Principal = OR of its values, each an OR of cases
//    `principal ∈ p ∧ principal-session ∈ s`; NotPrincipal = NOT_PRINCIPAL_LAYERS with narrow
//    ¬OR and wide ¬(OR over IAM kinds: kind ∧ every layer of the kind named), ¬OR for the other
//    kinds (iam/principal.ts, iam-semantics §6.7).
//  - tiePrincipalKeys(f, keyTypes): f with every atom on a derived principal key
//    (iam/principal-keys.ts) replaced by the same fact about the principal: present:k ↦ OR of
//    the kinds that have k; match(s:k, q) ↦ OR over kinds of kind ∧ lift(q); b:k ↦ OR of the
//    kinds whose value is true — and, for the kinds where k is free, kind ∧ the original atom.
//    Every atom stays a unary glob or Boolean atom, except an atom on s:k whose pattern has var
//    tokens: it cannot be lifted, so for each kind with a value it stays, conjoined with that
//    kind's tie (s:k holds the kind's value, iam/principal-keys.ts `tie`). Var tokens of other
//    atoms that read s:k are left as they are; principalVariableTies(f, keyTypes) is the fact a
//    query conjoins to tie them: for every derived key whose s:k a var token of f reads, each
//    kind with a value implies that s:k holds it.
//    Every real request satisfies it, since the evaluator derives the key from the principal.

import { presentVar, valueVar } from "../iam/operators.js";
import {
  AWS_KINDS,
  KNOWN_KINDS,
  kindFormula,
  LAYERS,
  notPrincipalLayersSpec,
  principalLayer,
  principalMatcher,
  PRINCIPAL_VAR,
  SESSION_VAR,
  type PrincipalCase,
  type PrincipalKind,
  type PrincipalMatcher,
} from "../iam/principal.js";
import { PRINCIPAL_KEYS, derivedKeyRule } from "../iam/principal-keys.js";
import type { KeyTypes } from "../iam/key-types.js";
import { and, FALSE, forEachAtom, mapAtoms, not, or, TRUE, type Formula } from "../logic/ir.js";
import { variablesReadByTokens } from "../logic/evaluate.js";
import { substituteStrings } from "../logic/substitute.js";
import type { Pattern } from "../logic/pattern.js";
import type { PrincipalBlock } from "../iam/ast.js";
import { matchAtom, type EncodeEnv } from "./env.js";

function casesFormula(cases: PrincipalCase[]): Formula {
  return or(...cases.map((c) => and(matchAtom(PRINCIPAL_VAR, c.p), c.s ? matchAtom(SESSION_VAR, c.s) : TRUE)));
}

function valueFormula(m: PrincipalMatcher, env: EncodeEnv): Formula {
  if (m.kind === "exact") return casesFormula(m.cases);
  return env.free(m.spec, casesFormula(m.narrow), casesFormula(m.wide));
}

export function encodePrincipalBlock(block: PrincipalBlock, env: EncodeEnv): Formula {
  const values = block.values.map((v) => valueFormula(principalMatcher(v), env));
  const named = or(...values);
  if (!block.negated) return named;
  const layers = block.values.map(principalLayer);
  const aws = AWS_KINDS.map((kind) =>
    and(kindFormula(kind), ...LAYERS[kind].map((layer) => or(...values.filter((_, i) => layers[i] === layer || layers[i] === "any")))),
  );
  const layered = or(and(not(or(...AWS_KINDS.map(kindFormula))), named), ...aws);
  return env.free(notPrincipalLayersSpec(block.values), not(named), not(layered));
}

const ALL_KINDS: PrincipalKind[] = [...KNOWN_KINDS, "other"];

/** The kinds for which a key is not free, and the formula "the key is free for this principal". */
function split(key: string): { fixed: PrincipalKind[]; free: Formula } {
  const rule = PRINCIPAL_KEYS[key];
  const fixed = ALL_KINDS.filter((k) => rule.derive(k, "AWS:arn:p:s::a:r").t !== "free");
  return { fixed, free: not(or(...fixed.map(kindFormula))) };
}

/** OR over kinds, grouping kinds whose formula is the same. */
function byKind(kinds: PrincipalKind[], f: (k: PrincipalKind) => Formula): Formula {
  const groups = new Map<string, { formula: Formula; kinds: PrincipalKind[] }>();
  for (const k of kinds) {
    const formula = f(k);
    if (formula.k === "const" && !formula.v) continue;
    const id = JSON.stringify(formula);
    const g = groups.get(id) ?? groups.set(id, { formula, kinds: [] }).get(id)!;
    g.kinds.push(k);
  }
  return or(...[...groups.values()].map((g) => and(or(...g.kinds.map(kindFormula)), g.formula)));
}

// Ties are needed only where a var token reads s:k: an atom on s:k is lifted for every kind with
// a value, or carries its tie where it cannot be, and stands for itself only where s:k is free.

export function principalVariableTies(f: Formula, keyTypes: KeyTypes): Formula {
  const read = variablesReadByTokens(f);
  const ties: Formula[] = [];
  for (const key of keyTypes.keys()) {
    const rule = derivedKeyRule(key, keyTypes);
    const v = valueVar("string", key);
    if (!rule || rule.family !== "string" || !read.has(v)) continue;
    const valued = ALL_KINDS.filter((k) => rule.derive(k, "AWS:arn:p:s::a:r").t === "value");
    ties.push(...valued.map((k) => or(not(kindFormula(k)), rule.tie(k, v))));
  }
  return and(...ties);
}

/**
 * f ∧ principalVariableTies(f), split where a tie pins a variable to a literal: for each derived
 * key whose s:k a var token of f reads (and that is not itself matched against a pattern reading
 * one), each case of it (iam/principal-keys.ts `cases`: a fact about the principal under which
 * the tie makes s:k one value — the anonymous caller's account, an account or ARN the policies
 * name, a kind's type) gets f with s:k replaced by that value, and the rest keeps the tie.
 * Equisatisfiable with f ∧ ties, and the cases need no relation between two variables,
 * which the exact engine's abstraction cannot see: a PASS that rests on
 * `b/${aws:PrincipalAccount}/*` for one account's principals is decided there.
 */
export function withPrincipalVariableTies(f: Formula, keyTypes: KeyTypes): Formula {
  // Most queries read no derived key through a var token: nothing to tie or split.
  const read = variablesReadByTokens(f);
  const keys = [...keyTypes.keys()].filter((k) => derivedKeyRule(k, keyTypes)?.family === "string" && read.has(valueVar("string", k)));
  if (keys.length === 0) return f;
  const principalPatterns: Pattern[] = [];
  forEachAtom(f, (a) => {
    if (a.k === "match" && a.v === PRINCIPAL_VAR) principalPatterns.push(a.p);
  });
  const split = (g: Formula, rest: string[]): Formula => {
    if (rest.length === 0) return and(g, principalVariableTies(g, keyTypes));
    const [key, ...more] = rest;
    const v = valueVar("string", key);
    // Substituting s:k leaves an atom on s:k whose pattern reads another variable undecided (and
    // s:k no longer tied): such a key keeps its tie alone.
    const cases = variablesReadByTokens(g).has(v) && !matchedAgainstTokens(g, v) ? PRINCIPAL_KEYS[key].cases(principalPatterns) : [];
    if (cases.length === 0 || cases.length > MAX_TIE_CASES) return split(g, more);
    // Under c.when the tie makes s:k the literal: the substitution keeps the formula's meaning.
    const pinned = cases.map((c) => and(c.when, split(substituteStrings(g, new Map([[v, c.value]])), more)));
    return or(...pinned, and(not(or(...cases.map((c) => c.when))), split(g, more)));
  };
  return split(f, keys);
}

/** Is v matched against a pattern that reads another variable (a var token)? */
function matchedAgainstTokens(f: Formula, v: string): boolean {
  let found = false;
  forEachAtom(f, (a) => {
    if (a.k === "match" && a.v === v && a.p.tokens.some((t) => t.t === "var")) found = true;
  });
  return found;
}

/** More cases than this copy the question too often: the tie alone is kept. */
const MAX_TIE_CASES = 8;

export function tiePrincipalKeys(f: Formula, keyTypes: KeyTypes): Formula {
  const keys = [...keyTypes.keys()].filter((k) => derivedKeyRule(k, keyTypes) !== undefined);
  if (keys.length === 0) return f;
  const byVar = new Map<string, (atom: Formula) => Formula>();
  for (const key of keys) {
    const rule = PRINCIPAL_KEYS[key];
    const { fixed, free } = split(key);
    const kind = (k: PrincipalKind) => rule.derive(k, "AWS:arn:p:s::a:r");
    byVar.set(presentVar(key), (atom) =>
      or(
        byKind(fixed, (k) => (kind(k).t === "value" ? TRUE : FALSE)),
        and(free, atom),
      ),
    );
    if (rule.family === "bool") {
      byVar.set(valueVar("bool", key), (atom) =>
        or(
          byKind(fixed, (k) => {
            const d = kind(k);
            return d.t === "value" && d.value === "true" ? TRUE : FALSE;
          }),
          and(free, atom),
        ),
      );
    } else {
      byVar.set(valueVar("string", key), (atom) => {
        if (atom.k !== "match") return atom;
        const p = atom.p;
        // An atom that cannot be lifted (its pattern reads another variable) keeps s:k, tied here
        // to the kind's value.
        const lifted = (k: PrincipalKind) => rule.lift(k, p) ?? and(atom, rule.tie(k, valueVar("string", key)));
        return or(
          byKind(fixed, (k) => (kind(k).t === "value" ? lifted(k) : FALSE)),
          and(free, atom),
        );
      });
    }
  }
  return mapAtoms(f, (g) => {
    const r = g.k === "cmp" ? undefined : byVar.get(g.v);
    return r ? r(g) : g;
  });
}
