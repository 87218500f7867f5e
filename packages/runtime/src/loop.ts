/**
 * EventLoop, the scheduling core: the only place callbacks and jobs run.
 * It knows nothing of futures and tasks; the layers above it (future.ts,
 * task.ts) queue jobs on it, and the opt-in modules add methods to it
 * (loop-tasks.ts: createTask/createFuture/allTasks; loop-run.ts: the
 * synchronous runners and stepping; inspect.ts: tasks()/dump();
 * instrument.ts: on()). None of them is imported here.
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
 * - the embedder: runOnce / runUntilIdle (and, opt-in, advance / step /
 *   runUntilComplete / runForever).
 */
import { Handle, TimerHandle } from "./handle";
import { TimerHeap } from "./heap";
import { RealClock, type Clock } from "./clock";
import { fifo, LEVEL_CALLBACKS, LEVEL_JOBS, type Scheduler } from "./scheduler";
import { detectHostDriver, reportLine, WAKE_CALLBACKS, WAKE_JOBS, type HostDriver, type WakeKind } from "./host";
import { InvalidStateError } from "./errors";
import { describeError, type Failure } from "./failure";
import { detectRejectionHost, type RejectionHost } from "./host-rejections";
import { rootContext } from "./async-context";
import { formatAsyncStack, getAsyncStack } from "./async-stack";

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

/** What the exception handler receives: a message, and what failed (the other fields name the source). */
export interface ExceptionContext {
  message: string;
  exception?: unknown;
  [key: string]: unknown;
}

export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => void;

export interface CreateTaskOptions {
  name?: string;
}

/** What the loop runs at the job level: a waking task, a promise reaction, a done callback. */
export interface Job {
  _wakeup(): void;
}

/**
 * What the loop knows of a task (task.ts): its place in the list of live
 * tasks, the one that called it (while its first step runs inside the call),
 * and a label for reports.
 */
export interface LiveTask {
  _id: number;
  _prev: LiveTask | null;
  _next: LiveTask | null;
  _caller: LiveTask | null;
  /** name and await site, for the report of tasks pending at close() */
  _label(): string;
}

/** The listeners of loop.on (instrument.ts); the hot paths only test for null. */
export interface LoopHooks {
  emit(event: string, subject: unknown, detail?: unknown): void;
}

export class EventLoop {
  /** @internal the task whose body is running now */
  _current: LiveTask | null = null;
  /** @internal instrumentation listeners, null while there are none (the hot paths test this) */
  _hooks: LoopHooks | null = null;

  /** @internal */ readonly _clock: Clock;
  /** @internal */ readonly _scheduler: Scheduler;
  private readonly _fifo: boolean;
  /** @internal */ readonly _host: HostDriver | null;
  /** @internal */ readonly _hostSleep: ((ms: number) => void) | null;

  // jobs in _jobs[_jobHead.._jobTail): a waking task is its own job (nothing
  // allocated per await). The array keeps its slots when it empties: setting
  // an array's length costs V8 a runtime call, once per await here.
  /** @internal */ _jobs: Job[] = [];
  /** @internal */ _jobHead = 0;
  /** @internal */ _jobTail = 0;
  // ready callbacks, consumed from _readyHead
  private _ready: Handle[] = [];
  private _readyHead = 0;
  /** @internal */ readonly _timers = new TimerHeap();
  private _timerSeq = 0;

  /** @internal */ _running = false;
  /** @internal stop() was called (loop-run.ts) */
  _stopping = false;
  /** @internal */ _closed = false;
  /** true when enqueuing needs more than a push: closed, or a host to wake */
  private _poke: boolean;
  /** host microtasks requested for jobs and not run yet */
  private _jobWakes = 0;
  /** one host microtask per job (host.jobPerMicrotask), and this run is one: jobs queued now ask for their own */
  private readonly _jobPerWake: boolean;
  private _inJobWake = false;
  private _wokeCallbacks = false;
  private _wokeTimerAt = -1;
  private _prevLoop: EventLoop | null = null;

