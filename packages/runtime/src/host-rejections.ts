/**
 * Unretrieved failures the host's own way. A self-driving loop (Node, a
 * browser) with no exception handler set hands every future, task or
 * LoopPromise that failed with nobody retrieving its outcome to the host, as
 * a rejected native promise would be: no failure is silent, and a program
 * that fails keeps the exit code, listeners and flags it has natively.
 *
 * Timing: the loop notes the failure at the end of its job drain; the host
 * checks it once more after the host's own microtasks drain (a tick queued
 * from a microtask in Node, a microtask in browsers), so native code that
 * awaits or `then`s the task in the same turn handles it, as with a native
 * promise.
 *
 * Node, with `process.on("unhandledRejection")` listeners: they are called
 * with (reason, the future itself), then "rejectionHandled" (future) when it
 * is retrieved later; `--unhandled-rejections=warn` adds the warnings.
 * Node with no listener: a native rejected promise stands in for the future,
 * so Node itself prints, warns or exits exactly as its flags say, and a later
 * retrieval handles that promise ("rejectionHandled"). Where the program
 * deleted Promise, the same behaviour is emulated (see nodeModes).
 *
 * Browsers: an "unhandledrejection" event (cancelable, `promise` and
 * `reason`) on the global object, console.error when not prevented, and
 * "rejectionhandled" later.
 */
import type { Failure } from "./failure";
import { globalObject } from "./host";

export interface RejectionHost {
  /** a failure nobody retrieved by the end of the loop's job drain */
  report(f: Failure): void;
}

/** The realm's way to report unhandled rejections, or null (duk, mujs: the loop's handler reports). */
export function detectRejectionHost(): RejectionHost | null {
  const proc = globalObject.process;
  if (proc && typeof proc.emit === "function" && typeof proc.nextTick === "function" && typeof proc.listenerCount === "function") {
    // a tick queued from a microtask runs once the microtask queue is empty: where Node checks its own
    const micro = typeof globalObject.queueMicrotask === "function" ? globalObject.queueMicrotask : null;
    const afterMicrotasks = function (fn: () => void) {
      if (micro === null) proc.nextTick(fn);
      else
        micro.call(globalObject, function () {
          proc.nextTick(fn);
        });
    };
    return deferred(function (f) {
      nodeReport(proc, f, afterMicrotasks);
    }, afterMicrotasks);
  }
  if (typeof globalObject.dispatchEvent === "function" && typeof globalObject.Event === "function") {
    const micro = typeof globalObject.queueMicrotask === "function" ? globalObject.queueMicrotask : globalObject.setTimeout;
    return deferred(browserReport, function (fn) {
      micro.call(globalObject, fn);
    });
  }
  return null;
}

/** Collects the loop's reports and checks them once the host's microtasks have run. */
function deferred(reportNow: (f: Failure) => void, later: (fn: () => void) => void): RejectionHost {
  let pending: Failure[] | null = null;
  const flush = function () {
    const list = pending!;
    pending = null;
    for (let i = 0; i < list.length; i++) {
      if (list[i]._observed) continue;
      // the rest are flushed on their own turn if reporting this one throws (an uncaught exception)
      if (i + 1 < list.length) {
        pending = list.slice(i + 1);
        later(flush);
      }
      reportNow(list[i]);
      if (pending !== null) return;
    }
  };
  return {
    report(f) {
      if (pending === null) {
        pending = [];
        later(flush);
      }
      pending.push(f);
    },
  };
}

/**
 * Calls onHandled when the outcome of a reported future is retrieved: every
 * way of retrieving it (await, then, result(), gather…) sets `_observed`, so
 * a setter on this one object sees them all without touching the hot paths.
 */
function whenHandled(f: Failure, onHandled: () => void): void {
  Object.defineProperty(f, "_observed", {
    configurable: true,
    enumerable: true,
    get: function () {
      return false;
    },
    set: function (v: boolean) {
      if (!v) return;
      Object.defineProperty(f, "_observed", { configurable: true, enumerable: true, writable: true, value: true });
      onHandled();
    },
  });
}

const EXPLAIN =
  "This error originated either by throwing inside of an async function without a catch block, " +
  "or by rejecting a promise which was not handled with .catch().";

let rejectionId = 0;

/** The --unhandled-rejections mode Node was started with (the last one given wins). */
function nodeMode(proc: any): string {
  let mode = "throw";
  const scan = function (args: string[]) {
    for (let i = 0; i < args.length; i++) {
      const m = /^--unhandled-rejections(?:=(.*))?$/.exec(args[i]);
      if (m) mode = m[1] !== undefined ? m[1] : args[++i] || mode;
    }
  };
  const options = proc.env && typeof proc.env.NODE_OPTIONS === "string" ? proc.env.NODE_OPTIONS : "";
  scan(options.split(/\s+/));
  if (proc.execArgv) scan(proc.execArgv);
  return mode;
}

