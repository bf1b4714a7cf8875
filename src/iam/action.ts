// Action patterns (iam-semantics §2.1): what one Action / NotAction entry matches.
// Contract: the request action is compared case-insensitively (ASCII), through the variable
// "action" holding the request action lower-cased. A pattern is `*` or `service:name` with the
// service in [a-z0-9-] and the name in [A-Za-z0-9_-], either possibly with `*`/`?`; anything
// else (stray spaces, commas, empty parts) matches nothing, so in NotAction it excludes nothing.
// A wildcard in the service prefix is the ambiguity ACTION_SERVICE_WILDCARD.

import { exact, messages, NOTHING, type Matcher } from "./ambiguity.js";
import { concatPatterns, foldCase, globPattern, literalPattern } from "../logic/pattern.js";

const SERVICE = /^[a-z0-9*?-]+$/;
const NAME = /^[a-z0-9*?_-]+$/;

/** The value of the "action" variable for a request action. */
export function actionValue(action: string): string {
  return foldCase(action);
}

// Matchers are immutable and asked for the same texts over and over (every statement of every
// replay): one per text, kept while there are not too many.
const cache = new Map<string, Matcher>();
const CACHE_LIMIT = 100_000;

export function actionMatcher(text: string): Matcher {
  let m = cache.get(text);
  if (m) return m;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  m = buildActionMatcher(text);
  cache.set(text, m);
  return m;
}

function buildActionMatcher(text: string): Matcher {
  // Patterns are lower-cased AND marked case-insensitive: the variable holds the lower-cased
  // action, but a solver model may pick any case, and then every atom still reads it as AWS does.
  if (text === "*") return exact(globPattern("*", true));
  const lower = foldCase(text);
  const colon = lower.indexOf(":");
  if (colon < 0) return NOTHING;
  const service = lower.slice(0, colon);
  const name = lower.slice(colon + 1);
  if (!SERVICE.test(service) || !NAME.test(name)) return NOTHING;
  const whole = globPattern(lower, true);
  if (!/[*?]/.test(service)) return exact(whole);
  return {
    kind: "free",
    // The lower-cased text is the construct's identity: `s?:Put*` and `S?:PUT*` are one pattern
    // (actions compare ignoring case), read one way in both policies of a query.
    spec: { code: "ACTION_SERVICE_WILDCARD", text: lower, message: messages.actionServiceWildcard(text, service) },
    narrow: [concatPatterns([literalPattern(service + ":", true), globPattern(name, true)], true)],
    wide: [whole],
  };
}
