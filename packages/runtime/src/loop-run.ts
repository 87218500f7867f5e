/**
 * The synchronous runners and stepping, added to the scheduling core:
 * runUntilComplete, runForever and stop (asyncio's), step (one callback at
 * a time) and advance (virtual time). They block the caller, sleeping
 * through `hostSleep` (or Atomics.wait in Node) or jumping a virtual clock,
 * which is what an embedder, a test or a tool wants; a compiled library
 * running inside an application never calls them.
 */
import { EventLoop, enterLoop, toDelay } from "./loop";
import { PENDING, type BaseFuture } from "./base-future";
import type { Future } from "./future";
import { ensureFuture } from "./awaitable";
import { InvalidStateError } from "./errors";
import { detectHostSleep } from "./host";

/** What step() ran. */
export interface StepReport {
  /** name of the callback run, or null when only jobs ran */
  callback: string | null;
  /** jobs run before and after it */
  jobs: number;
  /** loop time when it ran */
  time: number;
}

declare module "./loop" {
  interface EventLoop {
    /**
     * Runs the loop until `work` is done and returns its result (or throws its
     * exception). `work` is a future, task, thenable, or a function starting
     * one (called with this loop current).
     */
    runUntilComplete<T>(work: PromiseLike<T> | (() => PromiseLike<T> | T) | T): T;
    /** Runs until stop() is called (one iteration when stop() came first, as asyncio). */
    runForever(): void;
    /** Makes runForever (and runUntilComplete, with an InvalidStateError) return after the current iteration. */
    stop(): void;
    /**
     * Runs exactly one ready callback (the scheduler's pick) and the jobs
     * around it. With nothing ready, a virtual clock jumps to the next timer.
     * Returns what ran, or null when nothing could.
     */
    step(): StepReport | null;
    /**
     * Virtual clocks: moves time forward by `ms`, running everything that
     * becomes due on the way, in deadline order.
     */
    advance(ms: number): void;
  }
}

const proto = EventLoop.prototype;

proto.runUntilComplete = function <T>(this: EventLoop, work: PromiseLike<T> | (() => PromiseLike<T> | T) | T): T {
  this._enter("runUntilComplete");
  try {
    let fut: BaseFuture;
    if (typeof work === "function") {
      const prev = enterLoop(this);
      try {
        fut = ensureFuture((work as () => unknown)(), this, false);
      } finally {
        enterLoop(prev);
      }
    } else fut = ensureFuture(work, this, false);
    if (fut._loop !== this) throw new InvalidStateError("runUntilComplete: the future belongs to another event loop");
    fut._observed = true;
    while (fut._state === PENDING) {
      const wait = this._pass(Infinity);
      if (fut._state !== PENDING) break;
      if (this._stopping) throw new InvalidStateError("Event loop stopped before the awaitable completed");
      if (wait < 0) {
        throw new InvalidStateError(
          "runUntilComplete: the loop has nothing left to run but the awaitable is still pending " +
            "(it waits on something outside this loop, which cannot arrive while the loop blocks)",
        );
      }
      if (wait > 0) sleep(this, wait);
    }
    return (fut as Future<T>).result();
  } finally {
    this._stopping = false;
    this._exit();
  }
};

proto.runForever = function (this: EventLoop): void {
  this._enter("runForever");
  try {
    for (;;) {
      const wait = this._pass(Infinity);
      if (this._stopping) break;
      if (wait < 0) {
        throw new InvalidStateError("runForever: nothing is left to run and nothing can wake the loop, but stop() was not called");
      }
      if (wait > 0) sleep(this, wait);
    }
  } finally {
    this._stopping = false;
    this._exit();
  }
};

proto.stop = function (this: EventLoop): void {
  this._stopping = true;
};

proto.step = function (this: EventLoop): StepReport | null {
  this._enter("step");
  try {
    let jobs = this._runJobs();
    this._promoteDueTimers();
    let h = this._takeLive();
    if (h === null && this._jumpToNextTimer(Infinity)) h = this._takeLive();
    if (h === null) return jobs > 0 ? { callback: null, jobs, time: this._clock.now() } : null;
    const time = this._clock.now();
    const name = h.describe();
    this._runHandle(h);
    jobs += this._runJobs();
    return { callback: name, jobs, time };
  } finally {
    this._exit();
  }
};

proto.advance = function (this: EventLoop, ms: number): void {
  const clock = this._clock;
  if (!clock.jumpTo) throw new InvalidStateError("advance() needs a virtual clock");
  this._enter("advance");
  try {
    const target = clock.now() + toDelay(ms);
    while (this._pass(target) === 0);
    clock.jumpTo(target);
    while (this._pass(target) === 0);
  } finally {
    this._exit();
  }
};

/** Blocks until the next timer is due: the loop's hostSleep, Atomics.wait, or a spin on the clock. */
function sleep(loop: EventLoop, ms: number): void {
  const clock = loop._clock;
  if (clock.jumpTo) {
    throw new InvalidStateError("the loop would wait " + ms + " ms for a timer, but its virtual clock does not jump by itself: call advance()");
  }
  if (loop._hostSleep !== null) {
    loop._hostSleep(ms);
    return;
  }
  const blocking = defaultSleep();
  if (blocking !== null) {
    blocking(ms);
    return;
  }
  const until = clock.now() + ms;
  while (clock.now() < until) {
    // no way to block on this host: spin on the clock
  }
}

let sleepFn: ((ms: number) => void) | null | undefined;
function defaultSleep(): ((ms: number) => void) | null {
  if (sleepFn === undefined) sleepFn = detectHostSleep();
  return sleepFn;
}
