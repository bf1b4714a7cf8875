// What every validate-policy check module shares: the request, the located view of the policy,
// and the one place findings are made.
// Contract: `report(code, details, at)` adds a finding with AWS's finding type and learnMoreLink
// for `code` (codes.ts) and one Location per pointer in `at` (an `{pointer, offset}` pair locates
// a member's name instead of its value, see locate.ts). The same code at the same first location
// is reported once. `findings()` returns them ordered by where they start, then by code.

import { checkOf, learnMoreLink } from "./codes.js";
import type { Locator } from "./locate.js";
import type { ValidatePolicyFinding, ValidatePolicyResourceType, ValidatePolicyType } from "./types.js";
import type { PolicyView } from "./view.js";

export type At = string | { pointer: string; offset: number };

export class ValidateContext {
  private readonly list: ValidatePolicyFinding[] = [];
  private readonly seen = new Set<string>();
  constructor(
    readonly text: string,
    readonly type: ValidatePolicyType,
    readonly resourceType: ValidatePolicyResourceType | undefined,
    readonly locator: Locator,
    readonly view: PolicyView,
  ) {}

  /** A role trust policy: AWS's resource type AWS::IAM::AssumeRolePolicyDocument. */
  get trust(): boolean {
    return this.resourceType === "AWS::IAM::AssumeRolePolicyDocument";
  }

  report(code: string, details: string, at: At[]): void {
    const locations = at.map((a) => (typeof a === "string" ? this.locator.locate(a) : this.locator.locate(a.pointer, a.offset)));
    const key = `${code} ${locations[0]?.span.start.offset ?? -1} ${JSON.stringify(locations[0]?.path ?? [])}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({
      findingDetails: details,
      findingType: checkOf(code).findingType,
      issueCode: code,
      learnMoreLink: learnMoreLink(code),
      locations,
    });
  }

  has(code: string): boolean {
    return this.list.some((f) => f.issueCode === code);
  }

  findings(): ValidatePolicyFinding[] {
    const start = (f: ValidatePolicyFinding) => f.locations[0]?.span.start.offset ?? -1;
    return this.list.slice().sort((a, b) => start(a) - start(b) || (a.issueCode < b.issueCode ? -1 : a.issueCode > b.issueCode ? 1 : 0));
  }
}
