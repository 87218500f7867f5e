/**
 * The LoopPromise statics beyond resolve/reject: all, allSettled, any, race,
 * withResolvers, as the ECMAScript algorithms specify them (so a program
 * keeps its exact order of promise reactions), plus installPromise and the
 * `instanceof` rule for promise "loop". Opt-in: loading this module adds
 * them to LoopPromise; compiled code with `promise: "loop"` imports
 * LoopPromise through the runtime's `promise` entry, which loads it.
 */
import { BaseFuture, FULFILLED, type Waiter } from "./base-future";
import { Future } from "./future";
import { LoopPromise, Reaction, newCapability, type Capability } from "./loop-promise";
import { captureContext } from "./async-context";
import type { EventLoop } from "./loop";
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
    const all = new Combination(cap, mode);
    forEachValue(values, function (value) {
      const index = all.results.length;
      all.results.push(undefined);
      all.remaining++;
      const next = resolveFn.call(C, value);
      // `then` is looked up once, as thenInternal does
      const internal = isInternalThen(next);
      if (internal && captureContext === null) {
        // the common case (Promise.all over tasks): one job object per
        // element instead of an element closure and a Reaction; the same
        // registration, and the same single job when `next` settles
        next._observed = true;
        next._addCallback(new ElementJob(next, all, index));
        return;
      }
      const h = all.handlers(index);
      if (internal) {
        next._observed = true;
        next._addCallback(new Reaction(next, h[0], h[1], null));
      } else next.then(h[0], h[1]);
    });
    if (--all.remaining === 0) all.finish();
  } catch (e) {
    cap.reject(e);
  }
  return cap.promise;
}
/** What Promise.all, allSettled and any share while their elements settle. */
class Combination {
  readonly results: unknown[] = [];
  /** elements not settled yet, plus one until the walk is over */
  remaining = 1;
  constructor(
    readonly cap: Capability<any>,
    readonly mode: number,
  ) {}

  /** an element settled: its value, an allSettled record, or any's error */
  settle(index: number, item: unknown): void {
    this.results[index] = item;
    if (--this.remaining === 0) this.finish();
  }

  finish(): void {
    if (this.mode === ANY) this.cap.reject(aggregateError(this.results, "All promises were rejected"));
    else this.cap.resolve(this.results);
  }

  /**
   * An element settled through the runtime's own `then` (ElementJob): what
   * the functions handlers() gives would do, without making them.
   */
  outcome(index: number, ok: boolean, value: unknown): void {
    if (this.mode === ALL) {
      if (ok) this.settle(index, value);
      else this.cap.reject(value);
    } else if (this.mode === ALL_SETTLED) this.settle(index, settledRecord(ok, value));
    else if (ok) this.cap.resolve(value);
    else this.settle(index, value);
  }

  /**
   * The functions a `then` is given for element `index`, as the spec makes
   * them: an element function (only its first call counts; allSettled's two
   * share it) where the outcome fills the slot, the capability's own
   * resolve/reject where it settles the whole.
   */
  handlers(index: number): [Function, Function] {
    const self = this;
    let called = false;
    const element = function (item: unknown) {
      if (called) return;
      called = true;
      self.settle(index, item);
    };
    if (this.mode === ALL) return [element, this.cap.reject];
    if (this.mode === ANY) return [this.cap.resolve, element];
    return [
      function (v: unknown) {
        element(settledRecord(true, v));
      },
      function (e: unknown) {
        element(settledRecord(false, e));
      },
    ];
  }
}

/** allSettled's record of one outcome. */
function settledRecord(ok: boolean, value: unknown): { status: string; value?: unknown; reason?: unknown } {
  return ok ? { status: "fulfilled", value: value } : { status: "rejected", reason: value };
}

/**
 * One element's reaction where `then` is the runtime's own: what a Reaction
 * with the element function and cap.resolve/cap.reject would do, in one
 * object. It runs once (a future settles once), so it needs no `called` flag.
 */
class ElementJob implements Waiter {
  _loop: EventLoop;
  constructor(
    private readonly source: BaseFuture,
    private readonly all: Combination,
    private readonly index: number,
  ) {
    this._loop = source._loop;
  }

  _wakeup(): void {
    const source = this.source;
    this.all.outcome(this.index, source._state === FULFILLED, source._value);
  }
}

/** A runtime future whose `then` is the runtime's own (one lookup of `then`, as `next.then(…)` does). */
function isInternalThen(next: any): boolean {
  if (!(next instanceof BaseFuture)) return false;
  const then = (next as any).then;
  return then === LoopPromise.prototype.then || then === Future.prototype.then;
}

/**
 * `next.then(onFulfilled, onRejected)` for a combinator: on a runtime future
 * with its own unchanged `then`, the reaction is registered directly, without
 * the derived promise nobody would see. The job count is the same.
 */
function thenInternal(next: any, onFulfilled: Function, onRejected: Function): void {
  if (isInternalThen(next)) {
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
