// The keyaki instance a CLI command runs its check with, its options read from the environment
// here, at the edge (library code reads none): KEYAKI_ENGINE=z3 or =finite forces one engine
// (conformance runs, benchmarks; anything else lets the front choose), KEYAKI_SLICE=off asks
// the whole question. The library is imported only when a check runs (fast --help).

import type { Keyaki, KeyakiOptions } from "../keyaki.js";

export function optionsFromEnv(env: Record<string, string | undefined>): KeyakiOptions {
  const engine = env.KEYAKI_ENGINE;
  return {
    ...(engine === "z3" || engine === "finite" ? { engine } : {}),
    ...(env.KEYAKI_SLICE === "off" ? { slicing: false } : {}),
  };
}

export async function cliInstance(env: Record<string, string | undefined>): Promise<Keyaki> {
  const { createKeyaki } = await import("../keyaki.js");
  return createKeyaki(optionsFromEnv(env));
}
