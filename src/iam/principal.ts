// Principals (iam-semantics §1.6, §2.3, §6.7): the request principal as two string variables, the
// kinds of principal, and what a Principal / NotPrincipal value matches.
// Contract — the representation (resource policies only; docs/semantics.md "Principals"):
//  - "principal" holds `anonymous`, `AWS:<aws:PrincipalArn>`, `Service:<name>`,
//    `Federated:<id>` or `CanonicalUser:<id>`. For a role session it holds the role's ARN (with
//    its path), which is the session's aws:PrincipalArn; "principal-session" holds the session
//    name (and is read for role sessions only). IAM users, federated-user sessions and root users
//    are `AWS:` + their own ARN.
//  - Kinds are unary glob formulas over "principal" (kindFormula), pairwise disjoint:
//      user   AWS:arn:P:iam::A:user/?*         role (a session)  AWS:arn:P:iam::A:role/?* not ending in /
//      fedUser AWS:arn:P:sts::A:federated-user/?*               root  AWS:arn:P:iam::A:root
//      anonymous, service Service:?*, federated Federated:?*, canonical CanonicalUser:?*
//    with P a non-empty colon-free partition and A twelve colon-free characters; any other text
//    is kind "other" (outside the request domain).
//  - A request gives a role session as `{"AWS": "arn:P:sts::A:assumed-role/R/S"}`; its role ARN
//    is the context's aws:PrincipalArn when that is `arn:P:iam::A:role/<path>R` (same partition,
//    account and role name R), else `arn:P:iam::A:role/R`. A bare role ARN is not a request
//    principal (the role session is, §1.6).
//  - principalMatcher gives a Principal value as cases `principal ∈ p ∧ (s ? session ∈ s : true)`
//    (OR), exact or as a free construct; principalLayer says which layer of a caller's identity
//    the value names, for the layered NotPrincipal reading (§6.7).

import type { ContextValue, RequestPrincipal } from "./request.js";
import { and, match, not, or, type Formula } from "../logic/ir.js";
import type { PrincipalValue } from "./ast.js";
import { messages, type FreeSpec } from "./ambiguity.js";
import { concatPatterns, globPattern, literalPattern, matchPattern, type Pattern, type Token } from "../logic/pattern.js";

export const PRINCIPAL_VAR = "principal";
export const SESSION_VAR = "principal-session";

export type PrincipalKind = "anonymous" | "user" | "role" | "fedUser" | "root" | "service" | "federated" | "canonical" | "other";

export const AWS_KINDS = ["user", "role", "fedUser", "root"] as const;
export const KNOWN_KINDS = ["anonymous", ...AWS_KINDS, "service", "federated", "canonical"] as const;

const lit = (s: string): Pattern => literalPattern(s);
const NC_STAR: Token = { t: "star", noColon: true };
const NC_CHAR: Token = { t: "char", noColon: true };
const ANY: Token = { t: "star", noColon: false };
const CHAR: Token = { t: "char", noColon: false };
const tokens = (...ts: Token[]): Pattern => ({ tokens: ts, caseInsensitive: false });
/** `AWS:arn:` partition (non-empty, colon-free) `:<service>::` account (12 colon-free) `:` */
function arnHead(service: string): Pattern {
  return concatPatterns(
    [lit("AWS:arn:"), tokens(NC_CHAR, NC_STAR), lit(`:${service}::`), tokens(...Array<Token>(12).fill(NC_CHAR)), lit(":")],
    false,
  );
}
const seq = (...ps: Pattern[]) => concatPatterns(ps, false);

const KIND_PATTERNS = {
  user: seq(arnHead("iam"), lit("user/"), tokens(CHAR, ANY)),
  role: seq(arnHead("iam"), lit("role/"), tokens(CHAR, ANY)),
  fedUser: seq(arnHead("sts"), lit("federated-user/"), tokens(CHAR, ANY)),
  root: seq(arnHead("iam"), lit("root")),
  service: seq(lit("Service:"), tokens(CHAR, ANY)),
  federated: seq(lit("Federated:"), tokens(CHAR, ANY)),
  canonical: seq(lit("CanonicalUser:"), tokens(CHAR, ANY)),
};
const ROLE_TRAILING_SLASH = globPattern("AWS:*/");

/** The kind as a formula over "principal" (the kinds are pairwise disjoint). */
export function kindFormula(kind: PrincipalKind): Formula {
  const v = PRINCIPAL_VAR;
  switch (kind) {
    case "anonymous":
      return match(v, lit("anonymous"));
    case "role":
      return and(match(v, KIND_PATTERNS.role), not(match(v, ROLE_TRAILING_SLASH)));
    case "other":
      return not(or(...KNOWN_KINDS.map(kindFormula)));
    default:
      return match(v, KIND_PATTERNS[kind]);
  }
}

