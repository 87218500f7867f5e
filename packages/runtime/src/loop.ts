/**
 * EventLoop: the only place callbacks and jobs run.
 *
 * Two levels, as in the JS host the loop replaces:
 * - jobs: an await resuming, a future's done callbacks, promise reactions
 *   (what a host runs as microtasks);
 * - callbacks: callSoon and timers (what a host runs as macrotasks).
 * Every pending job runs before the next callback. Within a level the
 * scheduler picks (FIFO by default); timers become ready in deadline order.
 *
 * The loop never waits by itself. It is driven by:
 * - a HostDriver (Node, browsers): the loop asks the host to call it back
 *   when work arrives and it is not running;
 * - the embedder: runOnce / runUntilIdle / advance / step;
 * - a synchronous run: runUntilComplete / runForever, which sleep through
 *   `hostSleep` (or Atomics.wait in Node) or jump a virtual clock.
 */
import { Handle, TimerHandle } from "./handle";
import { TimerHeap } from "./heap";
import { RealClock, type Clock } from "./clock";
import { fifo, LEVEL_CALLBACKS, LEVEL_JOBS, type Scheduler } from "./scheduler";
import {
  detectHostDriver,
  detectHostSleep,
  reportLine,
  WAKE_CALLBACKS,
  WAKE_JOBS,
  type HostDriver,
  type WakeKind,
} from "./host";
import { BaseFuture, PENDING, type DoneCallback, type Job } from "./base-future";
import { Future } from "./future";
import { Task, scheduleCoroutine } from "./task";
import { InvalidStateError } from "./errors";
import { enterLoop, setDefaultLoopFactory } from "./current";
import { ensureFuture, isThenable } from "./awaitable";
import { describeError, dumpTasks, snapshotTasks, type TaskInfo } from "./inspect";
import { Hooks, type Listener, type LoopEvent } from "./instrument";
import { formatAsyncStack, getAsyncStack } from "./async-stack";
import type { CoroutineBody, CoroutineMeta } from "./protocol";
import { detectRejectionHost, type RejectionHost } from "./host-rejections";
import { rootContext } from "./async-context";

export interface EventLoopOptions {
  /** time source (default: the host's real clock) */
  clock?: Clock;
  /** who picks among ready jobs and callbacks (default: fifo) */
  scheduler?: Scheduler;
  /**
   * "auto" (default with a real clock): let the host call the loop when work
   * arrives; "manual" (default with a virtual clock): the embedder drives it;
   * or a HostDriver of your own.
   */
  host?: "auto" | "manual" | HostDriver;
  /** a blocking sleep for synchronous runs on a real clock */
  hostSleep?: (ms: number) => void;
  debug?: boolean;
  /** debug mode reports callbacks slower than this (ms, default 100) */
  slowCallbackDuration?: number;
}

export interface ExceptionContext {
  message: string;
  exception?: unknown;
  future?: BaseFuture;
  task?: Task<any>;
  handle?: Handle;
  [key: string]: unknown;
}

export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => void;

/** What step() ran. */
export interface StepReport {
  /** name of the callback run, or null when only jobs ran */
  callback: string | null;
  /** jobs run before and after it */
  jobs: number;
  /** loop time when it ran */
  time: number;
}

export interface CreateTaskOptions {
  name?: string;
}

/** Callback of a repeated operation over a snapshot of pending work. */
export class EventLoop {
  /** @internal the task whose body is running now */
  _current: Task<any> | null = null;
  /** @internal instrumentation listeners, null while there are none (the hot paths test this) */
  _hooks: Hooks | null = null;

  private readonly _clock: Clock;
  private readonly _scheduler: Scheduler;
  private readonly _fifo: boolean;
  private readonly _host: HostDriver | null;
  private readonly _hostSleep: ((ms: number) => void) | null;

  // jobs, consumed from _jobHead: a waking task is its own job (nothing allocated per await)
  private _jobs: Job[] = [];
  private _jobHead = 0;
  // ready callbacks, consumed from _readyHead
  private _ready: Handle[] = [];
  private _readyHead = 0;
  private readonly _timers = new TimerHeap();
  private _timerSeq = 0;

