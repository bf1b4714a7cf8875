// Account ids that no real ARN has (issue 10 §3, "Say when a value can match nobody").
// Contract: impossibleAccount(text, kind) returns the account component of an ARN (pattern)
// that matches no account a real ARN of that kind carries — principals: 12 digits; resources and
// ARN-valued keys: also empty and the literal accounts AWS uses (`aws`, `offering`, `partner`)
// — and undefined when some can, or the text is no ARN with an account component we can locate
// (fewer than six components, a policy variable, or with `colonFreeWildcards` false a wildcard
// before the account, which could cross colons). The caller warns; the model stays precise (the
// request domain, encode/real-requests.ts, already has no other accounts).

export type AccountKind = "principal" | "resource";

// The literal accounts of encode/real-requests.ts LITERAL_ACCOUNTS (policy/ sits below encode/).
const OTHER_ACCOUNTS = ["", "aws", "offering", "partner"];

export function impossibleAccount(text: string, kind: AccountKind, colonFreeWildcards = true): string | undefined {
  if (!text.startsWith("arn:") || text.includes("${")) return undefined;
  const parts = text.split(":");
  if (parts.length < 6) return undefined;
  if (!colonFreeWildcards && parts.slice(0, 4).some((p) => /[*?]/.test(p))) return undefined;
  const account = parts[4];
  const glob = new RegExp(
    "^" +
      account
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, "[^:]*")
        .replace(/\?/g, "[^:]") +
      "$",
    "s",
  );
  if (canBeTwelveDigits(account)) return undefined;
  if (kind === "resource" && OTHER_ACCOUNTS.some((a) => glob.test(a))) return undefined;
  return account;
}

/** Does the glob (`*`, `?`) match some string of 12 digits? */
function canBeTwelveDigits(glob: string): boolean {
  const fixed = glob.replace(/\*/g, "");
  if (/[^0-9?]/.test(fixed)) return false;
  return glob.includes("*") ? fixed.length <= 12 : fixed.length === 12;
}
