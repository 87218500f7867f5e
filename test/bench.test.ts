/**
 * The benchmarks cannot rot: `npm run bench -- --quick` runs once, prints
 * every table, every program's variants print the same result, the app's
 * bundles all run and print the same line, and the runtime measured "as
 * imported" is what the compiled code imports. Nothing about timings or
 * sizes is asserted.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { importsJson, runtimeImports } from "../bench/bundle";
import { compileColoop } from "../bench/variants";
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
interface AppBundle {
  name: string;
  minGzip: number;
  output: string | null;
  error: string | null;
}

const NODE_VARIANTS = ["native", "coloop", "regenerator", "typescript"];
const ENGINE_VARIANTS = ["coloop", "regenerator", "typescript"];
const PROGRAMS = ["await-chain", "fib", "fan-out", "ping-pong"];

describe("npm run bench -- --quick", () => {
  it("prints every table, with every variant present and agreeing on each program's result", async () => {
    const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "coloop-bench-test-")), "bench.json");
    const out = await run(path.join(ROOT, "node_modules/.bin/tsx"), ["bench/run.ts", "--quick", "--json", json], { timeoutMs: 240_000 });
    expect(out.code, out.stderr).toBe(0);
    const engines = ["duk", "mujs"].filter((e) => {
      if (!hasBinary(e)) reportSkipped(e, "the bench test's engine tables");
      return hasBinary(e);
    });
    for (const title of ["Speed on node", "Memory on node", "Code size", "Runtime size", "-line app (bench/app/", "Targets"]) expect(out.stdout).toContain(title);
    for (const engine of engines) expect(out.stdout).toContain(`Speed on ${engine}`);
    expect(out.stdout).not.toContain("MISMATCH");

    const data = JSON.parse(fs.readFileSync(json, "utf8")) as {
      speeds: ProgramResult[];
      memory: ProgramResult;
      corpus: { files: unknown[] };
      runtimeImports: Record<string, string[]>;
      runtimes: { name: string; minGzip: number }[];
      app: { lines: number; bundles: AppBundle[] };
    };
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
    expect(data.runtimes.map((r) => r.name)).toEqual(["coloop runtime, as imported", "regenerator-runtime", "babel asyncToGenerator"]);
    for (const r of data.runtimes) expect(r.minGzip, r.name).toBeGreaterThan(0);
    // found in the compiled code, from the specifiers the plugin emitted
    const specifiers = Object.keys(data.runtimeImports);
    expect(specifiers.length).toBeGreaterThan(0);
    for (const s of specifiers) expect(s).toMatch(/^@coloop\/runtime(\/|$)/);
    expect(Object.values(data.runtimeImports).flat()).toEqual(expect.arrayContaining(["enterCoroutine", "leaveCoroutine", "caught"]));

    // the app bundled three ways, each minified bundle run once: all print the same line
    expect(data.app.bundles.map((b) => b.name)).toEqual(["native", "coloop", "coloop, promise: loop", "regenerator ES5"]);
    for (const b of data.app.bundles) {
      expect(b.error, b.name).toBeNull();
      expect(b.minGzip, b.name).toBeGreaterThan(0);
    }
    expect(new Set(data.app.bundles.map((b) => b.output)).size).toBe(1);
    expect(JSON.parse(data.app.bundles[0].output!)).toEqual({ total: 1620, rows: 37, sample: "item-21", failed: ["1: bad price for 13"], pending: 0 });
  }, 250_000); // ~15 s alone (one run per variant), ~30 s beside other suites; the limit is only a safety net
});

describe("the runtime 'as imported': what compiled code imports, read from its code", () => {
  const read = (code: string) => importsJson(runtimeImports(code));

  it("reads named imports and namespace reads, per specifier", () => {
    const code = `import { a as _a, b } from "@coloop/runtime/core"; import * as ns from "@coloop/runtime"; import { c } from "other"; ns.x(); ns.y; _a(b, c);`;
    expect(read(code)).toEqual({ "@coloop/runtime/core": ["a", "b"], "@coloop/runtime": ["x", "y"] });
  });

  it("reads the properties of a required runtime (CommonJS output)", () => {
    const code = `var _r = require("@coloop/runtime"); function f() { return _r.enterCoroutine(_r.caught, other.x); }`;
    expect(read(code)).toEqual({ "@coloop/runtime": ["caught", "enterCoroutine"] });
  });

  it("fails on a form it cannot read rather than measuring too little", () => {
    expect(() => read(`const r = wrap(require("@coloop/runtime"));`)).toThrow(/no import from it was found/);
  });

  it("reads what the plugin emits, from the specifier it emits", () => {
    const code = compileColoop("export async function f(xs) { for (const x of xs) await x; }", "f.js");
    const imports = read(code);
    expect(Object.keys(imports).length).toBeGreaterThan(0);
    for (const [specifier, names] of Object.entries(imports)) {
      expect(code).toContain(JSON.stringify(specifier));
      for (const name of names) expect(code).toMatch(new RegExp(`\\b${name}\\b`));
    }
    expect(Object.values(imports).flat()).toEqual(expect.arrayContaining(["enterCoroutine", "leaveCoroutine", "iteratorOf"]));
  });
});
