/**
 * Runs one test262 test in one mode under one variant, in a fresh `vm`
 * context of this process:
 *
 * - native: the source as written (the reference);
 * - coloop: compiled by the built plugin (packages/babel-plugin/dist) with
 *   its default options except `moduleType: "global"` (a vm context has no
 *   `require`; the runtime's `dist/coloop.global.js` is run in the context
 *   first, so the runtime lives in the test's realm); `promise` stays
 *   "native": the realm's Promise is present, as where users run it;
 * - regenerator: @babel/plugin-transform-async-to-generator followed by
 *   @babel/plugin-transform-regenerator (its runtime helpers are inlined);
 * - coloop-loop (on request only): coloop with `promise: "loop"`, the test's
 *   own `Promise` references becoming the runtime's LoopPromise (the harness,
 *   run uncompiled, keeps the native one).
 *
 * The harness files (assert.js, sta.js, doneprintHandle.js and the test's
 * `includes`) hold no async function, so they run uncompiled, each as its
 * own script before the test (with "use strict" prepended in strict mode).
 *
 * The context gets test262's host hooks: `print`, a small `$262` (global,
 * evalScript, createRealm) and, as in Node, setTimeout/setImmediate/
 * queueMicrotask. Async tests end when $DONE prints; a test that leaves
 * nothing to run (no microtask, no timer) without calling $DONE fails at
 * once, one that keeps scheduling timers fails after ASYNC_TIMEOUT_MS.
 */
import { transformSync, type PluginItem } from "@babel/core";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";
import { parseFrontmatter, type Meta } from "./frontmatter";

const here = __dirname;
export const VENDOR = join(here, "vendor");
const root = join(here, "..", "..");

export type Variant = "native" | "coloop" | "regenerator" | "coloop-loop";
export type Mode = "strict" | "sloppy" | "raw";

export interface Outcome {
  pass: boolean;
  /** why it failed (first line of the error), or a note on a pass */
  message?: string;
  /** the failure came from the transform, not from running the output */
  compileError?: boolean;
}

/** The sync part of a test may not run longer than this; async tests get as long to call $DONE. */
export const SYNC_TIMEOUT_MS = 2000;
export const ASYNC_TIMEOUT_MS = 2000;

/** The modes a test runs in, from its flags. */
export function modesOf(meta: Meta): Mode[] {
  if (meta.flags.includes("raw")) return ["raw"];
  if (meta.flags.includes("onlyStrict")) return ["strict"];
  if (meta.flags.includes("noStrict")) return ["sloppy"];
  return ["sloppy", "strict"];
}

const fileCache = new Map<string, string>();
function readVendor(path: string): string {
  let text = fileCache.get(path);
  if (text === undefined) {
    text = readFileSync(join(VENDOR, path), "utf8");
    fileCache.set(path, text);
  }
  return text;
}

const scriptCache = new Map<string, vm.Script>();
function cachedScript(key: string, make: () => string, filename: string): vm.Script {
  let script = scriptCache.get(key);
  if (!script) {
    script = new vm.Script(make(), { filename });
    scriptCache.set(key, script);
  }
  return script;
}

function harnessScript(name: string, mode: Mode): vm.Script {
  return cachedScript(`harness:${mode}:${name}`, () => strictPrefix(mode) + readVendor(`harness/${name}`), `harness/${name}`);
}

function runtimeScript(): vm.Script {
  const path = join(root, "packages", "runtime", "dist", "coloop.global.js");
  return cachedScript("coloop.global.js", () => readFileSync(path, "utf8"), path);
}

function usesRuntime(variant: Variant): boolean {
  return variant === "coloop" || variant === "coloop-loop";
}

function strictPrefix(mode: Mode): string {
  return mode === "strict" ? '"use strict";\n' : "";
}

let coloopPlugin: PluginItem | undefined;
function loadColoopPlugin(): PluginItem {
  if (!coloopPlugin) {
    const dist = join(root, "packages", "babel-plugin", "dist", "index.js");
    if (!existsSync(dist) || !existsSync(join(root, "packages", "runtime", "dist", "coloop.global.js"))) {
      throw new Error("the coloop plugin and runtime are not built: run `npm run build` first");
    }
    const mod = require(join(root, "packages", "babel-plugin", "dist", "index.js")) as { default?: PluginItem };
    coloopPlugin = mod.default ?? (mod as PluginItem);
  }
  return coloopPlugin;
}