  private _running = false;
  private _stopping = false;
  private _closed = false;
  /** true when enqueuing needs more than a push: closed, or a host to wake */
  private _poke: boolean;
  /** host microtasks requested for jobs and not run yet */
  private _jobWakes = 0;
  /** one host microtask per job (host.jobPerMicrotask), and this run is one: jobs queued now ask for their own */
  private readonly _jobPerWake: boolean;
  private _inJobWake = false;
  private _wokeCallbacks = false;
  private _wokeTimerAt = -1;

  private _debug: boolean;
  private _slowCallback: number;
  private _handler: ExceptionHandler | null = null;
  private _unobserved: BaseFuture[] | null = null;
  /** where unretrieved failures go when no handler is set: the host's own path (host-rejections.ts), or null */
  private readonly _rejections: RejectionHost | null;

  private _taskSeq = 0;
  private _liveHead: Task<any> | null = null;
  private _liveCount = 0;

  private readonly _onHostWake: (kind: WakeKind) => void;
  private readonly _onHostTimer: () => void;

  constructor(options?: EventLoopOptions) {
    const o = options || {};
    this._clock = o.clock || new RealClock();
    this._scheduler = o.scheduler || fifo;
    this._fifo = this._scheduler.fifo === true;
    const hostOption = o.host !== undefined ? o.host : this._clock.autoJump || this._clock.jumpTo ? "manual" : "auto";
    this._host = hostOption === "auto" ? detectHostDriver() : hostOption === "manual" ? null : hostOption;
    this._hostSleep = o.hostSleep || null;
    this._debug = !!o.debug;
    this._slowCallback = o.slowCallbackDuration !== undefined ? o.slowCallbackDuration : 100;
    this._poke = this._host !== null;
    this._jobPerWake = this._host !== null && this._host.jobPerMicrotask === true;
    // a loop the host drives reports like the host; an embedded one through its handler
    this._rejections = this._host !== null ? detectRejectionHost() : null;
    const self = this;
    // host callbacks run in the empty async context: what they run keeps its own (async-context.ts)
    this._onHostWake = function (kind: WakeKind) {
      if (rootContext !== null) rootContext.runInAsyncScope(self._hostWake, self, kind);
      else self._hostWake(kind);
    };
    this._onHostTimer = function () {
      if (rootContext !== null) rootContext.runInAsyncScope(self._hostTimer, self);
      else self._hostTimer();
    };
  }

  // ---- time and scheduling -------------------------------------------------

  /** The loop's time in ms (its clock's). */
  time(): number {
    return this._clock.now();
  }

  getClock(): Clock {
    return this._clock;
  }

  getScheduler(): Scheduler {
    return this._scheduler;
  }

  /** Runs fn(...args) as a callback soon, after the jobs pending now. */
  callSoon(fn: Function, ...args: unknown[]): Handle {
    this._checkCallback(fn, "callSoon");
    const h = new Handle(fn, args.length > 0 ? args : null);
    this._ready.push(h);
    if (this._poke) this._onPoke();
    return h;
  }

  /** Runs fn(...args) as a callback `ms` from now. */
  callLater(ms: number, fn: Function, ...args: unknown[]): TimerHandle {
    this._checkCallback(fn, "callLater");
    return this._callAt(this._clock.now() + toDelay(ms), fn, args);
  }

  /** Runs fn(...args) as a callback at loop time `when`. */
  callAt(when: number, fn: Function, ...args: unknown[]): TimerHandle {
    this._checkCallback(fn, "callAt");
    return this._callAt(when, fn, args);
  }

  private _callAt(when: number, fn: Function, args: unknown[]): TimerHandle {
    if (typeof when !== "number" || when !== when) throw new TypeError("callAt: the time must be a number");
    const h = new TimerHandle(when, this._timerSeq++, fn, args.length > 0 ? args : null, this);
    this._timers.push(h);
    if (this._poke) this._onPoke();
    return h;
  }

  private _checkCallback(fn: unknown, method: string): void {
    if (this._closed) throw new InvalidStateError("Event loop is closed");
    if (typeof fn !== "function") throw new TypeError(method + ": the callback must be a function");
  }

  /** @internal queues a job: fn(arg) */
  _enqueueJob(job: Job): void {
    this._jobs.push(job);
    if (this._poke) this._onPoke();
    else if (this._inJobWake) this._wakeForJob();
  }

