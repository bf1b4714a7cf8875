// `keyaki serve` driven by the real AWS SDK for JavaScript v3 (@aws-sdk/client-accessanalyzer),
// as a user's script would: endpoint http://127.0.0.1:<port>, dummy credentials, us-east-1.
// Every operation PASS and FAIL, every class of bad input the SDK lets through (it validates
// nothing client-side), unsigned requests (plain fetch), and a concurrent burst checked against
// the library's own answers. Only loopback traffic; the server listens on an ephemeral port.

import {
  AccessAnalyzerClient,
  CheckAccessNotGrantedCommand,
  CheckNoNewAccessCommand,
  CheckNoPublicAccessCommand,
  paginateValidatePolicy,
  ValidatePolicyCommand,
  ValidationException,
} from "@aws-sdk/client-accessanalyzer";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, ROOT } from "../cli/built.js";

type Server = { url: string; port: number; close(): Promise<void> };
type Lib = typeof import("../../src/index.js");

const example = (name: string) => readFileSync(join(ROOT, "examples", name), "utf8");
const doc = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

let server: Server;
let small: Server;
let lib: Lib;
let client: AccessAnalyzerClient;

const clientFor = (url: string) =>
  new AccessAnalyzerClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
    maxAttempts: 1,
  });

beforeAll(async () => {
  await ensureBuilt();
  const { startServer } = await import(join(ROOT, "dist", "src", "server", "index.js"));
  server = await startServer({ port: 0 });
  small = await startServer({ port: 0, maxBodyBytes: 64 * 1024, workers: 1 });
  lib = await import(join(ROOT, "dist", "src", "index.js"));
  client = clientFor(server.url);
}, 120_000);

afterAll(async () => {
  client?.destroy();
  await Promise.all([server?.close(), small?.close()]);
  await lib?.close();
});

