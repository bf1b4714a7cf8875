// The server's HTTP layer (server/app.ts) with a stand-in for the worker pool, for what a real
// check cannot be made to do on demand: overrun its hard bound, crash, or pile up past the
// concurrency bound. Also the one log line per request.

import { describe, expect, it } from "vitest";
import { createApp, type AppOptions } from "../../src/server/app.js";
import type { Outcome } from "../../src/server/worker.js";

const PUBLIC = {
  policyDocument: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }],
  }),
  resourceType: "AWS::S3::Bucket",
};

function app(runCheck: AppOptions["runCheck"], extra: Partial<AppOptions> = {}) {
  const lines: string[] = [];
  const a = createApp({ runCheck, maxBodyBytes: 1024 * 1024, maxInFlight: 2, timeoutSeconds: 10, log: (l) => lines.push(l), ...extra });
  const post = (path: string, body: unknown) => a.request(path, { method: "POST", body: JSON.stringify(body) });
  return { post, lines };
}

describe("server/app.ts", () => {
  it("a check stopped at its hard bound answers UNKNOWN with the check's own UNKNOWN message", async () => {
    const { post } = app(async () => "timeout");
    const res = await post("/policy/check-no-public-access", PUBLIC);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      result: "UNKNOWN",
      message: "keyaki could not decide whether the resource policy grants public access for the given resource type.",
      unknownReason: "the check did not finish within its timeout of 10 s and was stopped",
    });
  });

  it("a crashed worker is an InternalServerException (500), the only 5xx", async () => {
    const { post } = app(async () => {
      throw new Error("worker exited\nstack…");
    });
    const res = await post("/policy/check-no-public-access", PUBLIC);
    expect(res.status).toBe(500);
    expect(res.headers.get("x-amzn-errortype")).toBe("InternalServerException");
    expect(await res.json()).toEqual({ message: "internal error: worker exited" });
  });

  it("the library's INTERNAL_ERROR is a 500, its input errors 400", async () => {
    let error = { code: "INTERNAL_ERROR", message: "internal error: replay disagreed", diagnostics: [] };
    const { post } = app(async (): Promise<Outcome> => ({ ok: false, error }));
    expect((await post("/policy/check-no-public-access", PUBLIC)).status).toBe(500);
    error = { code: "INVALID_ACTION", message: "bad", diagnostics: [] };
    const res = await post("/policy/check-no-public-access", PUBLIC);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: "bad", reason: "other" });
  });

  it("past maxInFlight checks at once: ThrottlingException 429 with Retry-After, and then served again", async () => {
    const release: Array<() => void> = [];
    const answer: Outcome = { ok: true, response: { result: "PASS", message: "m", reasons: [] } };
    const { post } = app(() => new Promise((r) => release.push(() => r(answer))));
    const first = [post("/policy/check-no-public-access", PUBLIC), post("/policy/check-no-public-access", PUBLIC)];
    while (release.length < 2) await new Promise((r) => setTimeout(r, 5));
    const third = await post("/policy/check-no-public-access", PUBLIC);
    expect(third.status).toBe(429);
    expect(third.headers.get("x-amzn-errortype")).toBe("ThrottlingException");
    expect(third.headers.get("retry-after")).toBe("1");
    for (const r of release) r();
    for (const r of await Promise.all(first)) expect(r.status).toBe(200);
    const again = post("/policy/check-no-public-access", PUBLIC);
    while (release.length < 3) await new Promise((r) => setTimeout(r, 5));
    release[2]();
    expect((await again).status).toBe(200);
  });

  it("logs one line per request: operation, result or error, status, milliseconds", async () => {
    const { post, lines } = app(async () => ({ ok: true, response: { result: "FAIL", message: "m", reasons: [] } }));
    await post("/policy/check-no-public-access", PUBLIC);
    await post("/policy/check-no-public-access", { resourceType: "AWS::S3::Bucket" });
    await post("/nowhere", {});
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\S+Z CheckNoPublicAccess FAIL 200 \d+ms$/);
    expect(lines[1]).toMatch(/^\S+Z CheckNoPublicAccess ValidationException:fieldValidationFailed 400 \d+ms$/);
    expect(lines[2]).toMatch(/^\S+Z - ValidationException:unknownOperation 400 \d+ms$/);
  });

  it("refuses an access list nested too deeply before it reaches a worker (a stack-deep copy would be a 500)", async () => {
    let calls = 0;
    const { post } = app(async () => {
      calls++;
      return { ok: true, response: { result: "PASS", message: "m", reasons: [] } };
    });
    expect(
      (
        await post("/policy/check-access-not-granted", {
          policyDocument: "{}",
          access: [{ actions: [[[[[[[["s3:GetObject"]]]]]]]] }],
          policyType: "IDENTITY_POLICY",
        })
      ).status,
    ).toBe(400);
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const body = `{"policyDocument": "{}", "access": [{"actions": ${deep}}], "policyType": "IDENTITY_POLICY"}`;
    const a = createApp({
      runCheck: async () => ({ ok: true, response: { result: "PASS", message: "m", reasons: [] } }),
      maxBodyBytes: 1 << 20,
      maxInFlight: 2,
      timeoutSeconds: 10,
      log: () => undefined,
    });
    const deepRes = await a.request("/policy/check-access-not-granted", { method: "POST", body });
    expect(deepRes.status).toBe(400);
    expect(await deepRes.json()).toMatchObject({
      reason: "fieldValidationFailed",
      fieldList: [{ name: "access", message: "`access` is nested more than 8 levels deep" }],
    });
    expect(
      (
        await post("/policy/check-access-not-granted", {
          policyDocument: "{}",
          access: [{ actions: ["s3:GetObject"] }],
          policyType: "IDENTITY_POLICY",
        })
      ).status,
    ).toBe(200);
    expect(calls).toBe(1);
  });

  it("refuses a body that gives a key twice in one object (JSON.parse would keep the last)", async () => {
    const seen: unknown[] = [];
    const a = createApp({
      runCheck: async (_op, input) => {
        seen.push(input);
        return { ok: true, response: { result: "PASS", message: "m", reasons: [] } };
      },
      maxBodyBytes: 1 << 20,
      maxInFlight: 2,
      timeoutSeconds: 10,
      log: () => undefined,
    });
    const send = (body: string) => a.request("/policy/check-access-not-granted", { method: "POST", body });
    const policy = JSON.stringify(PUBLIC.policyDocument);
    for (const body of [
      `{"policyDocument": ${policy}, "access": [{"actions": ["s3:GetObject"], "actions": ["s3:PutObject"]}], "policyType": "IDENTITY_POLICY"}`,
      `{"policyDocument": ${policy}, "access": [{"actions": ["s3:GetObject"]}], "policyType": "IDENTITY_POLICY",\n "\\u0070olicyType": "RESOURCE_POLICY"}`,
    ]) {
      const res = await send(body);
      expect(res.status).toBe(400);
      const json = await res.json();
      expect(json.reason).toBe("cannotParse");
      expect(json.message).toMatch(/^the request body gives the key `(actions|policyType)` twice in one object \(at \d+:\d+\)$/);
    }
    // Equal keys in different objects, and key-like strings among values, are fine (the access
    // entry is a valid one: the server refuses an invalid one itself, before any worker).
    const ok = await send(
      `{"policyDocument": ${policy}, "access": [{"actions": ["s3:actions", "s3:GetObject"], "resources": ["arn:aws:s3:::b/actions"]}], "policyType": "IDENTITY_POLICY"}`,
    );
    expect(ok.status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it("writes the report layer's JSON: AWS's members in AWS's order, keyaki's after, each reason with its location", async () => {
    const location = { document: "policyDocument", path: "/Statement/0", length: 70, offset: 39, column: 40, line: 1 };
    const scrambled = {
      unknownReason: undefined,
      reasons: [{ location, statementIndex: 0, description: "d" }],
      counterexample: { context: {}, resource: "r", action: "a" },
      message: "m",
      result: "FAIL",
    };
    const { post } = app(async () => ({ ok: true, response: scrambled }));
    const text = await (await post("/policy/check-no-public-access", PUBLIC)).text();
    expect(text).toBe(
      '{"result":"FAIL","message":"m","reasons":[{"description":"d","statementIndex":0,' +
        '"location":{"line":1,"column":40,"offset":39,"length":70,"path":"/Statement/0","document":"policyDocument"}}],' +
        '"counterexample":{"action":"a","resource":"r","context":{}}}',
    );
  });

  it("sends a request id with every answer, as AWS does", async () => {
    const { post } = app(async () => ({ ok: true, response: { result: "PASS", message: "m", reasons: [] } }));
    const a = await post("/policy/check-no-public-access", PUBLIC);
    const b = await post("/nowhere", {});
    expect(a.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers.get("x-amzn-requestid")).not.toBe(b.headers.get("x-amzn-requestid"));
  });

  it("ignores members it does not declare and refuses a body that is not an object", async () => {
    const seen: Record<string, unknown>[] = [];
    const { post } = app(async (_op, input) => {
      seen.push(input);
      return { ok: true, response: { result: "PASS", message: "m", reasons: [] } };
    });
    expect((await post("/policy/check-no-public-access", { ...PUBLIC, futureMember: 1 })).status).toBe(200);
    expect(seen).toEqual([PUBLIC]);
    const res = await post("/policy/check-no-public-access", [PUBLIC]);
    expect(res.status).toBe(400);
    expect((await res.json()).reason).toBe("cannotParse");
  });
});

describe("server/app.ts: request validation from the check registry", () => {
  it("refuses an invalid request with the library's own error, before it takes a worker", async () => {
    const seen: unknown[] = [];
    const { post } = app(async (_op, input) => {
      seen.push(input);
      return { ok: true, response: { result: "PASS", message: "m", reasons: [] } };
    });
    const res = await post("/policy/check-access-not-granted", {
      policyDocument: PUBLIC.policyDocument,
      access: [{ actions: ["s3:GetObject"] }, { actions: ["s3:PutObject"] }],
      policyType: "IDENTITY_POLICY",
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-errortype")).toBe("ValidationException");
    const body = await res.json();
    expect(body.reason).toBe("fieldValidationFailed");
    expect(body.fieldList).toEqual([{ name: "access", message: "`access` must list exactly one entry, not 2 (INVALID_ACCESS)" }]);
    expect(seen).toEqual([]);
  });
});
