// Engine-independent conformance cases: every engine (finite, Z3) must give `expect` on each.
// Contract: each case is a closed query (formula + declared variables) whose answer follows from
// the IR's reference meaning (logic/evaluate.ts, logic/pattern.ts) alone; the name says why. The
// cases cover every atom kind, glob tokens (`*`, `?`, noColon), case folding, integer and
// rational domains with and without bounds, IP-sized integers, nested connectives and large
// disjunctions. An engine may also answer "unknown" only where its own test says so.

import { globPattern, literalPattern, type Pattern } from "../../src/logic/pattern.js";
import { IP_MAX, IPV6_BASE } from "../../src/iam/values.js";
import { and, boolVar, cmp, FALSE, match, not, or, TRUE, type Formula, type Sort, type Vars } from "../../src/logic/ir.js";
import { rational, type Rational } from "../../src/logic/rational.js";

export interface ConformanceCase {
  name: string;
  formula: Formula;
  vars: Vars;
  expect: "sat" | "unsat";
}

const STR: Sort = { sort: "string" };
const BOOL: Sort = { sort: "bool" };
const INT: Sort = { sort: "ordered", integer: true };
const RAT: Sort = { sort: "ordered", integer: false };
const IP: Sort = { sort: "ordered", integer: true, min: rational(0n), max: rational(IP_MAX) };

const g = (s: string, opts: { ci?: boolean; nc?: boolean } = {}): Pattern => globPattern(s, opts.ci ?? false, opts.nc ?? false);
const lit = (s: string, ci = false): Pattern => literalPattern(s, ci);
const m = (v: string, p: Pattern | string): Formula => match(v, typeof p === "string" ? g(p) : p);
const r = (n: bigint | number, d: bigint | number = 1n): Rational => rational(BigInt(n), BigInt(d));
const vars = (...decl: [string, Sort][]): Vars => new Map(decl);

/** x ∈ a ∧ x ∉ b: satisfiable iff a ⊄ b. */
const diff = (a: Pattern | string, b: Pattern | string): Formula => and(m("x", a), not(m("x", b)));
const X = vars(["x", STR]);

const awsActions = Array.from({ length: 200 }, (_, i) => `s3:Action${i}`);
const cidr24 = (i: number) => {
  const lo = (10n << 24n) + (BigInt(i) << 8n);
  return and(cmp("ip", "ge", r(lo)), cmp("ip", "le", r(lo + 255n)));
};

