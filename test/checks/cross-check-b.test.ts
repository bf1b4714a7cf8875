// The check-level cross-check, second shard (cross-check-run.ts): test files run in parallel.

import { crossCheck, CROSS_RUNS } from "./cross-check-run.js";

crossCheck(Math.floor(CROSS_RUNS / 2), 1, 2);
