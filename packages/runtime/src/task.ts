/**
 * Task: a Future that drives one coroutine (see protocol.ts), and the driver
 * itself. A compiled async function call is `startCoroutine(body, meta)`: it
 * runs the body synchronously up to its first await, as native code does,
 * and returns the Task.
 *
 * Invariant (as in asyncio): a pending task either is running, or waits on
 * exactly one thing: `_w` (a future it is registered with as a waiter) or a
 * queued wake-up job (`_w === null`, resuming with `_v`).
 */
import {
  BaseFuture,
  CANCELLED,
  FULFILLED,
  PENDING,
  REJECTED,
  adoptThenable,
  resolveAdopter,
} from "./base-future";
import { Future } from "./future";
import { LoopPromise } from "./loop-promise";
import { CancelledError, InvalidStateError } from "./errors";
import type { EventLoop, ExceptionContext } from "./loop";
import { recordAsyncStack, siteAt } from "./async-stack";
import { captureContext, currentResource, type AsyncContext } from "./async-context";
import { DONE, FAILED, LAND_RETURN, LAND_THROW, type AwaitSite, type CoroutineBody, type CoroutineMeta } from "./protocol";

export type { AwaitSite };

const NO_META: CoroutineMeta = {};

class TaskExtra {
  adopted: BaseFuture | null = null;
  cancelMsg: string | undefined = undefined;
  cancelRequests = 0;
  staleWakes = 0;
  name: string | null = null;
  /** the host's async context at the last await (async-context.ts), resumed in */
  ctx: AsyncContext | null = null;
}


export class Task<T = unknown> extends Future<T> {
  /** protocol: the resume point (see protocol.ts) */
  s = 0;
  /** protocol: the landing kind for a finally region */
  k = 0;
  /** @internal the coroutine body; null once it has finished */
  _body: CoroutineBody | null;
  /** @internal */ _meta: CoroutineMeta;
  /** @internal the future this task waits on, or null */
  _w: BaseFuture | null = null;
  /** @internal the value a queued wake-up resumes with when _w is null */
  _v: unknown = undefined;
  /** @internal a cancellation to throw in at the next resume */
  _mustCancel = false;
  /** @internal rarely used state, allocated on first use */
  _x: TaskExtra | null = null;
  /** @internal */ _id: number;
  /** @internal the task that was current when this one was called (its first step runs inside the call) */
  _caller: Task<any> | null = null;
  /** @internal the loop's list of live tasks */
  _prev: Task<any> | null = null;
  /** @internal */ _next: Task<any> | null = null;

  constructor(body: CoroutineBody, meta?: CoroutineMeta | null, loop?: EventLoop, name?: string) {
    super(loop);
    this._body = body;
    this._meta = meta || NO_META;
    this._id = this._loop._newTaskId();
    if (name !== undefined) this._extra().name = name;
    if (this._loop._hooks !== null) this._loop._hooks.emit("taskCreated", this);
  }

  /** @internal */
  _extra(): TaskExtra {
    return this._x || (this._x = new TaskExtra());
  }

  get _adopted(): BaseFuture | null {
    return this._x === null ? null : this._x.adopted;
  }

  getName(): string {
    const name = this._x === null ? null : this._x.name;
    return name !== null ? name : "Task-" + this._id;
  }

  setName(name: string): void {
    this._extra().name = String(name);
  }

  /** The coroutine this task drives: its function name, resume point and await site. */
  getCoro(): { name: string; resumePoint: number; site: AwaitSite | null } {
    return { name: this._meta.n || "<anonymous>", resumePoint: this.s, site: this.getSite() };
  }

  /** The await the task is suspended at (null while running, once done, or without locations). */
  getSite(): AwaitSite | null {
    if (this._body === null || this._loop._current === this) return null;
    return siteAt(this, this.s);
  }

  /** The frames of the coroutine: here one, the await it is suspended at. */
  getStack(): AwaitSite[] {
    const site = this.getSite();
    return site === null ? [] : [site];
  }

  /**
   * Requests cancellation: CancelledError is thrown in at the task's await
   * on its next turn. A task waiting on a future or task cancels that instead
   * (the error then comes back from it). False when the task is done.
   */
  cancel(msg?: string): boolean {
    if (this._state !== PENDING) return false;
    const x = this._extra();
    x.cancelRequests++;
    if (this._body === null) {
      // The coroutine has returned a thenable and the task adopts it: there
      // is no await left to throw into. A returned future or task is
      // cancelled instead (its CancelledError then comes back through the
      // adoption), as if the coroutine had been `return await`.
      const a = x.adopted;
      if (a !== null && a._state === PENDING && a instanceof Future && a.cancel(msg)) return true;
      this._finish(CANCELLED, new CancelledError(msg));
      return true;
    }
    const w = this._w;
    if (w !== null && w._state === PENDING && w instanceof Future && w.cancel(msg)) return true;
    this._mustCancel = true;
    x.cancelMsg = msg;
    if (w !== null && w._state === PENDING) this._stopWaiting();
    return true;
  }

