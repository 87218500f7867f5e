/**
 * LoopPromise: a complete Promise whose jobs run on the loop. It follows the
 * ECMAScript algorithms step for step (resolve functions, thenable jobs,
 * reaction jobs, the combinators), so a program keeps its exact order of
 * promise reactions when `Promise` is this class. Subclassing through
 * Symbol.species is not supported: derived promises are LoopPromises.
 */
import {
  BaseFuture,
  FULFILLED,
  REJECTED,
  resolveAdopter,
  type Waiter,
} from "./base-future";
import type { EventLoop } from "./loop";
import { aggregateError } from "./errors";
import { globalObject } from "./host";
import { captureContext, type AsyncContext } from "./async-context";

type Executor<T> = (resolve: (value?: T | PromiseLike<T>) => void, reject: (reason?: any) => void) => void;

const INTERNAL = function () {};

/** What the combinators take: an array-like, or an iterable where the host has Symbol.iterator. */
export type Values<T> = ArrayLike<T | PromiseLike<T>> | { readonly [key: string]: any };

export class LoopPromise<T = unknown> extends BaseFuture implements PromiseLike<T> {
  constructor(executor: Executor<T>) {
    super();
    if (typeof executor !== "function") throw new TypeError("Promise resolver " + String(executor) + " is not a function");
    if (executor === (INTERNAL as unknown)) return;
    // the resolving functions: two closures over one flag, no wrapper object
    const self = this;
    let settled = false;
    try {
      executor(
        function (value?: unknown) {
          if (settled) return;
          settled = true;
          resolveAdopter(self, value);
        },
        function (error?: unknown) {
          if (settled) return;
          settled = true;
          self._reject(error);
        },
      );
    } catch (e) {
      if (!settled) {
        settled = true;
        self._reject(e);
      }
    }
  }

  /** @internal */
  _fulfill(value: unknown): void {
    this._settle(FULFILLED, value);
  }

  /** @internal */
  _reject(error: unknown): void {
    this._settle(REJECTED, error);
  }

  /** @internal */
  _unobservedMessage(): string {
    return "Unhandled promise rejection";
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): LoopPromise<R1 | R2> {
    return thenOn(this, onFulfilled, onRejected);
  }

  catch<R = never>(onRejected?: ((reason: any) => R | PromiseLike<R>) | null): LoopPromise<T | R> {
    return (this as any).then(undefined, onRejected);
  }

  finally(onFinally?: (() => unknown) | null): LoopPromise<T> {
    return finallyOn(this, onFinally);
  }

  /**
   * Promise.resolve: a promise of this constructor is returned as is. A
   * Future or Task counts as a LoopPromise here, as an async function's
   * promise is a native Promise: `Promise.resolve(task) === task`, so
   * Promise.all/race over tasks adds no jobs, as natively.
   */
  static resolve<T>(value?: T | PromiseLike<T>): LoopPromise<T> {
    const C: any = this;
    if (value instanceof BaseFuture && promiseConstructorOf(value) === C) return value as LoopPromise<T>;
    if (C === LoopPromise) {
      // no subclass: no capability, executor or resolving functions to make
      const p = new LoopPromise<T>(INTERNAL as any);
      resolveAdopter(p, value);
      return p;
    }
    const cap = newCapability<T>(C);
    cap.resolve(value);
    return cap.promise;
  }

  static reject<T = never>(reason?: unknown): LoopPromise<T> {
    if (this === LoopPromise) {
      const p = new LoopPromise<T>(INTERNAL as any);
      p._reject(reason);
      return p;
    }
    const cap = newCapability<T>(this);
    cap.reject(reason);
    return cap.promise;
  }

  static withResolvers<T>(): { promise: LoopPromise<T>; resolve: (v?: T | PromiseLike<T>) => void; reject: (e?: any) => void } {
    return newCapability<T>(this);
  }

  static all<T>(values: Values<T>): LoopPromise<any[]> {
    return combine(this, values, ALL);
  }

  static allSettled<T>(values: Values<T>): LoopPromise<any[]> {
    return combine(this, values, ALL_SETTLED);
  }

  static any<T>(values: Values<T>): LoopPromise<T> {
    return combine(this, values, ANY);
  }