export const conformanceCases: ConformanceCase[] = [
  // Constants and Booleans.
  { name: "true", formula: TRUE, vars: vars(), expect: "sat" },
  { name: "false", formula: FALSE, vars: vars(), expect: "unsat" },
  {
    name: "pigeonhole: 4 pigeons, 3 holes",
    formula: pigeonhole(4, 3),
    vars: new Map(Array.from({ length: 12 }, (_, i) => [`p${i}`, BOOL] as [string, Sort])),
    expect: "unsat",
  },
  {
    name: "pigeonhole: 3 pigeons, 3 holes",
    formula: pigeonhole(3, 3),
    vars: new Map(Array.from({ length: 9 }, (_, i) => [`p${i}`, BOOL] as [string, Sort])),
    expect: "sat",
  },

  // Globs: prefixes, containment, `?` counts.
  { name: "b/* minus b/private/*", formula: diff("arn:aws:s3:::b/*", "arn:aws:s3:::b/private/*"), vars: X, expect: "sat" },
  { name: "b/private/* is inside b/*", formula: diff("arn:aws:s3:::b/private/*", "arn:aws:s3:::b/*"), vars: X, expect: "unsat" },
  { name: "a*b*c is inside a*c", formula: diff("a*b*c", "a*c"), vars: X, expect: "unsat" },
  { name: 'a*c is not inside a*b*c ("ac")', formula: diff("a*c", "a*b*c"), vars: X, expect: "sat" },
  { name: "??? is inside *??", formula: diff("???", "*??"), vars: X, expect: "unsat" },
  { name: "?*? equals ??*", formula: or(diff("?*?", "??*"), diff("??*", "?*?")), vars: X, expect: "unsat" },
  { name: "a*a needs two characters", formula: and(m("x", "a*a"), m("x", "?")), vars: X, expect: "unsat" },
  {
    name: "containing a and b means a…b or b…a",
    formula: and(m("x", "*a*"), m("x", "*b*"), not(m("x", "*a*b*")), not(m("x", "*b*a*"))),
    vars: X,
    expect: "unsat",
  },
  { name: "empty pattern is the empty string", formula: and(m("x", lit("")), m("x", "*"), not(m("x", "?*"))), vars: X, expect: "sat" },
  { name: "? matches one code point (surrogate pair)", formula: and(m("x", lit("\u{1F600}")), m("x", "?")), vars: X, expect: "sat" },

  // noColon wildcards (ARN components).
  {
    name: "noColon star rejects a colon in the region",
    formula: and(m("x", g("arn:aws:ec2:*:*:instance/*", { nc: true })), m("x", lit("arn:aws:ec2:a:b:c:instance/i"))),
    vars: X,
    expect: "unsat",
  },
  {
    name: "free star accepts a colon in the region",
    formula: and(m("x", g("arn:aws:ec2:*:*:instance/*")), m("x", lit("arn:aws:ec2:a:b:c:instance/i"))),
    vars: X,
    expect: "sat",
  },
  { name: "noColon ? rejects ':'", formula: and(m("x", g("a?b", { nc: true })), m("x", lit("a:b"))), vars: X, expect: "unsat" },
  { name: "noColon a* is inside a*", formula: diff(g("a*", { nc: true }), "a*"), vars: X, expect: "unsat" },
  { name: 'a* is not inside noColon a* ("a:")', formula: diff("a*", g("a*", { nc: true })), vars: X, expect: "sat" },

  // Case folding.
  {
    name: "ci S3:Get* equals ci s3:get*",
    formula: or(diff(g("S3:Get*", { ci: true }), g("s3:get*", { ci: true })), diff(g("s3:get*", { ci: true }), g("S3:Get*", { ci: true }))),
    vars: X,
    expect: "unsat",
  },
  { name: "cs S3:* is inside ci s3:*", formula: diff("S3:*", g("s3:*", { ci: true })), vars: X, expect: "unsat" },
  { name: "ci s3:* is not inside cs S3:*", formula: diff(g("s3:*", { ci: true }), "S3:*"), vars: X, expect: "sat" },
  { name: "cs Bucket and cs bucket are disjoint", formula: and(m("x", lit("Bucket")), m("x", lit("bucket"))), vars: X, expect: "unsat" },
  // The front splits a variable pinned to literals into cases only when they are exhaustive.
  {
    name: "ci literals blue|red allow BLUE",
    formula: and(or(m("x", lit("blue", true)), m("x", lit("red", true))), not(m("x", lit("blue"))), not(m("x", lit("red")))),
    vars: X,
    expect: "sat",
  },
  {
    name: "cs literals blue|red pin x",
    formula: and(or(m("x", lit("blue")), m("x", lit("red"))), not(m("x", "b*")), not(m("x", "r*"))),
    vars: X,
    expect: "unsat",
  },
  { name: "ci ABC meets cs aBc", formula: and(m("x", lit("ABC", true)), m("x", lit("aBc"))), vars: X, expect: "sat" },

  // Ordered domains.
  {
    name: "integer strictly between 1 and 2",
    formula: and(cmp("n", "gt", r(1)), cmp("n", "lt", r(2))),
    vars: vars(["n", INT]),
    expect: "unsat",
  },
  {
    name: "rational strictly between 1 and 2",
    formula: and(cmp("n", "gt", r(1)), cmp("n", "lt", r(2))),
    vars: vars(["n", RAT]),
    expect: "sat",
  },
  { name: "integer equal to 1/2", formula: cmp("n", "eq", r(1, 2)), vars: vars(["n", INT]), expect: "unsat" },
  {
    name: "rational between 3/2 and 8/5",
    formula: and(cmp("n", "gt", r(3, 2)), cmp("n", "lt", r(8, 5))),
    vars: vars(["n", RAT]),
    expect: "sat",
  },
  {
    name: "bounded domain [0, 10]: above 10 or below 0 is empty, 10 is in",
    formula: and(or(cmp("n", "gt", r(10)), cmp("n", "lt", r(0))), boolVar("b")),
    vars: vars(["n", { sort: "ordered", integer: true, min: r(0), max: r(10) }], ["b", BOOL]),
    expect: "unsat",
  },
  {
    name: "bounded domain [0, 10] holds 10",
    formula: cmp("n", "ge", r(10)),
    vars: vars(["n", { sort: "ordered", integer: true, min: r(0), max: r(10) }]),
    expect: "sat",
  },
  {
    name: "IP: last IPv4 address",
    formula: and(cmp("ip", "ge", r(IPV6_BASE - 1n)), cmp("ip", "lt", r(IPV6_BASE))),
    vars: vars(["ip", IP]),
    expect: "sat",
  },
  {
    name: "IP: nothing between the last IPv4 and the first IPv6 address",
    formula: and(cmp("ip", "gt", r(IPV6_BASE - 1n)), cmp("ip", "lt", r(IPV6_BASE))),
    vars: vars(["ip", IP]),
    expect: "unsat",
  },
  { name: "IP: nothing above 2^32 + 2^128 - 1", formula: cmp("ip", "gt", r(IP_MAX)), vars: vars(["ip", IP]), expect: "unsat" },
  {
    name: "IP: the IPv6 range minus itself",
    formula: and(cmp("ip", "ge", r(IPV6_BASE)), not(and(cmp("ip", "ge", r(IPV6_BASE)), cmp("ip", "le", r(IP_MAX))))),
    vars: vars(["ip", IP]),
    expect: "unsat",
  },
  {
    name: "IP: 256 /24s cover their /16",
    formula: and(
      cmp("ip", "ge", r(10n << 24n)),
      cmp("ip", "le", r((10n << 24n) + 65535n)),
      not(or(...Array.from({ length: 256 }, (_, i) => cidr24(i)))),
    ),
    vars: vars(["ip", IP]),
    expect: "unsat",
  },
  {
    name: "IP: 255 /24s leave a gap in their /16",
    formula: and(
      cmp("ip", "ge", r(10n << 24n)),
      cmp("ip", "le", r((10n << 24n) + 65535n)),
      not(
        or(
          ...Array.from({ length: 256 }, (_, i) => i)
            .filter((i) => i !== 77)
            .map(cidr24),
        ),
      ),
    ),
    vars: vars(["ip", IP]),
    expect: "sat",
  },

  // Connectives and scale.
  {
    name: "De Morgan, nested",
    formula: not(or(and(m("x", "a*"), boolVar("b"), cmp("n", "le", r(5))), not(and(m("x", "a*"), boolVar("b"))), cmp("n", "gt", r(5)))),
    vars: vars(["x", STR], ["b", BOOL], ["n", RAT]),
    expect: "unsat",
  },
  {
    name: "200 actions, all inside s3:*",
    formula: and(or(...awsActions.map((a) => m("a", lit(a, true)))), not(m("a", g("s3:*", { ci: true })))),
    vars: vars(["a", STR]),
    expect: "unsat",
  },
  {
    name: "200 actions and an ec2 one, not all inside s3:*",
    formula: and(
      or(...awsActions.map((a) => m("a", lit(a, true))), m("a", lit("ec2:RunInstances", true))),
      not(m("a", g("s3:*", { ci: true }))),
    ),
    vars: vars(["a", STR]),
    expect: "sat",
  },
  {
    name: "two variables tied by Booleans",
    formula: and(
      or(and(m("a", "s3:*"), boolVar("b")), and(m("r", "arn:*"), not(boolVar("b")))),
      or(not(m("a", "s3:*")), not(boolVar("b"))),
      or(not(m("r", "arn:*")), boolVar("b")),
    ),
    vars: vars(["a", STR], ["r", STR], ["b", BOOL]),
    expect: "unsat",
  },
];

/** p_{i·holes+j}: pigeon i sits in hole j. Every pigeon has a hole, no hole has two pigeons. */
function pigeonhole(pigeons: number, holes: number): Formula {
  const p = (i: number, j: number) => boolVar(`p${i * holes + j}`);
  const parts: Formula[] = [];
  for (let i = 0; i < pigeons; i++) parts.push(or(...Array.from({ length: holes }, (_, j) => p(i, j))));
  for (let j = 0; j < holes; j++)
    for (let i = 0; i < pigeons; i++) for (let k = i + 1; k < pigeons; k++) parts.push(or(not(p(i, j)), not(p(k, j))));
  return and(...parts);
}
