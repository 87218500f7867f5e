/**
 * The benchmark programs (bench/programs/*.js) and how big a run of each is.
 * Each program defines `async function main(n)` returning a checksum that
 * must be the same for every variant; the harness below times a call of it
 * (or `reps` calls in a row) after a smaller warm-up call, so that Node's JIT
 * has seen the code, and prints `BENCH {"ms":…,"result":…}`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Host } from "./variants";

export type Mode = "full" | "quick";

/** n of the timed call and how many times in a row it runs (reps, default 1). */
export interface Size {
  n: number;
  reps?: number;
}

export interface Program {
  name: string;
  /** what it stresses, for the tables */
  stresses: string;
  /** per mode and host; engines are interpreters, so their n is smaller */
  size: Record<Mode, Partial<Record<Host, Size>>>;
  /** n of the warm-up call (so Node's JIT has seen the code before the timed one) */
  warm: (n: number) => number;
  /** extra node flags */
  nodeFlags?: string[];
}

const tenth = (n: number) => Math.max(1, Math.floor(n / 10));

export const SPEED_PROGRAMS: Program[] = [
  {
    name: "await-chain",
    stresses: "one task, 3 sequential awaits per round (value, resolved promise, sync-completing call)",
    size: {
      full: { node: { n: 300_000 }, duk: { n: 10_000 }, mujs: { n: 5_000 } },
      quick: { node: { n: 3_000 }, duk: { n: 500 }, mujs: { n: 500 } },
    },
    warm: tenth,
  },
  {
    name: "fib",
    stresses: "async recursion: every call is async and awaits two sub-calls",
    // MuJS cannot nest regenerator's calls deeper than fib(3) (see README): many small trees there
    size: {
      full: { node: { n: 27 }, duk: { n: 16 }, mujs: { n: 3, reps: 2_000 } },
      quick: { node: { n: 15 }, duk: { n: 10 }, mujs: { n: 3, reps: 100 } },
    },
    warm: (n) => Math.max(2, n - 5),
  },
  {
    name: "fan-out",
    stresses: "N tasks (batches of 1,000) each awaiting twice, gathered by Promise.all",
    size: {
      full: { node: { n: 300_000 }, duk: { n: 10_000 }, mujs: { n: 5_000 } },
      quick: { node: { n: 3_000 }, duk: { n: 1_000 }, mujs: { n: 1_000 } },
    },
    warm: tenth,
  },
  {
    name: "ping-pong",
    stresses: "two tasks hand a token N times through queues of plain promises",
    size: {
      full: { node: { n: 300_000 }, duk: { n: 10_000 }, mujs: { n: 5_000 } },
      quick: { node: { n: 3_000 }, duk: { n: 500 }, mujs: { n: 500 } },
    },
    warm: tenth,
  },
  {
    name: "async-context",
    stresses: "N handlers (batches of 1,000) each in its own AsyncLocalStorage.run, 5 awaits, the store read after each",
    size: { full: { node: { n: 100_000 } }, quick: { node: { n: 2_000 } } },
    warm: tenth,
  },
  {
    name: "async-context-off",
    stresses: "async-context's work with no AsyncLocalStorage in use (the baseline of its cost)",
    size: { full: { node: { n: 100_000 } }, quick: { node: { n: 2_000 } } },
    warm: tenth,
  },
  {
    name: "timers",
    stresses: "N real-clock setTimeout sleeps (0-3 ms) over 50 concurrent tasks",
    size: { full: { node: { n: 5_000 } }, quick: { node: { n: 500 } } },
    warm: tenth,
  },
];

export const MEMORY_PROGRAM: Program = {
  name: "memory",
  stresses: "heap bytes per task suspended on a never-settled promise",
  size: { full: { node: { n: 100_000 } }, quick: { node: { n: 20_000 } } },
  warm: () => 0,
  nodeFlags: ["--expose-gc"],
};

/** The hosts a program runs on in a mode. */
export function programHosts(p: Program, mode: Mode): Host[] {
  return Object.keys(p.size[mode]) as Host[];
}

/**
 * Appended to every program before it is compiled. Plain promise code
 * rather than an async function, so it adds no level to the program's
 * async call depth (MuJS allows very few, see README). It calls main(n)
 * `__REPS` times in a row (for hosts where one call must stay small).
 */
const HARNESS = `
function __bench(n, warm, reps) {
  var t0 = 0;
  var last;
  function again(left) {
    return main(n).then(function (result) {
      last = result;
      return left > 1 ? again(left - 1) : last;
    });
  }
  var warmUp = warm > 0 ? main(warm) : Promise.resolve(0);
  warmUp.then(function () {
    t0 = __now();
    return again(reps);
  }).then(function (result) {
    __report(__now() - t0, result);
  });
}
__bench(__N, __WARM, __REPS);
`;

export function programSource(p: Program): string {
  return fs.readFileSync(path.join(__dirname, "programs", p.name + ".js"), "utf8") + HARNESS;
}

export function programSize(p: Program, mode: Mode, host: Host): Required<Size> {
  const size = p.size[mode][host]!;
  return { n: size.n, reps: size.reps || 1 };
}

/**
 * What the host gives the program (not compiled, plain ES5): the clock,
 * the report line, n, and in Node a heap reading after a full GC.
 */
export function hostPrelude(host: Host, n: number, warm: number, reps = 1): string {
  const print = host === "node" ? "console.log" : "print";
  return `
var __N = ${n}, __WARM = ${warm}, __REPS = ${reps}, __metrics = {};
var __now = typeof performance !== "undefined" && performance.now ? function () { return performance.now(); } : function () { return Date.now(); };
var __metric = function (key, value) { __metrics[key] = value; };
var __report = function (ms, result) { __metrics.ms = ms; __metrics.result = result; ${print}("BENCH " + JSON.stringify(__metrics)); };
var __heapAfterGc = function () { gc(); gc(); return process.memoryUsage().heapUsed; };
`;
}
