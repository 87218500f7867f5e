/**
 * One program, every engine: natively in Node (the reference), and compiled
 * in Node with Promise deleted, in duk and in mujs.
 */
import * as path from "node:path";
import { compileForEngine, compileForNode, type PluginOptionsInput } from "./compile";
import {
  ENGINE_EPILOGUE,
  ENGINE_PRELUDE,
  RUNTIME_CJS,
  RUNTIME_CORE_GLOBAL,
  RUNTIME_GLOBAL,
  hasBinary,
  run,
  tempFile,
  type EngineName,
  type RunResult,
} from "./engines";
import * as fs from "node:fs";
import { transformSync } from "@babel/core";

export const COMPILED_ENGINES: EngineName[] = ["node-nopromise", "duk", "mujs"];

/**
 * Node without Promise: the runtime's default loop drives itself from the
 * host (queueMicrotask, setImmediate, setTimeout). queueMicrotask used by the
 * program becomes a loop job, as a microtask is natively.
 */
function nodePrelude(runtime: string): string {
  return [
    "delete globalThis.Promise;",
    `const __coloop = require(${JSON.stringify(runtime)});`,
    "__coloop.getEventLoop();",
    "globalThis.queueMicrotask = (fn) => { __coloop.LoopPromise.resolve().then(fn); };",
  ].join("\n");
}

/** The reference run: the program as written (TypeScript only stripped of types). */
export async function runNative(name: string, code: string, filename = "exec.js"): Promise<RunResult> {
  const source = filename.endsWith(".ts") ? stripTypes(code, filename) : code;
  const file = tempFile(name + ".native.cjs", source);
  return run(process.execPath, [file]);
}

function stripTypes(code: string, filename: string): string {
  const result = transformSync(code, {
    filename,
    babelrc: false,
    configFile: false,
    sourceType: "script",
    presets: [["@babel/preset-typescript", {}]],
  });
  return result!.code!;
}

export async function runCompiled(engine: EngineName, name: string, code: string, filename: string, options: PluginOptionsInput = {}): Promise<RunResult> {
  if (engine === "node") {
    // interop: the native Promise stays, and the program's Promise is the native one
    const compiled = compileForNode(code, filename, { runtime: RUNTIME_CJS, promise: "native", ...options });
    const file = tempFile(name + ".interop.cjs", compiled);
    return run(process.execPath, [file]);
  }
  if (engine === "node-nopromise") {
    // the runtime as a package user gets it: compiled code takes the core
    // and promise entries, the prelude (and the program's own requires) the full one
    const compiled = atRuntimeEntries(compileForNode(code, filename, options));
    const file = tempFile(name + ".compiled.cjs", compiled);
    const main = tempFile(name + ".main.cjs", nodePrelude(RUNTIME_CJS) + `\nrequire(${JSON.stringify(file)});\n`);
    return run(process.execPath, [main]);
  }
  const compiled = compileForEngine(code, filename, options);
  // duk runs on the core global build (compiled code needs nothing else), mujs on the full one
  const runtime = engine === "duk" ? RUNTIME_CORE_GLOBAL : RUNTIME_GLOBAL;
  const script = fs.readFileSync(runtime, "utf8") + "\n" + ENGINE_PRELUDE + "\n" + compiled + "\n" + ENGINE_EPILOGUE;
  const file = tempFile(name + "." + engine + ".js", script);
  return run(engine, [file]);
}

/** The runtime package's entries, required by path (the temp files live outside the repository). */
function atRuntimeEntries(compiled: string): string {
  const dist = path.dirname(RUNTIME_CJS);
  return compiled.replace(/(["'])@coloop\/runtime(\/(core|promise))?\1/g, (_m, _q, _sub, entry: string | undefined) =>
    JSON.stringify(path.join(dist, (entry || "index") + ".cjs")),
  );
}

export function engineAvailable(engine: EngineName): boolean {
  return engine === "node" || engine === "node-nopromise" ? true : hasBinary(engine);
}

export function relativeName(file: string, root: string): string {
  return path.relative(root, file).split(path.sep).join("/");
}
