// Principals (iam-semantics §1.6, §2.3): the request principal as one string, and what a
// Principal / NotPrincipal value matches on it.
// Contract: the "principal" variable holds `anonymous`, `AWS:<arn>`, `Service:<name>`,
// `Federated:<id>` or `CanonicalUser:<id>`; matching is case-sensitive.
//  - `*`: everything, anonymous included. `{"AWS": "*"}`: `AWS:*` and `anonymous`; the wide
//    reading (AWS_STAR_PRINCIPAL) also every other kind.
//  - An account (12 digits, or `arn:P:iam::A:root`): any principal of that account, i.e.
//    `AWS:arn:P:iam::A:*` or `AWS:arn:P:sts::A:*` (bare digits: partition aws).
//  - A role ARN: itself, or any session `AWS:arn:P:sts::A:assumed-role/R/*` (R = role name).
//  - Any other ARN (users, sessions, ...): exactly itself. Unique ids (AIDA…, AROA…) and other
//    non-ARN text: nothing. A partial wildcard: PRINCIPAL_PARTIAL_WILDCARD (narrow: nothing;
//    wide: a glob).
//  - Service / Federated / CanonicalUser: exactly `<Type>:<value>`.

import type { RequestPrincipal } from "../eval/request.js";
import type { PrincipalValue } from "../policy/ast.js";
import { exact, messages, NOTHING, type Matcher } from "./ambiguity.js";
import { concatPatterns, globPattern, literalPattern, type Pattern } from "./pattern.js";

const KINDS = ["AWS", "Service", "Federated", "CanonicalUser"] as const;

/** The value of the "principal" variable for a request principal. */
export function principalText(p: RequestPrincipal): string {
  if (p === "anonymous") return "anonymous";
  for (const k of KINDS) if (k in p) return `${k}:${(p as Record<string, string>)[k]}`;
  throw new Error(`unknown request principal \`${JSON.stringify(p)}\``);
}

/** Inverse of principalText; undefined for text outside the principal domain. */
export function parsePrincipalText(s: string): RequestPrincipal | undefined {
  if (s === "anonymous") return "anonymous";
  const colon = s.indexOf(":");
  const kind = s.slice(0, colon);
  const value = s.slice(colon + 1);
  if (colon < 0 || value === "") return undefined;
  switch (kind) {
    case "AWS":
      return { AWS: value };
    case "Service":
      return { Service: value };
    case "Federated":
      return { Federated: value };
    case "CanonicalUser":
      return { CanonicalUser: value };
  }
  return undefined;
}

function prefixStar(prefix: string): Pattern {
  return concatPatterns([literalPattern(prefix), globPattern("*")], false);
}

function account(partition: string, id: string): Matcher {
  return exact(prefixStar(`AWS:arn:${partition}:iam::${id}:`), prefixStar(`AWS:arn:${partition}:sts::${id}:`));
}

const IAM_OR_STS = /^arn:([^:]+):(iam|sts)::(\d{12}):(.+)$/;

function awsMatcher(value: string): Matcher {
  const text = `AWS:${value}`;
  if (value === "*") {
    return {
      kind: "free",
      spec: { code: "AWS_STAR_PRINCIPAL", text, message: messages.awsStarPrincipal() },
      narrow: [literalPattern("anonymous"), globPattern("AWS:*")],
      wide: [globPattern("*")],
    };
  }
  if (/[*?]/.test(value)) {
    return {
      kind: "free",
      spec: { code: "PRINCIPAL_PARTIAL_WILDCARD", text, message: messages.principalPartialWildcard(text) },
      narrow: [],
      wide: [globPattern(text)],
    };
  }
  if (/^\d{12}$/.test(value)) return account("aws", value);
  if (!value.startsWith("arn:")) return NOTHING; // unique ids and other non-ARN text
  const m = IAM_OR_STS.exec(value);
  if (m) {
    const [, partition, service, id, rest] = m;
    if (service === "iam" && rest === "root") return account(partition, id);
    if (service === "iam" && rest.startsWith("role/")) {
      const name = rest.slice(rest.lastIndexOf("/") + 1);
      if (name !== "") {
        return exact(literalPattern(text), prefixStar(`AWS:arn:${partition}:sts::${id}:assumed-role/${name}/`));
      }
    }
  }
  return exact(literalPattern(text));
}

export function principalMatcher(v: PrincipalValue): Matcher {
  if (v.type === "*") return exact(globPattern("*"));
  if (v.type === "AWS") return awsMatcher(v.value);
  return exact(literalPattern(`${v.type}:${v.value}`));
}
