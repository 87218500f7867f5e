/**
 * coloop's differential fuzzer (issue #5): random async programs, run
 * natively in Node (the reference) and compiled by the plugin, traces
 * compared line by line.
 *
 *   npm run fuzz -- --runs 500 --seed 7            compiled side: Node without Promise
 *   npm run fuzz -- --runs 500 --seed 7 --engines  also duk and mujs (ES5, virtual-time timers)
 *   npm run fuzz -- --replay 7:123                 program 123 of seed 7: print it, check it
 *   npm run fuzz -- --replay 7:123 --print         just print it
 *
 * Options: --start I (first program index, default 0), --batch B (programs
 * per child process, default 25), --workers 1|2 (default 2), --no-shrink,
 * --no-save, --out DIR (default fixtures/fuzz-found), --keep-going (after a
 * divergence, save it and go on with the next program; programs raising a
 * plugin error already reported are skipped), --miscompile KIND (a bug the
 * plugin plants on the compiled side, through its test-only entry
 * packages/babel-plugin/src/testing.ts: withMiscompile(KIND)) where KIND is
 * "rename-by-name" (a per-iteration binding's uses found by name, so an
 * inner parameter reusing it is rewritten), "await-order" (an awaiting
 * right operand evaluated first) or "true" (= await-order); a bare
 * --miscompile means await-order. The fuzzer must fail; nothing is saved
 * unless --out is given).
 *
 *   npm run fuzz -- --runs 200 --seed 3 --miscompile rename-by-name
 *
 * LONG CAMPAIGNS
 *
 *   npm run build -w @coloop/runtime      # the compiled side loads a snapshot of packages/runtime/dist (main.ts)
 *   nohup npm run fuzz -- --runs 20000 --seed 1 --engines --keep-going > fuzz-1.log 2>&1 &
 *   grep -v '^\[' fuzz-1.log             # the findings, without the progress lines
 *
 * Throughput on two shared cores: about 8 programs a second on Node alone,
 * 2 with the engines, so 20000 programs take under an hour, or about three
 * hours with --engines. Progress is one line per batch; resume with --start.
 * Without --keep-going the run stops at the first divergence. Either way a
 * divergence is shrunk, printed with both outputs and saved as
 * fixtures/fuzz-found/<seed>-<index>/{input,exec}.js (exit code 1). Record
 * its output.js with
 *   UPDATE_FIXTURES=1 npx vitest run test/fixtures.test.ts -t "fuzz-found/"
 * Use a new seed for each campaign: every (seed, index) is a different program.
 * Exit code 2: bad arguments, or the generator wrote an invalid program (a
 * bug of the fuzzer, not of coloop; the message shows the program; with
 * --keep-going the campaign skips it and goes on, and exits 2 at the end
 * when it found no divergence).
 *
 * DESIGN (files: random.ts seeded PRNG; tree.ts the program tree; context.ts,
 * gen-expr.ts, gen-stmt.ts, gen-loops.ts, gen-scope.ts, generate.ts the
 * generator; runner.ts batches through test/support's harness; shrink.ts
 * and reduce.ts the reducer; fuzz.ts the campaign; shadowing.ts reads the
 * programs' name reuse back for the self-test)
 *
 * - Names (issue #8): loop heads, parameters, catch parameters, block
 *   bindings, helpers and classes draw from a small pool (n, j, x, u), so
 *   inner bindings often reuse an outer binding's name, before and after
 *   awaits, in loops whose closures outlive the iteration. Each block
 *   records what it declared and which names it has used, so a program
 *   never redeclares a name nor reads one in its temporal dead zone;
 *   functions and classes are only called, never printed (their source
 *   text is the compiler's; a native run printing source text marks the
 *   program invalid); a function declaration takes a pool name only at the
 *   top of a function body (Annex B's var binding is not modelled).
 *
 * - Programs are trees of code fragments (tree.ts) that the generator
 *   annotates with smaller valid alternatives; the reducer removes
 *   statements (ddmin-like, outermost lists first), unwraps blocks and takes
 *   alternatives, 16 candidates per child process, until nothing more goes.
 * - Determinism: timers get a delay longer than any pending one, so they
 *   fire in the order they were set on every machine and engine; objects
 *   print with sorted keys, errors as name + message; every task is awaited
 *   or has a rejection handler (quiet()); no setImmediate, no queueMicrotask.
 *   A program whose native run prints an engine error (TypeError…) is
 *   rejected as invalid.
 * - Avoided on purpose, as they are not coloop's: array patterns destructure
 *   a spread (`[...[a, b]]`: preset-env evaluates defaults between the
 *   elements of an array literal), no for-of over "" (Babel's ES5 helper
 *   rejects it), no arguments[1] (MuJS does not alias arguments to
 *   parameters).
 * - Cancellation is not fuzzed in v1. Native JS cannot cancel a task, so
 *   there is no reference to compare against; a mode where both sides run
 *   on coloop would only compare engines with one another, and the
 *   semantics (CancelledError thrown at the current await, finally blocks
 *   running, cancellation passed down to awaited tasks, shield) are covered
 *   by test/runtime/cancellation.test.ts and the task tests. A v2 could
 *   compare against an independent reference: the same program through
 *   Babel's async-to-generator with a small driver that cancels by
 *   gen.throw() at the suspended yield.
 */
