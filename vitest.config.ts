import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Z3 keeps one WebAssembly instance per process; forks isolate it from the other files.
    pool: "forks",
  },
});