  /** Number of pending cancellation requests (asyncio's cancelling()). */
  cancelling(): number {
    return this._x === null ? 0 : this._x.cancelRequests;
  }

  /** Withdraws one cancellation request; returns how many remain. */
  uncancel(): number {
    const x = this._extra();
    if (x.cancelRequests > 0) x.cancelRequests--;
    if (x.cancelRequests === 0) this._mustCancel = false;
    return x.cancelRequests;
  }

  setResult(_value: T): void {
    throw new InvalidStateError("Task does not support setResult(): its coroutine sets the result");
  }

  setException(_error: unknown): void {
    throw new InvalidStateError("Task does not support setException(): its coroutine sets the outcome");
  }

  /** @internal wakes the task: the future it waited on settled, or a plain value is due */
  _wakeup(): void {
    if (this._x !== null && this._x.staleWakes > 0) {
      this._x.staleWakes--;
      return;
    }
    const w = this._w;
    let v: unknown;
    let thrown = false;
    if (w === null) {
      v = this._v;
      this._v = undefined;
    } else {
      this._w = null;
      v = w._value;
      thrown = w._state !== FULFILLED;
    }
    // a pending cancellation replaces the outcome (a CancelledError already
    // coming in is kept, as asyncio does), except the result of a delivering
    // future (a primitive's acquire/get): it lands at the next await
    if (this._mustCancel && !(w !== null && w._deliver && !thrown)) {
      this._mustCancel = false;
      if (!(thrown && v instanceof CancelledError)) {
        v = new CancelledError(this._extra().cancelMsg);
        thrown = true;
      }
    }
    const x = this._x;
    if (x !== null && x.ctx !== null) {
      x.ctx.runInAsyncScope(resume, null, this, v, thrown);
      return;
    }
    // resume(), inlined: one runtime frame less under the body in stack traces
    if (this._loop._hooks !== null) this._loop._hooks.emit("taskResumed", this);
    step(this, v, thrown);
  }

  /** @internal the body suspended on x: register to be woken, counting jobs as `await x` does natively */
  _suspendOn(x: unknown): void {
    if (x === null || (typeof x !== "object" && typeof x !== "function")) {
      this._resumeWith(x);
      return;
    }
    if (x instanceof BaseFuture) {
      // a runtime future, task or LoopPromise: woken one job after it settles
      if (x === this) {
        this._waitOn(LoopPromise.reject(new InvalidStateError("Task cannot await on itself")));
        return;
      }
      this._waitOn(x);
      return;
    }
    if (isNativePromise(x) && awaitNativePromise(this, x)) return;
    // a foreign thenable: read `then` now, call it from a job, resume one
    // job after it settles (two jobs at best, as natively)
    let then: unknown;
    try {
      then = (x as any).then;
    } catch (e) {
      this._waitOn(LoopPromise.reject(e));
      return;
    }
    if (typeof then === "function") {
      const p = new LoopPromise(noop);
      p._loop = this._loop;
      adoptThenable(p, x, then);
      this._waitOn(p);
      return;
    }
    // an object that is no thenable: a plain value
    this._resumeWith(x);
  }

  /** The task resumes with v one job from now (a plain value awaited, or a cancellation to deliver). */
  private _resumeWith(v: unknown): void {
    this._w = null;
    this._v = v;
    this._loop._enqueueJob(this);
  }

  /**
   * Waits on a runtime future. A cancellation requested while running is
   * passed down to a future that can be cancelled, and otherwise delivered
   * at once (the task stops waiting).
   */
  /** @internal */
  _waitOn(p: BaseFuture): void {
    p._observed = true;
    this._w = p;
    if (p._state !== PENDING) {
      this._loop._enqueueJob(this);
      return;
    }
    p._addCallback(this);
    if (!this._mustCancel) return;
    if (!(p instanceof Future)) this._stopWaiting();
    else if (p.cancel(this._extra().cancelMsg)) this._mustCancel = false;
  }

  /** Stops waiting on an uncancellable awaitable so a cancellation is delivered now. */
  private _stopWaiting(): void {
    this._w!._removeCallback(this);
    this._resumeWith(undefined);
  }

