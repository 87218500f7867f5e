/**
 * timeout(ms, fn) and waitFor(aw, ms): a deadline that cancels the work and
 * turns the resulting CancelledError into TimeoutError, but only when the
 * deadline caused the cancellation (asyncio's Timeout and its five states).
 *
 * Both run the work inside a small hand-written coroutine (see protocol.ts):
 *
 *     try { return await fn(scope) }                    // states 0-1
 *     catch (e) { throw scope.exit(e) }                 // state 2
 */
import { Task, resume } from "./task";
import { CancelledError, InvalidStateError, TimeoutError } from "./errors";
import { currentLoop } from "./loop";
import { DONE, type CoroutineMeta, type Frame } from "./protocol";
import type { Handle } from "./handle";
import type { EventLoop } from "./loop";

const CREATED = 0;
const ENTERED = 1;
const EXPIRING = 2;
const EXPIRED = 3;
const EXITED = 4;

/** The deadline of one timeout() block; fn receives it to read or move it. */
export class Timeout {
  private _state = CREATED;
  private _when: number | null;
  private _handle: Handle | null = null;
  private _task: Task<unknown> | null = null;
  private _cancelling = 0;

  constructor(
    private readonly _loop: EventLoop,
    when: number | null,
  ) {
    this._when = when;
  }

  /** the deadline in loop time, or null for none */
  when(): number | null {
    return this._when;
  }

  /** Moves the deadline (loop time; null removes it). */
  reschedule(when: number | null): void {
    if (this._state !== CREATED && this._state !== ENTERED) {
      throw new InvalidStateError("Cannot change the deadline of a timeout that has " + (this._state === EXITED ? "exited" : "expired"));
    }
    this._when = when;
    if (this._handle !== null) {
      this._handle.cancel();
      this._handle = null;
    }
    if (this._state !== ENTERED || when === null) return;
    // a deadline already past still lets work that is done finish first (callSoon)
    if (when <= this._loop.time()) this._handle = this._loop.callSoon(onDeadline, this);
    else this._handle = this._loop.callAt(when, onDeadline, this);
  }

  /** Whether the deadline passed and cancelled the work. */
  expired(): boolean {
    return this._state === EXPIRING || this._state === EXPIRED;
  }

  /** @internal */
  _enter(task: Task<unknown>): void {
    this._state = ENTERED;
    this._task = task;
    this._cancelling = task.cancelling();
    this.reschedule(this._when);
  }

  /** @internal the error to throw on leaving with `error` (or null on success) */
  _exit(error: unknown): unknown {
    if (this._handle !== null) {
      this._handle.cancel();
      this._handle = null;
    }
    if (this._state === EXPIRING) {
      this._state = EXPIRED;
      if (this._task!.uncancel() <= this._cancelling && error instanceof CancelledError) {
        const e = new TimeoutError("timed out");
        (e as TimeoutError & { cause?: unknown }).cause = error;
        return e;
      }
    } else if (this._state === ENTERED) this._state = EXITED;
    return error;
  }

  /** @internal */
  _onDeadline(): void {
    this._handle = null;
    if (this._state !== ENTERED) return;
    this._state = EXPIRING;
    this._task!.cancel();
  }
}

function onDeadline(t: Timeout): void {
  t._onDeadline();
}

const TIMEOUT_META: CoroutineMeta = { n: "timeout", r: [0, 2, -1, 3] };

/**
 * Runs fn(scope) (an async function, usually) with a deadline `ms` from now
 * (null: none). At the deadline the work is cancelled and the returned task
 * fails with TimeoutError; otherwise it settles as the work does.
 */
export function timeout<T>(ms: number | null, fn: (scope: Timeout) => PromiseLike<T> | T): Task<T> {
  const loop = currentLoop();
  return timeoutAt(ms === null ? null : loop.time() + (ms > 0 ? ms : 0), fn);
}

/** timeout() with an absolute deadline in loop time. */
export function timeoutAt<T>(when: number | null, fn: (scope: Timeout) => PromiseLike<T> | T): Task<T> {
  if (typeof fn !== "function") throw new TypeError("timeout expects a function");
  const loop = currentLoop();
  const scope = new Timeout(loop, when);
  const task = new Task<T>(
    function (co: Frame, v: any): any {
      for (;;) {
        switch (co.s) {
          case 0:
            co.s = 1;
            return fn(scope);
          case 1:
            scope._exit(null);
            co.s = DONE;
            return v;
          case 2:
            throw scope._exit(v);
        }
      }
    },
    TIMEOUT_META,
    loop,
  );
  scope._enter(task);
  resume(task, undefined, false);
  return task;
}

/**
 * Waits for `aw` for at most `ms` (null: no limit). On timeout, cancels it,
 * waits for the cancellation to finish, and fails with TimeoutError.
 */
export function waitFor<T>(aw: PromiseLike<T> | T, ms: number | null): Task<T> {
  return timeout(ms, function () {
    return aw;
  });
}
