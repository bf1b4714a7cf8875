// The principal condition keys of resource policies, derived from the request principal
// (iam-semantics §5 table, §7.1) instead of being independent context values. Service, web-identity
// and canonical-user callers are not IAM principals: AWS lists roles, users, federated users and
// root as the principals aws:PrincipalArn names, so they have neither an ARN nor an account here
// (a service's account is aws:SourceAccount).
// Contract: for each derived key and principal kind (principal.ts) the key is absent, has a
// value computed from the principal, or is "free" (AWS documents no value for that kind; the
// request context's value is read, as for any other key):
//   key                        anonymous   user/role/fedUser/root        service      federated, canonical   other
//   aws:PrincipalArn           absent      the ARN (a role's, for a      absent       absent                 free
//                                          role session)
//   aws:PrincipalAccount       `anonymous` the ARN's account             absent       absent                 free
//   aws:PrincipalType          `Anonymous` User/AssumedRole/             free         free                   free
//                                          FederatedUser/Account
//   aws:PrincipalIsAWSService  absent      false                          true         free                   free
//   aws:PrincipalServiceName   absent      absent                         the name     absent                 free
// A key is derived only when the query gives it its own family (string; bool for
// aws:PrincipalIsAWSService) as a single-valued key; otherwise it stays an ordinary context key.
// liftValue turns a pattern q over the key's value into a formula over "principal" that holds
// exactly when the derived value matches q: PrincipalArn q ↦ `AWS:`q; PrincipalAccount q ↦
// `AWS:arn:*:*::`q`:*` (q's wildcards barred from `:`; FALSE when q has a literal `:`, since an
// account has none); PrincipalType and the anonymous account are constants, decided now;
// PrincipalServiceName q ↦ `Service:`q. All atoms stay unary. A q with policy variables is lifted
// only where it is a suffix of the principal (PrincipalArn, PrincipalServiceName); elsewhere the
// atom keeps the key's own variable s:k. `tie(kind, v)` says "the string variable v holds the
// derived value" for a kind with a value, as a formula over v and "principal" (a var token where
// the value is part of the principal): the query conjoins it wherever a policy variable relates
// s:k to another variable (encode/principal.ts principalVariableTies), which holds on every real
// request, split by `cases` where it pins s:k to a literal (withPrincipalVariableTies).

import { and, FALSE, match, TRUE, type Formula } from "../logic/ir.js";
import type { KeyFamily, KeyTypes } from "./key-types.js";
import { concatPatterns, literalPattern, matchPattern, type Pattern } from "../logic/pattern.js";
import { kindFormula, PRINCIPAL_VAR, type PrincipalKind } from "./principal.js";

export type Derived = { t: "absent" } | { t: "free" } | { t: "value"; value: string };

interface KeyRule {
  family: KeyFamily;
  /** The derivation for one principal text of a kind. */
  derive(kind: PrincipalKind, text: string): Derived;
  /**
   * For a derived kind with a value: "the value matches q" over the principal variable;
   * undefined when q's policy variables keep it from being lifted (the caller keeps the atom).
   */
  lift(kind: PrincipalKind, q: Pattern): Formula | undefined;
  /** For a kind with a value: "the string variable `v` holds the derived value". */
  tie(kind: PrincipalKind, v: string): Formula;
  /**
   * Facts about the principal under which the derived value is one literal: the kinds with a
   * constant, and the accounts, ARNs or service names that patterns on the principal spell out.
   */
  cases(principalPatterns: Pattern[]): { when: Formula; value: string }[];
}

const ABSENT: Derived = { t: "absent" };
const FREE: Derived = { t: "free" };
const value = (v: string): Derived => ({ t: "value", value: v });
const isAws = (k: PrincipalKind) => k === "user" || k === "role" || k === "fedUser" || k === "root";
// Var tokens (policy variables) read another variable; typed loosely so that this file does not
// depend on which token kinds pattern.ts declares.
const isVar = (t: { t: string }) => t.t === "var";
const hasVars = (q: Pattern) => q.tokens.some(isVar);
const constant = (q: Pattern, v: string): Formula | undefined => (hasVars(q) ? undefined : matchPattern(q, v) ? TRUE : FALSE);

/** `AWS:arn:P:S::A:rest` → A. */
function accountOf(text: string): string {
  return text.split(":")[5];
}

const TYPES: Partial<Record<PrincipalKind, string>> = {
  anonymous: "Anonymous",
  user: "User",
  role: "AssumedRole",
  fedUser: "FederatedUser",
  root: "Account",
};

function prefixed(prefix: string, q: Pattern): Pattern {
  return concatPatterns([literalPattern(prefix), q], q.caseInsensitive);
}

function accountPattern(q: Pattern): Pattern | undefined {
  if (q.tokens.some((t) => t.t === "lit" && t.s.includes(":"))) return undefined;
  const inner: Pattern = {
    tokens: q.tokens.map((t) => (t.t === "char" || t.t === "star" ? { ...t, noColon: true } : t)) as Pattern["tokens"],
    caseInsensitive: q.caseInsensitive,
  };
  const nc = { t: "star" as const, noColon: true };
  return concatPatterns(
    [
      literalPattern("AWS:arn:"),
      { tokens: [nc], caseInsensitive: false },
      literalPattern(":"),
      { tokens: [nc], caseInsensitive: false },
      literalPattern("::"),
      inner,
      literalPattern(":"),
      { tokens: [{ t: "star", noColon: false }], caseInsensitive: false },
    ],
    q.caseInsensitive,
  );
}

