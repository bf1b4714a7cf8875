// The words of the check responses. FAIL messages and reasons are AWS's own wording (Access
// Analyzer's CheckNoNewAccess / CheckAccessNotGranted responses), including the `sid:` variant
// for statements with a Sid; PASS and UNKNOWN messages are keyaki's, in the same style.

import type { Access } from "./types.js";

export interface CheckWords {
  pass: string;
  fail: string;
  unknown: string;
  /** The reason for one statement at fault: `${reasonLead} the statement with index: 0.` */
  reasonLead: string;
  /** AWS's index wording when it differs (`the following statement with index: 0.`). */
  indexLead?: string;
}

export const NO_NEW_ACCESS: CheckWords = {
  pass: "The modified permissions grant no new access compared to your existing policy.",
  fail: "The modified permissions grant new access compared to your existing policy.",
  unknown: "keyaki could not decide whether the modified permissions grant new access compared to your existing policy.",
  reasonLead: "New access in",
};

export function accessNotGrantedWords(access: Access): CheckWords {
  const actions = (access.actions?.length ?? 0) > 0;
  const resources = (access.resources?.length ?? 0) > 0;
  if (actions && resources)
    return {
      pass: "The policy document does not grant access to any of the listed resources to perform any of the listed actions.",
      fail: "The policy document grants access to one or more listed resources to perform one or more listed actions.",
      unknown: "keyaki could not decide whether the policy document grants access to the listed resources to perform the listed actions.",
      reasonLead: "One or more of the listed actions and/or resources in",
    };
  if (resources)
    return {
      pass: "The policy document does not grant access to any of the listed resources.",
      fail: "The policy document grants access to one or more of the listed resources.",
      unknown: "keyaki could not decide whether the policy document grants access to the listed resources.",
      reasonLead: "One or more of the listed resources in",
    };
  return {
    pass: "The policy document does not grant access to perform any of the listed actions.",
    fail: "The policy document grants access to perform one or more of the listed actions.",
    unknown: "keyaki could not decide whether the policy document grants access to perform the listed actions.",
    reasonLead: "One or more of the listed actions in",
  };
}

export function reasonDescription(words: CheckWords, index: number, sid: string | undefined): string {
  return sid !== undefined && sid !== ""
    ? `${words.reasonLead} the following statement with sid: ${sid}.`
    : `${words.reasonLead} ${words.indexLead ?? "the statement with index"}: ${index}.`;
}

// check-no-public-access: AWS's FAIL message and reasons (`Public access granted in the following
// statement with index: 0.` / `… with sid: s.`).
export const NO_PUBLIC_ACCESS: CheckWords = {
  pass: "The resource policy does not grant public access for the given resource type.",
  fail: "The resource policy grants public access for the given resource type.",
  unknown: "keyaki could not decide whether the resource policy grants public access for the given resource type.",
  reasonLead: "Public access granted in",
  indexLead: "the following statement with index",
};

// check-no-external-access has no AWS counterpart; its words follow AWS's public-access ones.
export const NO_EXTERNAL_ACCESS: CheckWords = {
  pass: "The resource policy does not grant access to any principal outside the zone of trust.",
  fail: "The resource policy grants access to principals outside the zone of trust.",
  unknown: "keyaki could not decide whether the resource policy grants access to principals outside the zone of trust.",
  reasonLead: "Access from outside the zone of trust granted in",
  indexLead: "the following statement with index",
};
