// Principal rules: role trust policies (resource type AWS::IAM::AssumeRolePolicyDocument) and
// the principal checks of every resource policy.
// In a role trust policy:
//   ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL  NotPrincipal (IAM: not allowed in a trust policy)
//   ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE      Resource / NotResource (a trust policy has none)
//   INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY  a Federated principal that is neither
//       a SAML or OIDC provider ARN nor one of the web identity providers IAM names
//   MISMATCHED_ACTION_FOR_PRINCIPAL  sts:AssumeRole / AssumeRoleWithSAML / AssumeRoleWithWebIdentity
//       for no principal of its statement that can call it (SAML providers call …WithSAML, OIDC and
//       web identity providers …WithWebIdentity, the others AssumeRole), located at the action and
//       at the principals, as AWS's own example locates it
//   MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY  rolesanywhere.amazonaws.com trusted without all
//       of sts:AssumeRole, sts:TagSession and sts:SetSourceIdentity (IAM Roles Anywhere's rule)
//   MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL  an OIDC / web identity provider trusted with no
//       condition on any of that provider's keys (`<provider>:aud`, `:sub`, …)
//   MISSING_GITHUB_REPO_CONDITION_KEY  GitHub's provider trusted without `…:sub` (the repository)
//   SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED  a `…githubusercontent.com:sub` value with a wildcard
// In any resource policy:
//   FEDERATED_PRINCIPAL_NOT_SUPPORTED  a Federated principal where the resource type is given and
//       is not a role trust policy (only roles are assumed by federated users)
//   RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL  an Allow to a service principal (outside a trust policy)
//       with no aws:SourceArn / SourceAccount / SourceOrgID / SourceOrgPaths condition
//   INVALID_ROLE_REFERENCE / INVALID_USER_REFERENCE  an AWS principal given as a role (AROA…) or
//       user (AIDA…) unique id instead of its ARN
// Contract: reports only.

import { globPattern, matchPattern } from "../logic/pattern.js";
import { show } from "../policy/messages.js";
import type { ValidateContext } from "./context.js";
import type { PrincipalItem, ViewStatement } from "./view.js";

/** The web identity providers IAM's Federated principal names besides provider ARNs. */
const WEB_IDENTITY = new Set(["cognito-identity.amazonaws.com", "accounts.google.com", "graph.facebook.com", "www.amazon.com"]);
const SAML_ARN = /^arn:aws[a-z-]*:iam::\d{12}:saml-provider\/[^/]+$/;
const OIDC_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/(.+)$/;
const GITHUB = "token.actions.githubusercontent.com";
const SOURCE_KEYS = ["aws:sourcearn", "aws:sourceaccount", "aws:sourceorgid", "aws:sourceorgpaths"];

type Caller = "saml" | "oidc" | "assume";

/** Which assume-role call a principal makes, and for OIDC the provider's host. */
function callerOf(p: PrincipalItem): { caller: Caller; host?: string } | undefined {
  if (p.type !== "Federated") return { caller: "assume" };
  if (SAML_ARN.test(p.value)) return { caller: "saml" };
  const oidc = OIDC_ARN.exec(p.value);
  if (oidc) return { caller: "oidc", host: oidc[1].toLowerCase() };
  if (WEB_IDENTITY.has(p.value.toLowerCase())) return { caller: "oidc", host: p.value.toLowerCase() };
  return undefined;
}

const CALLS: Record<string, Caller> = {
  "sts:assumerole": "assume",
  "sts:assumerolewithsaml": "saml",
  "sts:assumerolewithwebidentity": "oidc",
};
const RIGHT_CALL: Record<Caller, string> = {
  assume: "sts:AssumeRole",
  saml: "sts:AssumeRoleWithSAML",
  oidc: "sts:AssumeRoleWithWebIdentity",
};