/** The transform a variant applies, or null for native. Throws what Babel or the plugin throws. */
export function compileFor(variant: Variant, code: string, filename: string): string {
  if (variant === "native") return code;
  const plugins: PluginItem[] =
    variant === "coloop"
      ? [[loadColoopPlugin(), { moduleType: "global" }]]
      : variant === "coloop-loop"
        ? [[loadColoopPlugin(), { moduleType: "global", promise: "loop" }]]
        : ["@babel/plugin-transform-async-to-generator", "@babel/plugin-transform-regenerator"];
  const result = transformSync(code, {
    filename,
    babelrc: false,
    configFile: false,
    sourceType: "script",
    cwd: root,
    highlightCode: false,
    plugins,
  });
  return result!.code!;
}

function firstLine(error: unknown): string {
  let text: string;
  if (error && typeof error === "object" && "message" in error) {
    const name = (error as { constructor?: { name?: string } }).constructor?.name ?? "Error";
    // Babel prefixes the file's absolute path: keep the message only
    text = `${name}: ${String((error as { message: unknown }).message).replace(/^\/\S*?\.js: /, "")}`;
  } else {
    text = `thrown: ${String(error)}`;
  }
  return text.split("\n").find((l) => l.trim() !== "")?.trim().slice(0, 300) ?? text.slice(0, 300);
}