function nodeReport(proc: any, f: Failure, afterMicrotasks: (fn: () => void) => void): void {
  const reason = f._value;
  const mode = nodeMode(proc);
  const NativePromise = globalObject.Promise;
  const native = typeof NativePromise === "function" && /\[native code\]/.test(Function.prototype.toString.call(NativePromise));
  if (native && (mode === "strict" || proc.listenerCount("unhandledRejection") === 0)) {
    // Node reports it itself, as natively; a later retrieval handles the stand-in
    const stand = NativePromise.reject(reason);
    whenHandled(f, function () {
      stand.then(undefined, function () {});
    });
    return;
  }
  const id = ++rejectionId;
  whenHandled(f, function () {
    afterMicrotasks(function () {
      if (!proc.emit("rejectionHandled", f)) emitWarning(proc, "Promise rejection was handled asynchronously (rejection id: " + id + ")", "PromiseRejectionHandledWarning");
    });
  });
  nodeModes(proc, mode, f, reason, id);
}

/**
 * What Node does with an unhandled rejection in each mode
 * (lib/internal/process/promises.js), for a program that listens itself or
 * deleted Promise. An uncaught exception is thrown from the host callback.
 */
function nodeModes(proc: any, mode: string, f: Failure, reason: unknown, id: number): void {
  if (mode === "strict") {
    proc.nextTick(function () {
      if (!proc.emit("unhandledRejection", reason, f)) warn(proc, reason, id);
    });
    throw asUncaught(reason);
  }
  const handled = proc.emit("unhandledRejection", reason, f);
  if (mode === "warn") warn(proc, reason, id);
  else if (mode === "warn-with-error-code" && !handled) {
    warn(proc, reason, id);
    proc.exitCode = 1;
  } else if (mode !== "none" && !handled) throw asUncaught(reason);
}

function isErrorLike(x: unknown): boolean {
  return typeof x === "object" && x !== null && Object.prototype.hasOwnProperty.call(x, "stack");
}

function asUncaught(reason: unknown): unknown {
  if (isErrorLike(reason)) return reason;
  let text: string;
  try {
    text = String(reason);
  } catch (e) {
    text = "[object]";
  }
  const e: any = new Error(EXPLAIN + ' The promise rejected with the reason "' + text + '".');
  e.name = "UnhandledPromiseRejection";
  e.code = "ERR_UNHANDLED_REJECTION";
  // the stack was taken with the old name; Node prints the stack
  if (typeof e.stack === "string") e.stack = e.stack.replace(/^Error/, e.name);
  return e;
}

function emitWarning(proc: any, text: string, name: string): void {
  if (typeof proc.emitWarning === "function") proc.emitWarning(text, name);
}

function warn(proc: any, reason: unknown, id: number): void {
  const name = "UnhandledPromiseRejectionWarning";
  try {
    emitWarning(proc, isErrorLike(reason) ? (reason as any).stack : String(reason), name);
  } catch (e) {}
  emitWarning(
    proc,
    "Unhandled promise rejection. " +
      EXPLAIN +
      " To terminate the node process on unhandled promise rejection, use the CLI flag `--unhandled-rejections=strict` " +
      "(see https://nodejs.org/api/cli.html#cli_unhandled_rejections_mode). (rejection id: " +
      id +
      ")",
    name,
  );
}

function browserReport(f: Failure): void {
  const reason = f._value;
  const event = rejectionEvent("unhandledrejection", f, reason);
  if (globalObject.dispatchEvent(event) && !event.defaultPrevented) {
    const c = globalObject.console;
    if (c && typeof c.error === "function") c.error("Uncaught (in promise)", reason);
  }
  whenHandled(f, function () {
    const micro = typeof globalObject.setTimeout === "function" ? globalObject.setTimeout : null;
    const fire = function () {
      globalObject.dispatchEvent(rejectionEvent("rejectionhandled", f, reason));
    };
    if (micro) micro.call(globalObject, fire, 0);
    else fire();
  });
}

/** A PromiseRejectionEvent-like event: the real class wants a native promise, so a plain Event carries them. */
function rejectionEvent(type: string, f: Failure, reason: unknown): any {
  const event = new globalObject.Event(type, { cancelable: type === "unhandledrejection" });
  try {
    Object.defineProperty(event, "promise", { value: f, enumerable: true });
    Object.defineProperty(event, "reason", { value: reason, enumerable: true });
  } catch (e) {}
  return event;
}
