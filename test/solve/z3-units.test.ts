// The Z3 engine's pure parts, without Z3: SMT-LIB text, translation shape, witness tidying.

import { describe, expect, it } from "vitest";
import { globPattern, literalPattern } from "../../src/logic/pattern.js";
import { and, boolVar, cmp, match, not, or, type Sort } from "../../src/logic/ir.js";
import { rational } from "../../src/logic/rational.js";
import { decodeSmtString, parseNumeral, parseSexprs, smtNumeral, smtString } from "../../src/solve/z3/smtlib.js";
import { translate } from "../../src/solve/z3/translate.js";
import { witnessStrings } from "../../src/solve/z3/witness.js";

const cps = (s: string) => [...s].map((c) => c.codePointAt(0)!);

describe("smtlib", () => {
  it("writes string literals with SMT-LIB escapes", () => {
    expect(smtString('a"b')).toBe('"a""b"');
    expect(smtString("a\\u{61}")).toBe('"a\\u{5c}u{61}"');
    expect(smtString("é\n😀")).toBe('"\\u{e9}\\u{a}\\u{1f600}"');
    expect(() => smtString("\u{10ffff}")).toThrow(/beyond/);
  });

  it("reads back what it writes, and Z3's own forms", () => {
    for (const s of ['a"b', "x\\y", "\\u{zz}", "é\u0000😀", "\ud800", ""]) {
      expect(decodeSmtString(smtString(s).slice(1, -1))).toEqual(cps(s));
    }
    expect(decodeSmtString("a\\b")).toEqual(cps("a\\b"));
    expect(decodeSmtString("\\u0041\\u{42}")).toEqual(cps("AB"));
    expect(decodeSmtString("\\u{5c}u{30000}")).toEqual(cps("\\u{30000}"));
  });

  it("parses get-value replies", () => {
    const [e] = parseSexprs('((k0 "a""b") (k1 (- 3)) (k2 (/ 3.0 2.0)) (|k 3| true))');
    expect(e).toEqual([
      ["k0", { chars: cps('a"b') }],
      ["k1", ["-", "3"]],
      ["k2", ["/", "3.0", "2.0"]],
      ["k 3", "true"],
    ]);
    expect(() => parseSexprs("((a)")).toThrow();
  });

  it("converts numerals exactly", () => {
    const big = 2n ** 128n + 2n ** 32n;
    expect(smtNumeral(rational(-big), false)).toBe(`(- ${big})`);
    expect(smtNumeral(rational(-3n, 2n), true)).toBe("(- (/ 3.0 2.0))");
    expect(parseNumeral(["-", ["/", "3.0", "2.0"]])).toEqual(rational(-3n, 2n));
    expect(parseNumeral("1.25")).toEqual(rational(5n, 4n));
    expect(parseNumeral(`${big}.0`)).toEqual(rational(big));
  });
});