function trustStatement(ctx: ValidateContext, s: ViewStatement): void {
  if (s.principal?.negated)
    ctx.report(
      "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL",
      "a role trust policy cannot use `NotPrincipal`; name the trusted principals in `Principal`",
      [s.principal.pointer],
    );
  if (s.resource)
    ctx.report(
      "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE",
      `a role trust policy has no \`${s.resource.negated ? "NotResource" : "Resource"}\`: the resource is the role itself`,
      [s.resource.pointer],
    );
  const principals = s.principal && !s.principal.negated ? s.principal.items : [];
  const callers = principals.map((p) => ({ p, c: callerOf(p) }));
  for (const { p, c } of callers) {
    if (!c)
      ctx.report(
        "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY",
        `federated principal ${show(p.value)} is neither a SAML or OIDC provider ARN nor one of ${[...WEB_IDENTITY].map(show).join(", ")}`,
        [p.pointer],
      );
  }
  if (s.effect !== "Allow" || !s.action || s.action.negated) return;
  const known = callers.filter((x) => x.c).map((x) => ({ p: x.p, c: x.c! }));
  for (const a of s.action.items) {
    const call = CALLS[a.value.toLowerCase()];
    if (!call || known.length === 0 || known.some((x) => x.c.caller === call)) continue;
    const wrong = known.filter((x) => x.c.caller !== call);
    const want = [...new Set(wrong.map((x) => RIGHT_CALL[x.c.caller]))].map(show).join(" or ");
    ctx.report(
      "MISMATCHED_ACTION_FOR_PRINCIPAL",
      `action ${show(a.value)} is never called by ${wrong.map((x) => show(x.p.value)).join(", ")}: ${wrong.length === 1 ? "it calls" : "they call"} ${want}`,
      [a.pointer, ...wrong.map((x) => x.p.pointer)],
    );
  }
  const actionMatches = (name: string) => s.action!.items.some((a) => matchPattern(globPattern(a.value.toLowerCase(), true), name));
  const anywhere = principals.find((p) => p.type === "Service" && p.value.toLowerCase() === "rolesanywhere.amazonaws.com");
  if (anywhere) {
    const missing = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"].filter((n) => !actionMatches(n.toLowerCase()));
    if (missing.length > 0)
      ctx.report(
        "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY",
        `IAM Roles Anywhere needs ${missing.map(show).join(", ")} in the statement that trusts \`rolesanywhere.amazonaws.com\``,
        [s.action.pointer, anywhere.pointer],
      );
  }
  const keys = s.conditions.map((c) => c.key.toLowerCase());
  for (const { p, c } of known) {
    if (c.caller !== "oidc" || !c.host) continue;
    if (c.host === GITHUB) {
      const sub = s.conditions.find((x) => x.key.toLowerCase() === `${GITHUB}:sub`);
      if (!sub)
        ctx.report(
          "MISSING_GITHUB_REPO_CONDITION_KEY",
          `GitHub's provider is trusted without a condition on \`${GITHUB}:sub\`, so any GitHub repository's workflow can assume the role`,
          [p.pointer],
        );
      for (const v of sub?.values ?? []) {
        if (/[*?]/.test(v.value))
          ctx.report(
            "SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED",
            `\`${GITHUB}:sub\` value ${show(v.value)} has a wildcard; name the repository and branch`,
            [v.pointer],
          );
      }
    } else if (!keys.some((k) => k.startsWith(c.host + ":"))) {
      ctx.report(
        "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL",
        `provider ${show(c.host)} is trusted with no condition on its keys (such as \`${c.host}:aud\`), so any of its identities can assume the role`,
        [p.pointer],
      );
    }
  }
}

function anyResourcePolicy(ctx: ValidateContext, s: ViewStatement): void {
  const principals = s.principal && !s.principal.negated ? s.principal.items : [];
  for (const p of principals) {
    if (p.type === "Federated" && ctx.resourceType && !ctx.trust) {
      ctx.report(
        "FEDERATED_PRINCIPAL_NOT_SUPPORTED",
        `a ${ctx.resourceType} policy cannot name federated principal ${show(p.value)}; federated users act through a role`,
        [p.pointer],
      );
    }
    if (p.type === "AWS" && /^AROA[A-Z0-9]+$/.test(p.value))
      ctx.report("INVALID_ROLE_REFERENCE", `principal ${show(p.value)} is a role's unique id; name the role by its ARN`, [p.pointer]);
    if (p.type === "AWS" && /^AIDA[A-Z0-9]+$/.test(p.value))
      ctx.report("INVALID_USER_REFERENCE", `principal ${show(p.value)} is a user's unique id; name the user by its ARN`, [p.pointer]);
  }
  const service = principals.find((p) => p.type === "Service");
  const assumes = s.action?.items.every((a) => a.value.toLowerCase().startsWith("sts:")) ?? false;
  if (service && !ctx.trust && !assumes && s.effect === "Allow") {
    const keys = s.conditions.map((c) => c.key.toLowerCase());
    if (!keys.some((k) => SOURCE_KEYS.includes(k))) {
      ctx.report(
        "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
        `service principal ${show(service.value)} is allowed for requests on behalf of any account; add an \`aws:SourceArn\`, \`aws:SourceAccount\`, \`aws:SourceOrgID\` or \`aws:SourceOrgPaths\` condition`,
        [service.pointer],
      );
    }
  }
}

export function principalChecks(ctx: ValidateContext): void {
  if (ctx.type !== "RESOURCE_POLICY" && ctx.type !== "RESOURCE_CONTROL_POLICY") return;
  for (const s of ctx.view.statements) {
    if (ctx.trust) trustStatement(ctx, s);
    if (ctx.type === "RESOURCE_POLICY") anyResourcePolicy(ctx, s);
  }
}
