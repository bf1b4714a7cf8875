// Every test file's setup: the default instance (the plain library functions') runs the finite
// engine in strict mode, so a model that fails its own check fails the test instead of becoming
// UNKNOWN. It is made here, before any test makes it with other options.
import { defaultKeyaki } from "../src/keyaki.js";

defaultKeyaki({ strict: true });
