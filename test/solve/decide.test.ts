// The solver front's shortcuts: case-splitting a variable pinned to a few literals, and finding
// models of var-token formulas with the exact engine. Each answer is checked against the formula.
import { afterAll, describe, expect, it } from "vitest";
import { globPattern, literalPattern, type Pattern } from "../../src/logic/pattern.js";
import { evaluateFormula } from "../../src/logic/evaluate.js";
import { and, boolVar, match, not, or, type Formula, type Vars } from "../../src/logic/ir.js";
import { close, decide } from "../../src/solve/index.js";

afterAll(() => close());

const vars: Vars = new Map([
  ["action", { sort: "string" }],
  ["resource", { sort: "string" }],
  ["s:aws:username", { sort: "string" }],
  ["present:aws:username", { sort: "bool" }],
]);
const options = { timeoutMs: 10_000 };
const withVar = (prefix: string, v: string, suffix: string): Pattern => ({
  tokens: [
    { t: "lit", s: prefix },
    { t: "var", v },
    { t: "lit", s: suffix },
    { t: "star", noColon: false },
  ],
  caseInsensitive: false,
});

describe("decide", () => {
  it("splits a variable pinned to literals into cases, exactly", async () => {
    const pinned = or(match("action", literalPattern("iam:passrole")), match("action", literalPattern("s3:deletebucket")));
    const granted = or(match("action", globPattern("s3:*")), match("action", globPattern("ec2:*")));
    const sat = and(pinned, granted);
    const d = await decide(sat, vars, options);
    expect(d.result.status).toBe("sat");
    if (d.result.status === "sat") {
      expect(d.result.model.strings.get("action")).toBe("s3:deletebucket");
      expect(evaluateFormula(sat, d.result.model)).toBe(true);
    }
    const unsat = and(pinned, not(or(match("action", globPattern("s3:*")), match("action", globPattern("iam:*")))));
    expect((await decide(unsat, vars, options)).result.status).toBe("unsat");
  });

  it("finds a model of a var-token formula without Z3 when one exists with a fixed value", async () => {
    const f: Formula = and(
      boolVar("present:aws:username"),
      match("resource", withVar("arn:aws:s3:::b/", "s:aws:username", "/")),
      not(match("resource", globPattern("arn:aws:s3:::b/private/*"))),
    );
    const d = await decide(f, vars, options);
    expect(d.result.status).toBe("sat");
    expect(d.engine).toBe("finite");
    if (d.result.status === "sat") expect(evaluateFormula(f, d.result.model)).toBe(true);
  });

  it("proves a var-token formula unsat through its Boolean abstraction", async () => {
    const p = match("resource", withVar("arn:aws:s3:::b/", "s:aws:username", "/"));
    const d = await decide(and(p, not(p)), vars, options);
    expect(d.result.status).toBe("unsat");
  });
});
