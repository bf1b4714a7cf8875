#!/usr/bin/env node
// The `keyaki` command. The CLI itself is TypeScript compiled to dist/ by `npm run build`
// (which `npm install` runs through `prepare`); this file only loads it.
let cli;
try {
  cli = await import("../dist/src/cli/main.js");
} catch (e) {
  if (e?.code === "ERR_MODULE_NOT_FOUND" && String(e.message).includes("dist/src/cli/main.js")) {
    process.stderr.write("keyaki: error INTERNAL_ERROR: keyaki is not built; run `npm run build` in its directory\n");
    process.exit(1);
  }
  throw e;
}
await cli.run();
