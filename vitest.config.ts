import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The default instance's finite engine in strict mode (library code reads no environment).
    setupFiles: ["test/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Z3 keeps one WebAssembly instance per process; forks isolate it from the other files.
    pool: "forks",
  },
});