describe("keyaki serve: every operation through the AWS SDK", () => {
  it("listens on 127.0.0.1 by default", () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it("CheckNoNewAccess FAIL: AWS's message and reason, keyaki's counterexample dropped by the SDK", async () => {
    const r = await client.send(
      new CheckNoNewAccessCommand({
        existingPolicyDocument: example("public-bucket.json"),
        newPolicyDocument: example("bucket-update.json"),
        policyType: "RESOURCE_POLICY",
      }),
    );
    expect(r.result).toBe("FAIL");
    expect(r.message).toBe("The modified permissions grant new access compared to your existing policy.");
    expect(r.reasons).toEqual([{ description: "New access in the statement with index: 0.", statementIndex: 0 }]);
    expect(r.$metadata.httpStatusCode).toBe(200);
  });

  it("CheckNoNewAccess PASS", async () => {
    const r = await client.send(
      new CheckNoNewAccessCommand({
        existingPolicyDocument: example("public-bucket.json"),
        newPolicyDocument: example("public-bucket-deny-outside.json"),
        policyType: "RESOURCE_POLICY",
      }),
    );
    expect(r.result).toBe("PASS");
    expect(r.message).toBe("The modified permissions grant no new access compared to your existing policy.");
    expect(r.reasons).toBeUndefined(); // AWS sends no reasons with a PASS
  });

  it("CheckAccessNotGranted FAIL with the statement at fault, and PASS with AWS's documented message", async () => {
    const fail = await client.send(
      new CheckAccessNotGrantedCommand({
        policyDocument: example("identity-policy.json"),
        access: [{ actions: ["s3:DeleteBucket"] }],
        policyType: "IDENTITY_POLICY",
      }),
    );
    expect(fail.result).toBe("FAIL");
    expect(fail.message).toBe("The policy document grants access to perform one or more of the listed actions.");
    expect(fail.reasons).toEqual([{ description: "One or more of the listed actions in the statement with index: 1.", statementIndex: 1 }]);
    const pass = await client.send(
      new CheckAccessNotGrantedCommand({
        policyDocument: example("identity-policy.json"),
        access: [{ actions: ["iam:CreateUser"] }],
        policyType: "IDENTITY_POLICY",
      }),
    );
    expect(pass.result).toBe("PASS");
    // The AWS CLI's documented example output for check-access-not-granted.
    expect(pass.message).toBe("The policy document does not grant access to perform one or more of the listed actions.");
  });

  it("CheckAccessNotGranted with resources: AWS's resource wording", async () => {
    const r = await client.send(
      new CheckAccessNotGrantedCommand({
        policyDocument: doc([{ Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }]),
        access: [{ resources: ["arn:aws:s3:::b/secret"] }],
        policyType: "IDENTITY_POLICY",
      }),
    );
    expect(r.result).toBe("FAIL");
    expect(r.message).toBe("The policy document grants access to one or more of the listed resources.");
    expect(r.reasons).toEqual([
      {
        description: "One or more of the listed resources in the following statement with sid: Read.",
        statementIndex: 0,
        statementId: "Read",
      },
    ]);
  });

  it("CheckNoPublicAccess FAIL and PASS", async () => {
    const fail = await client.send(
      new CheckNoPublicAccessCommand({ policyDocument: example("public-bucket.json"), resourceType: "AWS::S3::Bucket" }),
    );
    expect(fail.result).toBe("FAIL");
    expect(fail.message).toBe("The resource policy grants public access for the given resource type.");
    expect(fail.reasons).toEqual([{ description: "Public access granted in the following statement with index: 0.", statementIndex: 0 }]);
    const pass = await client.send(
      new CheckNoPublicAccessCommand({
        policyDocument: doc([
          {
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111122223333:user/JohnDoe" },
            Action: "s3:GetObject",
            Resource: "arn:aws:s3:::b/*",
          },
        ]),
        resourceType: "AWS::S3::Bucket",
      }),
    );
    expect(pass.result).toBe("PASS");
    expect(pass.message).toBe("The resource policy does not grant public access for the given resource type.");
  });

  it("ValidatePolicy: the library's findings, and AWS's paging by maxResults and nextToken", async () => {
    const policyDocument = example("deploy-policy.json");
    const all = await client.send(new ValidatePolicyCommand({ policyDocument, policyType: "IDENTITY_POLICY" }));
    const expected = await lib.validatePolicy({ policyDocument, policyType: "IDENTITY_POLICY" });
    expect(all.findings).toEqual(expected.findings);
    expect(all.findings!.length).toBeGreaterThan(2);
    expect(all.nextToken).toBeUndefined();
    const pages = [];
    for await (const page of paginateValidatePolicy({ client, pageSize: 2 }, { policyDocument, policyType: "IDENTITY_POLICY" }))
      pages.push(page.findings!);
    expect(
      pages
        .map((p) => p.length)
        .slice(0, -1)
        .every((n) => n === 2),
    ).toBe(true);
    expect(pages.flat()).toEqual(expected.findings);
    const e = await rejection(client, new ValidatePolicyCommand({ policyDocument, policyType: "IDENTITY_POLICY", nextToken: "999" }));
    expect(e.fieldList?.map((f) => f.name)).toEqual(["nextToken"]);
    const bad = await rejection(client, new ValidatePolicyCommand({ policyDocument, policyType: "GROUP_POLICY" as never }));
    expect(bad.fieldList?.map((f) => f.name)).toEqual(["policyType"]);
  });

  it('"Sid": "" counts as no Sid: the index wording, no statementId', async () => {
    const r = await client.send(
      new CheckNoPublicAccessCommand({
        policyDocument: doc([{ Sid: "", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }]),
        resourceType: "AWS::S3::Bucket",
      }),
    );
    expect(r.reasons).toEqual([{ description: "Public access granted in the following statement with index: 0.", statementIndex: 0 }]);
  });
});

/** The ValidationException the SDK throws for `command`. */
type AnyCommand = CheckAccessNotGrantedCommand | CheckNoNewAccessCommand | CheckNoPublicAccessCommand | ValidatePolicyCommand;

async function rejection(c: AccessAnalyzerClient, command: AnyCommand): Promise<ValidationException> {
  try {
    await c.send(command as never);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationException);
    expect((e as ValidationException).$metadata.httpStatusCode).toBe(400);
    return e as ValidationException;
  }
  throw new Error("the request was not refused");
}

