/**
 * What Future, Task and LoopPromise share: an outcome that is settled once,
 * and the callbacks waiting for it. Settling never runs a callback
 * synchronously: each one becomes a job on the loop, in registration order,
 * as a host runs promise reactions.
 *
 * A callback is either a function (an asyncio done callback, called with the
 * future) or a Waiter (a Task awaiting this future, a promise reaction):
 * an object woken through `_wakeup()`. Waiters let an await register the task
 * itself, so suspending allocates nothing.
 */
import { currentLoop, type EventLoop, type ExceptionContext, type Job } from "./loop";
import type { Failure } from "./failure";

export const PENDING = 0;
export const FULFILLED = 1;
export const REJECTED = 2;
export const CANCELLED = 3;

export type { Job };

/** A job that waits on a future: queued on its own loop when the future settles. */
export interface Waiter extends Job {
  _loop: EventLoop;
}

/** An asyncio done callback, called (as a job) with the future; Future's methods type it with the future's own type. */
export type DoneCallback = (future: never) => void;
export type Callback = DoneCallback | Waiter;

/** An asyncio done callback as a job: fn(future). */
class CallbackJob implements Job {
  constructor(
    private readonly fn: DoneCallback,
    private readonly future: BaseFuture,
  ) {}
  _wakeup(): void {
    (this.fn as (future: BaseFuture) => void)(this.future);
  }
}

export class BaseFuture implements Failure {
  /** @internal */ _loop: EventLoop;
  /** @internal PENDING, FULFILLED, REJECTED or CANCELLED */
  _state = PENDING;
  /** @internal the result, or the error (a CancelledError when cancelled) */
  _value: any = undefined;
  /** @internal first callback; more in _cbs (kept apart: one waiter is the common case) */
  _cb: Callback | null = null;
  /** @internal */ _cbs: Callback[] | null = null;
  /** @internal someone took the outcome (await, then, result()/exception()); unset failures are reported */
  _observed = false;

  constructor(loop?: EventLoop) {
    this._loop = loop || currentLoop();
  }

  /** @internal */
  _addCallback(cb: Callback): void {
    if (this._state !== PENDING) this._schedule(cb);
    else if (this._cb === null && this._cbs === null) this._cb = cb;
    else if (this._cbs === null) this._cbs = [cb];
    else this._cbs.push(cb);
  }

  /** @internal removes every registration of cb; returns how many */
  _removeCallback(cb: Callback): number {
    let n = 0;
    if (this._cb === cb) {
      this._cb = null;
      n++;
    }
    const cbs = this._cbs;
    if (cbs !== null) {
      const kept: Callback[] = [];
      for (let i = 0; i < cbs.length; i++) {
        if (cbs[i] === cb) n++;
        else kept.push(cbs[i]);
      }
      this._cbs = kept.length > 0 ? kept : null;
    }
    return n;
  }

  /** @internal the waiters and callbacks registered now, in order (for inspection) */
  _callbacks(): Callback[] {
    const out: Callback[] = [];
    if (this._cb !== null) out.push(this._cb);
    if (this._cbs !== null) for (let i = 0; i < this._cbs.length; i++) out.push(this._cbs[i]);
    return out;
  }

  /** @internal sets the outcome and queues every callback as a job */
  _settle(state: number, value: unknown): void {
    this._state = state;
    this._value = value;
    const cb = this._cb;
    const cbs = this._cbs;
    this._cb = null;
    this._cbs = null;
    if (cb !== null) this._schedule(cb);
    if (cbs !== null) for (let i = 0; i < cbs.length; i++) this._schedule(cbs[i]);
    if (state === REJECTED && !this._observed) this._loop._noteUnobserved(this);
  }

  private _schedule(cb: Callback): void {
    if (typeof cb === "function") this._loop._enqueueJob(new CallbackJob(cb, this));
    else cb._loop._enqueueJob(cb);
  }

  /** @internal how an unretrieved failure is reported */
  _unobservedMessage(): string {
    return "Future exception was never retrieved";
  }

  /** @internal Failure: the exception handler's context for an unretrieved failure */
  _unobservedContext(): ExceptionContext {
    return { message: this._unobservedMessage(), exception: this._value, future: this };
  }
}

export interface BaseFuture {
  /** @internal a successful result reaches the task awaiting it even past a pending cancellation (Task._wakeup) */
  _deliver: boolean;
}
BaseFuture.prototype._deliver = false;

/**
 * Something that can adopt the outcome of a thenable: a LoopPromise being
 * resolved, or a Task whose coroutine returned a thenable.
 */
export interface Adopter {
  _loop: EventLoop;
  _fulfill(value: unknown): void;
  _reject(error: unknown): void;
}

/**
 * The Promise Resolve Functions steps: a thenable is adopted through a job
 * that calls its `then` (NewPromiseResolveThenableJob); anything else
 * fulfils. Reading `then` happens now, as it does natively.
 */
export function resolveAdopter(target: Adopter, x: unknown): void {
  if (x === target) {
    target._reject(new TypeError("Chaining cycle detected for promise"));
    return;
  }
  if (x !== null && (typeof x === "object" || typeof x === "function")) {
    let then: unknown;
    try {
      then = (x as any).then;
    } catch (e) {
      target._reject(e);
      return;
    }
    if (typeof then === "function") {
      adoptThenable(target, x, then);
      return;
    }
  }
  target._fulfill(x);
}

/** Queues the job that calls `then` on x to settle target (NewPromiseResolveThenableJob). */
export function adoptThenable(target: Adopter, x: unknown, then: Function): void {
  target._loop._enqueueJob(new ThenableJob(target, x, then));
}

class ThenableJob implements Job {
  constructor(
    readonly target: Adopter,
    readonly thenable: unknown,
    readonly then: Function,
  ) {}

  _wakeup(): void {
    runThenableJob(this);
  }
}

function runThenableJob(job: ThenableJob): void {
  const fns = resolvingFunctions(job.target);
  try {
    job.then.call(job.thenable, fns.resolve, fns.reject);
  } catch (e) {
    fns.reject(e);
  }
}

/** A once-only resolve/reject pair for target (the first call wins). */
export function resolvingFunctions(target: Adopter): {
  resolve: (value?: unknown) => void;
  reject: (error?: unknown) => void;
} {
  let settled = false;
  return {
    resolve(value?: unknown) {
      if (settled) return;
      settled = true;
      resolveAdopter(target, value);
    },
    reject(error?: unknown) {
      if (settled) return;
      settled = true;
      target._reject(error);
    },
  };
}


declare const Promise: any;
declare const Symbol: any;

/**
 * What an async function returns is a Promise natively, and code checks it
 * (`result instanceof Promise`, `Object.prototype.toString`): where the host
 * has a native Promise, futures and tasks inherit from its prototype (their
 * own `then`/`catch`/`finally` come first, so nothing native ever runs on
 * them). Done once, when the runtime loads; on a host without Promise they
 * still tag themselves "Promise" where the host has Symbol.toStringTag.
 */
const setPrototypeOf: ((o: object, proto: object) => void) | undefined = (Object as any).setPrototypeOf;
if (typeof Promise === "function" && Promise.prototype && setPrototypeOf) {
  setPrototypeOf(BaseFuture.prototype, Promise.prototype);
} else if (typeof Symbol === "function" && Symbol.toStringTag) {
  Object.defineProperty(BaseFuture.prototype, Symbol.toStringTag, { configurable: true, value: "Promise" });
}
