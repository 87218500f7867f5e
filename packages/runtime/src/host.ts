/**
 * What the host offers: a global object, a way to report, and (maybe) ways to
 * schedule. The loop core never waits or schedules by itself; a HostDriver
 * calls back into it when the host can, and embedded hosts drive the loop
 * with runOnce/runUntilIdle/advance from their own main loop.
 *
 * Host functions are looked up when a driver is created, not when this module
 * loads, so a program that deletes or installs globals first is respected.
 */

export const globalObject: any = (function () {
  if (typeof globalThis !== "undefined") return globalThis;
  // Duktape and MuJS: an indirect eval-free way to reach the global object.
  return Function("return this")();
})();

declare const globalThis: any;

/** Prints one line on stderr where possible (console.error, else print). */
export function reportLine(line: string): void {
  const c = globalObject.console;
  if (c && typeof c.error === "function") c.error(line);
  else if (typeof globalObject.print === "function") globalObject.print(line);
}

/** When the host should call the loop back. */
export type WakeKind = typeof WAKE_JOBS | typeof WAKE_CALLBACKS;
/** jobs are pending: run them at the host's microtask level */
export const WAKE_JOBS = 0;
/** callbacks are ready: run them at the host's macrotask level */
export const WAKE_CALLBACKS = 1;

/**
 * A host that can call the loop back by itself (Node, browsers, any realm
 * with setImmediate, setTimeout, queueMicrotask or a native Promise).
 */
export interface HostDriver {
  /**
   * Call `run(kind)` soon, once per request, in request order per kind. The
   * loop asks once for callbacks at a time; for jobs, once per batch, or
   * once per job where `jobPerMicrotask` is set.
   */
  wake(kind: WakeKind, run: (kind: WakeKind) => void): void;
  /**
   * The host has its own promise jobs (a native Promise), which must
   * interleave with the loop's jobs in the order they were queued: then the
   * loop asks for one host microtask per job, and runs one job in each.
   */
  jobPerMicrotask?: boolean;
  /** Call `run` after `ms`; replaces the previous timer request. */
  wakeAfter(ms: number, run: () => void): void;
  /** Forget a timer request (nothing is scheduled any more). */
  cancelTimer(): void;
}

function hostFn(name: string): any {
  const f = globalObject[name];
  return typeof f === "function" ? f : null;
}

/** The scheduling host of this realm, or null where there is none (duk, mujs). */
export function detectHostDriver(): HostDriver | null {
  const setTimeoutFn = hostFn("setTimeout");
  const clearTimeoutFn = hostFn("clearTimeout");
  const setImmediateFn = hostFn("setImmediate");
  const queueMicrotaskFn = hostFn("queueMicrotask");
  const NativePromise = hostFn("Promise");
  if (!setTimeoutFn && !setImmediateFn && !queueMicrotaskFn && !NativePromise) return null;

  // a resolved promise's then: the same queue as queueMicrotask, at half its cost in Node
  let micro: ((f: () => void) => void) | null = null;
  if (NativePromise) {
    const resolved = NativePromise.resolve();
    micro = (f) => {
      resolved.then(f);
    };
  } else if (queueMicrotaskFn) micro = (f) => queueMicrotaskFn.call(globalObject, f);
  let macro: (f: () => void) => void;
  if (setImmediateFn) macro = (f) => setImmediateFn.call(globalObject, f);
  else if (setTimeoutFn) macro = (f) => setTimeoutFn.call(globalObject, f, 0);
  else macro = micro!;
  if (!micro) micro = macro;
  const microFn = micro;

  let timer: any = null;
  return {
    jobPerMicrotask: !!NativePromise,
    wake(kind, run) {
      (kind === WAKE_JOBS ? microFn : macro)(() => run(kind));
    },
    wakeAfter(ms, run) {
      if (!setTimeoutFn) {
        macro(run);
        return;
      }
      if (timer !== null && clearTimeoutFn) clearTimeoutFn.call(globalObject, timer);
      timer = setTimeoutFn.call(globalObject, () => {
        timer = null;
        run();
      }, ms);
    },
    cancelTimer() {
      if (timer !== null && clearTimeoutFn) clearTimeoutFn.call(globalObject, timer);
      timer = null;
    },
  };
}

/**
 * A blocking sleep for synchronous runs on a real clock (runUntilComplete
 * waiting for a timer): Atomics.wait where the host allows it (Node's main
 * thread), else null and the loop spins on the clock.
 */
export function detectHostSleep(): ((ms: number) => void) | null {
  const SAB = globalObject.SharedArrayBuffer;
  const Atomics = globalObject.Atomics;
  if (typeof SAB !== "function" || !Atomics || typeof Atomics.wait !== "function") return null;
  try {
    const cell = new globalObject.Int32Array(new SAB(4));
    Atomics.wait(cell, 0, 0, 0);
    return (ms) => {
      Atomics.wait(cell, 0, 0, ms);
    };
  } catch (e) {
    return null; // browsers forbid Atomics.wait on the main thread
  }
}
