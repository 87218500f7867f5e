/**
 * Reduction of a diverging program: its signature (the kind of divergence,
 * the engine, the plugin's error) must survive every step. Candidates run
 * 16 to a batch (one native and one compiled process); a candidate whose
 * section differs is confirmed on its own before the shrinker takes it.
 * Candidates that do not parse or use an undeclared name are rejected
 * without running.
 */
import { parse } from "@babel/parser";
import traverseModule, { type NodePath } from "@babel/traverse";
import type * as t from "@babel/types";
import type { PluginOptionsInput } from "../support/compile";
import type { EngineName } from "../support/engines";
import type { GenOptions } from "./context";
import { generate, renderBatch, renderProgram, renderStandalone } from "./generate";
import { compileError, compiled, describeRun, native, nativeProblem, sections, type Divergence } from "./runner";
import { shrink, type Oracle, type ShrinkStats } from "./shrink";

const traverse: typeof traverseModule = (traverseModule as any).default || traverseModule;

export interface Finding {
  seed: number;
  index: number;
  kind: Divergence["kind"];
  engine: EngineName;
  /** the generated program, standalone */
  original: string;
  /** the reduced program, standalone (what a fixture records) */
  reduced: string;
  /** the reduced program's native and compiled outputs */
  native: string;
  compiled: string;
  /**
   * how the program shows the divergence on its own: "alone" (the reduced
   * program is standalone), "driver" (only inside the batch driver, which
   * the reduced program then includes), "no" (only among the other programs
   * of its batch: reported unshrunk; suspect non-determinism)
   */
  reproduced: "alone" | "driver" | "no";
  stats: ShrinkStats | null;
}

/** the globals generated programs use */
const GLOBALS = new Set(["arguments", "console", "Promise", "setTimeout", "undefined", "Error", "Object", "Array", "String"]);

/**
 * A candidate must parse (labels, duplicate names) and use no undeclared
 * name: a statement the shrinker removed may have declared one, and the
 * ReferenceError would be swallowed by an empty catch, or not happen
 * natively but compiled (where a miscompile runs code it should not).
 * Checked here, it saves two processes too.
 */
export function wellFormed(code: string): boolean {
  let ast;
  try {
    ast = parse(code, { sourceType: "script" });
  } catch {
    return false;
  }
  let ok = true;
  traverse(ast, {
    ReferencedIdentifier(p: NodePath<t.Identifier>) {
      if (ok && !GLOBALS.has(p.node.name) && !p.scope.hasBinding(p.node.name, true)) {
        ok = false;
        p.stop();
      }
    },
  } as any);
  return ok;
}

/** the first line of a plugin error, without the file name and position */
export function errorHead(message: string): string {
  return message.split("\n")[0].replace(/^[^:]*fuzz\.js: /, "").replace(/\s*\(\d+:\d+\)\s*$/, "");
}

interface Signature {
  kind: Divergence["kind"];
  engine: EngineName;
  error: string;
  /** how a single candidate is run: on its own, or inside the batch driver */
  form: "standalone" | "batch";
}

export interface ReduceOptions {
  /** plugin options for the compiled side */
  plugin: PluginOptionsInput;
  gen?: Partial<GenOptions>;
  /** false: only check that it reproduces alone */
  shrink: boolean;
}

/** shrinks program `index` of `seed`, which showed divergence `d` in a batch */
export async function reduce(seed: number, index: number, d: Divergence, o: ReduceOptions, log: (s: string) => void): Promise<Finding> {
  const plugin = o.plugin;
  const program = generate(seed, index, o.gen);
  const original = renderStandalone(program);
  const sig: Signature = { kind: d.kind, engine: d.engine, error: errorHead(d.compiled), form: "standalone" };
  const name = `fuzz-${process.pid}-shrink`;
  const render = (body: string) => (sig.form === "standalone" ? renderStandalone(body) : renderBatch([body]));
  const cache = new Map<string, { native: string; compiled: string } | null>();

  /** the divergence, when this program (rendered in the signature's form) still shows it */
  async function check(body: string): Promise<{ native: string; compiled: string } | null> {
    const code = render(body);
    if (cache.has(code)) return cache.get(code)!;
    let result: { native: string; compiled: string } | null = null;
    if (sig.kind === "compile") {
      const err = wellFormed(code) ? compileError(sig.engine, code, plugin) : null;
      if (err && errorHead(err) === sig.error) result = { native: "", compiled: err };
    } else if (wellFormed(code)) {
      const ref = await native(name, code);
      if (ref.code === 0 && !nativeProblem(ref.stdout)) {
        const run = await compiled(sig.engine, name, code, plugin);
        if (!run.compileError && (run.stdout !== ref.stdout || run.code !== 0)) result = { native: ref.stdout, compiled: run.stdout + describeRun(run) };
      }
    }
    cache.set(code, result);
    return result;
  }

  const body = renderProgram(program);
  let first = await check(body);
  if (!first && sig.kind === "output") {
    sig.form = "batch";
    first = await check(body);
  }
  if (!first || !o.shrink) {
    if (!first) log("the divergence does not reproduce with the program alone; reporting it unshrunk");
    return { seed, index, kind: d.kind, engine: d.engine, original, reduced: render(body), native: d.native, compiled: d.compiled, reproduced: !first ? "no" : sig.form === "batch" ? "driver" : "alone", stats: null };
  }

  const oracle: Oracle = async (codes) => {
    if (sig.kind === "compile") {
      for (let i = 0; i < codes.length; i++) if (await check(codes[i])) return i;
      return -1;
    }
    // many candidates per run; a hit is then confirmed on its own
    for (let from = 0; from < codes.length; ) {
      const chunk = range(from, Math.min(codes.length, from + 16)).filter((i) => wellFormed(render(codes[i])));
      from = Math.min(codes.length, from + 16);
      if (!chunk.length) continue;
      const bodies = chunk.map((i) => codes[i]);
      const code = renderBatch(bodies);
      const [ref, run] = await Promise.all([native(name + "-n", code), compiled(sig.engine, name + "-c", code, plugin)]);
      const want = sections(ref.stdout, chunk.length);
      const got = run.compileError ? [] : sections(run.stdout, chunk.length);
      for (let k = 0; k < chunk.length; k++) {
        if (want[k] === null) {
          // the native run died in the previous candidate: go on after it
          from = k === 0 ? chunk[0] + 1 : chunk[k];
          break;
        }
        const suspicious = run.compileError ? true : got[k] !== want[k] || (run.code !== 0 && k === chunk.length - 1);
        if (suspicious && !nativeProblem(want[k]!) && (await check(codes[chunk[k]]))) return chunk[k];
      }
    }
    return -1;
  };

  let steps = 0;
  const stats = await shrink(program.tree, oracle, (code) => {
    steps++;
    if (steps % 5 === 0) log(`  shrinking: ${code.split("\n").length} lines`);
  });
  const reducedBody = renderProgram(program);
  const last = (await check(reducedBody))!;
  if (sig.kind === "compile") last.native = (await native(name, render(reducedBody))).stdout;
  log(`shrunk to ${reducedBody.split("\n").length} lines (${stats.candidates} candidates, ${stats.accepted} steps, ${stats.rounds} rounds)`);
  return { seed, index, kind: d.kind, engine: d.engine, original, reduced: render(reducedBody), native: last.native, compiled: last.compiled, reproduced: sig.form === "batch" ? "driver" : "alone", stats };
}


function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}