  /** @internal HandleOwner */
  _timerCancelled(h: TimerHandle): void {
    if (h._inHeap) this._timers.noteCancelled();
  }

  private _onPoke(): void {
    if (this._closed) throw new InvalidStateError("Event loop is closed");
    if (!this._running) this._armHost();
  }

  // ---- futures and tasks -----------------------------------------------------

  createFuture<T = unknown>(): Future<T> {
    if (this._closed) throw new InvalidStateError("Event loop is closed");
    return new Future<T>(this);
  }

  /**
   * Wraps work in a task on this loop:
   * - a Task: named (if asked) and returned;
   * - a function (an async function, usually): called now, with this loop
   *   current so the task it starts lands here; its result becomes the task;
   * - a coroutine `{ body, meta }` (protocol.ts): its first step is scheduled
   *   with callSoon, as asyncio's create_task does.
   */
  createTask<T = unknown>(work: Task<T> | PromiseLike<T> | (() => PromiseLike<T> | T) | { body: CoroutineBody; meta?: CoroutineMeta }, options?: CreateTaskOptions): Task<T> {
    if (this._closed) throw new InvalidStateError("Event loop is closed");
    const name = options && options.name !== undefined ? options.name : undefined;
    let task: Task<T>;
    if (work instanceof Task) task = work;
    else if (typeof work === "function") {
      const prev = enterLoop(this);
      let result: unknown;
      try {
        result = work();
      } finally {
        enterLoop(prev);
      }
      task = result instanceof Task ? (result as Task<T>) : (ensureFuture(result, this, true) as Task<T>);
    } else if (work && typeof (work as any).body === "function") {
      task = scheduleCoroutine<T>((work as any).body, (work as any).meta || null, this, name);
    } else if (work instanceof BaseFuture || isThenable(work)) {
      // a future or thenable: a task awaiting it (named, cancellable, inspectable)
      task = ensureFuture(work, this, true) as Task<T>;
    } else throw new TypeError("createTask expects a Task, a future or thenable, a function or a coroutine { body, meta }");
    if (name !== undefined) task.setName(name);
    return task;
  }

  /** @internal */
  _newTaskId(): number {
    return ++this._taskSeq;
  }

  /** @internal links a task into the live list (at its first suspension) */
  _registerTask(t: Task<any>): void {
    if (t._prev !== null || this._liveHead === t) return;
    const head = this._liveHead;
    t._next = head;
    if (head !== null) head._prev = t;
    this._liveHead = t;
    this._liveCount++;
  }

  /** @internal */
  _unregisterTask(t: Task<any>): void {
    const prev = t._prev;
    const next = t._next;
    if (prev !== null) prev._next = next;
    else if (this._liveHead === t) this._liveHead = next;
    else return; // not registered
    if (next !== null) next._prev = prev;
    t._prev = t._next = null;
    this._liveCount--;
  }

  /** Every task that is not done yet, oldest first. */
  allTasks(): Task<any>[] {
    const out: Task<any>[] = [];
    for (let t = this._liveHead; t !== null; t = t._next) out.push(t);
    // tasks are linked at their first suspension: running ones are not in the list yet
    for (let t = this._current; t !== null; t = t._caller) if (t._prev === null && this._liveHead !== t) out.push(t);
    return out.sort((a, b) => a._id - b._id);
  }

  /** The task whose body is running now, or null. */
  currentTask(): Task<any> | null {
    return this._current;
  }

  // ---- running ---------------------------------------------------------------

  isRunning(): boolean {
    return this._running;
  }

  isClosed(): boolean {
    return this._closed;
  }

  /**
   * Runs one iteration without waiting: the pending jobs, then the callbacks
   * ready now (each followed by the jobs it queued). A virtual clock with
   * autoJump jumps to the next timer when nothing is ready. Returns how long
   * the host may sleep before calling again: 0 when more is ready, the ms to
   * the next timer, or -1 when nothing is scheduled at all.
   */
  runOnce(): number {
    this._enter("runOnce");
    try {
      return this._pass(Infinity);
    } finally {
      this._exit();
    }
  }

