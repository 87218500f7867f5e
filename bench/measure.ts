/**
 * Runs a program's variants as separate processes, alternating them
 * (A B C D A B C D …) so that a slow patch of a noisy machine hits every
 * variant alike, and keeps what each run printed about itself.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { hostPrelude, programSize, programSource, type Mode, type Program } from "./programs";
import { compileProgram, variantEpilogue, variantPrelude, type Host, type Variant } from "./variants";

export interface Cell {
  variant: Variant;
  /** elapsed ms of each run, as the program measured it */
  ms: number[];
  /** the checksum each run printed */
  results: unknown[];
  /** other numbers the program reported (memory: bytesPerTask), per run */
  metrics: Record<string, number[]>;
  /** why a run (or the compile) failed */
  errors: string[];
}

export interface ProgramResult {
  program: string;
  stresses: string;
  host: Host;
  n: number;
  reps: number;
  cells: Cell[];
}

let tmpDir: string | null = null;
let keptDir: string | null = null;
function scriptFile(name: string, text: string): string {
  if (keptDir === null && tmpDir === null) tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "coloop-bench-"));
  const file = path.join(keptDir || tmpDir!, name);
  fs.writeFileSync(file, text);
  return file;
}

/** Writes the scripts into `dir` and keeps them (to profile one: node --cpu-prof DIR/fib.coloop.node.js). */
export function keepScriptsIn(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  keptDir = path.resolve(dir);
}

/** Removes the scripts written by this process (unless kept). */
export function cleanUp(): void {
  if (tmpDir !== null) fs.rmSync(tmpDir, { recursive: true, force: true });
  tmpDir = null;
}

function command(host: Host, program: Program): [string, string[]] {
  if (host === "node") return [process.execPath, program.nodeFlags || []];
  return [host, []];
}

/** Builds the script of every variant, then runs them `runs` times, alternating. */
export function measureProgram(program: Program, host: Host, variants: Variant[], mode: Mode, runs: number, timeoutMs: number): ProgramResult {
  const { n, reps } = programSize(program, mode, host);
  const source = programSource(program);
  const cells: Cell[] = [];
  const files = new Map<Variant, string>();
  for (const variant of variants) {
    const cell: Cell = { variant, ms: [], results: [], metrics: {}, errors: [] };
    cells.push(cell);
    try {
      const text = [
        variantPrelude(variant, host),
        hostPrelude(host, n, program.warm(n), reps),
        compileProgram(source, program.name, variant, host),
        variantEpilogue(variant, host),
      ].join("\n");
      files.set(variant, scriptFile(`${program.name}.${variant}.${host}.js`, text));
    } catch (e) {
      cell.errors.push("compile: " + String((e as Error).message || e).split("\n")[0]);
    }
  }
  const [cmd, flags] = command(host, program);
  for (let r = 0; r < runs; r++) {
    for (const cell of cells) {
      const file = files.get(cell.variant);
      if (file === undefined) continue;
      const out = spawnSync(cmd, [...flags, file], { encoding: "utf8", timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
      const line = (out.stdout || "").split("\n").find((l) => l.startsWith("BENCH "));
      if (out.status !== 0 || line === undefined) {
        const printed = (out.stderr || out.stdout || "").trim().split("\n").slice(0, 3).join(" | ");
        // no output at all: the program's promise chain stopped (on MuJS, a stack overflow becomes a rejection)
        const why = out.error ? out.error.message : printed || "no BENCH line: the program never finished";
        cell.errors.push(`run ${r + 1}: exit ${out.status} ${why}`);
        continue;
      }
      const report = JSON.parse(line.slice(6)) as Record<string, unknown>;
      cell.ms.push(report.ms as number);
      cell.results.push(report.result);
      for (const key of Object.keys(report)) {
        if (key === "ms" || key === "result") continue;
        (cell.metrics[key] ||= []).push(report[key] as number);
      }
    }
  }
  return { program: program.name, stresses: program.stresses, host, n, reps, cells };
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The checksum every run of every variant agreed on, or null when they differ (or none ran). */
export function agreedResult(result: ProgramResult): { value: unknown; ok: boolean } {
  const all = result.cells.flatMap((c) => c.results.map((r) => JSON.stringify(r)));
  const distinct = new Set(all);
  const failed = result.cells.some((c) => c.errors.length > 0 || c.results.length === 0);
  return { value: all.length > 0 ? JSON.parse(all[0]) : null, ok: distinct.size === 1 && !failed };
}