/**
 * The distinct first groups of `re` over case-sensitive patterns written out (`*`, `?` for
 * wildcards; only all-literal patterns when `whole`). Which literals these are only picks the
 * cases; every case is exact whatever they are.
 */
function literals(ps: Pattern[], re: RegExp, whole: boolean): string[] {
  const out = new Set<string>();
  for (const p of ps) {
    if (p.caseInsensitive || p.tokens.some((t) => t.t === "var" || (whole && t.t !== "lit"))) continue;
    const m = re.exec(p.tokens.map((t) => (t.t === "lit" ? t.s : t.t === "star" ? "*" : "?")).join(""));
    if (m) out.add(m[1]);
  }
  return [...out];
}

/** The variable v read as a pattern (a var token): matching it is equality with v's value. */
const varPattern = (v: string): Pattern => ({ tokens: [{ t: "var", v }], caseInsensitive: false });
const NO_COLON: Pattern = { tokens: [{ t: "star", noColon: true }], caseInsensitive: false };

export const PRINCIPAL_KEYS: Record<string, KeyRule> = {
  "aws:principalarn": {
    family: "string",
    derive: (k, text) => (isAws(k) ? value(text.slice(4)) : k === "other" ? FREE : ABSENT),
    lift: (_k, q) => match(PRINCIPAL_VAR, prefixed("AWS:", q)),
    tie: (_k, v) => match(PRINCIPAL_VAR, prefixed("AWS:", varPattern(v))),
    cases: (ps) =>
      literals(ps, /^AWS:(.+)$/s, true).map((arn) => ({ when: match(PRINCIPAL_VAR, literalPattern("AWS:" + arn)), value: arn })),
  },
  "aws:principalaccount": {
    family: "string",
    derive: (k, text) => (k === "anonymous" ? value("anonymous") : isAws(k) ? value(accountOf(text)) : k === "other" ? FREE : ABSENT),
    lift(k, q) {
      if (k === "anonymous") return constant(q, "anonymous");
      if (hasVars(q)) return undefined;
      const p = accountPattern(q);
      return p ? match(PRINCIPAL_VAR, p) : FALSE;
    },
    // An account has no colon; with none in v, the var token sits exactly on the ARN's account.
    tie: (k, v) =>
      k === "anonymous"
        ? match(v, literalPattern("anonymous"))
        : and(match(v, NO_COLON), match(PRINCIPAL_VAR, accountPattern(varPattern(v))!)),
    cases: (ps) => [
      { when: kindFormula("anonymous"), value: "anonymous" },
      ...literals(ps, /^AWS:arn:[^:]*:[^:]*::([^:*?]+):/, false).map((a) => ({
        when: match(PRINCIPAL_VAR, accountPattern(literalPattern(a))!),
        value: a,
      })),
    ],
  },
  "aws:principaltype": {
    family: "string",
    derive: (k) => (TYPES[k] !== undefined ? value(TYPES[k]!) : FREE),
    lift: (k, q) => constant(q, TYPES[k]!),
    tie: (k, v) => match(v, literalPattern(TYPES[k]!)),
    cases: () => (Object.entries(TYPES) as [PrincipalKind, string][]).map(([k, type]) => ({ when: kindFormula(k), value: type })),
  },
  "aws:principalisawsservice": {
    family: "bool",
    derive: (k) => (k === "anonymous" ? ABSENT : isAws(k) ? value("false") : k === "service" ? value("true") : FREE),
    lift: () => {
      throw new Error("a Boolean key has no patterns");
    },
    tie: () => {
      throw new Error("a Boolean key has no string value");
    },
    cases: () => [],
  },
  "aws:principalservicename": {
    family: "string",
    derive: (k, text) => (k === "service" ? value(text.slice("Service:".length)) : k === "other" ? FREE : ABSENT),
    lift: (_k, q) => match(PRINCIPAL_VAR, prefixed("Service:", q)),
    tie: (_k, v) => match(PRINCIPAL_VAR, prefixed("Service:", varPattern(v))),
    cases: (ps) =>
      literals(ps, /^Service:(.+)$/s, true).map((name) => ({ when: match(PRINCIPAL_VAR, literalPattern("Service:" + name)), value: name })),
  },
};

/** The rule of a key the query derives from the principal (lower-cased key), if it does. */
export function derivedKeyRule(key: string, keyTypes: KeyTypes): KeyRule | undefined {
  const rule = PRINCIPAL_KEYS[key];
  return rule && keyTypes.get(key) === rule.family && !keyTypes.sets?.has(key) ? rule : undefined;
}

/** The canonical spelling of each derived key, for contexts that print them. */
export const PRINCIPAL_KEY_NAMES: Record<string, string> = {
  "aws:principalarn": "aws:PrincipalArn",
  "aws:principalaccount": "aws:PrincipalAccount",
  "aws:principaltype": "aws:PrincipalType",
  "aws:principalisawsservice": "aws:PrincipalIsAWSService",
  "aws:principalservicename": "aws:PrincipalServiceName",
};