  /**
   * @internal the coroutine returned: adopt the value as `return` does in an
   * async function. A cancellation requested while it ran (it cancelled
   * itself) and not delivered at an await cancels the task, as in asyncio.
   */
  _return(value: unknown): void {
    this._body = null;
    if (this._mustCancel) {
      this._mustCancel = false;
      this._finish(CANCELLED, new CancelledError(this._extra().cancelMsg));
      return;
    }
    if (value === null || (typeof value !== "object" && typeof value !== "function")) {
      // a plain value (the common case): fulfilled now, nothing to adopt
      if (this._state === PENDING) this._finish(FULFILLED, value);
      return;
    }
    if (value instanceof BaseFuture) this._extra().adopted = value;
    resolveAdopter(this, value);
    if (this._state === PENDING) this._loop._registerTask(this);
  }

  /** @internal the coroutine threw: a CancelledError cancels the task, anything else fails it */
  _throw(error: unknown): void {
    if (this.s !== FAILED) recordAsyncStack(this, error, this.s); // a compiled body recorded it in caught()
    this._body = null;
    this._finish(error instanceof CancelledError ? CANCELLED : REJECTED, error);
  }

  /** @internal Adopter: the adopted value fulfilled */
  _fulfill(value: unknown): void {
    if (this._state === PENDING) this._finish(FULFILLED, value);
  }

  /** @internal Adopter: the adopted value rejected */
  _reject(error: unknown): void {
    if (this._state === PENDING) this._finish(error instanceof CancelledError ? CANCELLED : REJECTED, error);
  }

  private _finish(state: number, value: unknown): void {
    this._body = null;
    this._w = null;
    if (this._x !== null) this._x.adopted = null;
    this._loop._unregisterTask(this);
    this._settle(state, value);
    if (this._loop._hooks !== null) this._loop._hooks.emit("taskDone", this);
  }

  /** @internal */
  _unobservedMessage(): string {
    return "Task exception was never retrieved";
  }

  /** @internal */
  _unobservedContext(): ExceptionContext {
    const context = super._unobservedContext();
    context.task = this;
    return context;
  }

  /** @internal LiveTask: name and await site, for reports */
  _label(): string {
    const site = this.getSite();
    return this.getName() + (site ? " (at " + (site.file ? site.file + ":" : "") + site.line + ":" + site.column + ")" : "");
  }

  /** @internal */
  _describeState(): string {
    return "task " + this.getName() + " is " + (this._state === PENDING ? "pending" : "done");
  }
}

function noop() {}

declare const Promise: any;
/** The host's own Promise and its original then, where there is one. */
const NativePromise: any = typeof Promise === "function" ? Promise : null;
const nativeThen: any = NativePromise !== null ? NativePromise.prototype.then : null;

/** What `await` treats as a promise of its own (PromiseResolve): a host promise whose constructor is the host's Promise. */
function isNativePromise(x: unknown): boolean {
  if (NativePromise === null || !(x instanceof NativePromise)) return false;
  try {
    return (x as any).constructor === NativePromise;
  } catch (e) {
    return false;
  }
}

/**
 * `await nativePromise` costs one job natively: the continuation is the
 * promise's own reaction (PerformPromiseThen, no `then` looked up). The task
 * waits on a LoopPromise settled from that reaction, and where the loop
 * runs each job in a host microtask of its own, the task resumes right in
 * the reaction, as natively. False when x is no real host promise.
 */
function awaitNativePromise(task: Task<any>, x: unknown): boolean {
  const p = new LoopPromise(noop);
  p._loop = task._loop;
  try {
    nativeThen.call(
      x,
      function (value: unknown) {
        settleFromHost(p, FULFILLED, value);
      },
      function (error: unknown) {
        settleFromHost(p, REJECTED, error);
      },
    );
  } catch (e) {
    return false;
  }
  task._waitOn(p);
  return true;
}

function settleFromHost(p: LoopPromise<any>, state: number, value: unknown): void {
  const waiter = p._cb;
  if (waiter instanceof Task && p._cbs === null && p._loop._canRunFromHost()) {
    // the one waiting task resumes in this host job (no extra job on the loop)
    p._cb = null;
    p._state = state;
    p._value = value;
    p._loop._runFromHost(waiter);
    return;
  }
  if (state === FULFILLED) p._fulfill(value);
  else p._reject(value);
}

/** The body suspended on r: register the wake-up, and tell the listeners. */
export function suspended(t: Task<any>, r: unknown): void {
  t._suspendOn(r);
  if (captureContext !== null) keepContext(t);
  if (t._loop._hooks !== null) t._loop._hooks.emit("taskSuspended", t);
}

/**
 * The continuation runs in the context current at the await, as natively.
 * A task resumed in its context and still in it reuses it: the stores an
 * enterWith changed are on that resource already.
 */
