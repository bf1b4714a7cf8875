// Shapes shared by the encoder and the checks built on it. Contract: a free construct (iam/ambiguity.ts) is a piece of
// policy whose meaning on a request is not fixed — an ambiguity in AWS's documents, or a case they
// leave undocumented, with a narrow and a wide reading (docs/semantics.md, "Free constructs"). The
// encoder writes it as `narrow ∨ (wide ∧ free:<id>)`; the same construct text gets the same id in
// every policy of a query, so identical policies stay equivalent.

import type { Expired } from "../diagnostics/time-up.js";
import type { FreeRegistry } from "../iam/ambiguity.js";
import type { KeyTypes } from "../iam/key-types.js";
import type { Formula } from "../logic/ir.js";

export interface EncodeContext {
  keyTypes: KeyTypes;
  /** Filled by the encoder with every free construct it emits. */
  frees: FreeRegistry;
  /** Read between statements: past the check's deadline encoding stops with TimeUp. */
  expired?: Expired;
}

export interface EncodedPolicy {
  /** Some Allow statement applies and no Deny statement applies. */
  allows: Formula;
  /** Some Deny statement applies. */
  denied: Formula;
  /** Statement i applies to the request (effect aside). */
  statements: Formula[];
}
