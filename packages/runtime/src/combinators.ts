/**
 * sleep, gather, wait, asCompleted, shield: asyncio's combinators over
 * futures. Each returns a Future (or Task), so it can be awaited by compiled
 * code and by anything that expects a Promise.
 */
import "./loop-tasks";
import { BaseFuture, FULFILLED, REJECTED, CANCELLED, PENDING } from "./base-future";
import { Future } from "./future";
import { Task } from "./task";
import { CancelledError, TimeoutError } from "./errors";
import { currentLoop } from "./loop";
import { ensureFuture } from "./awaitable";
import type { TimerHandle } from "./handle";
import type { EventLoop } from "./loop";

/** A future completed by a timer; cancelling it cancels the timer. */
export class TimerFuture<T> extends Future<T> {
  /** @internal */ _handle: TimerHandle | null = null;
  /** @internal read by inspection */ _timerWhen: number;

  constructor(loop: EventLoop, ms: number, value: T) {
    super(loop);
    this._handle = loop.callLater(ms, completeTimer, this, value);
    this._timerWhen = this._handle.when();
  }

  cancel(msg?: string): boolean {
    if (!super.cancel(msg)) return false;
    this._handle!.cancel();
    this._handle = null;
    return true;
  }
}

function completeTimer(f: TimerFuture<unknown>, value: unknown): void {
  f._handle = null;
  if (f._state === PENDING) f.setResult(value);
}

/** A future that resolves with `value` (undefined without one) after `ms` (a timer on the current loop). */
export function sleep(ms: number): TimerFuture<undefined>;
export function sleep<T>(ms: number, value: T): TimerFuture<T>;
export function sleep<T>(ms: number, value?: T): TimerFuture<T | undefined> {
  return new TimerFuture<T | undefined>(currentLoop(), ms, value);
}

function toFutures(aws: ArrayLike<unknown>, loop: EventLoop): Future<unknown>[] {
  const out: Future<unknown>[] = [];
  for (let i = 0; i < aws.length; i++) out.push(ensureFuture(aws[i], loop, false));
  return out;
}

export interface GatherOptions {
  /** put failures in the result list instead of failing the gather */
  returnExceptions?: boolean;
}

/** What gather() resolves with: each awaitable's result, in order (a tuple for a tuple, as Promise.all). */
export type GatherResults<T extends readonly unknown[]> = { -readonly [K in keyof T]: Awaited<T[K]> };

/**
 * What gather() resolves with under `{ returnExceptions: true }`: each
 * awaitable's result, or what it failed with (a CancelledError when it was
 * cancelled). Typed `Error`, like asyncio's `T | BaseException`: a value
 * thrown that is no Error (`throw "x"`) also lands here, as it is, so check
 * failures with `instanceof` on the error classes you expect, not by
 * elimination, when the work may throw non-Errors.
 */
export type GatherResultsOrErrors<T extends readonly unknown[]> = { -readonly [K in keyof T]: Awaited<T[K]> | Error };

/** The options of a gather that returns exceptions. */
export type ReturnExceptions = GatherOptions & { returnExceptions: true };

/** The future gather() returns: cancelling it cancels every child. */
export class GatheringFuture<T> extends Future<T> {
  /** @internal */ _children: Future<unknown>[];
  /** @internal */ _cancelRequested = false;
  /** gather() makes them */
  constructor(loop: EventLoop, children: Future<unknown>[]) {
    super(loop);
    this._children = children;
  }

  cancel(msg?: string): boolean {
    if (this.done()) return false;
    let any = false;
    for (let i = 0; i < this._children.length; i++) if (this._children[i].cancel(msg)) any = true;
    if (any) this._cancelRequested = true;
    return any;
  }
}

/** A plain object whose only own key is returnExceptions: the options of the variadic form, never an awaitable. */
function isGatherOptions(x: unknown): boolean {
  if (x === null || typeof x !== "object" || typeof (x as { then?: unknown }).then === "function") return false;
  const proto = Object.getPrototypeOf(x);
  if (proto !== Object.prototype && proto !== null) return false;
  const keys = Object.keys(x as object);
  return keys.length === 1 && keys[0] === "returnExceptions";
}

/**
 * Runs awaitables concurrently; resolves with their results in order.
 * `gather(a, b, c)` or `gather([a, b, c], { returnExceptions })`, and
 * `gather(a, b, { returnExceptions })` (an object whose only key is
 * returnExceptions, after the awaitables, is the options). The first
 * failure fails the gather (the others keep running) unless
 * returnExceptions. Typed as Promise.all: `gather(task, future)` of a
 * Task<number> and a Future<string> is a GatheringFuture<[number, string]>.
 */
