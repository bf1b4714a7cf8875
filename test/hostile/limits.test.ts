// Issue 11: input bounds from AWS's quotas. Every AWS managed-policy version is within them; each
// refusal is a located error naming the limit; and the smaller items (empty Resource and
// condition key warn).

import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../bench/corpus.js";
import { parseJson } from "../../src/policy/json.js";
import { limitDiagnostics, MAX_POLICY_CHARACTERS, MAX_STRING_CHARACTERS, MAX_WILDCARDS } from "../../src/policy/limits.js";
import { parsePolicy } from "../../src/policy/parse.js";
import { checkAccessNotGranted } from "../../src/index.js";

describe("every AWS managed-policy version is within the limits", () => {
  const corpus = loadCorpus();
  it(`the corpus' sizes, strings and wildcards (${corpus.length} policies, every version)`, () => {
    let versions = 0;
    let largest = 0;
    let longest = 0;
    let wildest = 0;
    const where: Record<string, string> = {};
    for (const p of corpus)
      for (const v of p.versions) {
        versions++;
        const size = v.text.replace(/[ \t\n\r]/g, "").length;
        if (size > largest) [largest, where.size] = [size, `${p.name} ${v.id}`];
        JSON.parse(v.text, (k, x) => {
          for (const s of typeof x === "string" ? [k, x] : [k]) {
            if (s.length > longest) [longest, where.string] = [s.length, `${p.name} ${v.id}`];
            let w = 0;
            for (let i = 0; i < s.length; i++) if (s[i] === "*" || s[i] === "?") w++;
            if (w > wildest) [wildest, where.wildcards] = [w, `${p.name} ${v.id}`];
          }
          return x;
        });
      }
    expect(largest, where.size).toBeLessThanOrEqual(MAX_POLICY_CHARACTERS.IDENTITY_POLICY);
    expect(longest, where.string).toBeLessThanOrEqual(MAX_STRING_CHARACTERS);
    expect(wildest, where.wildcards).toBeLessThanOrEqual(MAX_WILDCARDS);
    expect(versions).toBeGreaterThan(corpus.length);
    expect(largest).toBeGreaterThan(100_000); // AWS's managed policies exceed the customer quota
  }, 120_000);

  it("the largest versions pass the limit check itself, pretty-printed too", () => {
    const biggest = corpus
      .flatMap((p) => p.versions.map((v) => v.text))
      .sort((a, b) => b.length - a.length)
      .slice(0, 5);
    for (const text of biggest)
      for (const t of [text, JSON.stringify(JSON.parse(text), null, 4)]) {
        const { root } = parseJson(t);
        expect(limitDiagnostics(t, root!, "IDENTITY_POLICY")).toEqual([]);
      }
  }, 60_000);
});

describe("each refusal is located and names the limit", () => {
  const doc = (resource: string) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: resource }] });
  it("a string longer than 2,048 characters", () => {
    const text = doc("arn:aws:s3:::" + "a".repeat(2048));
    const [d] = parsePolicy(text, "IDENTITY_POLICY").diagnostics;
    expect(d).toMatchObject({
      code: "STRING_TOO_LONG",
      offset: text.indexOf('"arn:'),
      path: "/Statement/0/Resource",
      message: expect.stringContaining("`2,048`"),
    });
  });
  it("more than 256 wildcards in one string", () => {
    const text = doc("arn:aws:s3:::" + "a*".repeat(257));
    const [d] = parsePolicy(text, "IDENTITY_POLICY").diagnostics;
    expect(d).toMatchObject({ code: "TOO_MANY_WILDCARDS", path: "/Statement/0/Resource", message: expect.stringContaining("`256`") });
    expect(parsePolicy(doc("arn:aws:s3:::" + "a*".repeat(256)), "IDENTITY_POLICY").policy).toBeDefined();
  });
  it("a resource policy over 65,536 characters, at the first character past it", () => {
    const statements = Array.from({ length: 700 }, (_, i) => ({
      Effect: "Allow",
      Principal: "*",
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::bucket-${i}/*`,
    }));
    const text = JSON.stringify({ Version: "2012-10-17", Statement: statements }, null, 1);
    const diagnostics = parsePolicy(text, "RESOURCE_POLICY").diagnostics;
    expect(diagnostics).toHaveLength(1);
    const d = diagnostics[0];
    expect(d).toMatchObject({ code: "POLICY_TOO_LARGE", message: expect.stringContaining("`65,536`") });
    expect(text.slice(0, d.offset).replace(/[ \t\n\r]/g, "").length).toBe(MAX_POLICY_CHARACTERS.RESOURCE_POLICY);
    // The same text is a fine identity policy (but for its Principal): the limit is per type.
    expect(parsePolicy(text, "IDENTITY_POLICY").diagnostics.map((x) => x.code)).not.toContain("POLICY_TOO_LARGE");
  });
  it("through the library: a KeyakiError with the located diagnostic", async () => {
    await expect(
      checkAccessNotGranted({
        policyDocument: doc("arn:aws:s3:::" + "?".repeat(300)),
        access: [{ actions: ["s3:GetObject"] }],
        policyType: "IDENTITY_POLICY",
      }),
    ).rejects.toMatchObject({
      code: "TOO_MANY_WILDCARDS",
      diagnostics: [expect.objectContaining({ document: "policyDocument", line: 1 })],
    });
  });
});

describe("the smaller items", () => {
  it('`Resource: ""` and a condition key `""` warn', () => {
    const text = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Deny", Action: "*", Resource: "", Condition: { StringEquals: { "": "x" } } }],
    });
    const codes = parsePolicy(text, "IDENTITY_POLICY").diagnostics.map((d) => [d.code, d.severity]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ["EMPTY_RESOURCE", "warning"],
        ["EMPTY_CONDITION_KEY", "warning"],
      ]),
    );
  });
});