import * as path from "node:path";
import { engineAvailable } from "../support/differential";
import { reportSkipped, type EngineName } from "../support/engines";
import { withMiscompile } from "../../packages/babel-plugin/src/testing";
import { errorHead, fuzz, GeneratorBug, saveFinding, type Finding } from "./fuzz";
import { generate, renderStandalone } from "./generate";

interface Args {
  runs: number;
  seed: number;
  start: number;
  batch: number;
  workers: number;
  engines: boolean;
  shrink: boolean;
  save: boolean;
  out: string | null;
  miscompile: Miscompile | null;
  replay: [number, number] | null;
  print: boolean;
  keepGoing: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { runs: 100, seed: 1, start: 0, batch: 25, workers: 2, engines: false, shrink: true, save: true, out: null, miscompile: null, replay: null, print: false, keepGoing: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${flag} needs a value`);
      return v;
    };
    const int = () => {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 0) usage(`${flag} needs a non-negative integer`);
      return v;
    };
    if (flag === "--runs") a.runs = int();
    else if (flag === "--seed") a.seed = int();
    else if (flag === "--start") a.start = int();
    else if (flag === "--batch") a.batch = Math.max(1, int());
    else if (flag === "--workers") a.workers = Math.min(2, Math.max(1, int()));
    else if (flag === "--engines") a.engines = true;
    else if (flag === "--no-shrink") a.shrink = false;
    else if (flag === "--no-save") a.save = false;
    else if (flag === "--out") a.out = path.resolve(value());
    else if (flag === "--miscompile") {
      // a value, or none (the next argument is another flag): await-order
      const v = argv[i + 1] === undefined || argv[i + 1].startsWith("--") ? "true" : argv[++i];
      if (v !== "true" && !(MISCOMPILES as readonly string[]).includes(v)) usage(`--miscompile takes ${MISCOMPILES.join(", ")} or true`);
      a.miscompile = v === "true" ? true : (v as Miscompile);
    }
    else if (flag === "--print") a.print = true;
    else if (flag === "--keep-going") a.keepGoing = true;
    else if (flag === "--replay") {
      const m = /^(\d+):(\d+)$/.exec(value());
      if (!m) usage("--replay takes SEED:INDEX");
      a.replay = [Number(m![1]), Number(m![2])];
    } else usage(`unknown option ${flag}`);
  }
  return a;
}

function usage(message: string): never {
  console.error(`fuzz: ${message}\nusage: npm run fuzz -- --runs N --seed S [--engines] [--start I] [--batch B] [--workers 1|2] [--no-shrink] [--no-save] [--out DIR] [--keep-going] [--miscompile rename-by-name|await-order|true]\n       npm run fuzz -- --replay S:I [--print] [--engines]`);
  process.exit(2);
}

const MISCOMPILES = ["rename-by-name", "await-order"] as const;
type Miscompile = (typeof MISCOMPILES)[number] | true;

const NOTE = {
  alone: "",
  driver: " (shows only inside the batch driver)",
  no: "\nIT DOES NOT REPRODUCE ON ITS OWN, only among the other programs of its batch: suspect non-determinism (a bug of the generator?); reported unshrunk",
};

function printFinding(f: Finding): void {
  const bar = "=".repeat(72);
  console.log(`\n${bar}\nDIVERGENCE: program ${f.seed}:${f.index}, ${f.kind === "compile" ? "the plugin threw" : "outputs differ"} on ${f.engine}${NOTE[f.reproduced]}`);
  console.log(`${bar}\n--- reduced program (${f.reduced.trim().split("\n").length} lines)\n${f.reduced.trim()}`);
  console.log(`--- native output\n${f.native.trim()}`);
  console.log(`--- compiled output (${f.engine})\n${f.compiled.trim()}`);
  console.log(`--- ${firstDifference(f)}\n${bar}`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const engines: EngineName[] = ["node-nopromise"];
  if (args.engines) {
    for (const e of ["duk", "mujs"] as EngineName[]) {
      if (engineAvailable(e)) engines.push(e);
      else reportSkipped(e, "the fuzzer's runs on " + e);
    }
  }
  if (args.replay && args.print) {
    console.log(renderStandalone(generate(args.replay[0], args.replay[1])));
    return;
  }
  const [seed, start, runs] = args.replay ? [args.replay[0], args.replay[1], 1] : [args.seed, args.start, args.runs];
  if (args.replay) console.log(renderStandalone(generate(seed, start)));
  const plugin = args.miscompile ? withMiscompile(args.miscompile === true ? "await-order" : args.miscompile) : {};
  const out = args.out || (args.miscompile ? null : path.resolve(__dirname, "../../fixtures/fuzz-found"));
  console.log(`fuzz: seed ${seed}, programs ${start}-${start + runs - 1}, engines ${engines.join(", ")}${args.miscompile ? `, miscompile ${JSON.stringify(args.miscompile === true ? "await-order" : args.miscompile)} planted on the compiled side` : ""}`);
  const t0 = Date.now();
  const findings: Finding[] = [];
  const knownErrors: string[] = [];
  const generatorBugs: string[] = [];
  let from = start;
  while (from < start + runs) {
    let result;
    try {
      result = await fuzz({ seed, start: from, runs: start + runs - from, engines, plugin, batchSize: args.replay ? 1 : args.batch, workers: args.workers, shrink: args.shrink, knownErrors, log: (l) => console.log(l) });
    } catch (e) {
      console.error(String((e as Error).message || e));
      // with --keep-going, an invalid program is reported (exit code 2 at the end) and skipped
      if (!(args.keepGoing && e instanceof GeneratorBug)) process.exit(2);
      generatorBugs.push(`${e.seed}:${e.index}`);
      from = e.index + 1;
      continue;
    }
    const f = result.finding;
    if (!f) break;
    findings.push(f);
    printFinding(f);
    if (args.save && out && f.reproduced !== "no") {
      const dir = saveFinding(f, plugin, out);
      console.log(`saved ${path.relative(process.cwd(), dir)}/{input,exec}.js`);
      if (!args.out) console.log(`record its output.js with:\n  UPDATE_FIXTURES=1 npx vitest run test/fixtures.test.ts -t "fuzz-found/"`);
    }
    if (!args.keepGoing) break;
    if (f.kind === "compile") knownErrors.push(errorHead(f.compiled));
    from = f.index + 1;
  }
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (generatorBugs.length) console.log(`fuzz: ${generatorBugs.length} invalid program(s) skipped (a bug of the generator): ${generatorBugs.join(", ")}`);
  if (!findings.length) {
    console.log(`fuzz: ${runs} programs, no divergence (${secs}s, ${(runs / Number(secs)).toFixed(1)} programs/s)`);
    if (generatorBugs.length) process.exit(2);
    return;
  }
  console.log(`fuzz: ${findings.length} divergence(s) (${secs}s):`);
  for (const f of findings) console.log(`  ${f.seed}:${f.index} ${f.kind} on ${f.engine}: ${firstDifference(f)}`);
  process.exit(1);
}

function firstDifference(f: Finding): string {
  if (f.kind === "compile") return errorHead(f.compiled);
  const a = f.native.split("\n");
  const b = f.compiled.split("\n");
  const at = a.findIndex((line, i) => line !== b[i]);
  return `line ${at + 1}: native ${JSON.stringify(a[at])}, compiled ${JSON.stringify(b[at])}`;
}

main();