describe("keyaki serve: bad input is a ValidationException the SDK recognises", () => {
  const policy = doc([{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]);

  it("an unknown resource type", async () => {
    const e = await rejection(client, new CheckNoPublicAccessCommand({ policyDocument: policy, resourceType: "AWS::S3::Nope" as never }));
    expect(e.reason).toBe("fieldValidationFailed");
    expect(e.fieldList?.map((f) => f.name)).toEqual(["resourceType"]);
    expect(e.message).toMatch(/`AWS::S3::Nope` is not a valid value for `resourceType`/);
  });

  it("a bad enum value of policyType", async () => {
    const e = await rejection(
      client,
      new CheckNoNewAccessCommand({
        existingPolicyDocument: policy,
        newPolicyDocument: policy,
        policyType: "SERVICE_CONTROL_POLICY" as never,
      }),
    );
    expect(e.reason).toBe("fieldValidationFailed");
    expect(e.fieldList?.map((f) => f.name)).toEqual(["policyType"]);
  });

  it("an access list of two entries", async () => {
    const e = await rejection(
      client,
      new CheckAccessNotGrantedCommand({
        policyDocument: policy,
        access: [{ actions: ["s3:GetObject"] }, { actions: ["s3:PutObject"] }],
        policyType: "IDENTITY_POLICY",
      }),
    );
    expect(e.reason).toBe("fieldValidationFailed");
    expect(e.fieldList).toEqual([{ name: "access", message: "`access` must list exactly one entry, not 2 (INVALID_ACCESS)" }]);
  });

  it("a resource that is not an ARN (AWS: `Invalid ARN`, fieldValidationFailed)", async () => {
    const e = await rejection(
      client,
      new CheckAccessNotGrantedCommand({ policyDocument: policy, access: [{ resources: ["example"] }], policyType: "IDENTITY_POLICY" }),
    );
    expect(e.reason).toBe("fieldValidationFailed");
    expect(e.fieldList?.[0].name).toBe("access");
    expect(e.fieldList?.[0].message).toMatch(/^\/0\/resources\/0: /);
  });

  it("a policy that is not JSON, located", async () => {
    const e = await rejection(
      client,
      new CheckNoPublicAccessCommand({ policyDocument: '{"Version": "2012-10-17",', resourceType: "AWS::S3::Bucket" }),
    );
    expect(e.reason).toBe("fieldValidationFailed");
    expect(e.fieldList?.[0].name).toBe("policyDocument");
    expect(e.fieldList?.[0].message).toMatch(/^1:\d+: .*\(JSON_SYNTAX_ERROR\)$/);
  });

  it("an ungrammatical policy (no Effect), in the document at fault", async () => {
    const e = await rejection(
      client,
      new CheckNoNewAccessCommand({
        existingPolicyDocument: policy,
        newPolicyDocument: doc([{ Action: "s3:GetObject", Resource: "*" }]),
        policyType: "IDENTITY_POLICY",
      }),
    );
    expect(e.reason).toBe("fieldValidationFailed");
    expect(e.fieldList?.map((f) => f.name)).toEqual(["newPolicyDocument"]);
  });

  it("a missing required member", async () => {
    const e = await rejection(client, new CheckNoPublicAccessCommand({ resourceType: "AWS::S3::Bucket" } as never));
    expect(e.reason).toBe("fieldValidationFailed");
    expect(e.fieldList).toEqual([{ name: "policyDocument", message: "`policyDocument` is required" }]);
  });

  it("a body over the size limit is read and answered with a JSON ValidationException", async () => {
    const huge = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Sid: "x".repeat(200_000) }],
    });
    const c = clientFor(small.url);
    const e = await rejection(c, new CheckNoPublicAccessCommand({ policyDocument: huge, resourceType: "AWS::S3::Bucket" }));
    expect(e.reason).toBe("other");
    expect(e.message).toMatch(/larger than the 65536 bytes/);
    // The connection survives: the same client is answered again.
    const r = await c.send(
      new CheckNoPublicAccessCommand({ policyDocument: example("public-bucket.json"), resourceType: "AWS::S3::Bucket" }),
    );
    expect(r.result).toBe("FAIL");
    c.destroy();
  });
});

