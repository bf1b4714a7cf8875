// The words of the check responses: AWS's own wording wherever AWS documents or returns one,
// each with its source in a comment beside it; keyaki's own words, in the same style, where AWS
// has none (every UNKNOWN message, and the PASS messages marked so). Sources:
//   [CLI-EX]  AWS Code Library, "IAM Access Analyzer examples using AWS CLI" (the AWS CLI's
//             examples for check-access-not-granted, check-no-new-access, check-no-public-access)
//   [TF-FIX]  AWS responses captured in awslabs/terraform-iam-policy-validator's test fixtures
//             (iam_check/test/...; shared/reference/access-analyzer-api.md §1.2-1.4)
// A statement's reason names its Sid when it has a non-empty one (`"Sid": ""` counts as none).

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
  pass: "The modified permissions grant no new access compared to your existing policy.", // keyaki's: AWS documents no PASS message
  // [CLI-EX] and [TF-FIX]; reason `New access in the statement with index: 0.` [CLI-EX]
  fail: "The modified permissions grant new access compared to your existing policy.",
  unknown: "keyaki could not decide whether the modified permissions grant new access compared to your existing policy.",
  reasonLead: "New access in",
};

export function accessNotGrantedWords(access: Access): CheckWords {
  const actions = (access.actions?.length ?? 0) > 0;
  const resources = (access.resources?.length ?? 0) > 0;
  if (actions && resources)
    return {
      pass: "The policy document does not grant access to any of the listed resources to perform any of the listed actions.", // keyaki's
      // [TF-FIX] (iam_check/test/no_access_granted), message and reason
      fail: "The policy document grants access to one or more listed resources to perform one or more listed actions.",
      unknown: "keyaki could not decide whether the policy document grants access to the listed resources to perform the listed actions.",
      reasonLead: "One or more of the listed actions and/or resources in",
    };
  if (resources)
    return {
      pass: "The policy document does not grant access to any of the listed resources.", // keyaki's
      // [TF-FIX] (iam_check/test/no_access_granted), message and reason
      fail: "The policy document grants access to one or more of the listed resources.",
      unknown: "keyaki could not decide whether the policy document grants access to the listed resources.",
      reasonLead: "One or more of the listed resources in",
    };
  return {
    // [CLI-EX] check-access-not-granted's PASS output, word for word (AWS's "one or more")
    pass: "The policy document does not grant access to perform one or more of the listed actions.",
    // [TF-FIX] (iam_check/test/no_access_granted), message and reason
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
// statement with index: 0.` / `… with sid: s.`) [TF-FIX] (iam_check/test/public_access).
export const NO_PUBLIC_ACCESS: CheckWords = {
  // [CLI-EX] check-no-public-access's PASS output, word for word
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
