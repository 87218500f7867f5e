/**
 * Running programs through the differential harness (test/support): a batch
 * of programs in one file, natively in Node and compiled on each engine;
 * the traces are compared program by program.
 */
import { compileForEngine, compileForNode, type PluginOptionsInput } from "../support/compile";
import { runCompiled, runNative } from "../support/differential";
import type { EngineName, RunResult } from "../support/engines";
import { renderBatch, renderStandalone } from "./generate";

export interface RunConfig {
  engines: EngineName[];
  /** plugin options for the compiled side only (the self-test's miscompile) */
  plugin: PluginOptionsInput;
}

export interface Divergence {
  /** output: the traces differ (or the compiled run crashed); compile: the plugin threw */
  kind: "output" | "compile";
  engine: EngineName;
  /** position of the program in the batch */
  position: number;
  native: string;
  compiled: string;
}

/** the generator's contract was broken: the native run failed or printed an engine error */
export class InvalidProgram extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly output: string,
  ) {
    super(message);
  }
}

const FILENAME = "fuzz.js";

/** the program's own errors are Errors or plain values; an engine error means the program is invalid */
const ENGINE_ERROR = /\b(TypeError|ReferenceError|RangeError|SyntaxError|EvalError|URIError|InternalError)\b/;

/** a function's or class's source text in the output: the compiled side prints the compiler's */
const SOURCE_TEXT = /function\s*[\w$]*\s*\(|=>|class\s+[\w$]+\s*(extends\b[^{]*)?\{/;

export function nativeProblem(trace: string): string | null {
  const m = ENGINE_ERROR.exec(trace);
  if (m) return "the native run printed a " + m[1];
  return SOURCE_TEXT.test(trace) ? "the native run printed source text" : null;
}

/** the traces after each `#### i` line; null where the run ended before */
export function sections(stdout: string, count: number): (string | null)[] {
  const out: (string | null)[] = new Array(count).fill(null);
  let current = -1;
  let buf: string[] = [];
  const flush = () => {
    if (current >= 0 && current < count) out[current] = buf.join("\n");
  };
  for (const line of stdout.split("\n")) {
    const m = /^#### (\d+)$/.exec(line);
    if (m) {
      flush();
      current = Number(m[1]);
      buf = [];
    } else buf.push(line);
  }
  flush();
  return out;
}

export function compileFor(engine: EngineName, code: string, plugin: PluginOptionsInput): string {
  return engine === "duk" || engine === "mujs" ? compileForEngine(code, FILENAME, plugin) : compileForNode(code, FILENAME, plugin);
}

/** the error the plugin raises on this code, or null when it compiles */
export function compileError(engine: EngineName, code: string, plugin: PluginOptionsInput): string | null {
  try {
    compileFor(engine, code, plugin);
    return null;
  } catch (e) {
    return String((e as Error).message || e);
  }
}

export async function native(name: string, code: string): Promise<RunResult> {
  return runNative(name, code, FILENAME);
}

/** the compiled run, or the plugin's error as a run that printed nothing */
export async function compiled(engine: EngineName, name: string, code: string, plugin: PluginOptionsInput): Promise<RunResult & { compileError?: string }> {
  try {
    return await runCompiled(engine, name, code, FILENAME, plugin);
  } catch (e) {
    return { stdout: "", stderr: "", code: -1, compileError: String((e as Error).message || e) };
  }
}

export function describeRun(r: RunResult & { compileError?: string }): string {
  if (r.compileError) return "(the plugin threw)\n" + r.compileError;
  return r.code === 0 ? "" : `(exit code ${r.code})\n${r.stderr.trim().split("\n").slice(0, 12).join("\n")}`;
}

/** stands in for a program the plugin rejects with an already known error */
const STUB = "async function prog() { return 0; }";

/**
 * Runs a batch of programs (each `async function prog() {…}`) in one file and
 * returns the first divergence, by position, over the engines. A program the
 * plugin rejects with an error `known` accepts is replaced by a stub and the
 * batch runs again, so the others are still checked.
 */
export async function checkBatch(name: string, bodies: string[], cfg: RunConfig, known: (error: string) => boolean = () => false): Promise<Divergence | null> {
  const count = bodies.length;
  const code = renderBatch(bodies);
  const ref = await native(name, code);
  const want = sections(ref.stdout, count);
  for (let i = 0; i < count; i++) {
    const problem = want[i] === null ? `the native run stopped (exit code ${ref.code}): ${ref.stderr.slice(0, 2000)}` : nativeProblem(want[i]!);
    if (problem) throw new InvalidProgram(problem, i, want[i] || "");
  }
  let first: Divergence | null = null;
  for (const engine of cfg.engines) {
    const run = await compiled(engine, name, code, cfg.plugin);
    if (run.compileError) {
      const errors = bodies.map((b) => compileError(engine, renderStandalone(b), cfg.plugin));
      const at = errors.findIndex((e) => e !== null && !known(e));
      if (at < 0 && errors.some((e) => e !== null)) {
        // only known errors: check the others without those programs
        const d = await checkBatch(name, bodies.map((b, i) => (errors[i] ? STUB : b)), cfg, known);
        if (d && (!first || d.position < first.position)) first = d;
      } else if (!first || Math.max(at, 0) < first.position) {
        first = { kind: "compile", engine, position: Math.max(at, 0), native: want[Math.max(at, 0)]!, compiled: at < 0 ? run.compileError : errors[at]! };
      }
      continue;
    }
    const got = sections(run.stdout, count);
    for (let i = 0; i < count && (!first || i < first.position); i++) {
      if (got[i] === want[i] && !(run.code !== 0 && i === count - 1)) continue;
      first = { kind: "output", engine, position: i, native: want[i]!, compiled: (got[i] ?? "") + "\n" + describeRun(run) };
      break;
    }
  }
  return first;
}