export function gather<T extends unknown[]>(aws: readonly [...T], options: ReturnExceptions): GatheringFuture<GatherResultsOrErrors<T>>;
export function gather<T extends unknown[]>(aws: readonly [...T], options?: GatherOptions & { returnExceptions?: false }): GatheringFuture<GatherResults<T>>;
export function gather<T extends unknown[]>(aws: readonly [...T], options?: GatherOptions): GatheringFuture<GatherResultsOrErrors<T>>;
export function gather<T extends unknown[]>(...args: [...aws: T, options: ReturnExceptions]): GatheringFuture<GatherResultsOrErrors<T>>;
export function gather<T extends unknown[]>(...args: [...aws: T, options: { returnExceptions: false }]): GatheringFuture<GatherResults<T>>;
export function gather<T extends unknown[]>(...args: [...aws: T, options: { returnExceptions: boolean }]): GatheringFuture<GatherResultsOrErrors<T>>;
export function gather<T extends unknown[]>(...aws: T): GatheringFuture<GatherResults<T>>;
export function gather(...args: unknown[]): GatheringFuture<unknown[]> {
  let aws: ArrayLike<unknown> = args;
  let returnExceptions = false;
  if (args.length > 0 && isArray(args[0])) {
    if (args.length > 2) throw new TypeError("gather(list, options): too many arguments");
    aws = args[0] as unknown[];
    const options = args[1] as GatherOptions | undefined;
    returnExceptions = !!(options && options.returnExceptions);
  } else if (args.length > 0 && isGatherOptions(args[args.length - 1])) {
    // gather(a, b, { returnExceptions }): asyncio's gather(*aws, return_exceptions=...)
    returnExceptions = !!(args[args.length - 1] as GatherOptions).returnExceptions;
    aws = args.slice(0, args.length - 1);
  }
  const loop = currentLoop();
  const children = toFutures(aws, loop);
  const outer = new GatheringFuture<unknown[]>(loop, children);
  const n = children.length;
  if (n === 0) {
    outer._settle(FULFILLED, []);
    return outer;
  }
  let finished = 0;
  const onChildDone = function (child: Future<unknown>) {
    finished++;
    child._observed = true; // the gather takes every child's outcome (asyncio retrieves it here too)
    if (outer.done()) return;
    if (!returnExceptions) {
      if (child.cancelled()) {
        // cancelled through the gather: the gather is cancelled; on its own: it fails with the CancelledError (asyncio)
        outer._settle(outer._cancelRequested ? CANCELLED : REJECTED, child._value);
        return;
      }
      const exc = child.exception();
      if (exc !== null) {
        outer.setException(exc);
        return;
      }
    }
    if (finished === n) {
      const results: unknown[] = [];
      for (let i = 0; i < n; i++) {
        const c = children[i];
        if (c._state === FULFILLED) results.push(c._value);
        else {
          c._observed = true;
          results.push(c._value);
        }
      }
      if (outer._cancelRequested) outer._settle(CANCELLED, new CancelledError());
      else outer._settle(FULFILLED, results);
    }
  };
  // the same future listed twice is one child, counted twice
  for (let i = 0; i < n; i++) children[i].addDoneCallback(onChildDone);
  return outer;
}

function isArray(x: unknown): boolean {
  return Object.prototype.toString.call(x) === "[object Array]";
}

export type ReturnWhen = "FIRST_COMPLETED" | "FIRST_EXCEPTION" | "ALL_COMPLETED";
export const FIRST_COMPLETED: ReturnWhen = "FIRST_COMPLETED";
export const FIRST_EXCEPTION: ReturnWhen = "FIRST_EXCEPTION";
export const ALL_COMPLETED: ReturnWhen = "ALL_COMPLETED";

export interface WaitOptions {
  returnWhen?: ReturnWhen;
  /** ms; when it passes, wait() returns what is done so far (nothing is cancelled) */
  timeout?: number | null;
}

/**
 * What wait() resolves with: the futures done and those still pending, in
 * input order. `F` is the type of each: a future or task passed in is
 * returned as it is (a Task<number> stays a Task<number>); anything else
 * was wrapped in a Future of its result.
 */
export interface WaitResult<T, F = Future<T>> {
  done: F[];
  pending: F[];
}

/** The future wait() and asCompleted() hold for an awaitable A: A itself when it is a Future, else a Future of its result. */
export type FutureOf<A> = A extends Future<unknown> ? A : Future<Awaited<A>>;

/**
 * Waits for futures until `returnWhen` holds or the timeout passes; returns
 * `{ done, pending }` (each in input order). Nothing is cancelled.
 */