/** The kind of a principal text (the same patterns kindFormula uses). */
export function principalKind(text: string): PrincipalKind {
  if (text === "anonymous") return "anonymous";
  if (matchPattern(KIND_PATTERNS.role, text)) return matchPattern(ROLE_TRAILING_SLASH, text) ? "other" : "role";
  for (const k of ["user", "fedUser", "root", "service", "federated", "canonical"] as const)
    if (matchPattern(KIND_PATTERNS[k], text)) return k;
  return "other";
}

/** The request domain's principal part: a known kind, and a non-empty session for role sessions. */
export function principalDomain(): Formula {
  return and(or(...KNOWN_KINDS.map(kindFormula)), or(not(kindFormula("role")), match(SESSION_VAR, globPattern("?*"))));
}

// ---- Request principal ↔ variable values. ----

/** The values of "principal" and "principal-session" for a request principal. */
export interface PrincipalView {
  text: string;
  /** The session name of a role session; "" otherwise. */
  session: string;
  kind: PrincipalKind;
}

const SESSION_ARN = /^arn:([^:]+):sts::([^:]+):assumed-role\/([^/]+)\/(.+)$/;
const ROLE_ARN = /^arn:([^:]+):iam::([^:]+):role\/(.*)$/;

function roleName(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf("/") + 1);
}

/**
 * The view of a request principal; `principalArn` is the context's aws:PrincipalArn (it gives a
 * role session's role path). Throws for a bare role ARN, which is not a request principal.
 */
export function principalView(p: RequestPrincipal, principalArn?: ContextValue): PrincipalView {
  const view = (text: string, session = ""): PrincipalView => ({ text, session, kind: principalKind(text) });
  if (p === "anonymous") return view("anonymous");
  if ("AWS" in p) {
    const m = SESSION_ARN.exec(p.AWS);
    if (m) {
      const [, partition, account, name, session] = m;
      const given = typeof principalArn === "string" ? ROLE_ARN.exec(principalArn) : null;
      const consistent = given && given[1] === partition && given[2] === account && roleName(principalArn as string) === name;
      const role = consistent ? (principalArn as string) : `arn:${partition}:iam::${account}:role/${name}`;
      const v = view(`AWS:${role}`, session);
      if (v.kind === "role") return v;
    }
    const v = view(`AWS:${p.AWS}`);
    if (v.kind === "role") {
      throw new Error(
        `the request principal \`${p.AWS}\` is a role, which makes no request: give one of its sessions (\`arn:…:sts::…:assumed-role/NAME/SESSION\`)`,
      );
    }
    return v;
  }
  for (const k of ["Service", "Federated", "CanonicalUser"] as const) if (k in p) return view(`${k}:${(p as Record<string, string>)[k]}`);
  throw new Error(`unknown request principal \`${JSON.stringify(p)}\``);
}

/**
 * Inverse of principalView: the request principal of variable values, and the role ARN a role
 * session's request must carry as aws:PrincipalArn. Undefined for text outside the domain.
 */
export function principalFromView(text: string, session: string): { principal: RequestPrincipal; roleArn?: string } | undefined {
  const kind = principalKind(text);
  if (kind === "other") return undefined;
  if (kind === "anonymous") return { principal: "anonymous" };
  const colon = text.indexOf(":");
  const type = text.slice(0, colon);
  const value = text.slice(colon + 1);
  if (kind === "role") {
    if (session === "") return undefined;
    const m = ROLE_ARN.exec(value)!;
    return { principal: { AWS: `arn:${m[1]}:sts::${m[2]}:assumed-role/${roleName(value)}/${session}` }, roleArn: value };
  }
  return { principal: { [type]: value } as RequestPrincipal };
}

// ---- Principal values (§1.6, §2.3). ----

/** `principal ∈ p`, and `principal-session ∈ s` when s is given. */
export interface PrincipalCase {
  p: Pattern;
  s?: Pattern;
}

export type PrincipalMatcher =
  { kind: "exact"; cases: PrincipalCase[] } | { kind: "free"; spec: FreeSpec; narrow: PrincipalCase[]; wide: PrincipalCase[] };

const exactCases = (...ps: Pattern[]): PrincipalMatcher => ({ kind: "exact", cases: ps.map((p) => ({ p })) });
const NOTHING: PrincipalMatcher = { kind: "exact", cases: [] };

function prefixStar(prefix: string): Pattern {
  return seq(lit(prefix), globPattern("*"));
}

/**
 * Every principal of an account: its users, role sessions, federated users and root. A bare
 * account id (partition undefined) names the account in the policy's own partition, which is the
 * partition of every request the policy sees: any partition here.
 */
function accountCases(partition: string | undefined, id: string): Pattern[] {
  const head = (service: string) =>
    partition === undefined
      ? seq(lit("AWS:arn:"), tokens(NC_STAR), lit(`:${service}::${id}:`), globPattern("*"))
      : prefixStar(`AWS:arn:${partition}:${service}::${id}:`);
  return [head("iam"), head("sts")];
}

