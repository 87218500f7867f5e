/**
 * The four ways one async program is compiled, and the scripts that run it:
 *
 * - native:      the source as written (Node only);
 * - coloop:      the plugin (from source, as the tests use it) with
 *                `promise: "loop"` on the runtime's dist build; in Node
 *                `globalThis.Promise` is deleted first, on engines the ES5
 *                build runs after dist/coloop.global.js on a VirtualClock loop;
 * - regenerator: async-to-generator + regenerator, calling the
 *                regenerator-runtime package (not Babel's inlined copy);
 * - typescript:  ts.transpileModule, target ES5 (__awaiter/__generator).
 *
 * On duk and mujs the regenerator and TypeScript outputs get bench/engine-promise.js,
 * a small Promise polyfill, since those engines have none.
 */
import * as babel from "@babel/core";
import { transformSync, types as t, type PluginObj, type TransformOptions } from "@babel/core";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import coloopPlugin from "../packages/babel-plugin/src/index";
import { compileForEngine, compileForNode } from "../test/support/compile";

export const ROOT = path.resolve(__dirname, "..");
export const DEFAULT_RUNTIME_DIST = path.join(ROOT, "packages/runtime/dist");
let runtimeDist = DEFAULT_RUNTIME_DIST;
/** The runtime build measured: packages/runtime/dist, or another build of it (--runtime DIR, to A/B a change). */
export function useRuntimeDist(dir: string): void {
  runtimeDist = path.resolve(dir);
}
export const runtimeDistDir = () => runtimeDist;
export const runtimeFile = (name: "index.cjs" | "index.mjs" | "coloop.global.js") => path.join(runtimeDist, name);
export const REGENERATOR_RUNTIME = require.resolve("regenerator-runtime/runtime.js");

export type Variant = "native" | "coloop" | "regenerator" | "typescript";
export type Host = "node" | "duk" | "mujs";
export const NODE_VARIANTS: Variant[] = ["native", "coloop", "regenerator", "typescript"];
export const ENGINE_VARIANTS: Variant[] = ["coloop", "regenerator", "typescript"];

const BABEL_BASE: TransformOptions = { babelrc: false, configFile: false, sourceType: "unambiguous", compact: false };

/**
 * Makes Babel's regenerator transform call the regenerator-runtime package
 * (`regeneratorRuntime.wrap`, as transform-runtime does when it falls back to
 * it) and asyncToGenerator a shared helper: what a bundled app ships, rather
 * than a copy of both inlined into every file.
 */
function externalRegenerator(): PluginObj {
  return {
    name: "bench-external-regenerator",
    visitor: {},
    pre(file) {
      // File.set exists at run time; @types/babel__core does not declare it
      (file as unknown as { set(key: string, value: unknown): void }).set("helperGenerator", (name: string) => {
        // the marker transform-regenerator checks for to fall back to regeneratorRuntime.*
        if (name === "regenerator") return t.identifier("__interal_marker_fallback_regenerator__");
        if (name === "regeneratorRuntime") return t.arrowFunctionExpression([], t.identifier("regeneratorRuntime"));
        if (name === "asyncToGenerator") return t.memberExpression(t.identifier("babelHelpers"), t.identifier(name));
        return undefined;
      });
    },
  };
}

/** The coloop plugin alone (the runtime imported by its usual specifier unless given). */
export function compileColoop(code: string, filename: string, options: Record<string, unknown> = {}): string {
  return transformSync(code, { ...BABEL_BASE, filename, plugins: [[coloopPlugin, options]] })!.code!;
}

export const ES5_PRESET = ["@babel/preset-env", { targets: { ie: "9" }, forceAllTransforms: true, modules: false }];

/**
 * async-to-generator + regenerator, or with es5 preset-env down to ES5
 * (which includes both). Alone is enough for the benchmark programs, not for
 * real code: transform-regenerator throws on for-of loops and some
 * destructuring inside generators unless preset-env lowers them first.
 */
export function compileRegenerator(code: string, filename: string, es5 = false): string {
  const options: TransformOptions = es5
    ? { presets: [ES5_PRESET], plugins: [externalRegenerator] }
    : { plugins: [externalRegenerator, "@babel/plugin-transform-async-to-generator", "@babel/plugin-transform-regenerator"] };
  return transformSync(code, { ...BABEL_BASE, filename, ...options })!.code!;
}

/** coloop followed by preset-env down to ES5 (for the size comparison with TypeScript's ES5). */
export function compileColoopEs5(code: string, filename: string): string {
  return transformSync(code, {
    ...BABEL_BASE,
    filename,
    presets: [ES5_PRESET],
    plugins: [[coloopPlugin, { asyncGenerators: false }]],
  })!.code!;
}

export function compileTypeScript(code: string, filename: string): string {
  return ts.transpileModule(code, {
    fileName: filename.replace(/\.[cm]?js$/, ".ts"),
    compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.CommonJS, removeComments: false },
  }).outputText;
}

/** The shared asyncToGenerator helper the regenerator output calls (babelHelpers.asyncToGenerator). */
export function babelAsyncHelpers(): string {
  // exported by @babel/core, missing from its type declarations
  const build = (babel as unknown as { buildExternalHelpers(names: string[], type: string): string }).buildExternalHelpers;
  return build(["asyncToGenerator"], "var");
}

const read = (file: string) => fs.readFileSync(file, "utf8");

/** The compiled program for one variant and host (without preludes). */
export function compileProgram(source: string, name: string, variant: Variant, host: Host): string {
  const filename = name + ".js";
  switch (variant) {
    case "native":
      return source;
    case "coloop":
      // what the tests do, with the runtime required from the build measured
      return host === "node" ? compileForNode(source, filename, { runtime: runtimeFile("index.cjs") }) : compileForEngine(source, filename);
    case "regenerator":
      return compileRegenerator(source, filename, host !== "node");
    case "typescript":
      return compileTypeScript(source, filename);
  }
}

/**
 * What a variant needs loaded before the program: the runtime, the
 * regenerator runtime and helper, the engine Promise polyfill.
 */
export function variantPrelude(variant: Variant, host: Host): string {
  const parts: string[] = [];
  if (host === "node" && variant === "coloop") parts.push("delete globalThis.Promise;");
  if (host !== "node") {
    if (variant === "coloop") {
      parts.push(read(runtimeFile("coloop.global.js")));
      parts.push("var __loop = new coloop.EventLoop({ clock: new coloop.VirtualClock() });\ncoloop.setEventLoop(__loop);");
    } else parts.push(read(path.join(__dirname, "engine-promise.js")));
  }
  if (variant === "regenerator") parts.push(read(REGENERATOR_RUNTIME), babelAsyncHelpers());
  return parts.join("\n");
}

/** What runs after the program on an engine: the loop, or the polyfill's queues, until idle. */
export function variantEpilogue(variant: Variant, host: Host): string {
  if (host === "node") return "";
  return variant === "coloop" ? "__loop.runUntilIdle();" : "__drain();";
}
