/**
 * Running programs: natively in Node, compiled in Node with
 * `globalThis.Promise` deleted, and compiled to ES5 in Duktape (`duk`) and
 * MuJS (`mujs`) after dist/coloop.global.js. Engines missing from PATH are
 * reported loudly by the suites (CI installs them).
 */
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
/**
 * The built runtime the compiled programs load: packages/runtime/dist, or
 * the copy COLOOP_RUNTIME_DIST names (a long fuzz campaign takes a snapshot,
 * so a rebuild during the campaign cannot hand a program half-written files).
 */
export const RUNTIME_DIST = process.env.COLOOP_RUNTIME_DIST ? path.resolve(process.env.COLOOP_RUNTIME_DIST) : path.join(ROOT, "packages/runtime/dist");
export const RUNTIME_GLOBAL = path.join(RUNTIME_DIST, "coloop.global.js");
/** The core global build: what compiled code needs, and the loop driven by hand (the duk runs use it). */
export const RUNTIME_CORE_GLOBAL = path.join(RUNTIME_DIST, "coloop.core.global.js");
export const RUNTIME_CJS = path.join(RUNTIME_DIST, "index.cjs");

export type EngineName = "node" | "node-nopromise" | "duk" | "mujs";

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

const available = new Map<string, boolean>();

/** Whether a binary is on PATH. */
export function hasBinary(name: string): boolean {
  let ok = available.get(name);
  if (ok === undefined) {
    try {
      execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
      ok = true;
    } catch {
      ok = false;
    }
    available.set(name, ok);
  }
  return ok;
}

/** Prints the loud line the contract asks for when an engine is missing. */
export function reportSkipped(binary: string, what: string): void {
  const line = `SKIPPED: ${binary} not found on PATH — ${what} did not run (CI installs it: apt-get install -y ${binary === "duk" ? "duktape" : binary})`;
  // eslint-disable-next-line no-console
  console.warn("\n" + "!".repeat(line.length) + "\n" + line + "\n" + "!".repeat(line.length));
}

let tmpDir: string | null = null;
export function tempFile(name: string, content: string): string {
  if (!tmpDir) tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "coloop-test-"));
  const file = path.join(tmpDir, name.replace(/[^\w.-]+/g, "_"));
  fs.writeFileSync(file, content);
  return file;
}

export function run(cmd: string, args: string[], options: { cwd?: string; timeoutMs?: number; input?: string } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      cmd,
      args,
      { cwd: options.cwd || ROOT, timeout: options.timeoutMs || 30_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as any).code === "number" ? (error as any).code : 1) : 0;
        resolve({ stdout: String(stdout), stderr: String(stderr), code });
      },
    );
    if (options.input !== undefined) {
      child.stdin!.end(options.input);
    }
  });
}

/** Node, deleting the native Promise before anything else runs. */
export const NO_PROMISE_PRELUDE = "delete globalThis.Promise;";

/**
 * What embedded engines lack and exec programs use: console.log and timers,
 * mapped onto the coloop loop on a virtual clock (deadline order, as Node's
 * timers for the delays the programs use).
 */
export const ENGINE_PRELUDE = `
// Duktape's Reflect.get rejects a receiver argument ("unsupported"); Babel's
// _get helper (super.x in down-levelled classes) falls back without it …
if (typeof Reflect !== "undefined" && Reflect.get) { try { Reflect.get({}, "x", {}); } catch (e) { delete Reflect.get; } }
// and Reflect.set the same (super.x = v), with the same ES5 fallback
if (typeof Reflect !== "undefined" && Reflect.set) { try { Reflect.set({}, "x", 1, {}); } catch (e) { delete Reflect.set; } }
// MuJS's Error.prototype.toString appends the stack trace; Node's, Duktape's and
// the spec's give name + ": " + message. An engine quirk, not the runtime's: it
// gets the spec's algorithm, so a program that stringifies an error prints the same.
(function () {
  if (String(new Error("m")) === "Error: m") return;
  Object.defineProperty(Error.prototype, "toString", { writable: true, configurable: true, enumerable: false, value: function () {
    var name = this.name === undefined ? "Error" : String(this.name);
    var msg = this.message === undefined ? "" : String(this.message);
    return name === "" ? msg : msg === "" ? name : name + ": " + msg;
  } });
})();
var __loop = new coloop.EventLoop({ clock: new coloop.VirtualClock() });
coloop.setEventLoop(__loop);
var __print = typeof print === "function" ? print : function (s) { console.log(s); };
var __fmt = function (v) {
  if (typeof v === "string") return v;
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (typeof v === "object") { try { return JSON.stringify(v); } catch (e) { return String(v); } }
  return String(v);
};
var console = { log: function () { var parts = []; for (var i = 0; i < arguments.length; i++) parts.push(__fmt(arguments[i])); __print(parts.join(" ")); } };
console.error = console.log; console.warn = console.log; console.info = console.log;
var setTimeout = function (fn, ms) { var args = []; for (var i = 2; i < arguments.length; i++) args.push(arguments[i]); return __loop.callLater(ms || 0, function () { fn.apply(undefined, args); }); };
var clearTimeout = function (h) { if (h) h.cancel(); };
var setImmediate = function (fn) { return __loop.callSoon(fn); };
var clearImmediate = clearTimeout;
// a microtask is a job: one LoopPromise reaction
var queueMicrotask = function (fn) { coloop.LoopPromise.resolve().then(fn); };
`;

export const ENGINE_EPILOGUE = `
__loop.runUntilIdle();
`;