/** A session of role R (at any path) of the account, named by `session`. */
function sessionCases(partition: string, account: string, role: string, session: Pattern): PrincipalCase[] {
  const head = `AWS:arn:${partition}:iam::${account}:role/`;
  return [
    { p: lit(head + role), s: session },
    { p: seq(lit(head), globPattern("*"), lit("/" + role)), s: session },
  ];
}

const IAM_OR_STS = /^arn:([^:]+):(iam|sts)::([^:]+):(.+)$/;
const SESSION_VALUE = /^arn:([^:*?]+):sts::([^:*?]+):assumed-role\/([^/*?]+)\/(.+)$/;

function awsMatcher(value: string): PrincipalMatcher {
  const text = `AWS:${value}`;
  if (value === "*") {
    return {
      kind: "free",
      spec: { code: "AWS_STAR_PRINCIPAL", text, message: messages.awsStarPrincipal() },
      narrow: [{ p: lit("anonymous") }, { p: globPattern("AWS:*") }],
      wide: [{ p: globPattern("*") }],
    };
  }
  if (/[*?]/.test(value)) {
    // Wide: a glob over the request ARN. A session ARN pattern with a literal role name globs
    // the session name; any other text globs the principal variable.
    const m = SESSION_VALUE.exec(value);
    const wide = m ? sessionCases(m[1], m[2], m[3], globPattern(m[4])) : [{ p: globPattern(text) }];
    return {
      kind: "free",
      spec: { code: "PRINCIPAL_PARTIAL_WILDCARD", text, message: messages.principalPartialWildcard(text) },
      narrow: [],
      wide,
    };
  }
  if (/^\d{12}$/.test(value)) return exactCases(...accountCases(undefined, value));
  const m = IAM_OR_STS.exec(value);
  if (!m) return NOTHING; // unique ids (AIDA…, AROA…) and other non-ARN text (§1.6)
  const [, partition, service, account, rest] = m;
  if (service === "iam" && rest === "root") return exactCases(...accountCases(partition, account));
  if (service === "iam" && rest.startsWith("user/")) {
    // §2.3, §6.2: the user and its GetFederationToken sessions, whose ARNs do not name it.
    return {
      kind: "free",
      spec: { code: "USER_PRINCIPAL_FEDERATED_SESSIONS", text, message: messages.userFederatedSessions(text) },
      narrow: [{ p: lit(text) }],
      wide: [{ p: lit(text) }, { p: prefixStar(`AWS:arn:${partition}:sts::${account}:federated-user/`) }],
    };
  }
  if (service === "sts" && rest.startsWith("assumed-role/")) {
    const s = SESSION_ARN.exec(value);
    return s ? { kind: "exact", cases: sessionCases(partition, account, s[3], lit(s[4])) } : NOTHING;
  }
  // Roles (their sessions, since "the principal that makes the request is the IAM role session"),
  // federated users, and any other ARN: the principal variable exactly.
  return exactCases(lit(text));
}

export function principalMatcher(v: PrincipalValue): PrincipalMatcher {
  if (v.type === "*") return exactCases(globPattern("*"));
  if (v.type === "AWS") return awsMatcher(v.value);
  return exactCases(lit(`${v.type}:${v.value}`));
}

/** Which layer of a caller's identity a value names (§6.7); "any" for wildcards. */
export type Layer = "account" | "user" | "role" | "session" | "fedUser" | "any" | "none";

export function principalLayer(v: PrincipalValue): Layer {
  if (v.type === "*") return "any";
  if (v.type !== "AWS") return "none";
  if (/[*?]/.test(v.value)) return "any";
  if (/^\d{12}$/.test(v.value)) return "account";
  const m = IAM_OR_STS.exec(v.value);
  if (!m) return "none";
  const [, , service, , rest] = m;
  if (service === "iam" && rest === "root") return "account";
  if (service === "iam" && rest.startsWith("user/")) return "user";
  if (service === "iam" && rest.startsWith("role/")) return "role";
  if (service === "sts" && rest.startsWith("assumed-role/")) return "session";
  if (service === "sts" && rest.startsWith("federated-user/")) return "fedUser";
  return "none";
}

/** The layers a caller of each AWS kind must have matched for the layered NotPrincipal reading. */
export const LAYERS: Record<(typeof AWS_KINDS)[number], Layer[]> = {
  user: ["account", "user"],
  role: ["account", "role", "session"],
  fedUser: ["account", "fedUser"],
  root: ["account"],
};

/** The NotPrincipal block's layered-reading construct (§6.7, §10.8). */
export function notPrincipalLayersSpec(values: PrincipalValue[]): FreeSpec {
  const text = "NotPrincipal:" + JSON.stringify(values.map((v) => (v.type === "*" ? "*" : `${v.type}:${v.value}`)));
  return { code: "NOT_PRINCIPAL_LAYERS", text, message: messages.notPrincipalLayers(text) };
}