  /** Runs iterations until one would have to wait; returns as runOnce does. */
  runUntilIdle(): number {
    this._enter("runUntilIdle");
    try {
      let wait: number;
      do wait = this._pass(Infinity);
      while (wait === 0);
      return wait;
    } finally {
      this._exit();
    }
  }

  /**
   * Virtual clocks: moves time forward by `ms`, running everything that
   * becomes due on the way, in deadline order.
   */
  advance(ms: number): void {
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
  }

  /**
   * Runs exactly one ready callback (the scheduler's pick) and the jobs
   * around it. With nothing ready, a virtual clock jumps to the next timer.
   * Returns what ran, or null when nothing could.
   */
  step(): StepReport | null {
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
  }

  /**
   * Runs the loop until `work` is done and returns its result (or throws its
   * exception). `work` is a future, task, thenable, or a function starting
   * one (called with this loop current).
   */
  runUntilComplete<T>(work: PromiseLike<T> | (() => PromiseLike<T> | T) | T): T {
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
        if (wait > 0) this._sleep(wait);
      }
      return (fut as Future<T>).result();
    } finally {
      this._stopping = false;
      this._exit();
    }
  }

  /** Runs until stop() is called (one iteration when stop() came first, as asyncio). */
  runForever(): void {
    this._enter("runForever");
    try {
      for (;;) {
        const wait = this._pass(Infinity);
        if (this._stopping) break;
        if (wait < 0) {
          throw new InvalidStateError("runForever: nothing is left to run and nothing can wake the loop, but stop() was not called");
        }
        if (wait > 0) this._sleep(wait);
      }
    } finally {
      this._stopping = false;
      this._exit();
    }
  }

  /** Makes runForever (and runUntilComplete, with an InvalidStateError) return after the current iteration. */
  stop(): void {
    this._stopping = true;
  }

  /**
   * Closes the loop: pending work is dropped and any further scheduling
   * throws. Tasks still pending are reported.
   */
  close(): void {
    if (this._running) throw new InvalidStateError("Cannot close a running event loop");
    if (this._closed) return;
    if (this._liveCount > 0) {
      const pending = this.allTasks();
      const names: string[] = [];
      for (let i = 0; i < pending.length; i++) names.push(describeTaskShort(pending[i]));
      this.callExceptionHandler({
        message: "Event loop closed with " + pending.length + " pending task" + (pending.length === 1 ? "" : "s") + ": " + names.join(", "),
      });
    }
    this._closed = true;
    this._poke = true;
    this._jobs = [];
    this._jobHead = 0;
    this._ready = [];
    this._readyHead = 0;
    this._timers.clear();
    if (this._host !== null) this._host.cancelTimer();
  }

  // ---- errors and debug ------------------------------------------------------

  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler !== null && typeof handler !== "function") throw new TypeError("setExceptionHandler expects a function or null");
    this._handler = handler;
  }

  getExceptionHandler(): ExceptionHandler | null {
    return this._handler;
  }

  /** Reports through the handler (or the default one). Never throws. */
  callExceptionHandler(context: ExceptionContext): void {
    if (this._handler !== null) {
      try {
        this._handler(this, context);
        return;
      } catch (e) {
        this.defaultExceptionHandler({ message: "Unhandled error in exception handler", exception: e });
      }
    }
    this.defaultExceptionHandler(context);
  }

  /** Prints the message and the error on stderr. */
  defaultExceptionHandler(context: ExceptionContext): void {
    let line = context.message;
    if (context.exception !== undefined) {
      line += "\n" + describeError(context.exception);
      const frames = getAsyncStack(context.exception);
      if (frames !== null) line += "\n" + formatAsyncStack(frames);
    }
    try {
      reportLine(line);
    } catch (e) {}
  }

  setDebug(enabled: boolean): void {
    this._debug = !!enabled;
  }

  getDebug(): boolean {
    return this._debug;
  }

  /** @internal a future failed with nobody to take the error: checked after the jobs drain */
  _noteUnobserved(f: BaseFuture): void {
    if (this._unobserved === null) this._unobserved = [];
    this._unobserved.push(f);
    // a failure outside any run (a call failing before its first await): the check needs a drain
    if (!this._running && this._host !== null && !this._closed) this._armHost();
  }

  // ---- instrumentation ---------------------------------------------------------

  /**
   * Calls fn on an event: "taskCreated", "taskSuspended", "taskResumed",
   * "taskDone" (with the task) or "callback" (with the callback's name and
   * its duration in ms). Returns a function that removes the listener.
   */
  on(event: LoopEvent, fn: Listener): () => void {
    if (this._hooks === null) {
      const self = this;
      this._hooks = new Hooks(function (ev, error) {
        self.callExceptionHandler({ message: "A " + ev + " listener failed and was removed", exception: error });
      });
    }
    const hooks = this._hooks;
    const off = hooks.add(event, fn);
    const self = this;
    return function () {
      off();
      if (self._hooks === hooks && hooks.isEmpty()) self._hooks = null;
    };
  }

  // ---- inspection ------------------------------------------------------------

  /** A snapshot of every live task: state, await site, what it awaits, who awaits it. */
  tasks(): TaskInfo[] {
    return snapshotTasks(this.allTasks(), this);
  }

  /** The task snapshot as a readable tree. */
  dump(): string {
    return dumpTasks(this.tasks(), this);
  }

  // ---- the core --------------------------------------------------------------

  private _enter(method: string): void {
    if (this._closed) throw new InvalidStateError("Event loop is closed");
    if (this._running) throw new InvalidStateError(method + "(): this event loop is already running");
    this._running = true;
    this._poke = false; // while running, queued work is picked up by this run
    this._prevLoop = enterLoop(this);
  }

  private _prevLoop: EventLoop | null = null;

  private _exit(): void {
    this._running = false;
    this._poke = this._host !== null || this._closed;
    enterLoop(this._prevLoop);
    this._prevLoop = null;
    if (this._host !== null && !this._closed) this._armHost();
  }

  /** One iteration; see runOnce. Virtual clocks may jump up to `jumpLimit`. */
  private _pass(jumpLimit: number): number {
    this._runJobs();
    this._promoteDueTimers();
    if (this._readyCount() === 0) {
      if (!this._jumpToNextTimer(jumpLimit)) return this._waitHint(jumpLimit);
    }
    // the callbacks ready now (cancelled ones count); what they schedule waits for the next pass
    let n = this._readyCount();
    while (n-- > 0) {
      const h = this._takeReady();
      if (h === null) break;
      if (h._cancelled) continue;
      this._runHandle(h);
      this._runJobs();
    }
    return this._waitHint(jumpLimit);
  }

  /**
   * 0 if something is ready (or a timer the clock may jump to), the ms to the
   * next timer, or -1 if nothing is scheduled.
   */
  private _waitHint(jumpLimit: number): number {
    if (this._jobHead < this._jobs.length || this._readyCount() > 0) return 0;
    const next = this._timers.peek();
    if (next === null) return -1;
    if (this._mayJumpTo(next.when(), jumpLimit)) return 0;
    const wait = next.when() - this._clock.now();
    return wait > 0 ? wait : 0;
  }

  /**
   * A virtual clock may jump to `when` if it is within the limit, and either
   * it jumps by itself (autoJump) or the limit is explicit (advance).
   */
  private _mayJumpTo(when: number, limit: number): boolean {
    const clock = this._clock;
    return !!clock.jumpTo && when <= limit && (clock.autoJump || limit !== Infinity);
  }

  /** Virtual clocks: with nothing ready, jump to the next timer (not past limit). */
  private _jumpToNextTimer(limit: number): boolean {
    const next = this._timers.peek();
    if (next === null || !this._mayJumpTo(next.when(), limit)) return false;
    this._clock.jumpTo!(next.when());
    this._promoteDueTimers();
    return true;
  }

  private _promoteDueTimers(): void {
    const timers = this._timers;
    if (timers.size() === 0) return;
    const now = this._clock.now();
    for (;;) {
      const t = timers.peek();
      if (t === null || t.when() > now) break;
      timers.pop();
      this._ready.push(t);
    }
  }

  private _readyCount(): number {
    return this._ready.length - this._readyHead;
  }

  /** The scheduler's pick among ready callbacks, cancelled or not; null when none is ready. */
  private _takeReady(): Handle | null {
    const ready = this._ready;
    const count = ready.length - this._readyHead;
    if (count <= 0) {
      this._ready = [];
      this._readyHead = 0;
      return null;
    }
    let i = this._readyHead;
    if (count > 1 && !this._fifo) {
      i += this._scheduler.pick(LEVEL_CALLBACKS, count);
      moveToFront(ready, this._readyHead, i);
      i = this._readyHead;
    }
    const h = ready[i];
    ready[i] = undefined as any;
    this._readyHead++;
    if (this._readyHead > 1024 && this._readyHead * 2 > ready.length) {
      ready.splice(0, this._readyHead);
      this._readyHead = 0;
    }
    return h;
  }

  /** The next ready callback that is not cancelled, or null. */
  private _takeLive(): Handle | null {
    for (;;) {
      const h = this._takeReady();
      if (h === null || !h._cancelled) return h;
    }
  }

  private _runHandle(h: Handle): void {
    const timed = this._debug || this._hooks !== null;
    const start = timed ? new Date().getTime() : 0;
    const fn = h._fn; // running the handle lets go of it; reports still name it
    try {
      h._run();
    } catch (e) {
      this.callExceptionHandler({ message: "Exception in callback " + describeFn(fn), exception: e, handle: h });
    }
    if (!timed) return;
    const took = new Date().getTime() - start;
    if (this._debug && took >= this._slowCallback) {
      this.callExceptionHandler({ message: "Executing callback " + describeFn(fn) + " took " + took + " ms", handle: h });
    }
    if (this._hooks !== null) this._hooks.emit("callback", describeFn(fn), took);
  }

  /** Runs jobs until none is left (jobs queued meanwhile included); returns how many ran. */
  private _runJobs(): number {
    const jobs = this._jobs;
    let ran = 0;
    let picking = false;
    for (;;) {
      try {
        while (this._jobHead < jobs.length) {
          picking = true;
          const job = this._takeJob();
          picking = false;
          ran++;
          job._wakeup();
        }
        break;
      } catch (e) {
        // a failing scheduler (a replay that no longer fits) ends the run; a failing job does not
        if (picking) throw e;
        this.callExceptionHandler({ message: "Exception in a done callback", exception: e });
      }
    }
    jobs.length = 0;
    this._jobHead = 0;
    if (this._unobserved !== null) this._reportUnobserved();
    return ran;
  }

  /** The next job (the scheduler's pick), taken off the queue; the queue is kept compact. */
  private _takeJob(): Job {
    const jobs = this._jobs;
    let i = this._jobHead;
    if (!this._fifo && jobs.length - i > 1) {
      moveToFront(jobs, i, i + this._scheduler.pick(LEVEL_JOBS, jobs.length - i));
    }
    const job = jobs[i];
    jobs[i] = undefined as any;
    this._jobHead = i + 1;
    if (this._jobHead === jobs.length) {
      jobs.length = 0;
      this._jobHead = 0;
    } else if (i > 4096 && i * 2 > jobs.length) {
      jobs.splice(0, i + 1);
      this._jobHead = 0;
    }
    return job;
  }

  /**
   * Unretrieved failures: a handler set with setExceptionHandler is THE path
   * (asyncio); else a loop the host drives hands them to the host
   * (unhandledRejection), and an embedded loop to its default handler.
   */
  private _reportUnobserved(): void {
    const list = this._unobserved!;
    this._unobserved = null;
    for (let i = 0; i < list.length; i++) {
      const f = list[i];
      if (f._observed) continue;
      if (this._handler === null && this._rejections !== null) {
        this._rejections.report(f);
        continue;
      }
      f._observed = true;
      const context: ExceptionContext = { message: f._unobservedMessage(), exception: f._value, future: f };
      if (f instanceof Task) context.task = f;
      this.callExceptionHandler(context);
    }
  }

  private _sleep(ms: number): void {
    const clock = this._clock;
    if (clock.jumpTo) {
      throw new InvalidStateError("the loop would wait " + ms + " ms for a timer, but its virtual clock does not jump by itself: call advance()");
    }
    if (this._hostSleep !== null) {
      this._hostSleep(ms);
      return;
    }
    const sleep = defaultSleep();
    if (sleep !== null) {
      sleep(ms);
      return;
    }
    const until = clock.now() + ms;
    while (clock.now() < until) {
      // no way to block on this host: spin on the clock
    }
  }

  // ---- the self-driving host ---------------------------------------------------

  /** Asks the host to call back for whatever is pending (at most one request per kind). */
  private _armHost(): void {
    const host = this._host!;
    // one request per job (jobPerMicrotask), else one per batch
    const pending = this._jobs.length - this._jobHead;
    const wanted = this._jobPerWake ? pending : pending > 0 ? 1 : 0;
    while (this._jobWakes < wanted) this._wakeForJob();
    if (this._jobWakes === 0 && this._unobserved !== null) this._wakeForJob();
    if (this._readyCount() > 0 && !this._wokeCallbacks) {
      this._wokeCallbacks = true;
      host.wake(WAKE_CALLBACKS, this._onHostWake);
    }
    const next = this._timers.peek();
    if (next !== null) {
      const when = next.when();
      if (this._wokeTimerAt < 0 || when < this._wokeTimerAt) {
        this._wokeTimerAt = when;
        const delay = when - this._clock.now();
        host.wakeAfter(delay > 0 ? delay : 0, this._onHostTimer);
      }
    } else if (this._wokeTimerAt >= 0) {
      this._wokeTimerAt = -1;
      host.cancelTimer();
    }
  }

  private _wakeForJob(): void {
    this._jobWakes++;
    this._host!.wake(WAKE_JOBS, this._onHostWake);
  }

  private _hostWake(kind: WakeKind): void {
    if (kind === WAKE_JOBS) this._jobWakes--;
    else this._wokeCallbacks = false;
    if (this._running || this._closed) return;
    this._enter("host");
    try {
      if (kind !== WAKE_JOBS) this._pass(-Infinity);
      else if (!this._jobPerWake) this._runJobs();
      else {
        if (this._jobHead < this._jobs.length) this._runJobOfWake(this._takeJob());
        // unretrieved failures are looked at once no job is left (the end of the drain)
        if (this._jobHead >= this._jobs.length && this._unobserved !== null) this._reportUnobserved();
      }
    } finally {
      this._exit();
    }
  }

  /** @internal a host job may run loop work right now, as one of the loop's jobs (see _runFromHost) */
  _canRunFromHost(): boolean {
    return this._jobPerWake && !this._running && !this._closed;
  }

  /**
   * @internal runs a job inside a host job that stands for it (the reaction
   * of a native promise a task awaits): the position the job has natively.
   */
  _runFromHost(job: Job): void {
    this._enter("host");
    try {
      this._runJobOfWake(job);
    } finally {
      this._exit();
    }
  }

  /**
   * One job in a host microtask of its own (or in the host job it stands
   * for), so native promise jobs queued between two loop jobs run between
   * them, as natively: the jobs it queues ask for their own.
   */
  private _runJobOfWake(job: Job): void {
    this._inJobWake = true;
    try {
      job._wakeup();
    } catch (e) {
      this.callExceptionHandler({ message: "Exception in a done callback", exception: e });
    } finally {
      this._inJobWake = false;
    }
  }

  private _hostTimer(): void {
    this._wokeTimerAt = -1;
    if (this._running || this._closed) return;
    this._enter("host");
    try {
      this._pass(-Infinity);
    } finally {
      this._exit();
    }
  }
}

let sleepFn: ((ms: number) => void) | null | undefined;
function defaultSleep(): ((ms: number) => void) | null {
  if (sleepFn === undefined) sleepFn = detectHostSleep();
  return sleepFn;
}

/** Moves arr[i] to position `head`, keeping the order of the others. */
function moveToFront(arr: unknown[], head: number, i: number): void {
  if (i === head) return;
  const item = arr[i];
  for (let j = i; j > head; j--) arr[j] = arr[j - 1];
  arr[head] = item;
}

function describeFn(fn: Function | null): string {
  return fn ? (fn as any).name || "<anonymous>" : "<cancelled>";
}

function toDelay(ms: number): number {
  if (typeof ms !== "number" || ms !== ms) throw new TypeError("the delay must be a number of milliseconds");
  return ms > 0 ? ms : 0;
}

function describeTaskShort(t: Task<any>): string {
  const site = t.getSite();
  return t.getName() + (site ? " (at " + (site.file ? site.file + ":" : "") + site.line + ":" + site.column + ")" : "");
}

setDefaultLoopFactory(function () {
  return new EventLoop();
});

export type { DoneCallback };
