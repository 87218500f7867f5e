/**
 * The "90-line app" of issue #9 (bench/app/*.js: async functions with loops,
 * try/finally, classes with async methods, Promise.all, a setTimeout sleep,
 * four modules importing each other), bundled as an app ships: Rollup with
 * @rollup/plugin-node-resolve and @rollup/plugin-babel (helpers bundled
 * once), terser, gzip -9. Each bundle also runs once in Node, and all must
 * print the same line: the sizes are of apps that work.
 */
import type { PluginObj, TransformOptions } from "@babel/core";
import { babel } from "@rollup/plugin-babel";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Plugin } from "rollup";
import coloopPlugin from "../packages/babel-plugin/src/index";
import { bundle, minified, runtimeImports, sizesOf, type RuntimeImports, type Sizes } from "./bundle";
import type { Mode } from "./programs";
import { compileColoop, ES5_PRESET, REGENERATOR_RUNTIME } from "./variants";

export const APP_DIR = path.join(__dirname, "app");
const APP_ENTRY = path.join(APP_DIR, "main.js");

/** The app's files and their lines (blank lines not counted). */
export function appFiles(): { files: string[]; lines: number } {
  const files = fs.readdirSync(APP_DIR).filter((f) => f.endsWith(".js")).sort();
  const lines = files.reduce((a, f) => a + fs.readFileSync(path.join(APP_DIR, f), "utf8").split("\n").filter((l) => l.trim() !== "").length, 0);
  return { files, lines };
}

/**
 * Babel's regenerator transform calling the regenerator-runtime package,
 * imported by each module that needs it (as @babel/plugin-transform-runtime
 * does when it falls back to it), instead of Babel ≥ 7.27's own rewritten
 * copy. Every other helper is left to @rollup/plugin-babel (one bundled copy).
 * Set on Program entry, after plugin-babel's `pre` installed its generator.
 */
function importRegeneratorRuntime({ types: t }: { types: typeof import("@babel/core").types }): PluginObj {
  return {
    name: "bench-import-regenerator-runtime",
    visitor: {
      Program: {
        enter(_path, state) {
          const file = state.file as unknown as { get(key: string): unknown; set(key: string, value: unknown): void };
          const bundled = file.get("helperGenerator") as ((name: string) => unknown) | undefined;
          file.set("helperGenerator", (name: string) => {
            // the marker transform-regenerator checks for to fall back to regeneratorRuntime.*
            if (name === "regenerator") return t.identifier("__interal_marker_fallback_regenerator__");
            if (name === "regeneratorRuntime") {
              state.set("usesRegeneratorRuntime", true);
              return t.arrowFunctionExpression([], t.identifier("_regeneratorRuntime"));
            }
            return bundled ? bundled(name) : undefined;
          });
        },
        exit(path, state) {
          if (!state.get("usesRegeneratorRuntime")) return;
          path.unshiftContainer("body", t.importDeclaration([t.importDefaultSpecifier(t.identifier("_regeneratorRuntime"))], t.stringLiteral("regenerator-runtime")));
        },
      },
    },
  };
}

/** regenerator-runtime is CommonJS: wrapped as an ES module (what @rollup/plugin-commonjs would do for this one file). */
function regeneratorRuntimeAsEsm(): Plugin {
  const file = fs.realpathSync(REGENERATOR_RUNTIME);
  return {
    name: "bench-regenerator-runtime-esm",
    transform: (code, id) => (id === file ? `var module = { exports: {} };\n${code}\nexport default runtime;\n` : null),
  };
}

interface AppVariant {
  name: string;
  what: string;
  /** Babel options for the app's own files; null: no transform */
  babel: Pick<TransformOptions, "presets" | "plugins"> | null;
  extra?: Plugin[];
  /** also in quick mode */
  quick: boolean;
}

