// `keyaki scan`'s progress on standard error: a bar on a terminal, plain lines elsewhere.
// Contract: `scanProgress(io, tty)` returns the scan's progress callbacks and `stop()`, which
// must be called once the scan ends (it clears the bar and stops its redraw timer). On a terminal
// (tty true and CI not `true`) a cli-progress bar counts the files read, then the checks done,
// redrawn in place. Otherwise (a pipe, a file, CI=true) it writes plain lines, with no escape
// codes: one when the files are read (how many files, policies and checks) and one at each
// quarter of the checks done — a bounded, deterministic number of lines, whatever the scan's size.

import { SingleBar } from "cli-progress";
import type { CliIO } from "./main.js";

export interface ScanProgress {
  onFile(file: string, index: number, total: number): void;
  onChecks(done: number, total: number): void;
  stop(): void;
}

export function scanProgress(io: Pick<CliIO, "stderr" | "env">, tty: boolean, columns?: number): ScanProgress {
  if (tty && io.env.CI !== "true") return barProgress(io, columns);
  let announced = false;
  let quarter = 0;
  return {
    onFile() {},
    onChecks(done, total) {
      if (!announced) {
        announced = true;
        io.stderr(`keyaki scan: ${total} ${total === 1 ? "check" : "checks"} to run\n`);
      }
      // A line when a new quarter is reached (25%, 50%, 75%, 100%), once each.
      const reached = total > 0 ? Math.min(4, Math.floor((done * 4) / total)) : 0;
      if (reached > quarter) {
        quarter = reached;
        io.stderr(`keyaki scan: ${done}/${total} checks done\n`);
      }
    },
    stop() {},
  };
}

function barProgress(io: Pick<CliIO, "stderr">, columns: number | undefined): ScanProgress {
  // cli-progress draws on a stream; this one writes through io (a terminal: isTTY).
  const stream = { isTTY: true, columns: columns ?? 80, write: (s: string) => (io.stderr(s), true) };
  const bar = new SingleBar({
    stream: stream as unknown as NodeJS.WritableStream,
    format: "keyaki scan {phase} [{bar}] {value}/{total} {item}",
    barsize: 30,
    barCompleteChar: "\u2588",
    barIncompleteChar: "\u2591",
    hideCursor: true,
    clearOnComplete: true,
    noTTYOutput: false,
    fps: 10,
  });
  let phase: "files" | "checks" | undefined;
  const show = (next: "files" | "checks", total: number, value: number, item: string) => {
    if (phase !== next) {
      if (phase !== undefined) bar.stop();
      phase = next;
      bar.start(total, value, { phase: next.padEnd(6), item });
    } else bar.update(value, { item });
  };
  return {
    onFile(file, index, total) {
      show("files", total, index + 1, file.length > 40 ? "…" + file.slice(-39) : file);
    },
    onChecks(done, total) {
      show("checks", total, done, "");
    },
    stop() {
      if (phase !== undefined) bar.stop();
      phase = undefined;
    },
  };
}
