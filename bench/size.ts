/**
 * Code size: a corpus of real async-heavy files from installed npm packages
 * compiled each way (bytes, gzip bytes, transform time), and the runtimes
 * each way needs, minified (terser) and gzipped.
 */
import { parse } from "@babel/parser";
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { bundle, bundleImports, describeImports, gzipSize, minified, runtimeImports, sizesOf, virtualEntry, type RuntimeImports, type Sizes } from "./bundle";
import {
  babelAsyncHelpers,
  compileColoop,
  compileColoopEs5,
  compileRegenerator,
  compileTypeScript,
  REGENERATOR_RUNTIME,
  ROOT,
} from "./variants";
import { median } from "./measure";
import type { Mode } from "./programs";

export interface CorpusFile {
  pkg: string;
  version: string;
  /** path inside the package */
  rel: string;
  source: string;
  /** async functions in it */
  asyncFunctions: number;
}

const PACKAGES = [
  { name: "undici", dir: "lib" },
  { name: "pg", dir: "lib" },
  { name: "ioredis", dir: "built" },
];

/** Async functions in a file, or -1 when it has async generators / for await (coloop leaves those, so it is not comparable). */
function countAsync(source: string): number {
  const ast = parse(source, { sourceType: "unambiguous", errorRecovery: true });
  let count = 0;
  let unsupported = false;
  const visit = (node: any): void => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node.type !== "string") return;
    if (node.async && node.generator) unsupported = true;
    else if (node.async) count++;
    if (node.type === "ForOfStatement" && node.await) unsupported = true;
    for (const key of Object.keys(node)) if (key !== "loc" && key !== "leadingComments" && key !== "trailingComments") visit(node[key]);
  };
  visit(ast.program);
  return unsupported ? -1 : count;
}

/** Every file with async functions (and no async generators); quick mode: the smallest one per package. */
export function loadCorpus(mode: Mode): CorpusFile[] {
  const out: CorpusFile[] = [];
  for (const pkg of PACKAGES) {
    const base = path.join(ROOT, "node_modules", pkg.name);
    const version = JSON.parse(fs.readFileSync(path.join(base, "package.json"), "utf8")).version;
    const files: CorpusFile[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (entry.name.endsWith(".js")) {
          const source = fs.readFileSync(file, "utf8");
          if (!/\basync\b/.test(source)) continue;
          const asyncFunctions = countAsync(source);
          if (asyncFunctions > 0) files.push({ pkg: pkg.name, version, rel: path.relative(base, file), source, asyncFunctions });
        }
      }
    };
    walk(path.join(base, pkg.dir));
    files.sort((a, b) => (mode === "quick" ? a.source.length - b.source.length : a.rel < b.rel ? -1 : 1));
    out.push(...(mode === "quick" ? files.slice(0, 1) : files));
  }
  return out;
}

export interface SizeVariant {
  name: string;
  transform: (code: string, filename: string) => string;
}

/**
 * The ES5 variants compare like with like (each lowers the whole file); the
 * plugin alone shows what coloop adds to code that keeps its modern syntax.
 */
export const SIZE_VARIANTS: SizeVariant[] = [
  { name: "coloop ES5", transform: compileColoopEs5 },
  { name: "regenerator ES5", transform: (c, f) => compileRegenerator(c, f, true) },
  { name: "typescript ES5", transform: compileTypeScript },
  { name: "coloop alone", transform: (c, f) => compileColoop(c, f, { asyncGenerators: false }) },
  { name: "coloop alone, locations: false", transform: (c, f) => compileColoop(c, f, { asyncGenerators: false, locations: false }) },
];

export interface FileSizes {
  file: CorpusFile;
  /** per variant name: output bytes and gzip bytes */
  out: Record<string, { bytes: number; gzip: number }>;
}

export interface CorpusResult {
  files: FileSizes[];
  /** per variant name: median ms to transform the whole corpus */
  transformMs: Record<string, number>;
  /** what the coloop ES5 output imports from the runtime: per specifier, the names */
  coloopImports: RuntimeImports;
}

/**
 * Compiles the corpus with every variant `reps` times, alternating variants
 * per pass; sizes come from the first pass, times are medians over the passes.
 */
export function measureCorpus(corpus: CorpusFile[], reps: number): CorpusResult {
  const files: FileSizes[] = corpus.map((file) => ({ file, out: {} }));
  const times: Record<string, number[]> = {};
  const imports: RuntimeImports = new Map();
  // warm-up: Babel loads plugins and presets lazily
  for (const v of SIZE_VARIANTS) v.transform("async function f() { await 1; }", "warm.js");
  for (let r = 0; r < reps; r++) {
    for (const v of SIZE_VARIANTS) {
      let total = 0;
      for (const entry of files) {
        const filename = `${entry.file.pkg}/${entry.file.rel}`;
        const t0 = performance.now();
        const code = v.transform(entry.file.source, filename);
        total += performance.now() - t0;
        if (r === 0) {
          entry.out[v.name] = { bytes: Buffer.byteLength(code), gzip: gzipSize(code) };
          if (v.name === "coloop ES5") runtimeImports(code, imports);
        }
      }
      (times[v.name] ||= []).push(total);
    }
  }
  const transformMs: Record<string, number> = {};
  for (const name of Object.keys(times)) transformMs[name] = median(times[name]);
  return { files, transformMs, coloopImports: imports };
}

export interface RuntimeSize extends Sizes {
  name: string;
  what: string;
}

async function measured(name: string, what: string, code: string, module: boolean): Promise<RuntimeSize> {
  return { name, what, ...sizesOf(code, await minified(code, module)) };
}

/** The core the issue names: loop, future, task, the coroutine driver, sleep, gather, wait (from the package's main entry). */
export const CORE_EXPORTS = ["EventLoop", "Future", "Task", "enterCoroutine", "leaveCoroutine", "caught", "sleep", "gather", "wait"];

/**
 * The runtimes, minified and gzipped. "As imported" bundles exactly what
 * the compiled code imports, from the specifiers it imports them from
 * (resolved through the package's `exports` and `sideEffects`): what an app
 * of that code carries. Quick mode leaves out the full and core rows.
 */
export async function measureRuntimes(imports: RuntimeImports, mode: Mode): Promise<RuntimeSize[]> {
  const out: RuntimeSize[] = [];
  if (mode === "full") {
    out.push(await measured("coloop runtime, full", "@coloop/runtime, every export", await bundle("\0bench-entry", [virtualEntry('export * from "@coloop/runtime";')]), true));
    const core = await bundle("\0bench-entry", [virtualEntry(`export { ${CORE_EXPORTS.join(", ")} } from "@coloop/runtime";`)]);
    out.push(await measured("coloop runtime, core", "tree-shaken: " + CORE_EXPORTS.join(", "), core, true));
  }
  out.push(await measured(AS_IMPORTED, "tree-shaken: what the compiled code (corpus and app) imports: " + describeImports(imports), await bundleImports(imports), true));
  out.push(await measured("regenerator-runtime", `regenerator-runtime@${packageVersion("regenerator-runtime")} runtime.js`, fs.readFileSync(REGENERATOR_RUNTIME, "utf8"), false));
  out.push(await measured("babel asyncToGenerator", "the shared helper regenerator's output calls", babelAsyncHelpers(), false));
  return out;
}

export const AS_IMPORTED = "coloop runtime, as imported";

function packageVersion(name: string): string {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version;
}
