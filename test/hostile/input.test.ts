// Issue 11: input is read exactly. Every JSON keyaki reads rejects duplicate keys; bytes that are
// not UTF-8 are an error naming the byte offset (a UTF-8 BOM is fine, UTF-16 is named); a JSON
// syntax error points at the real position, "unexpected end of input" at the end of a cut.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { invalidUtf8Offset } from "../../src/cli/utf8.js";
import { parseJson, positionAt } from "../../src/policy/json.js";

async function cli(argv: string[], stdin: Uint8Array | string = ""): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await main(argv, {
    cwd: process.cwd(),
    env: {},
    stdout: (t) => void (out += t),
    stderr: (t) => void (out += t),
    readStdin: async () => stdin,
  });
  return { code, out };
}

const dir = mkdtempSync(join(tmpdir(), "keyaki-hostile-"));
const file = (name: string, bytes: Uint8Array | string) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return `file://${path}`;
};

const ALLOW_GET = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
const ANG = (policy: string, access: string) => [
  "check-access-not-granted",
  "--policy-document",
  policy,
  "--access",
  access,
  "--policy-type",
  "IDENTITY_POLICY",
  "--output",
  "json",
  "--timeout",
  "5",
];

describe("duplicate keys are refused in every JSON input", () => {
  it("--access: the issue's repro is DUPLICATE_KEY at the second `actions`, not a PASS", async () => {
    const access = `[{"actions":["s3:GetObject"],"actions":["s3:PutObject"]}]`;
    const r = await cli(ANG(ALLOW_GET, access));
    expect(r.code).toBe(1);
    const error = JSON.parse(r.out).error;
    expect(error.code).toBe("DUPLICATE_KEY");
    expect(error.diagnostics[0]).toMatchObject({
      document: "access",
      line: 1,
      column: access.lastIndexOf('"actions"') + 1,
      path: "/0/actions",
    });
  });

  it("policy documents, in each command's document flags (inline, file and stdin)", async () => {
    const dup = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Effect":"Deny","Action":"*","Resource":"*"}]}`;
    const runs = [
      ANG(dup, `[{"actions":["s3:GetObject"]}]`),
      ANG(file("dup.json", dup), `[{"actions":["s3:GetObject"]}]`),
      [
        "check-no-new-access",
        "--existing-policy-document",
        ALLOW_GET,
        "--new-policy-document",
        "-",
        "--policy-type",
        "IDENTITY_POLICY",
        "--output",
        "json",
      ],
      ["check-no-public-access", "--policy-document", dup, "--resource-type", "AWS::S3::Bucket", "--output", "json"],
      [
        "check-no-external-access",
        "--policy-document",
        dup,
        "--resource-type",
        "AWS::S3::Bucket",
        "--trusted-accounts",
        "111122223333",
        "--output",
        "json",
      ],
      [
        "findings",
        "--policy-document",
        dup,
        "--resource-type",
        "AWS::S3::Bucket",
        "--trusted-accounts",
        "111122223333",
        "--output",
        "json",
      ],
    ];
    for (const argv of runs) {
      const r = await cli(argv, dup);
      expect(r.code, argv.join(" ")).toBe(1);
      const error = JSON.parse(r.out).error;
      expect(
        error.diagnostics.map((d: { code: string }) => d.code),
        argv.join(" "),
      ).toContain("DUPLICATE_KEY");
    }
  });
});

it("`file://` with no path says so, not that it is a directory", async () => {
  const r = await cli(ANG("file://", `[{"actions":["s3:GetObject"]}]`));
  expect(r.code).toBe(1);
  expect(JSON.parse(r.out).error).toMatchObject({ code: "FILE_READ_ERROR", message: expect.stringContaining("names no file") });
});