  /** @internal */ _debug: boolean;
  /** @internal */ _slowCallback: number;
  private _handler: ExceptionHandler | null = null;
  private _unobserved: Failure[] | null = null;
  /** where unretrieved failures go when no handler is set: the host's own path (host-rejections.ts), or null */
  private readonly _rejections: RejectionHost | null;

  private _taskSeq = 0;
  /** @internal the live tasks (suspended at least once, not done), newest first */
  _liveHead: LiveTask | null = null;
  /** @internal */ _liveCount = 0;

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

  /** @internal queues a job */
  _enqueueJob(job: Job): void {
    this._jobs[this._jobTail++] = job;
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

  // ---- the live tasks ----------------------------------------------------------

  /** @internal */
  _newTaskId(): number {
    return ++this._taskSeq;
  }

  /** @internal links a task into the live list (at its first suspension) */
  _registerTask(t: LiveTask): void {
    if (t._prev !== null || this._liveHead === t) return;
    const head = this._liveHead;
    t._next = head;
    if (head !== null) head._prev = t;
    this._liveHead = t;
    this._liveCount++;
  }

  /** @internal */
  _unregisterTask(t: LiveTask): void {
    const prev = t._prev;
    const next = t._next;
    if (prev !== null) prev._next = next;
    else if (this._liveHead === t) this._liveHead = next;
    else return; // not registered
    if (next !== null) next._prev = prev;
    t._prev = t._next = null;
    this._liveCount--;
  }

  /** @internal every live task, oldest first, running ones (not linked until they suspend) included */
  _liveTasks(): LiveTask[] {
    const out: LiveTask[] = [];
    for (let t = this._liveHead; t !== null; t = t._next) out.push(t);
    for (let t = this._current; t !== null; t = t._caller) if (t._prev === null && this._liveHead !== t) out.push(t);
    return out.sort((a, b) => a._id - b._id);
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
   * Closes the loop: pending work is dropped and any further scheduling
   * throws. Tasks still pending are reported.
   */
  close(): void {
    if (this._running) throw new InvalidStateError("Cannot close a running event loop");
    if (this._closed) return;
    if (this._liveCount > 0) {
      const pending = this._liveTasks();
      const names: string[] = [];
      for (let i = 0; i < pending.length; i++) names.push(pending[i]._label());
      this.callExceptionHandler({
        message: "Event loop closed with " + pending.length + " pending task" + (pending.length === 1 ? "" : "s") + ": " + names.join(", "),
      });
    }
    this._closed = true;
    this._poke = true;
    this._jobs = [];
    this._jobHead = this._jobTail = 0;
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

  /** Prints the message and the error (with its async stack, where one was recorded) on stderr. */
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
  _noteUnobserved(f: Failure): void {
    if (this._unobserved === null) this._unobserved = [];
    this._unobserved.push(f);
    // a failure outside any run (a call failing before its first await): the check needs a drain
    if (!this._running && this._host !== null && !this._closed) this._armHost();
  }

  // ---- the core --------------------------------------------------------------

  /** @internal marks the loop running (and current) for one run */
  _enter(method: string): void {
    if (this._closed) throw new InvalidStateError("Event loop is closed");
    if (this._running) throw new InvalidStateError(method + "(): this event loop is already running");
    this._running = true;
    this._poke = false; // while running, queued work is picked up by this run
    this._prevLoop = enterLoop(this);
  }

  /** @internal */
  _exit(): void {
    this._running = false;
    this._poke = this._host !== null || this._closed;
    enterLoop(this._prevLoop);
    this._prevLoop = null;
    if (this._host !== null && !this._closed) this._armHost();
  }

  /** @internal one iteration; see runOnce. Virtual clocks may jump up to `jumpLimit`. */
  _pass(jumpLimit: number): number {
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
    if (this._jobHead < this._jobTail || this._readyCount() > 0) return 0;
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

  /** @internal virtual clocks: with nothing ready, jump to the next timer (not past limit) */
  _jumpToNextTimer(limit: number): boolean {
    const next = this._timers.peek();
    if (next === null || !this._mayJumpTo(next.when(), limit)) return false;
    this._clock.jumpTo!(next.when());
    this._promoteDueTimers();
    return true;
  }

  /** @internal */
  _promoteDueTimers(): void {
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

  /** @internal the next ready callback that is not cancelled, or null */
  _takeLive(): Handle | null {
    for (;;) {
      const h = this._takeReady();
      if (h === null || !h._cancelled) return h;
    }
  }

  /** @internal runs a callback; debug mode and listeners time it */
  _runHandle(h: Handle): void {
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

  /** @internal runs jobs until none is left (jobs queued meanwhile included); returns how many ran */
  _runJobs(): number {
    let ran = 0;
    let picking = false;
    for (;;) {
      try {
        while (this._jobHead < this._jobTail) {
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
    this._jobHead = this._jobTail = 0;
    // a burst's slots are let go once it has drained (small queues keep theirs)
    if (this._jobs.length > 1024) this._jobs = [];
    if (this._unobserved !== null) this._reportUnobserved();
    return ran;
  }

  /** The next job (the scheduler's pick), taken off the queue; the queue is kept compact. */
  private _takeJob(): Job {
    const jobs = this._jobs;
    const tail = this._jobTail;
    let i = this._jobHead;
    if (!this._fifo && tail - i > 1) moveToFront(jobs, i, i + this._scheduler.pick(LEVEL_JOBS, tail - i));
    const job = jobs[i];
    jobs[i] = undefined as any;
    if (++i === tail) this._jobHead = this._jobTail = 0;
    else if (i > 4096 && i * 2 > tail) {
      // a long queue consumed from the front: move what is left down
      let to = 0;
      for (let from = i; from < tail; from++) {
        jobs[to++] = jobs[from];
        jobs[from] = undefined as any;
      }
      this._jobHead = 0;
      this._jobTail = to;
    } else this._jobHead = i;
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
      this.callExceptionHandler(f._unobservedContext());
    }
  }

  // ---- the self-driving host ---------------------------------------------------

  /** Asks the host to call back for whatever is pending (at most one request per kind). */
  private _armHost(): void {
    const host = this._host!;
    // one request per job (jobPerMicrotask), else one per batch
    const pending = this._jobTail - this._jobHead;
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
        if (this._jobHead < this._jobTail) this._runJobOfWake(this._takeJob());
        // unretrieved failures are looked at once no job is left (the end of the drain)
        if (this._jobHead >= this._jobTail && this._unobserved !== null) this._reportUnobserved();
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

/** Moves arr[i] to position `head`, keeping the order of the others. */
function moveToFront(arr: unknown[], head: number, i: number): void {
  if (i === head) return;
  const item = arr[i];
  for (let j = i; j > head; j--) arr[j] = arr[j - 1];
  arr[head] = item;
}

/** @internal the name a report gives a callback */
export function describeFn(fn: Function | null): string {
  return fn ? (fn as any).name || "<anonymous>" : "<cancelled>";
}

/** @internal a delay in ms, validated (negative means now) */
export function toDelay(ms: number): number {
  if (typeof ms !== "number" || ms !== ms) throw new TypeError("the delay must be a number of milliseconds");
  return ms > 0 ? ms : 0;
}

// ---- which loop is current ----------------------------------------------------

let running: EventLoop | null = null;
let defaultLoop: EventLoop | null = null;

/** The loop new tasks and futures belong to: the running loop, else the default loop. */
export function currentLoop(): EventLoop {
  return running !== null ? running : getEventLoop();
}

/** The loop running right now (inside one of its passes), or null. */
export function runningLoop(): EventLoop | null {
  return running;
}

/** @internal the loop marks itself running for the duration of a pass; returns the previous one */
export function enterLoop(loop: EventLoop | null): EventLoop | null {
  const prev = running;
  running = loop;
  return prev;
}

/** The running loop, else the default loop (created on first use). */
export function getEventLoop(): EventLoop {
  if (running !== null) return running;
  if (defaultLoop === null) defaultLoop = new EventLoop();
  return defaultLoop;
}

/** @internal the default loop as set, without creating one */
export function peekDefaultLoop(): EventLoop | null {
  return defaultLoop;
}

/** Sets the default loop (what getEventLoop() returns outside a running loop). */
export function setEventLoop(loop: EventLoop | null): void {
  defaultLoop = loop;
}
