/**
 * Future: an asyncio future. Its done callbacks run as jobs on its loop, and
 * `then`/`catch`/`finally` make it usable wherever a Promise is expected.
 */
import { BaseFuture, CANCELLED, FULFILLED, PENDING, REJECTED } from "./base-future";
import { CancelledError, InvalidStateError } from "./errors";
import { finallyOn, thenOn, type LoopPromise } from "./loop-promise";
import type { EventLoop } from "./loop";

export class Future<T = unknown> extends BaseFuture implements PromiseLike<T> {
  constructor(loop?: EventLoop) {
    super(loop);
  }

  getLoop(): EventLoop {
    return this._loop;
  }

  done(): boolean {
    return this._state !== PENDING;
  }

  cancelled(): boolean {
    return this._state === CANCELLED;
  }

  /** The result; throws the exception (or CancelledError); InvalidStateError while pending. */
  result(): T {
    const state = this._state;
    if (state === PENDING) throw new InvalidStateError("Result is not ready.");
    this._observed = true;
    if (state !== FULFILLED) throw this._value;
    return this._value;
  }

  /** The exception, or null; throws CancelledError when cancelled, InvalidStateError while pending. */
  exception(): unknown {
    const state = this._state;
    if (state === PENDING) throw new InvalidStateError("Exception is not set.");
    this._observed = true;
    if (state === CANCELLED) throw this._value;
    return state === REJECTED ? this._value : null;
  }

  setResult(value: T): void {
    if (this._state !== PENDING) throw new InvalidStateError(this._describeState() + ": cannot set a result");
    this._settle(FULFILLED, value);
  }

  setException(error: unknown): void {
    if (this._state !== PENDING) throw new InvalidStateError(this._describeState() + ": cannot set an exception");
    this._settle(REJECTED, error);
  }

  /** Cancels a pending future; returns false when it is already done. */
  cancel(msg?: string): boolean {
    if (this._state !== PENDING) return false;
    this._settle(CANCELLED, new CancelledError(msg));
    return true;
  }

  /** fn(future) runs as a job once the future is done (at once as a job if it already is). */
  addDoneCallback(fn: (future: this) => void): void {
    if (typeof fn !== "function") throw new TypeError("addDoneCallback expects a function");
    this._addCallback(fn);
  }

  /** Removes every registration of fn; returns how many were removed. */
  removeDoneCallback(fn: (future: this) => void): number {
    return this._removeCallback(fn);
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): LoopPromise<R1 | R2> {
    return thenOn(this, onFulfilled, onRejected);
  }

  catch<R = never>(onRejected?: ((reason: any) => R | PromiseLike<R>) | null): LoopPromise<T | R> {
    return this.then(undefined, onRejected);
  }

  finally(onFinally?: (() => unknown) | null): LoopPromise<T> {
    return finallyOn(this, onFinally);
  }

  /** @internal */
  _describeState(): string {
    return ["pending", "finished", "failed", "cancelled"][this._state] + " future";
  }
}