describe("bytes that are not UTF-8", () => {
  const text = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"arn:aws:s3:::X"}]}`;
  const at = text.indexOf("X");
  // Every kind of bad byte, in a Resource of a Deny (where U+FFFD silently widened access).
  const cases: Array<[string, number[]]> = [
    ["a stray continuation byte", [0x80]],
    ["an invalid lead byte", [0xff]],
    ["an overlong form", [0xc0, 0xaf]],
    ["a truncated sequence", [0xe2, 0x82]],
    ["an encoded surrogate", [0xed, 0xa0, 0x80]],
    ["a code point past U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
  ];
  for (const [name, bad] of cases) {
    it(`${name}: INVALID_UTF8 with the byte offset, from a file and from stdin`, async () => {
      const bytes = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(bad), Buffer.from(text.slice(at + 1))]);
      const expected = invalidUtf8Offset(bytes);
      expect(expected).toBe(at);
      for (const [policy, stdin] of [
        [file(`bad-${bad.join("-")}.json`, bytes), ""],
        ["-", bytes],
      ] as const) {
        const r = await cli(ANG(policy, `[{"actions":["s3:GetObject"]}]`), stdin);
        expect(r.code).toBe(1);
        const error = JSON.parse(r.out).error;
        expect(error.code).toBe("INVALID_UTF8");
        expect(error.message).toContain(`byte offset ${expected}`);
      }
    });
  }

  it("a UTF-8 byte-order mark is fine", async () => {
    const r = await cli(
      ANG(file("bom.json", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ALLOW_GET)])), `[{"actions":["s3:GetObject"]}]`),
    );
    expect(r.code).toBe(2); // FAIL: the policy allows s3:GetObject
  });

  it("UTF-16 gets a clear message, with or without a byte-order mark", async () => {
    for (const [name, bytes] of [
      ["le-bom", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ALLOW_GET, "utf16le")])],
      ["le", Buffer.from(ALLOW_GET, "utf16le")],
      ["be-bom", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(ALLOW_GET, "utf16le").swap16()])],
    ] as const) {
      const r = await cli(ANG(file(`u16-${name}.json`, bytes), `[{"actions":["s3:GetObject"]}]`));
      expect(r.code).toBe(1);
      expect(JSON.parse(r.out).error).toMatchObject({ code: "INVALID_UTF8", message: expect.stringMatching(/UTF-16(LE|BE)/) });
    }
  });

  it("the byte-offset finder agrees with the platform's decoder on random bytes", () => {
    let seed = 3;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % 256);
    const fatal = new TextDecoder("utf-8", { fatal: true });
    for (let k = 0; k < 5_000; k++) {
      const bytes = Uint8Array.from({ length: 1 + (k % 12) }, () => (rand() < 128 ? rand() & 0x7f : rand()));
      let ok = true;
      try {
        fatal.decode(bytes);
      } catch {
        ok = false;
      }
      expect(invalidUtf8Offset(bytes) === undefined, Buffer.from(bytes).toString("hex")).toBe(ok);
    }
  });

  it("a lone surrogate in library text is a located error", () => {
    const r = parseJson(`{"Version":"2012-10-17","Id":"a\uD800b"}`);
    expect(r.root).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ code: "INVALID_UNICODE", column: 32 });
    expect(parseJson(`{"Id":"\uD83D\uDE00"}`).diagnostics).toEqual([]);
  });
});

describe("JSON syntax errors point at the real position", () => {
  it("`{` alone ends at the end of input, not at 1:1", () => {
    expect(parseJson("{").diagnostics[0]).toMatchObject({ message: "unexpected end of input", line: 1, column: 2, offset: 1 });
    expect(parseJson(`{"Version":`).diagnostics[0]).toMatchObject({ message: "unexpected end of input", offset: 11 });
  });

  // Real policies, pretty-printed (line breaks and indentation) and compact.
  const policies = [
    {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "A1",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:List*"],
          Resource: "arn:aws:s3:::b/*",
          Condition: { NumericLessThan: { "s3:max-keys": 10 }, Bool: { "aws:SecureTransport": true } },
        },
      ],
    },
    {
      Version: "2012-10-17",
      Statement: {
        Effect: "Deny",
        NotAction: "iam:*",
        Resource: "*",
        Condition: { Null: { "aws:MultiFactorAuthAge": null }, StringLike: { "aws:userid": 'AROA*:esc\\"aped\u00e9' } },
      },
    },
  ];
  for (const [k, p] of policies.entries())
    for (const text of [JSON.stringify(p, null, 2), JSON.stringify(p)]) {
      it(`every cut of policy ${k} (${text.length} characters) is "unexpected end of input" at the cut`, () => {
        const started = Date.now();
        for (let cut = 1; cut < text.length; cut++) {
          const prefix = text.slice(0, cut);
          const r = parseJson(prefix);
          if (prefix.trim() === "") continue;
          expect(r.root, `cut ${cut}`).toBeUndefined();
          expect(r.diagnostics[0], `cut ${cut}: ${JSON.stringify(prefix.slice(-12))}`).toMatchObject({
            code: "JSON_SYNTAX_ERROR",
            message: "unexpected end of input",
            offset: cut,
            ...positionAt(prefix, cut),
          });
        }
        expect(Date.now() - started).toBeLessThan(10_000);
      });
    }

  it("a wrong token is reported where it stands", () => {
    const cases: Array<[string, string, string]> = [
      [`{"a":1}}`, "}", "unexpected `}` in JSON"],
      [`{"a" 1}`, "1", "unexpected `1` in JSON"],
      [`{"a":tru}`, "tru", "unexpected `tru` in JSON"],
      [`[1,]`, ",", "trailing comma before `]` is not allowed in JSON"],
      [`{"a":1,}`, ",", "trailing comma before `}` is not allowed in JSON"],
      [`{"a":"\\x"}`, "\\x", "invalid escape `\\\\x` in a JSON string"],
      [`{"a":01}`, "1", "unexpected `1` in JSON"],
    ];
    for (const [text, needle, message] of cases) {
      expect(parseJson(text).diagnostics[0], text).toMatchObject({ message, offset: text.lastIndexOf(needle) });
    }
  });
});
