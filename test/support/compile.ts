/**
 * Compiling test programs with the plugin (from source), alone or with
 * preset-env down to ES5 for the embedded engines.
 */
import { transformSync, type TransformOptions } from "@babel/core";
import coloopPlugin from "../../packages/babel-plugin/src/index";

export type PluginOptionsInput = Record<string, unknown>;

/** The plugin alone: what the output fixtures record. */
export function compile(code: string, filename: string, pluginOptions: PluginOptionsInput = {}, extra: TransformOptions = {}): string {
  const result = transformSync(code, {
    filename,
    babelrc: false,
    configFile: false,
    sourceType: "unambiguous",
    cwd: process.cwd(),
    presets: /\.tsx?$/.test(filename) ? [["@babel/preset-typescript", {}]] : [],
    plugins: [[coloopPlugin, pluginOptions]],
    ...extra,
  });
  return result!.code!;
}

/** For Node with Promise deleted: CommonJS requiring the runtime, Promise mapped to LoopPromise. */
export function compileForNode(code: string, filename: string, pluginOptions: PluginOptionsInput = {}): string {
  return compile(code, filename, { moduleType: "require", promise: "loop", ...pluginOptions }, { sourceType: "script" });
}

/** For duk and mujs: the global runtime, and preset-env down to ES5. */
export function compileForEngine(code: string, filename: string, pluginOptions: PluginOptionsInput = {}): string {
  const result = transformSync(code, {
    filename,
    babelrc: false,
    configFile: false,
    sourceType: "script",
    presets: [
      ["@babel/preset-env", { targets: { ie: "9" }, forceAllTransforms: true, modules: false }],
      ...(/\.tsx?$/.test(filename) ? [["@babel/preset-typescript", {}]] : []),
    ],
    plugins: [[coloopPlugin, { moduleType: "global", promise: "loop", ...pluginOptions }]],
  });
  return result!.code!;
}
