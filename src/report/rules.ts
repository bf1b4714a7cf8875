// The rules reports name: one per check, one per diagnostic code.
// Contract: `checkRule(command)` describes the property a check decides (its question, from its
// declaration in the check registry) and what its verdicts mean; `diagnosticRule(code, severity)` names a diagnostic code (its words from the code) and
// says what keyaki does with such input. Pure data; no I/O.
// (A catalogue of every diagnostic code with its own help text belongs with the check registry
// of issue 12 §1; until then a code's help is its severity class's.)

import type * as Sarif from "sarif";
import type { Severity } from "../diagnostics/diagnostic.js";
import { checkNamed, CHECKS } from "../registry/registry.js";

const VERDICTS =
  "A FAIL (level error) is located at each statement at fault and carries a counterexample request the policy allows, replayed through keyaki's concrete evaluator. " +
  "UNKNOWN (level note) means the check could not decide within its timeout: it is never a PASS. A PASS is a proof over every request and gives no result.";

const FINDINGS_VERDICTS =
  "Each finding (level error) is located at the statements it comes from and is shaped like Access Analyzer's (principal, action, resource, condition). " +
  "A list that could not be proved complete within the timeout adds a result of level note. No result: nothing outside the zone of trust has access.";

export function checkRule(command: string): Sarif.ReportingDescriptor {
  const report = checkNamed(command, CHECKS)?.report;
  const c = report ? { name: report.ruleName, question: report.question } : { name: command, question: `The check ${command}.` };
  const verdicts = command === "findings" ? FINDINGS_VERDICTS : VERDICTS;
  return {
    id: command,
    name: c.name,
    shortDescription: { text: c.question },
    fullDescription: { text: `${c.question} ${verdicts}` },
    help: { text: `${c.question}\n\n${verdicts}\n\nRun \`keyaki ${command} --help\` for the check's options.` },
    defaultConfiguration: { level: "error" },
    properties: { tags: ["security", "iam"] },
  };
}

const SEVERITY_HELP: Record<Severity, string> = {
  error:
    "The policy, or another input, is not valid as AWS reads it. keyaki gives no verdict on input with an error: fix the value at the location shown (the message names it in backticks).",
  warning:
    "AWS accepts this, but it is probably not what was meant. keyaki reads it exactly as AWS does and still gives a verdict; the message says how the value at the location shown is read.",
};

/** `BARE_ACCOUNT_PRINCIPAL` → `Bare account principal`. */
function words(code: string): string {
  const s = code.toLowerCase().replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const FINDING_TYPE_HELP: Record<string, string> = {
  ERROR: "An error: part of the policy is not functional.",
  SECURITY_WARNING: "A security warning: the policy grants access AWS considers overly permissive.",
  WARNING: "A warning: the policy does not follow a best practice, without a security consequence.",
  SUGGESTION: "A suggestion: a stylistic change that does not affect access.",
};

/** A validate-policy issue code (AWS's), with its finding type and AWS's learn-more link. */
export function validateRule(code: string, findingType: string, learnMoreLink: string): Sarif.ReportingDescriptor {
  return {
    id: code,
    name: code,
    shortDescription: { text: words(code) },
    help: { text: `${words(code)} (${code}). ${FINDING_TYPE_HELP[findingType] ?? findingType} See ${learnMoreLink}` },
    helpUri: learnMoreLink,
    defaultConfiguration: { level: findingType === "ERROR" ? "error" : findingType === "SUGGESTION" ? "note" : "warning" },
  };
}

export function diagnosticRule(code: string, severity: Severity): Sarif.ReportingDescriptor {
  return {
    id: code,
    name: code,
    shortDescription: { text: words(code) },
    help: { text: `${words(code)} (${code}). ${SEVERITY_HELP[severity]}` },
    defaultConfiguration: { level: severity === "error" ? "error" : "warning" },
  };
}
