/**
 * The benchmarks cannot rot: `npm run bench -- --quick` runs once, prints
 * every table, and every program's variants print the same result. Nothing
 * about timings is asserted.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { hasBinary, reportSkipped, ROOT, run } from "./support/engines";

interface Cell {
  variant: string;
  ms: number[];
  results: unknown[];
  metrics: Record<string, number[]>;
  errors: string[];
}
interface ProgramResult {
  program: string;
  host: string;
  cells: Cell[];
}

const NODE_VARIANTS = ["native", "coloop", "regenerator", "typescript"];
const ENGINE_VARIANTS = ["coloop", "regenerator", "typescript"];
const PROGRAMS = ["await-chain", "fib", "fan-out", "ping-pong"];

describe("npm run bench -- --quick", () => {
  it("prints every table, with every variant present and agreeing on each program's result", async () => {
    const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "coloop-bench-test-")), "bench.json");
    const out = await run(path.join(ROOT, "node_modules/.bin/tsx"), ["bench/run.ts", "--quick", "--json", json], { timeoutMs: 150_000 });
    expect(out.code, out.stderr).toBe(0);
    const engines = ["duk", "mujs"].filter((e) => {
      if (!hasBinary(e)) reportSkipped(e, "the bench test's engine tables");
      return hasBinary(e);
    });
    for (const title of ["Speed on node", "Memory on node", "Code size", "Runtime size", "Targets"]) expect(out.stdout).toContain(title);
    for (const engine of engines) expect(out.stdout).toContain(`Speed on ${engine}`);
    expect(out.stdout).not.toContain("MISMATCH");

    const data = JSON.parse(fs.readFileSync(json, "utf8")) as { speeds: ProgramResult[]; memory: ProgramResult; corpus: { files: unknown[] }; runtimes: unknown[] };
    const expectComplete = (r: ProgramResult, variants: string[]) => {
      expect(r.cells.map((c) => c.variant)).toEqual(variants);
      const results = new Set<string>();
      for (const c of r.cells) {
        expect(c.errors, `${r.program} on ${r.host}: ${c.variant}`).toEqual([]);
        expect(c.ms.length).toBeGreaterThan(0);
        for (const x of c.results) results.add(JSON.stringify(x));
      }
      expect([...results], `${r.program} on ${r.host}: one result for every variant`).toHaveLength(1);
    };
    for (const host of ["node", ...engines]) {
      const programs = host === "node" ? [...PROGRAMS, "timers"] : PROGRAMS;
      for (const program of programs) {
        const r = data.speeds.find((x) => x.program === program && x.host === host);
        expect(r, `${program} on ${host}`).toBeDefined();
        expectComplete(r!, host === "node" ? NODE_VARIANTS : ENGINE_VARIANTS);
      }
    }
    expectComplete(data.memory, NODE_VARIANTS);
    for (const c of data.memory.cells) expect(c.metrics.bytesPerTask.every((b) => b > 0)).toBe(true);
    expect(data.corpus.files.length).toBeGreaterThan(0);
    expect(data.runtimes.length).toBe(5);
  }, 180_000); // ~25 s alone; room for a machine busy with the other suites
});
