/**
 * LoopPromise: a complete Promise whose jobs run on the loop. It follows the
 * ECMAScript algorithms step for step (resolve functions, thenable jobs,
 * reaction jobs), so a program keeps its exact order of
 * promise reactions when `Promise` is this class. Subclassing through
 * Symbol.species is not supported: derived promises are LoopPromises.
 *
 * This is the core compiled code needs (then/catch/finally, resolve,
 * reject); the statics (all, allSettled, any, race, withResolvers) and
 * installPromise are in loop-promise-statics.ts.
 */
import {
  BaseFuture,
  FULFILLED,
  REJECTED,
  resolveAdopter,
  type Waiter,
} from "./base-future";
import type { EventLoop } from "./loop";
import { captureContext, type AsyncContext } from "./async-context";

type Executor<T> = (resolve: (value?: T | PromiseLike<T>) => void, reject: (reason?: unknown) => void) => void;

/** @internal the executor that makes a bare promise (no resolving functions) */
export const INTERNAL = function () {};


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
export class Reaction implements Waiter {
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

export interface Capability<T> {
  promise: LoopPromise<T>;
  resolve: (value?: any) => void;
  reject: (reason?: any) => void;
}

export function newCapability<T>(C: any): Capability<T> {
  let resolve: any;
  let reject: any;
  const promise = new C(function (res: any, rej: any) {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