  static race<T>(values: Values<T>): LoopPromise<T> {
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
  }
}

/** The constructor a runtime future stands for as a promise (LoopPromise for futures and tasks). */
function promiseConstructorOf(x: BaseFuture): unknown {
  return isLoopPromise(x) ? (x as any).constructor : LoopPromise;
}

/** A LoopPromise by its prototype chain (`instanceof LoopPromise` also accepts futures and tasks: below). */
function isLoopPromise(x: BaseFuture): boolean {
  return LoopPromise.prototype.isPrototypeOf(x);
}

/** A promise reaction: one job when the source settles (PerformPromiseThen). */
class Reaction implements Waiter {
  _loop: EventLoop;
  /** the host's async context where `then` was called: the handler runs in it, as natively */
  private readonly ctx: AsyncContext | null;
  constructor(
    private readonly source: BaseFuture,
    private readonly onFulfilled: unknown,
    private readonly onRejected: unknown,
    /** the derived promise; null for the combinators' own reactions, whose result nobody sees */
    private readonly target: LoopPromise<any> | null,
  ) {
    this._loop = source._loop;
    this.ctx = captureContext !== null ? captureContext() : null;
  }

  _wakeup(): void {
    if (this.ctx !== null) this.ctx.runInAsyncScope(this._run, this);
    else this._run();
  }

  private _run(): void {
    const source = this.source;
    const ok = source._state === FULFILLED;
    const handler = ok ? this.onFulfilled : this.onRejected;
    const target = this.target;
    if (target === null) {
      (handler as Function)(source._value);
      return;
    }
    if (typeof handler !== "function") {
      if (ok) resolveAdopter(target, source._value);
      else target._reject(source._value);
      return;
    }
    let result: unknown;
    try {
      result = handler(source._value);
    } catch (e) {
      target._reject(e);
      return;
    }
    resolveAdopter(target, result);
  }
}

/**
 * `then` on any BaseFuture (LoopPromise, Future, Task): a cancelled future
 * rejects the derived promise with its CancelledError.
 */
export function thenOn(source: BaseFuture, onFulfilled: unknown, onRejected: unknown): LoopPromise<any> {
  const derived = new LoopPromise<any>(INTERNAL as any);
  derived._loop = source._loop;
  source._observed = true;
  source._addCallback(new Reaction(source, onFulfilled, onRejected, derived));
  return derived;
}

/** Promise.prototype.finally, as specified (the extra thens keep native timing). */
export function finallyOn(source: any, onFinally: unknown): LoopPromise<any> {
  if (typeof onFinally !== "function") return source.then(onFinally, onFinally);
  const ctor = source.constructor;
  const C: any = typeof ctor === "function" && typeof ctor.resolve === "function" ? ctor : LoopPromise;
  return source.then(
    function (value: unknown) {
      return C.resolve((onFinally as Function)()).then(function () {
        return value;
      });
    },
    function (reason: unknown) {
      return C.resolve((onFinally as Function)()).then(function () {
        throw reason;
      });
    },
  );
}

interface Capability<T> {
  promise: LoopPromise<T>;
  resolve: (value?: any) => void;
  reject: (reason?: any) => void;
}

function newCapability<T>(C: any): Capability<T> {
  let resolve: any;
  let reject: any;
  const promise = new C(function (res: any, rej: any) {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function getResolve(C: any): Function {
  const resolveFn = C.resolve;
  if (typeof resolveFn !== "function") throw new TypeError("Promise resolve is not a function");
  return resolveFn;
}

declare const Symbol: any;

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

/** The `then` methods of the runtime's own classes (Future registers its own). */
const builtinThens: Function[] = [];

export function registerBuiltinThen(then: Function): void {
  builtinThens.push(then);
}

/**
 * `next.then(onFulfilled, onRejected)` for a combinator: on a runtime future
 * with its own unchanged `then`, the reaction is registered directly, without
 * the derived promise nobody would see. The job count is the same.
 */
function thenInternal(next: any, onFulfilled: Function, onRejected: Function): void {
  if (next instanceof BaseFuture && builtinThens.indexOf((next as any).then) >= 0) {
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

registerBuiltinThen(LoopPromise.prototype.then);

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
