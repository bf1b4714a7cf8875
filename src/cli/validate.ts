// The validate-policy command: AWS's ValidatePolicy, offline.
// Contract: `runValidate` reads the document, calls the library's validatePolicy, writes the
// report (report/: text, JSON as the library returns AWS's shape, or SARIF) and returns the exit
// code — 0 with no ERROR or SECURITY_WARNING finding, 2 with some (a document that is not JSON is
// such a finding, as AWS answers it), 1 for a bad request, an unreadable file or a document over
// 1 MiB (KeyakiError: stderr in text mode, `{"error": …}` on stdout in json mode). Other
// exceptions propagate to main's INTERNAL_ERROR.

import { KeyakiError } from "../diagnostics/diagnostic.js";
import { exitCode, type Outcome } from "../report/exit.js";
import type { ReportDocument } from "../report/report.js";
import type { ValidatePolicyInvocation } from "./args.js";
import { readDoc } from "./input.js";
import { report, type CliIO } from "./main.js";

export async function runValidate(inv: ValidatePolicyInvocation, io: CliIO): Promise<number> {
  let api: typeof import("../index.js") | undefined;
  const docs: Record<string, ReportDocument> = {};
  const output = (outcome: Outcome) => report({ command: "validate-policy", docs, outcome }, inv.output);
  try {
    const doc = await readDoc(inv.policyDocument, "policy-document", io);
    docs.policyDocument = inv.policyDocument.kind === "file" ? { ...doc, path: inv.policyDocument.path } : doc;
    api = await import("../index.js");
    const response = await api.validatePolicy(
      {
        policyDocument: doc.text,
        policyType: inv.policyType,
        ...(inv.validatePolicyResourceType !== undefined ? { validatePolicyResourceType: inv.validatePolicyResourceType as never } : {}),
      },
      { timeoutSeconds: inv.timeoutSeconds },
    );
    const outcome: Outcome = { kind: "validate", response };
    io.stdout(await output(outcome));
    return exitCode(outcome);
  } catch (e) {
    if (!(e instanceof KeyakiError)) throw e;
    const text = await output({ kind: "error", code: e.code, message: e.message, diagnostics: e.diagnostics });
    (inv.output === "text" ? io.stderr : io.stdout)(text);
    return 1;
  } finally {
    await api?.close();
  }
}
