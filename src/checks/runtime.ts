// What a check body needs besides its request and options: the solver it asks, and whether it
// slices its question (checks/slice.ts). An instance of keyaki (keyaki.ts) owns one Runtime and
// hands it to every check it runs; library code reads no environment variable to choose these.
// Contract: `solver` answers every query of the check; `slicing: false` asks the whole question
// (benchmarks and tests compare the two: the verdicts must agree).

import type { Solver } from "../solve/index.js";

export interface Runtime {
  solver: Solver;
  slicing: boolean;
}