const APP_VARIANTS: AppVariant[] = [
  { name: "native", what: "no transform", babel: null, quick: true },
  {
    name: "coloop",
    what: "@coloop/babel-plugin (default options); the runtime from node_modules/@coloop/runtime, through its exports",
    babel: { plugins: [[coloopPlugin, {}]] },
    quick: true,
  },
  {
    name: "coloop, promise: loop",
    what: 'the plugin with promise: "loop" (Promise.all and new Promise become LoopPromise\'s)',
    babel: { plugins: [[coloopPlugin, { promise: "loop" }]] },
    // quick too: the bench test then proves a bundler keeps LoopPromise's statics (the package's sideEffects)
    quick: true,
  },
  {
    name: "coloop ES5",
    what: "the plugin, then @babel/preset-env to ES5 (like with like with regenerator ES5)",
    babel: { presets: [ES5_PRESET], plugins: [[coloopPlugin, {}]] },
    quick: false,
  },
  {
    name: "regenerator ES5",
    what: "@babel/preset-env to ES5 (async-to-generator + regenerator), regenerator-runtime bundled",
    babel: { presets: [ES5_PRESET], plugins: [importRegeneratorRuntime] },
    extra: [regeneratorRuntimeAsEsm()],
    quick: true,
  },
];

export interface AppBundle extends Sizes {
  name: string;
  what: string;
  /** the line the bundle printed when run in Node, or null */
  output: string | null;
  error: string | null;
}

export interface AppResult {
  files: string[];
  lines: number;
  bundles: AppBundle[];
}

/** The error line of what a failed run printed (Node first echoes the source line, here a whole minified bundle). */
function whyFailed(printed: string): string {
  const lines = printed.split("\n");
  const error = lines.find((l) => /^[\w.]*(Error|Exception)\b/.test(l)) ?? lines.find((l) => l.trim() !== "") ?? "no APP line";
  return error.length > 300 ? error.slice(0, 300) + "…" : error;
}

function runBundle(code: string, name: string): { output: string | null; error: string | null } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "coloop-bench-app-"));
  try {
    const file = path.join(dir, name.replace(/\W+/g, "-") + ".mjs");
    fs.writeFileSync(file, code);
    const out = spawnSync(process.execPath, [file], { encoding: "utf8", timeout: 30_000 });
    const line = (out.stdout || "").split("\n").find((l) => l.startsWith("APP "));
    if (out.status === 0 && line !== undefined) return { output: line.slice(4), error: null };
    return { output: null, error: `exit ${out.status}: ${out.error ? out.error.message : whyFailed(out.stderr || out.stdout || "")}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Bundles, minifies and runs the app each way (quick mode: native, coloop,
 * regenerator ES5); with `keep`, writes each bundle there as app.NAME.mjs and
 * app.NAME.min.mjs.
 */
export async function measureApp(mode: Mode, keep: string | null = null): Promise<AppResult> {
  const { files, lines } = appFiles();
  const bundles: AppBundle[] = [];
  for (const v of APP_VARIANTS) {
    if (mode === "quick" && !v.quick) continue;
    const plugins: Plugin[] = [...(v.extra || [])];
    if (v.babel) {
      plugins.push(
        babel({
          babelrc: false,
          configFile: false,
          babelHelpers: "bundled",
          skipPreflightCheck: true,
          filter: (id: string) => id.startsWith(APP_DIR + path.sep),
          ...v.babel,
        }),
      );
    }
    const code = await bundle(APP_ENTRY, plugins);
    const min = await minified(code, true);
    if (keep !== null) {
      fs.mkdirSync(keep, { recursive: true });
      const base = path.join(keep, "app." + v.name.replace(/\W+/g, "-"));
      fs.writeFileSync(base + ".mjs", code);
      fs.writeFileSync(base + ".min.mjs", min);
    }
    // the minified bundle is what is measured, so that is what runs
    bundles.push({ name: v.name, what: v.what, ...sizesOf(code, min), ...runBundle(min, v.name) });
  }
  return { files, lines, bundles };
}

/** What the app's files, compiled by the plugin with its default options, import from the runtime. */
export function appRuntimeImports(into: RuntimeImports = new Map()): RuntimeImports {
  for (const f of appFiles().files) runtimeImports(compileColoop(fs.readFileSync(path.join(APP_DIR, f), "utf8"), path.join(APP_DIR, f)), into);
  return into;
}
