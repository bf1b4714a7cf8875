// The validate-policy command: AWS's ValidatePolicy, offline.
// Contract: `runValidate` reads the document, calls validatePolicy (of an instance made with the
// environment's options, cli/instance.ts), writes the report (report/: text, JSON in AWS's shape,
// or SARIF) and returns the exit code (the registry's, registry/defs/validate-policy.ts) — 0 with
// no ERROR or SECURITY_WARNING finding, 2 with some (a document that is not JSON is such a
// finding, as AWS answers it), 1 for a bad request, an unreadable file or a document over 1 MiB
// (KeyakiError: stderr in text mode, `{"error": …}` on stdout in json mode). Other exceptions
// propagate to main's INTERNAL_ERROR.

import { KeyakiError } from "../diagnostics/diagnostic.js";
import type { Keyaki } from "../keyaki.js";
import { validatePolicyDef } from "../registry/defs/validate-policy.js";
import type { Outcome, ReportDocument } from "../report/report.js";
import type { ValidatePolicyType } from "../validate/types.js";
import type { ValidatePolicyInvocation } from "./args.js";
import { readDoc } from "./input.js";
import { report, type CliIO } from "./main.js";

export async function runValidate(inv: ValidatePolicyInvocation, io: CliIO): Promise<number> {
  let keyaki: Keyaki | undefined;
  const docs: Record<string, ReportDocument> = {};
  const output = (outcome: Outcome) => report({ command: "validate-policy", docs, outcome }, inv.output);
  try {
    const doc = await readDoc(inv.policyDocument, "policy-document", io);
    docs.policyDocument = inv.policyDocument.kind === "file" ? { ...doc, path: inv.policyDocument.path } : doc;
    keyaki = await (await import("./instance.js")).cliInstance(io.env);
    const response = await keyaki.validatePolicy(
      {
        policyDocument: doc.text,
        policyType: inv.policyType as ValidatePolicyType,
        ...(inv.validatePolicyResourceType !== undefined ? { validatePolicyResourceType: inv.validatePolicyResourceType as never } : {}),
      },
      { timeoutSeconds: inv.timeoutSeconds },
    );
    io.stdout(await output({ kind: "validate", response }));
    return validatePolicyDef.exit(response);
  } catch (e) {
    if (!(e instanceof KeyakiError)) throw e;
    const text = await output({ kind: "error", code: e.code, message: e.message, diagnostics: e.diagnostics });
    (inv.output === "text" ? io.stderr : io.stdout)(text);
    return 1;
  } finally {
    await keyaki?.close();
  }
}