describe("keyaki serve: without the SDK", () => {
  const post = (path: string, body: string, base = server.url) =>
    fetch(base + path, { method: "POST", headers: { "content-type": "application/json" }, body });

  it("answers unsigned requests", async () => {
    const res = await post(
      "/policy/check-no-public-access",
      JSON.stringify({ policyDocument: example("public-bucket.json"), resourceType: "AWS::S3::Bucket" }),
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body).slice(0, 3)).toEqual(["result", "message", "reasons"]);
    expect(body.result).toBe("FAIL");
    expect(body.counterexample.action).toMatch(/^s3:/);
  });

  it("a body that is not JSON: cannotParse", async () => {
    const res = await post("/policy/check-no-new-access", "{not json");
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-errortype")).toBe("ValidationException");
    expect((await res.json()).reason).toBe("cannotParse");
  });

  it("an unknown operation: unknownOperation", async () => {
    const res = await post("/policy/no-such-check", "{}");
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-errortype")).toBe("ValidationException");
    expect(await res.json()).toEqual({ message: "no operation at `POST /policy/no-such-check`", reason: "unknownOperation" });
  });

  it("an UNKNOWN is result UNKNOWN with unknownReason, never PASS", async () => {
    const { startServer } = await import(join(ROOT, "dist", "src", "server", "index.js"));
    const hurried: Server = await startServer({ port: 0, timeoutSeconds: 1e-9, workers: 1 });
    try {
      const c = clientFor(hurried.url);
      const r = await c.send(
        new CheckNoNewAccessCommand({
          existingPolicyDocument: example("public-bucket.json"),
          newPolicyDocument: example("bucket-update.json"),
          policyType: "RESOURCE_POLICY",
        }),
      );
      c.destroy();
      expect(r.result).toBe("UNKNOWN");
      const res = await post(
        "/policy/check-no-public-access",
        JSON.stringify({ policyDocument: example("public-bucket.json"), resourceType: "AWS::S3::Bucket" }),
        hurried.url,
      );
      const body = await res.json();
      expect(body.result).toBe("UNKNOWN");
      expect(body.unknownReason).toMatch(/timeout/);
    } finally {
      await hurried.close();
    }
  });
});

describe("keyaki serve: shutdown", () => {
  it("answers the requests sent when close() begins, each closing its connection, then stops", async () => {
    const { startServer } = await import(join(ROOT, "dist", "src", "server", "index.js"));
    const s: Server = await startServer({ port: 0, workers: 1 });
    const body = JSON.stringify({ policyDocument: example("public-bucket.json"), resourceType: "AWS::S3::Bucket" });
    const post = () => fetch(s.url + "/policy/check-no-public-access", { method: "POST", body });
    expect((await (await post()).json()).result).toBe("FAIL"); // a keep-alive connection, and a warm worker
    const pending = [post(), post(), post()];
    const closed = s.close(); // at once: the requests may not even be read, or connected, yet
    const answers = await Promise.all(pending);
    for (const a of answers) {
      expect(a.headers.get("connection")).toBe("close");
      expect((await a.json()).result).toBe("FAIL");
    }
    await closed;
    await expect(post()).rejects.toThrow();
  });
});

