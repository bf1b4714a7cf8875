import { describe, expect, it } from "vitest";
import { canonicalBase64, formatDate, formatIp, parseBool, parseCidr, parseDate, parseIp, parseNumber } from "../../src/iam/values.js";
import { rational } from "../../src/logic/rational.js";

describe("condition value parsers (iam-semantics §3.4)", () => {
  it("numbers: integers and decimals, no exponent", () => {
    expect(parseNumber("10")).toEqual(rational(10n));
    expect(parseNumber("-1.50")).toEqual(rational(-3n, 2n));
    expect(parseNumber("1e3")).toBeUndefined();
    expect(parseNumber("abc")).toBeUndefined();
  });
  it("dates: ISO 8601 profile and epoch seconds; date-only is midnight UTC", () => {
    expect(parseDate("2020-01-01")).toEqual(rational(1577836800n));
    expect(parseDate("2020-01-01T00:00:00Z")).toEqual(rational(1577836800n));
    expect(parseDate("2020-01-01T01:00:00+01:00")).toEqual(rational(1577836800n));
    expect(parseDate("1577836800")).toEqual(rational(1577836800n));
    expect(formatDate(parseDate("2020-01-01T10:00:00.5Z")!)).toBe("2020-01-01T10:00:00.5Z");
    expect(parseDate("2020-02-30")).toBeUndefined();
    expect(parseDate("yesterday")).toBeUndefined();
  });
  it("CIDRs: host bits ignored, bare address is /32 or /128", () => {
    expect(parseCidr("203.0.113.5/24")).toEqual(parseCidr("203.0.113.0/24"));
    expect(parseCidr("10.0.0.1")!.lo).toBe(parseCidr("10.0.0.1")!.hi);
    expect(formatIp(parseCidr("2001:db8::1/64")!.lo)).toBe("2001:db8::");
    expect(formatIp(parseIp("192.0.2.7")!)).toBe("192.0.2.7");
    expect(parseCidr("300.1.1.1/8")).toBeUndefined();
    expect(parseCidr("10.0.0.0/33")).toBeUndefined();
    expect(parseIp("::ffff:1.2.3.4")).toBeDefined();
  });
  it("booleans and base64", () => {
    expect(parseBool("true")).toBe(true);
    expect(parseBool("FALSE")).toBe(false);
    expect(parseBool("yes")).toBeUndefined();
    expect(canonicalBase64("QUJD")).toBe("QUJD");
    expect(canonicalBase64("not base64!")).toBeUndefined();
  });
});
