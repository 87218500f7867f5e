/**
 * npm run bench -- [--quick] [--markdown] [--json FILE] [--only speed,engines,memory,size]
 *                   [--keep DIR] [--runtime DIST]
 *
 * Runs every benchmark program compiled each way (bench/variants.ts), the
 * memory program, and the code-size comparison, then prints the tables and
 * the targets of issue #4. Progress goes to stderr, tables to stdout. Exits
 * non-zero when a variant failed or the variants of a program disagree.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { hasBinary, reportSkipped } from "../test/support/engines";
import { agreedResult, cleanUp, keepScriptsIn, measureProgram, median, type ProgramResult } from "./measure";
import { MEMORY_PROGRAM, SPEED_PROGRAMS, programHosts, type Mode } from "./programs";
import {
  Report,
  appAgrees,
  appTable,
  corpusTables,
  medianMs,
  machineLine,
  memoryTable,
  runtimeTable,
  speedTable,
  speedup,
  targetList,
  type Target,
} from "./report";
import { appRuntimeImports, measureApp, type AppResult } from "./app";
import { importsJson, mergeImports } from "./bundle";
import { AS_IMPORTED, CORE_EXPORTS, SIZE_VARIANTS, loadCorpus, measureCorpus, measureRuntimes, type CorpusResult, type RuntimeSize } from "./size";
import { ENGINE_VARIANTS, NODE_VARIANTS, ROOT, runtimeFile, useRuntimeDist, type Host } from "./variants";

const args = process.argv.slice(2);
const mode: Mode = args.includes("--quick") ? "quick" : "full";
const markdown = args.includes("--markdown");
const jsonFile = args.includes("--json") ? args[args.indexOf("--json") + 1] : null;
const keep = args.includes("--keep") ? args[args.indexOf("--keep") + 1] : null;
const runtime = args.includes("--runtime") ? args[args.indexOf("--runtime") + 1] : null;
const only = args.includes("--only") ? args[args.indexOf("--only") + 1].split(",") : ["speed", "engines", "memory", "size"];

// runs per variant (median of these); quick mode only checks that everything runs and agrees: one run each
const RUNS = mode === "full" ? { node: 7, engine: 5, memory: 5, transform: 3 } : { node: 1, engine: 1, memory: 1, transform: 1 };
const TIMEOUT_MS = mode === "full" ? 120_000 : 30_000;

const t0 = Date.now();
// progress, with the seconds since start (where a slow run spends its time)
const runsOf = (n: number) => (n === 1 ? "1 run" : `${n} runs`);
const log = (s: string) => process.stderr.write(s.replace(/^bench: /, `bench [${((Date.now() - t0) / 1000).toFixed(1)} s]: `) + "\n");

function checkBuild(): void {
  const cjs = runtimeFile("index.cjs");
  for (const file of [cjs, runtimeFile("index.mjs"), runtimeFile("coloop.global.js")]) {
    if (!fs.existsSync(file)) {
      log(`bench: ${path.relative(ROOT, file)} is missing: run \`npm run build\` first`);
      process.exit(2);
    }
  }
  if (runtime) return;
  const built = fs.statSync(cjs).mtimeMs;
  const src = path.join(ROOT, "packages/runtime/src");
  const newest = Math.max(...fs.readdirSync(src, { recursive: true }).map((f) => fs.statSync(path.join(src, String(f))).mtimeMs));
  if (newest > built) log("bench: warning: packages/runtime/src is newer than its dist: the runtime measured may be stale (npm run build)");
}

function speed(hosts: Host[]): ProgramResult[] {
  const results: ProgramResult[] = [];
  for (const host of hosts) {
    for (const program of SPEED_PROGRAMS) {
      if (!programHosts(program, mode).includes(host)) continue;
      const runs = host === "node" ? RUNS.node : RUNS.engine;
      log(`bench: ${program.name} on ${host}, ${runsOf(runs)} per variant…`);
      results.push(measureProgram(program, host, host === "node" ? NODE_VARIANTS : ENGINE_VARIANTS, mode, runs, TIMEOUT_MS));
    }
  }
  return results;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1) + " KB";

function targets(speeds: ProgramResult[], memory: ProgramResult | null, corpus: CorpusResult | null, runtimes: RuntimeSize[], app: AppResult | null): Target[] {
  const out: Target[] = [];
  const check = (what: string, value: number, goal: number, unit = "×") =>
    out.push({ what, measured: isNaN(value) ? "not run" : unit === "×" ? "×" + value.toFixed(2) : value.toFixed(0) + unit, met: isNaN(value) ? null : value >= goal });
  for (const program of ["await-chain", "fan-out"]) {
    check(`${program}, node: coloop throughput ≥ 1.5× regenerator`, speedup(speeds, program, "node", "coloop", "regenerator"), 1.5);
    check(`${program}, node: coloop throughput ≥ 1.0× native`, speedup(speeds, program, "node", "coloop", "native"), 1.0);
    for (const engine of ["duk", "mujs"] as Host[]) {
      check(`${program}, ${engine}: coloop ≥ 2× regenerator + polyfill`, speedup(speeds, program, engine, "coloop", "regenerator"), 2);
    }
  }
  // issue #9: at or above native on async recursion too
  check("fib, node: coloop throughput ≥ 1.0× native", speedup(speeds, "fib", "node", "coloop", "native"), 1.0);
  // what an AsyncLocalStorage in use costs each variant: no goal, reported for the README
  const nodeRun = (p: string) => speeds.find((x) => x.program === p && x.host === "node");
  const withAls = nodeRun("async-context");
  const withoutAls = nodeRun("async-context-off");
  for (const variant of ["native", "coloop"] as const) {
    const ratio = withAls && withoutAls ? medianMs(withAls, variant) / medianMs(withoutAls, variant) : NaN;
    out.push({ what: `async-context, node, ${variant}: time with an AsyncLocalStorage in use ÷ without`, measured: isNaN(ratio) ? "not run" : "×" + ratio.toFixed(2), met: null });
  }
  if (memory) {
    const per = (v: string) => median(memory.cells.find((c) => c.variant === v)?.metrics.bytesPerTask || []);
    out.push({
      what: "memory per suspended task ≤ native's",
      measured: `${per("coloop").toFixed(0)} B vs native ${per("native").toFixed(0)} B`,
      met: per("coloop") <= per("native"),
    });
  }
  const rt = (name: string) => runtimes.find((r) => r.name === name)?.minGzip ?? NaN;
  if (runtimes.length > 0) {
    const imported = rt(AS_IMPORTED);
    out.push({ what: "what compiled code imports ≤ 4 KB min+gzip", measured: kb(imported), met: imported <= 4096 });
    const core = rt("coloop runtime, core");
    if (!isNaN(core)) out.push({ what: "runtime core (" + CORE_EXPORTS.join(", ") + ") ≤ 4 KB min+gzip", measured: kb(core), met: core <= 4096 });
  }
  if (corpus && runtimes.length > 0) {
    const gz = (v: string) => corpus.files.reduce((a, f) => a + f.out[v].gzip, 0);
    // the runtime as the compiled code imports it: the same measure as the target above
    const coloop = gz("coloop ES5") + rt(AS_IMPORTED);
    const regen = gz("regenerator ES5") + rt("regenerator-runtime") + rt("babel asyncToGenerator");
    const full = rt("coloop runtime, full");
    out.push({
      what: "corpus (ES5, gzip) + runtime as imported (min+gzip): coloop < regenerator",
      measured: `${kb(coloop)} vs ${kb(regen)}` + (isNaN(full) ? "" : ` (with the full runtime: ${kb(gz("coloop ES5") + full)})`),
      met: coloop < regen,
    });
  }
  if (app) {
    const size = (name: string) => app.bundles.find((b) => b.name === name)?.minGzip ?? NaN;
    const coloop = size("coloop");
    const regen = size("regenerator ES5");
    out.push({
      what: `${app.lines}-line app, Rollup + terser + gzip -9: coloop ≤ regenerator`,
      measured: `${kb(coloop)} vs ${kb(regen)} (native ${kb(size("native"))})`,
      met: isNaN(coloop) || isNaN(regen) ? null : coloop <= regen,
    });
  }
  return out;
}

async function main(): Promise<void> {
  if (runtime) useRuntimeDist(runtime);
  checkBuild();
  if (keep) keepScriptsIn(keep);
  const started = Date.now();
  const report = new Report(markdown);
  const title = `coloop benchmarks (${mode}${runtime ? ", runtime " + runtime : ""})`;
  report.note(markdown ? `## ${title}\n\n${machineLine()}` : `${title} — ${machineLine()}`);
  if (mode === "quick") report.note("quick mode checks that everything runs: with its tiny n and a cold JIT the ratios mean little; run the full mode to compare.");

  const hosts: Host[] = [];
  if (only.includes("speed")) hosts.push("node");
  if (only.includes("engines")) {
    for (const engine of ["duk", "mujs"] as Host[]) {
      if (hasBinary(engine)) hosts.push(engine);
      else reportSkipped(engine, `the ${engine} benchmarks`);
    }
  }
  const speeds = speed(hosts);
  for (const host of hosts) {
    const rows = speeds.filter((r) => r.host === host);
    const baseline = host === "node" ? "native" : "regenerator";
    const runs = host === "node" ? RUNS.node : RUNS.engine;
    report.heading(`Speed on ${host}: median elapsed of ${runsOf(runs)}, ratio to ${baseline} (lower is faster)`);
    speedTable(report, rows, host === "node" ? NODE_VARIANTS : ENGINE_VARIANTS, baseline);
  }

  let memory: ProgramResult | null = null;
  if (only.includes("memory")) {
    log(`bench: memory, ${runsOf(RUNS.memory)} per variant…`);
    memory = measureProgram(MEMORY_PROGRAM, "node", NODE_VARIANTS, mode, RUNS.memory, TIMEOUT_MS);
    report.heading(`Memory on node: heap per suspended task (median of ${runsOf(RUNS.memory)}, node --expose-gc)`);
    memoryTable(report, memory, NODE_VARIANTS);
  }

  let corpus: CorpusResult | null = null;
  let runtimes: RuntimeSize[] = [];
  let app: AppResult | null = null;
  let imports = new Map<string, Set<string>>();
  if (only.includes("size")) {
    log("bench: code size…");
    corpus = measureCorpus(loadCorpus(mode), RUNS.transform);
    log("bench: the app, bundled each way…");
    app = await measureApp(mode, keep && path.resolve(keep));
    log("bench: the runtimes…");
    imports = mergeImports(corpus.coloopImports, appRuntimeImports());
    runtimes = await measureRuntimes(imports, mode);
    report.heading(`Code size: ${corpus.files.length} files with async functions from npm packages (transform time: median of ${RUNS.transform})`);
    corpusTables(report, corpus, SIZE_VARIANTS.map((v) => v.name), ["coloop ES5", "regenerator ES5", "typescript ES5", "coloop alone"]);
    report.heading("Runtime size (terser, then gzip -9)");
    runtimeTable(report, runtimes);
    report.note(
      (mode === "full" ? `core = ${CORE_EXPORTS.join(", ")}; ` : "quick mode leaves out the full and core rows; ") +
        "TypeScript's __awaiter/__generator helpers are inlined in each file's output above.",
    );
    report.heading(`The ${app.lines}-line app (bench/app/: ${app.files.join(", ")}) bundled by Rollup + node-resolve, terser, gzip -9, each bundle run once in Node`);
    appTable(report, app);
  }

  report.heading("Targets (measured, not asserted)");
  targetList(report, targets(speeds, memory, corpus, runtimes, app));
  process.stdout.write(report.text());
  log(`bench: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  cleanUp();

  const all = [...speeds, ...(memory ? [memory] : [])];
  if (jsonFile) {
    const corpusJson = corpus && { ...corpus, coloopImports: importsJson(corpus.coloopImports), files: corpus.files.map((f) => ({ ...f, file: { ...f.file, source: undefined } })) };
    fs.writeFileSync(jsonFile, JSON.stringify({ mode, speeds, memory, corpus: corpusJson, runtimeImports: importsJson(imports), runtimes, app }, null, 1));
  }
  const broken = all.filter((r) => !agreedResult(r).ok).map((r) => `${r.program} on ${r.host}`);
  if (app && !appAgrees(app)) broken.push("the app's bundles");
  if (broken.length > 0) {
    log(`bench: FAILED: ${broken.join(", ")} (a variant failed or the results differ)`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  cleanUp();
  log(String((e && e.stack) || e));
  process.exit(1);
});