describe("keyaki serve: a check that does not end", () => {
  it("is stopped at its hard bound and answered UNKNOWN (never PASS); the pool goes on", async () => {
    // Issue 11's 249-byte policy: the concrete evaluator's glob RegExp backtracks on `a*a*…`.
    // Once that is fixed the check may well end in time (FAIL is its right answer); either way
    // it must be answered, not PASS, within the hard bound (1.5 × 1 s + 2 s here).
    const { startServer } = await import(join(ROOT, "dist", "src", "server", "index.js"));
    const bounded: Server = await startServer({ port: 0, timeoutSeconds: 1, workers: 1 });
    const c = clientFor(bounded.url);
    try {
      const policyDocument = doc([
        { Effect: "Allow", Action: "s3:PutObject", Resource: "*", Condition: { StringLike: { "aws:PrincipalTag/team": "a*".repeat(40) } } },
      ]);
      const start = Date.now();
      const r = await c.send(
        new CheckAccessNotGrantedCommand({ policyDocument, access: [{ actions: ["s3:PutObject"] }], policyType: "IDENTITY_POLICY" }),
      );
      expect(Date.now() - start).toBeLessThan(15_000);
      expect(["UNKNOWN", "FAIL"]).toContain(r.result);
      const next = await c.send(
        new CheckAccessNotGrantedCommand({
          policyDocument: doc([{ Effect: "Allow", Action: "s3:PutObject", Resource: "*" }]),
          access: [{ actions: ["s3:PutObject"] }],
          policyType: "IDENTITY_POLICY",
        }),
      );
      expect(next.result).toBe("FAIL");
    } finally {
      c.destroy();
      await bounded.close();
    }
  });
});

describe("keyaki serve: a concurrent burst", () => {
  it("answers 48 concurrent SDK requests as the library does in-process", async () => {
    const policies = [
      example("public-bucket.json"),
      example("org-bucket.json"),
      example("public-bucket-deny-outside.json"),
      example("bucket-update.json"),
    ];
    const actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteBucket", "iam:PassRole"];
    const jobs = Array.from({ length: 48 }, (_, i) => {
      const policyDocument = policies[i % policies.length];
      if (i % 3 === 0) return { kind: "public" as const, input: { policyDocument, resourceType: "AWS::S3::Bucket" as const } };
      if (i % 3 === 1)
        return {
          kind: "access" as const,
          input: { policyDocument, access: [{ actions: [actions[i % actions.length]] }], policyType: "RESOURCE_POLICY" as const },
        };
      return {
        kind: "new" as const,
        input: {
          existingPolicyDocument: policies[(i + 1) % policies.length],
          newPolicyDocument: policyDocument,
          policyType: "RESOURCE_POLICY" as const,
        },
      };
    });
    const clients = Array.from({ length: 8 }, () => clientFor(server.url));
    const answers = await Promise.all(
      jobs.map((j, i) => {
        const c = clients[i % clients.length];
        if (j.kind === "public") return c.send(new CheckNoPublicAccessCommand(j.input));
        if (j.kind === "access") return c.send(new CheckAccessNotGrantedCommand(j.input));
        return c.send(new CheckNoNewAccessCommand(j.input));
      }),
    );
    for (const c of clients) c.destroy();
    const expected: Awaited<ReturnType<Lib["checkNoNewAccess"]>>[] = [];
    for (const j of jobs)
      expected.push(
        j.kind === "public"
          ? await lib.checkNoPublicAccess(j.input)
          : j.kind === "access"
            ? await lib.checkAccessNotGranted(j.input)
            : await lib.checkNoNewAccess(j.input),
      );
    answers.forEach((a, i) => {
      expect({ result: a.result, message: a.message, reasons: a.reasons ?? [] }, `request ${i}`).toEqual({
        result: expected[i].result,
        message: expected[i].message,
        // The SDK drops keyaki's extras (each reason's location): AWS's members remain.
        reasons: expected[i].reasons.map(({ location: _, ...reason }) => reason),
      });
    });
    expect(new Set(answers.map((a) => a.result))).toEqual(new Set(["PASS", "FAIL"]));
  });
});