function keepContext(t: Task<any>): void {
  const x = t._extra();
  if (x.ctx === null || x.ctx !== currentResource()) x.ctx = captureContext!();
}

/**
 * Finds the region that catches a throw (or a close) at the task's resume
 * point, innermost first, and moves the resume point to its landing.
 */
export function land(t: Task<any>, kind: number): boolean {
  const r = t._meta.r;
  if (r === undefined) return false;
  const s = t.s;
  for (let i = 0; i < r.length; i += 4) {
    const start = r[i];
    const end = r[i + 3];
    if (s < start || s >= end) continue;
    const c = r[i + 1];
    const f = r[i + 2];
    if (s < (c >= 0 ? c : f)) {
      // in the try block
      if (kind === LAND_THROW && c >= 0) {
        t.s = c;
        return true;
      }
      if (f >= 0) {
        t.s = f;
        t.k = kind;
        return true;
      }
    } else if (c >= 0 && f >= 0 && s < f) {
      // in the catch block
      t.s = f;
      t.k = kind;
      return true;
    }
    // in a finally block, or a catch block without finally: look further out
  }
  return false;
}

/**
 * Runs a hand-written coroutine's body (protocol.ts) as a task: created on
 * the running (or default) loop and run to its first await now. Compiled
 * async functions use enterCoroutine/leaveCoroutine (entry.ts) instead,
 * which save the frames of this function.
 */
export function startCoroutine<T = unknown>(body: CoroutineBody, meta?: CoroutineMeta): Task<T> {
  const t = new Task<T>(body, meta);
  step(t, undefined, false);
  // suspended (or adopting): from now on the task is live (listed by allTasks)
  if (t._state === PENDING) t._loop._registerTask(t);
  return t;
}

/** Resumes a suspended task with a value, or throws `v` in when `thrown`. */
export function resume(t: Task<any>, v: unknown, thrown: boolean): void {
  if (t._loop._hooks !== null) t._loop._hooks.emit("taskResumed", t);
  step(t, v, thrown);
}

/**
 * One step of a coroutine: from its resume point to its next await (or its
 * end). A throw the body does not catch itself is landed in a region here.
 */
function step(t: Task<any>, v: unknown, thrown: boolean): void {
  const loop = t._loop;
  const prev = loop._current as Task<any> | null;
  loop._current = t;
  if (thrown && !land(t, LAND_THROW)) {
    loop._current = prev;
    t._throw(v);
    return;
  }
  const body = t._body!;
  let r: unknown;
  for (;;) {
    try {
      r = body(t, v);
      break;
    } catch (e) {
      if (!land(t, LAND_THROW)) {
        loop._current = prev;
        t._throw(e);
        return;
      }
      v = e;
    }
  }
  loop._current = prev;
  if (t.s === DONE) t._return(r);
  else if (t.s === FAILED) t._throw(r);
  else suspended(t, r);
}

/**
 * Closes a suspended coroutine: enters its enclosing finally blocks with a
 * return completion (LAND_RETURN) and lets it run to the end. Returns false
 * when no finally block encloses the resume point (nothing to run).
 */
export function closeCoroutine(t: Task<unknown>, value?: unknown): boolean {
  if (t._body === null || t._state !== PENDING || t._v === UNSTARTED) return false;
  if (t._loop._current === t) throw new InvalidStateError("closeCoroutine: the coroutine is running");
  if (!land(t, LAND_RETURN)) return false;
  const w = t._w;
  // a wake-up already queued (w settled, or a plain value) must not resume the closed coroutine
  if (w !== null && w._state === PENDING) w._removeCallback(t);
  else t._extra().staleWakes++;
  t._w = null;
  t._v = undefined;
  resume(t, value, false);
  return true;
}

/** `_v` of a task whose first step is still to come (nothing to close yet). */
const UNSTARTED = {};

/**
 * A task for a coroutine whose first step runs from the loop (asyncio's
 * create_task): used for hand-written coroutines, not compiled calls.
 */
export function scheduleCoroutine<T>(body: CoroutineBody, meta: CoroutineMeta | null, loop: EventLoop, name?: string): Task<T> {
  const t = new Task<T>(body, meta, loop, name);
  loop._registerTask(t);
  t._v = UNSTARTED;
  loop.callSoon(firstStep, t);
  return t;
}

function firstStep(t: Task<any>): void {
  if (t._state !== PENDING) return;
  t._v = undefined;
  if (t._mustCancel) {
    t._throw(new CancelledError(t._extra().cancelMsg));
    return;
  }
  resume(t, undefined, false);
}
