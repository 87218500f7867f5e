/**
 * The LoopPromise statics beyond resolve/reject: all, allSettled, any, race,
 * withResolvers, as the ECMAScript algorithms specify them (so a program
 * keeps its exact order of promise reactions), plus installPromise and the
 * `instanceof` rule for promise "loop". Opt-in: loading this module adds
 * them to LoopPromise; compiled code with `promise: "loop"` imports
 * LoopPromise through the runtime's `promise` entry, which loads it.
 */
import { BaseFuture } from "./base-future";
import { Future } from "./future";
import { LoopPromise, Reaction, newCapability } from "./loop-promise";
import { aggregateError } from "./errors";
import { globalObject } from "./host";

declare const Symbol: any;

/** What the combinators take: an array-like, or an iterable where the host has Symbol.iterator. */
export type Values<T> = ArrayLike<T | PromiseLike<T>> | { readonly [key: string]: any };

declare module "./loop-promise" {
  // the statics, added below
  namespace LoopPromise {
    let withResolvers: <T>() => { promise: LoopPromise<T>; resolve: (v?: T | PromiseLike<T>) => void; reject: (e?: unknown) => void };
    let all: <T>(values: Values<T>) => LoopPromise<T[]>;
    let allSettled: <T>(values: Values<T>) => LoopPromise<Array<{ status: "fulfilled"; value: T } | { status: "rejected"; reason: unknown }>>;
    let any: <T>(values: Values<T>) => LoopPromise<T>;
    let race: <T>(values: Values<T>) => LoopPromise<T>;
  }
}

const statics: { [name: string]: Function } = {
  withResolvers<T>(this: unknown) {
    return newCapability<T>(this);
  },
  all<T>(this: unknown, values: Values<T>) {
    return combine(this, values, ALL);
  },
  allSettled<T>(this: unknown, values: Values<T>) {
    return combine(this, values, ALL_SETTLED);
  },
  any<T>(this: unknown, values: Values<T>) {
    return combine(this, values, ANY);
  },
  race<T>(this: unknown, values: Values<T>) {
    const C: any = this;
    const cap = newCapability<T>(C);
    try {
      const resolveFn = getResolve(C);
      forEachValue(values, function (value) {
        thenInternal(resolveFn.call(C, value), cap.resolve, cap.reject);
      });
    } catch (e) {
      cap.reject(e);
    }
    return cap.promise;
  },
};

// static methods of a class: writable, configurable, not enumerable
for (const name in statics) {
  Object.defineProperty(LoopPromise, name, { value: statics[name], writable: true, configurable: true, enumerable: false });
}

function getResolve(C: any): Function {
  const resolveFn = C.resolve;
  if (typeof resolveFn !== "function") throw new TypeError("Promise resolve is not a function");
  return resolveFn;
}


/**
 * Iterates a combinator's argument: the iterator protocol where the host has
 * Symbol.iterator (closing the iterator if `each` throws), else array-likes.
 */
function isArray(x: unknown): boolean {
  return Object.prototype.toString.call(x) === "[object Array]";
}

function forEachValue(values: any, each: (value: unknown) => void): void {
  if (values === null || values === undefined) throw new TypeError(String(values) + " is not iterable");
  const iteratorKey = typeof Symbol === "function" ? Symbol.iterator : undefined;
  const arrayIterator = iteratorKey !== undefined ? (Array.prototype as any)[iteratorKey] : undefined;
  if (arrayIterator !== undefined && isArray(values) && values[iteratorKey] === arrayIterator) {
    // an array with the built-in iterator: the same walk (length read live), no result objects
    for (let i = 0; i < values.length; i++) each(values[i]);
    return;
  }
  if (iteratorKey !== undefined && typeof values[iteratorKey] === "function") {
    const it = values[iteratorKey]();
    for (;;) {
      const step = it.next();
      if (step.done) return;
      try {
        each(step.value);
      } catch (e) {
        if (typeof it.return === "function") {
          try {
            it.return();
          } catch (ignored) {}
        }
        throw e;
      }
    }
  }
  if (typeof values.length !== "number") throw new TypeError("object is not iterable");
  for (let i = 0; i < values.length; i++) each(values[i]);
}

const ALL = 0;
const ALL_SETTLED = 1;
const ANY = 2;

/** Promise.all, allSettled and any: the same walk, different element functions. */
function combine(C: any, values: any, mode: number): any {
  const cap = newCapability<any>(C);
  try {
    const resolveFn = getResolve(C);
    const results: unknown[] = [];
    let remaining = 1;
    const finish = function () {
      if (mode === ANY) cap.reject(aggregateError(results, "All promises were rejected"));
      else cap.resolve(results);
    };
    forEachValue(values, function (value) {
      const index = results.length;
      results.push(undefined);
      remaining++;
      let called = false;
      const settleElement = function (item: unknown) {
        if (called) return;
        called = true;
        results[index] = item;
        if (--remaining === 0) finish();
      };
      const next = resolveFn.call(C, value);
      if (mode === ALL) thenInternal(next, settleElement, cap.reject);
      else if (mode === ALL_SETTLED)
        thenInternal(
          next,
          function (v: unknown) {
            settleElement({ status: "fulfilled", value: v });
          },
          function (e: unknown) {
            settleElement({ status: "rejected", reason: e });
          },
        );
      else thenInternal(next, cap.resolve, settleElement);
    });
    if (--remaining === 0) finish();
  } catch (e) {
    cap.reject(e);
  }
  return cap.promise;
}

/**
 * `next.then(onFulfilled, onRejected)` for a combinator: on a runtime future
 * with its own unchanged `then`, the reaction is registered directly, without
 * the derived promise nobody would see. The job count is the same.
 */
function thenInternal(next: any, onFulfilled: Function, onRejected: Function): void {
  const then = next instanceof BaseFuture ? (next as any).then : null;
  if (then !== null && (then === LoopPromise.prototype.then || then === Future.prototype.then)) {
    next._observed = true;
    next._addCallback(new Reaction(next, onFulfilled, onRejected, null));
    return;
  }
  next.then(onFulfilled, onRejected);
}

/**
 * Puts LoopPromise on the global object as `Promise` where the host has none
 * (or always, with `{ force: true }`). Returns whether it installed it.
 */
export function installPromise(options?: { force?: boolean }): boolean {
  if (typeof globalObject.Promise === "function" && !(options && options.force)) return false;
  globalObject.Promise = LoopPromise;
  return true;
}

/**
 * With `promise: "loop"`, `Promise` in compiled code is LoopPromise, and
 * what an async function returns (a Task) must still be `instanceof
 * Promise`, as natively: every runtime future answers to LoopPromise's
 * instanceof where the host has Symbol.hasInstance (not MuJS: see the README).
 */
if (typeof Symbol === "function" && Symbol.hasInstance) {
  Object.defineProperty(LoopPromise, Symbol.hasInstance, {
    configurable: true,
    value: function (this: unknown, x: unknown): boolean {
      if (this !== LoopPromise) return (Function.prototype as any)[Symbol.hasInstance].call(this, x);
      return x instanceof BaseFuture;
    },
  });
}
