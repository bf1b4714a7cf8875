// Parsers for typed condition values: numbers, dates, IP addresses and CIDRs, Booleans, base64.
// Contract: each parser returns the value or undefined when the text is not of that type; the
// same function serves validation (policy/), the evaluator (request values) and the encoder
// (policy values), so all three agree on what a well-formed value is and what it means.

import { rational, type Rational } from "../logic/rational.js";

/** An integer or decimal: optional sign, digits, optional fraction. No exponent, no hex. */
export function parseNumber(text: string): Rational | undefined {
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$|^([+-]?)\.(\d+)$/.exec(text);
  if (!m) return undefined;
  const sign = (m[1] ?? m[4]) === "-" ? -1n : 1n;
  const whole = m[2] ?? "0";
  const frac = m[3] ?? m[5] ?? "";
  return rational(sign * BigInt(whole + frac), 10n ** BigInt(frac.length));
}

// W3C's ISO 8601 profile: YYYY, YYYY-MM, YYYY-MM-DD, and date-times with minutes or seconds,
// optional fraction, and a zone (Z or ±hh:mm). A date-time without a zone is read as UTC.
const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * A date as epoch seconds (exact, fractions kept). Accepts the W3C ISO 8601 profile and epoch
 * seconds (an unsigned integer), the two forms AWS documents. Date-only values mean 00:00 UTC.
 */
export function parseDate(text: string): Rational | undefined {
  if (/^\d+$/.test(text)) return rational(BigInt(text));
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const [, y, mo = "01", d = "01", h = "00", mi = "00", s = "00", frac = "", zone = "Z"] = m;
  const year = Number(y),
    month = Number(mo),
    day = Number(d);
  const hour = Number(h),
    minute = Number(mi),
    second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (zone !== "Z") {
    const zh = Number(zone.slice(1, 3)),
      zm = Number(zone.slice(4, 6));
    if (zh > 23 || zm > 59) return undefined;
    offsetMinutes = (zone[0] === "-" ? -1 : 1) * (zh * 60 + zm);
  }
  const days = BigInt(Date.UTC(year, month - 1, day) / 86_400_000);
  const whole = days * 86_400n + BigInt(hour * 3600 + minute * 60 + second - offsetMinutes * 60);
  return rational(whole * 10n ** BigInt(frac.length) + BigInt(frac || "0"), 10n ** BigInt(frac.length));
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Epoch seconds → ISO 8601 text (UTC, with a fraction only when needed). */
export function formatDate(seconds: Rational): string {
  const floor = seconds.num >= 0n ? seconds.num / seconds.den : -((-seconds.num + seconds.den - 1n) / seconds.den);
  const ms = Number(floor) * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return floor.toString();
  const iso = new Date(ms).toISOString().replace(".000Z", "Z");
  if (seconds.den === 1n) return iso;
  // Keep the fraction exact to the nanosecond.
  const frac = seconds.num - floor * seconds.den;
  const nanos = (frac * 1_000_000_000n) / seconds.den;
  return iso.replace(/(\.\d{3})?Z$/, "." + nanos.toString().padStart(9, "0").replace(/0+$/, "") + "Z");
}

/** IPv4 addresses occupy [0, 2^32); IPv6 addresses [2^32, 2^32 + 2^128): one ordered domain. */
export const IPV6_BASE = 1n << 32n;
export const IP_MAX = IPV6_BASE + (1n << 128n) - 1n;

export interface IpRange {
  lo: bigint; // inclusive, in the combined domain
  hi: bigint; // inclusive
  family: 4 | 6;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255 || (p.length > 1 && p[0] === "0")) return undefined;
    v = (v << 8n) | BigInt(p);
  }
  return v;
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  let head = text,
    tailV4: bigint | undefined;
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".")) {
    tailV4 = parseIpv4(text.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    head = text.slice(0, lastColon + 1) + "0:0";
  }
  const halves = head.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...left, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...right];
  let v = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt("0x" + g);
  }
  if (tailV4 !== undefined) v = (v & ~0xffffffffn) | tailV4;
  return v;
}

/** One IP address (no prefix) as a point of the combined domain. */
export function parseIp(text: string): bigint | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return v4;
  const v6 = parseIpv6(text);
  return v6 === undefined ? undefined : IPV6_BASE + v6;
}

/**
 * A CIDR block, or a bare address (default prefix /32 for IPv4, /128 for IPv6). Host bits after
 * the prefix are ignored, as AWS documents (`203.0.113.5/24` ≡ `203.0.113.0/24`).
 */
export function parseCidr(text: string): IpRange | undefined {
  const slash = text.indexOf("/");
  const addr = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  const v4 = parseIpv4(addr);
  const family: 4 | 6 = v4 !== undefined ? 4 : 6;
  const raw = v4 ?? parseIpv6(addr);
  if (raw === undefined) return undefined;
  const bits = family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  const lo = (raw >> hostBits) << hostBits;
  const hi = lo + (1n << hostBits) - 1n;
  const base = family === 4 ? 0n : IPV6_BASE;
  return { lo: base + lo, hi: base + hi, family };
}

/** A point of the combined domain → its address text. */
export function formatIp(v: bigint): string {
  if (v < IPV6_BASE) return [24n, 16n, 8n, 0n].map((s) => ((v >> s) & 255n).toString()).join(".");
  const x = v - IPV6_BASE;
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((x >> s) & 0xffffn).toString(16));
  return groups
    .join(":")
    .replace(/(^|:)0(:0)+(:|$)/, "::")
    .replace(/:::+/, "::");
}

/** `true` / `false` (JSON booleans arrive as this text); any other text is not a Boolean. */
export function parseBool(text: string): boolean | undefined {
  const t = text.toLowerCase();
  return t === "true" ? true : t === "false" ? false : undefined;
}

/** Canonical base64 of the decoded bytes, or undefined when the text is not base64. */
export function canonicalBase64(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  return Buffer.from(text, "base64").toString("base64");
}