export function wait<A>(aws: ArrayLike<A>, options?: WaitOptions): Future<WaitResult<Awaited<A>, FutureOf<A>>> {
  const returnWhen = (options && options.returnWhen) || ALL_COMPLETED;
  if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED) {
    throw new TypeError("wait: invalid returnWhen " + String(returnWhen));
  }
  if (!aws || aws.length === 0) throw new TypeError("wait: the set of awaitables is empty");
  const loop = currentLoop();
  const futures = toFutures(aws, loop) as Array<FutureOf<A>>;
  const result = new Future<WaitResult<Awaited<A>, FutureOf<A>>>(loop);
  const timeoutMs = options && options.timeout !== undefined ? options.timeout : null;
  let timer: TimerHandle | null = null;
  const finish = function () {
    if (result.done()) return;
    const done: Array<FutureOf<A>> = [];
    const pending: Array<FutureOf<A>> = [];
    for (let i = 0; i < futures.length; i++) (futures[i].done() ? done : pending).push(futures[i]);
    result.setResult({ done, pending });
  };
  let counter = 0;
  for (let i = 0; i < futures.length; i++) if (!futures[i].done()) counter++;
  const onDone = function (f: Future<unknown>) {
    counter--;
    if (
      counter <= 0 ||
      returnWhen === FIRST_COMPLETED ||
      (returnWhen === FIRST_EXCEPTION && f._state === REJECTED)
    ) {
      finish();
    }
  };
  // already satisfied?
  let anyDone = false;
  let anyFailed = false;
  for (let i = 0; i < futures.length; i++) {
    if (futures[i].done()) {
      anyDone = true;
      if (futures[i]._state === REJECTED) anyFailed = true;
    }
  }
  if (counter === 0 || (returnWhen === FIRST_COMPLETED && anyDone) || (returnWhen === FIRST_EXCEPTION && anyFailed)) {
    finish();
    return result;
  }
  if (timeoutMs !== null) timer = loop.callLater(timeoutMs, finish);
  for (let i = 0; i < futures.length; i++) if (!futures[i].done()) futures[i].addDoneCallback(onDone);
  // however it ends (finished, or cancelled by a cancelled awaiter), stop the timer and the watching
  result.addDoneCallback(function () {
    if (timer !== null) timer.cancel();
    for (let i = 0; i < futures.length; i++) futures[i].removeDoneCallback(onDone);
  });
  return result;
}

export interface AsCompletedOptions {
  /** ms; results not in by then fail with TimeoutError */
  timeout?: number | null;
}

/**
 * One future per awaitable, in completion order: the k-th resolves (or
 * fails) like the k-th awaitable to finish.
 *
 *     for (const next of asCompleted([a, b, c])) console.log(await next);
 */
export function asCompleted<A>(aws: ArrayLike<A>, options?: AsCompletedOptions): Future<Awaited<A>>[] {
  const loop = currentLoop();
  const futures = toFutures(aws, loop);
  const slots: Future<Awaited<A>>[] = [];
  for (let i = 0; i < futures.length; i++) slots.push(new Future<Awaited<A>>(loop));
  let filled = 0;
  let timer: TimerHandle | null = null;
  const onDone = function (f: Future<unknown>) {
    if (filled >= slots.length) return;
    const slot = slots[filled++];
    copyOutcome(f, slot);
    if (filled === slots.length && timer !== null) timer.cancel();
  };
  const timeoutMs = options && options.timeout !== undefined ? options.timeout : null;
  if (timeoutMs !== null && futures.length > 0) {
    timer = loop.callLater(timeoutMs, function () {
      for (let i = 0; i < futures.length; i++) futures[i].removeDoneCallback(onDone);
      while (filled < slots.length) slots[filled++].setException(new TimeoutError());
    });
  }
  for (let i = 0; i < futures.length; i++) futures[i].addDoneCallback(onDone);
  return slots;
}

/** Copies a done future's outcome into a pending one. */
export function copyOutcome(from: BaseFuture, to: Future<unknown>): void {
  if (to.done()) return;
  from._observed = true;
  if (from._state === FULFILLED) to.setResult(from._value);
  else if (from._state === CANCELLED) to.cancel(from._value && from._value.message);
  else to.setException(from._value);
}

/**
 * Protects an awaitable from cancellation: cancelling the returned future
 * (or a task awaiting it) leaves the inner one running.
 */
export function shield<T>(aw: PromiseLike<T> | T): Future<T> {
  const loop = currentLoop();
  const inner = ensureFuture(aw, loop, false) as Future<T>;
  if (inner.done()) return inner;
  const outer = new Future<T>(loop);
  const onInnerDone = function (f: Future<T>) {
    if (outer.done()) {
      if (!f.cancelled()) f.exception();
      return;
    }
    copyOutcome(f, outer);
  };
  inner.addDoneCallback(onInnerDone);
  outer.addDoneCallback(function () {
    if (!inner.done()) inner.removeDoneCallback(onInnerDone);
  });
  return outer;
}

/** The task running now on the running loop (or on `loop`), or null. */
export function currentTask(loop?: EventLoop): Task<unknown> | null {
  const l = loop || currentLoop();
  return l.currentTask();
}

/** Every live task of `loop` (default: the current loop). */
export function allTasks(loop?: EventLoop): Task<unknown>[] {
  return (loop || currentLoop()).allTasks();
}
