/**
 * A campaign: programs start…start+runs-1 of a seed, in batches, on at most
 * two workers; on the first divergence (lowest program index among the
 * batches run), the program is shrunk and returned with both outputs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { PluginOptionsInput } from "../support/compile";
import { ROOT, type EngineName } from "../support/engines";
import type { GenOptions } from "./context";
import { generate, renderProgram, renderStandalone } from "./generate";
import { errorHead, reduce, type Finding } from "./reduce";
import { checkBatch, InvalidProgram, type Divergence } from "./runner";

export { errorHead, type Finding };

export interface FuzzOptions {
  seed: number;
  runs: number;
  /** first program index (default 0) */
  start?: number;
  engines: EngineName[];
  /** plugin options for the compiled side only */
  plugin?: PluginOptionsInput;
  gen?: Partial<GenOptions>;
  /** programs per child process */
  batchSize?: number;
  /** concurrent batches, at most 2 */
  workers?: number;
  /** shrink the first divergence (default true) */
  shrink?: boolean;
  log?: (line: string) => void;
  /** plugin errors (first line) already reported: programs raising them are skipped */
  knownErrors?: string[];
}

/** the generator wrote an invalid program (a bug of the fuzzer, not of coloop) */
export class GeneratorBug extends Error {
  constructor(
    readonly seed: number,
    readonly index: number,
    message: string,
  ) {
    super(message);
  }
}

export interface FuzzResult {
  programs: number;
  finding: Finding | null;
  ms: number;
}

export async function fuzz(o: FuzzOptions): Promise<FuzzResult> {
  const t0 = Date.now();
  const log = o.log || (() => {});
  const plugin = o.plugin || {};
  const start = o.start || 0;
  const size = o.batchSize || 25;
  const known = new Set(o.knownErrors || []);
  const batches: number[][] = [];
  for (let i = start; i < start + o.runs; i += size) batches.push(range(i, Math.min(start + o.runs, i + size)));
  let next = 0;
  let done = 0;
  const found: { index: number; d: Divergence }[] = [];
  let failed = false;
  async function worker(w: number) {
    while (next < batches.length && !found.length && !failed) {
      const indices = batches[next++];
      const programs = indices.map((i) => generate(o.seed, i, o.gen));
      const name = `fuzz-${process.pid}-w${w}`;
      let d: Divergence | null;
      try {
        d = await checkBatch(name, programs.map(renderProgram), { engines: o.engines, plugin }, (e) => known.has(errorHead(e)));
      } catch (e) {
        failed = true;
        if (e instanceof InvalidProgram) {
          const i = indices[e.position];
          throw new GeneratorBug(o.seed, i, `generator bug: program ${o.seed}:${i} is invalid (${e.message})\n${renderStandalone(programs[e.position])}\n--- native output\n${e.output}`);
        }
        throw e;
      }
      done += indices.length;
      if (d) found.push({ index: indices[d.position], d });
      log(`[${done}/${o.runs}] programs ${indices[0]}-${indices[indices.length - 1]} ${d ? `DIVERGE at ${o.seed}:${indices[d.position]} on ${d.engine}` : "ok"} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
    }
  }
  // every worker ends before fuzz() returns or throws: one left running would
  // share its batch files (named by worker) with the next call's (the
  // campaign goes on after a generator bug), and both would read garbage
  const settled = await Promise.allSettled(range(0, Math.max(1, Math.min(2, o.workers || 2))).map(worker));
  for (const r of settled) if (r.status === "rejected") throw r.reason;
  if (!found.length) return { programs: done, finding: null, ms: Date.now() - t0 };
  found.sort((a, b) => a.index - b.index);
  const { index, d } = found[0];
  log(`divergence in program ${o.seed}:${index} (${d.kind}, ${d.engine})${o.shrink === false ? "" : "; shrinking…"}`);
  const finding = await reduce(o.seed, index, d, { plugin: o.plugin || {}, gen: o.gen, shrink: o.shrink !== false }, log);
  return { programs: done, finding, ms: Date.now() - t0 };
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}

/** fixtures/fuzz-found/<seed>-<index>/: input.js and exec.js (the reduced program), options.json when needed */
export function saveFinding(f: Finding, plugin: PluginOptionsInput = {}, root = path.join(ROOT, "fixtures/fuzz-found")): string {
  const dir = path.join(root, `${f.seed}-${f.index}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "input.js"), f.reduced);
  fs.writeFileSync(path.join(dir, "exec.js"), f.reduced);
  if (Object.keys(plugin).length) fs.writeFileSync(path.join(dir, "options.json"), JSON.stringify({ plugin }, null, 2) + "\n");
  return dir;
}
