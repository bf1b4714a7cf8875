// Makes a solver model readable without changing what it means.
// Contract: `polishModel` replaces each variable's value by a friendlier candidate only when the
// formula stays true: the action keeps the truth value of every atom on it (its candidates are
// many, and an atom comparison is cheap; var tokens never read it); other variables take the
// first candidate under which the whole formula still holds, so a counterexample can move to a
// more typical principal (a user rather than the root) as long as it still breaks the property. It
// prefers a real action name from the catalogue, ARNs filled component by component with
// conventional values, and a public IP address. It stops early, keeping a valid model, when the
// caller's `expired` says the check's time is up.

import { actionsOfService, serviceNames } from "../iam/catalogue.js";
import { matchPattern, type Pattern } from "../logic/pattern.js";
import { evaluateFormula } from "../logic/evaluate.js";
import { forEachAtom, type Assignment, type Formula } from "../logic/ir.js";
import { rational, type Rational } from "../logic/rational.js";
import { parseDate, parseIp } from "../iam/values.js";

interface Atoms {
  patterns: Map<string, Pattern[]>;
}

function collectAtoms(f: Formula, out: Atoms): Atoms {
  forEachAtom(f, (a) => {
    if (a.k === "match") (out.patterns.get(a.v) ?? out.patterns.set(a.v, []).get(a.v)!).push(a.p);
  });
  return out;
}

// Enough to scan every real action once; bounds the cost of a cosmetic step.
const ACTION_CANDIDATE_BUDGET = 25_000;
/** Action candidates between two looks at the clock (each is a few pattern matches). */
const CLOCK_EVERY = 256;

const POPULAR_SERVICES = ["s3", "ec2", "iam", "kms", "lambda", "dynamodb", "sqs", "sns", "sts", "logs", "cloudwatch"];

// Conventional fillers for the wildcards of each ARN component (partition, service, region,
// account, resource).
const ARN_FILLERS = ["arn", "aws", "s3", "us-east-1", "111122223333", "example"];

/** Fills a pattern's wildcards with readable text, component-aware for ARN-shaped text. */
function instantiate(text: string, prefix = ""): string {
  const body = text.slice(prefix.length);
  const fill = (part: string, filler: string) => (part === "*" ? filler : part.replace(/\*/g, "").replace(/\?/g, "x"));
  if (body.startsWith("arn:")) {
    const parts = body.split(":");
    const head = parts.slice(0, 5).map((p, i) => fill(p, ARN_FILLERS[i]));
    const rest = parts.slice(5).join(":");
    return prefix + [...head, rest === "*" ? "example" : rest.replace(/\*/g, "example").replace(/\?/g, "x")].join(":");
  }
  return prefix + (body === "*" ? "example" : body.replace(/\*/g, "example").replace(/\?/g, "x"));
}

function patternText(p: Pattern): string {
  return p.tokens.map((t) => (t.t === "lit" ? t.s : t.t === "char" ? "?" : "*")).join("");
}

function stringCandidates(variable: string, current: string, patterns: Pattern[]): Iterable<string> {
  const fromPatterns = () => patterns.map((p) => instantiate(patternText(p)));
  if (variable === "action") return actionCandidates(current);
  if (variable === "principal") {
    // Accounts the policies name come first, as a user or role of that account; then an
    // unrelated account, anonymous, and the patterns' own instances.
    const accounts = [...new Set(patterns.flatMap((p) => patternText(p).match(/\b\d{12}\b/g) ?? []))];
    const own = patterns.map((p) => {
      const t = patternText(p);
      const colon = t.indexOf(":");
      return colon > 0 ? instantiate(t, t.slice(0, colon + 1)) : t;
    });
    // A role session's principal is its role's ARN (iam/principal.ts).
    const kinds = (a: string) => [
      `AWS:arn:aws:iam::${a}:user/alice`,
      `AWS:arn:aws:iam::${a}:role/example`,
      `AWS:arn:aws:sts::${a}:federated-user/alice`,
      `AWS:arn:aws:iam::${a}:root`,
    ];
    return [
      ...accounts.flatMap(kinds),
      "AWS:arn:aws:iam::111122223333:user/alice",
      "anonymous",
      "AWS:arn:aws:iam::444455556666:root",
      ...own,
      "Service:ec2.amazonaws.com",
      ...kinds("111122223333"),
    ];
  }
  if (variable === "principal-session") return ["session", ...fromPatterns(), "example"];
  if (variable === "resource") return ["arn:aws:s3:::example-bucket/example", ...fromPatterns(), "*"];
  return ["example", ...fromPatterns(), ""];
}

function* actionCandidates(current: string): Iterable<string> {
  const service = current.split(":")[0];
  yield* actionsOfService(service);
  for (const s of POPULAR_SERVICES) if (s !== service) yield* actionsOfService(s);
  for (const s of serviceNames()) if (s !== service && !POPULAR_SERVICES.includes(s)) yield* actionsOfService(s);
}

function orderedCandidates(variable: string): Rational[] {
  if (variable.startsWith("ip:")) return ["203.0.113.10", "198.51.100.10", "52.94.76.10"].map((t) => rational(parseIp(t)!));
  if (variable.startsWith("d:")) return [rational(parseDate("2026-01-01T00:00:00Z")!.num)];
  return [rational(0n), rational(1n), rational(10n), rational(100n)];
}

/**
 * The polished model, plus display names for variables whose model value is a folded form
 * (the action variable holds `s3:getobject`; its display name is `s3:GetObject`).
 */
export function polishModel(
  model: Assignment,
  formula: Formula,
  /** Polishing stops (keeping what it has, always a model) once this says the time is up. */
  expired: () => boolean = () => false,
): { model: Assignment; display: Map<string, string> } {
  const atoms = collectAtoms(formula, { patterns: new Map() });
  const out: Assignment = { strings: new Map(model.strings), numbers: new Map(model.numbers), bools: new Map(model.bools) };
  const display = new Map<string, string>();
  for (const [variable, value] of model.strings) {
    const patterns = atoms.patterns.get(variable) ?? [];
    if (variable === "action") {
      // The action variable has no var tokens; compare the patterns the witness matches first,
      // since most candidates fail one of those, and stop at the first difference.
      const want = patterns.map((p) => matchPattern(p, value));
      const order = patterns.map((_, i) => i).sort((i, j) => Number(want[j]) - Number(want[i]));
      let budget = ACTION_CANDIDATE_BUDGET;
      for (const candidate of stringCandidates(variable, value, patterns)) {
        if (--budget < 0 || (budget % CLOCK_EVERY === 0 && expired())) break;
        const v = candidate.toLowerCase();
        if (order.every((i) => matchPattern(patterns[i], v) === want[i])) {
          out.strings.set(variable, v);
          display.set(variable, candidate);
          break;
        }
      }
      continue;
    }
    if (expired()) break;
    for (const candidate of stringCandidates(variable, value, patterns)) {
      if (candidate === value || expired()) break;
      out.strings.set(variable, candidate);
      if (evaluateFormula(formula, out)) break;
      out.strings.set(variable, value);
    }
  }
  for (const [variable, value] of model.numbers) {
    if (expired()) break;
    for (const candidate of orderedCandidates(variable)) {
      out.numbers.set(variable, candidate);
      if (evaluateFormula(formula, out)) break;
      out.numbers.set(variable, value);
    }
  }
  return { model: out, display };
}