describe("translate", () => {
  const S: Sort = { sort: "string" };
  const vars = new Map<string, Sort>([
    ["resource", S],
    ["action", S],
    ["b", { sort: "bool" }],
    ["n", { sort: "ordered", integer: true, min: rational(1n, 2n), max: rational(7n, 2n) }],
  ]);
  const count = (s: string, sub: string) => s.split(sub).length - 1;

  it("merges a conjunction on one variable into one membership with re.diff", () => {
    const f = and(match("resource", globPattern("a*")), not(match("resource", globPattern("a/p*"))), match("resource", globPattern("*z")));
    const { body } = translate(f, vars);
    expect(count(body, "str.in_re")).toBe(1);
    expect(body).toContain("re.diff");
  });

  it("factors a literal prefix shared by all merged members", () => {
    const f = and(match("resource", globPattern("arn:aws:s3:::b/*")), not(match("resource", globPattern("arn:aws:s3:::b/private/*"))));
    const { body } = translate(f, vars);
    expect(body).toContain(
      '(re.++ (str.to_re "arn:aws:s3:::b/") (re.diff (re.* re.allchar) (re.++ (str.to_re "private/") (re.* re.allchar))))',
    );
    const g = or(
      match("resource", literalPattern("ab😀x")),
      match("resource", literalPattern("ab😀y")),
      match("resource", literalPattern("ab😁")),
    );
    expect(translate(g, vars).body).toContain('(str.to_re "ab")');
    const h = and(not(match("resource", globPattern("ab*"))), not(match("resource", globPattern("ac*"))));
    expect(translate(h, vars).body).toContain('(re.comp (re.++ (str.to_re "a")');
  });

  it("merges per variable inside mixed and/or structure", () => {
    const f = or(
      and(match("action", globPattern("s3:*")), not(match("action", globPattern("s3:get*"))), boolVar("b")),
      not(or(match("resource", globPattern("x*")), match("resource", globPattern("y*")))),
    );
    const { body } = translate(f, vars);
    expect(count(body, "str.in_re")).toBe(2);
  });

  it("declares only the formula's variables, with their bounds", () => {
    const { body, symbols } = translate(cmp("n", "lt", rational(5n, 2n)), vars);
    expect(symbols.map((s) => s.name)).toEqual(["n"]);
    expect(body).toContain("(>= k0 1)");
    expect(body).toContain("(<= k0 3)");
    expect(body).toContain("(<= k0 2)");
  });

  it("solves an all-case-insensitive variable in folded form", () => {
    const { body } = translate(and(match("action", globPattern("S3:Get*", true)), not(match("action", globPattern("s3:*", true)))), vars);
    expect(body).toContain('(str.to_re "s3:")');
    expect(body).toContain('(re.range "A" "Z")');
    expect(body).not.toContain('(str.to_re "G")');
    expect(body.split("str.in_re").length - 1).toBe(1);
  });

  it("builds letter unions when case-sensitive patterns share the variable", () => {
    const { body } = translate(and(match("action", globPattern("s3:Get", true)), match("action", globPattern("*t"))), vars);
    expect(body).toContain('(re.union (str.to_re "g") (str.to_re "G"))');
    expect(body).toContain('(str.to_re "3:")');
    expect(body).not.toContain('(re.range "A" "Z")');
  });

  it("writes unions of literals as tries", () => {
    const names = ["s3:GetObject", "s3:GetObjectAcl", "s3:PutObject", "s3:Get"];
    const { body } = translate(or(...names.map((n) => match("resource", literalPattern(n)))), vars);
    expect(body).toBe(
      '(declare-const k0 String)\n(assert (str.in_re k0 (re.++ (str.to_re "s3:") (re.union (re.++ (str.to_re "Get") ' +
        '(re.union (str.to_re "") (re.++ (str.to_re "Object") (re.union (str.to_re "") (str.to_re "Acl"))))) (str.to_re "PutObject")))))',
    );
  });

  it("rejects undeclared and mis-sorted variables", () => {
    expect(() => translate(boolVar("nope"), vars)).toThrow(/not declared/);
    expect(() => translate(match("b", literalPattern("x")), vars)).toThrow(/declared bool/);
  });
});

describe("witness tidying", () => {
  it("replaces characters no pattern can distinguish, and only those", () => {
    const f = and(match("r", globPattern("a?*\u0100")), not(match("x", globPattern("*"))));
    const out = witnessStrings(f, new Map([["r", [0x61, 0, 0xd800, 0xdc00, 0x100]]]), true);
    expect(out.get("r")).toBe("axxx\u0100");
    const raw = witnessStrings(f, new Map([["r", [0x61, 0xd83d, 0xde00]]]), false);
    expect(raw.get("r")).toBe("a😀");
  });

  it("avoids replacement characters the patterns mention, in either case", () => {
    const f = match("r", globPattern("X*z0", true));
    const out = witnessStrings(f, new Map([["r", [0x78, 0x1, 0x7a, 0x30]]]), true);
    expect(out.get("r")).toBe("x9z0");
  });
});