function errorTypeName(error: unknown): string | undefined {
  if (error && (typeof error === "object" || typeof error === "function")) {
    try {
      return (error as { constructor?: { name?: string } }).constructor?.name;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

interface Host {
  context: vm.Context;
  printed: string[];
  pendingTimers: number;
  hostErrors: unknown[];
  onPrint: (() => void) | null;
  timers: Set<NodeJS.Timeout | NodeJS.Immediate>;
}

/** A fresh realm with test262's host hooks and Node's timers. */
function createHost(variant: Variant, shared?: Host): Host {
  const host: Host = shared
    ? { ...shared, context: vm.createContext({}) }
    : { context: vm.createContext({}), printed: [], pendingTimers: 0, hostErrors: [], onPrint: null, timers: new Set() };
  const owner = shared ?? host;
  const g = vm.runInContext("this", host.context) as Record<string, unknown>;
  const guard = (fn: unknown, args: unknown[]) => () => {
    try {
      if (typeof fn === "function") fn(...args);
    } catch (e) {
      owner.hostErrors.push(e);
      owner.onPrint?.();
    }
  };
  const define = (name: string, value: unknown) =>
    Object.defineProperty(g, name, { value, writable: true, configurable: true, enumerable: false });
  define("print", (msg: unknown) => {
    owner.printed.push(String(msg));
    owner.onPrint?.();
  });
  define("setTimeout", (fn: unknown, ms?: number, ...args: unknown[]) => {
    owner.pendingTimers++;
    const t: NodeJS.Timeout = setTimeout(() => {
      owner.pendingTimers--;
      owner.timers.delete(t);
      guard(fn, args)();
    }, ms);
    owner.timers.add(t);
    return t;
  });
  define("clearTimeout", (t: NodeJS.Timeout) => {
    if (owner.timers.delete(t)) {
      owner.pendingTimers--;
      clearTimeout(t);
    }
  });
  define("setImmediate", (fn: unknown, ...args: unknown[]) => {
    owner.pendingTimers++;
    const t: NodeJS.Immediate = setImmediate(() => {
      owner.pendingTimers--;
      owner.timers.delete(t);
      guard(fn, args)();
    });
    owner.timers.add(t);
    return t;
  });
  define("clearImmediate", (t: NodeJS.Immediate) => {
    if (owner.timers.delete(t)) {
      owner.pendingTimers--;
      clearImmediate(t);
    }
  });
  define("queueMicrotask", (fn: unknown) => queueMicrotask(guard(fn, [])));
  const $262 = {
    global: g,
    gc: undefined,
    evalScript: (code: string) => new vm.Script(code).runInContext(host.context),
    createRealm: () => {
      const other = createHost(variant, owner);
      if (usesRuntime(variant)) runtimeScript().runInContext(other.context);
      return vm.runInContext("$262", other.context);
    },
    detachArrayBuffer: undefined,
  };
  define("$262", $262);
  return host;
}

function clearHost(host: Host): void {
  for (const t of host.timers) {
    clearTimeout(t as NodeJS.Timeout);
    clearImmediate(t as NodeJS.Immediate);
  }
  host.timers.clear();
  host.onPrint = null;
}

/** Runs `path` (relative to the vendor dir) in `mode` under `variant`. */
export async function runTest(path: string, mode: Mode, variant: Variant): Promise<Outcome> {
  const source = readVendor(path);
  const meta = parseFrontmatter(source);
  const negative = meta.negative;
  if (meta.flags.includes("module")) return { pass: false, message: "module tests are not supported by this runner" };
  const code = strictPrefix(mode) + source;

  let compiled: string;
  try {
    compiled = compileFor(variant, code, path);
  } catch (e) {
    if (negative?.phase === "parse") return { pass: true, message: `rejected by the transform: ${firstLine(e)}` };
    return { pass: false, message: `transform error: ${firstLine(e)}`, compileError: true };
  }

  let script: vm.Script;
  try {
    script = new vm.Script(compiled, { filename: path });
  } catch (e) {
    if (negative?.phase === "parse") {
      if (variant !== "native") return { pass: false, message: `transform accepted it; V8 rejects the output: ${firstLine(e)}` };
      return errorTypeName(e) === negative.type ? { pass: true } : { pass: false, message: `expected ${negative.type}, got ${firstLine(e)}` };
    }
    return { pass: false, message: `output does not parse: ${firstLine(e)}` };
  }
  if (negative?.phase === "parse") {
    return { pass: false, message: variant === "native" ? "parsed, expected a SyntaxError" : "the transform accepted it" };
  }

  const host = createHost(variant);
  try {
    if (usesRuntime(variant)) {
      runtimeScript().runInContext(host.context);
      // A task failure nobody retrieves is reported by the loop's handler; tests
      // that reject on purpose would print it: keep the run quiet.
      vm.runInContext("coloop.getEventLoop().setExceptionHandler(function () {})", host.context);
    }
    if (mode !== "raw") {
      const includes = ["assert.js", "sta.js", ...(meta.flags.includes("async") ? ["doneprintHandle.js"] : []), ...meta.includes];
      for (const inc of [...new Set(includes)]) harnessScript(inc, mode).runInContext(host.context);
    }

    const async = meta.flags.includes("async");
    let finished: Promise<void> | undefined;
    if (async) {
      finished = new Promise<void>((resolve) => {
        host.onPrint = () => {
          if (host.hostErrors.length > 0 || host.printed.some((p) => p.startsWith("Test262:Async"))) resolve();
        };
      });
    }

    try {
      script.runInContext(host.context, { timeout: SYNC_TIMEOUT_MS });
    } catch (e) {
      if (negative?.phase === "runtime") {
        const got = errorTypeName(e);
        return got === negative.type ? { pass: true } : { pass: false, message: `expected ${negative.type}, got ${firstLine(e)}` };
      }
      return { pass: false, message: firstLine(e) };
    }
    if (negative) return { pass: false, message: `expected a ${negative.type} at ${negative.phase}, none was thrown` };
    if (!async) return { pass: true };

    const deadline = Date.now() + ASYNC_TIMEOUT_MS;
    let idleTurns = 0;
    let settled = false;
    void finished!.then(() => (settled = true));
    while (!settled) {
      // a host turn: every microtask queued so far (and those they queue) has run
      await new Promise<void>((r) => setImmediate(r));
      if (settled) break;
      if (host.pendingTimers === 0) {
        if (++idleTurns >= 2) return { pass: false, message: "$DONE was never called (nothing left to run)" };
      } else {
        idleTurns = 0;
        if (Date.now() > deadline) return { pass: false, message: `$DONE was not called within ${ASYNC_TIMEOUT_MS} ms` };
        await Promise.race([finished, new Promise<void>((r) => setTimeout(r, 5))]);
      }
    }
    if (host.hostErrors.length > 0) return { pass: false, message: `uncaught in a host callback: ${firstLine(host.hostErrors[0])}` };
    const failure = host.printed.find((p) => p.startsWith("Test262:AsyncTestFailure"));
    if (failure) return { pass: false, message: failure.replace("Test262:AsyncTestFailure:", "") };
    return { pass: true };
  } finally {
    clearHost(host);
  }
}
