/**
 * Condition: asyncio.Condition (3.13), a condition variable over a Lock.
 *
 * wait() is a hand-written coroutine (protocol.ts). In asyncio terms:
 *
 *     if (!locked()) throw InvalidStateError                       // 0
 *     fut = new waiter; release(); waiters.push(fut)
 *     try {
 *       try { await fut; return true }                             // 1, landing 2
 *       finally {
 *         remove(fut)
 *         for (;;) try { await acquire(); break }                  // 3-4
 *                  catch (CancelledError e) { err = e }            // 5
 *         if (err) throw err
 *       }
 *     } catch (e) { notify(1); throw e }                           // 6
 *
 * The lock is re-acquired even when the wait is cancelled, so the caller's
 * `finally { release() }` stays correct. A waiter that fails after it was
 * notified passes the notification on (a spurious wake-up is allowed; a
 * lost one is not).
 */
import { startCoroutine, type Task } from "../task";
import { CancelledError, InvalidStateError } from "../errors";
import { DONE, type CoroutineMeta, type Frame } from "../protocol";
import type { Future } from "../future";
import { LoopBound, removeItem } from "./loop-bound";
import { Lock } from "./lock";

const WAIT_META: CoroutineMeta = { n: "Condition.wait", r: [1, 2, -1, 3, 4, 5, -1, 6] };
const WAIT_FOR_META: CoroutineMeta = { n: "Condition.waitFor" };

export class Condition extends LoopBound {
  /** @internal */ _lock: Lock;
  /** @internal waiter futures, oldest first */
  _waiters: Future<boolean>[] = [];

  constructor(lock?: Lock) {
    super();
    if (lock !== undefined && !(lock instanceof Lock)) throw new TypeError("Condition expects a Lock");
    this._lock = lock || new Lock();
  }

  locked(): boolean {
    return this._lock.locked();
  }

  acquire(): Task<boolean> {
    return this._lock.acquire();
  }

  release(): void {
    this._lock.release();
  }

  /**
   * Releases the lock, waits to be notified, re-acquires the lock (always,
   * even when cancelled) and resolves to true. Needs the lock held.
   */
  wait(): Task<boolean> {
    const self = this;
    let fut: Future<boolean>;
    let acq: Task<boolean>;
    let failed = false;
    let failure: unknown = undefined;
    let cancelled: unknown = null;
    return startCoroutine<boolean>(function (co: Frame, v: any): any {
      for (;;) {
        switch (co.s) {
          case 0:
            if (!self.locked()) throw new InvalidStateError("cannot wait on un-acquired lock");
            fut = self._createWaiter<boolean>();
            self.release();
            self._waiters.push(fut);
            co.s = 1;
            return fut;
          case 1:
            removeItem(self._waiters, fut);
            co.s = 3;
            break;
          case 2:
            removeItem(self._waiters, fut);
            failed = true;
            failure = v;
            co.s = 3;
            break;
          case 3:
            acq = self.acquire();
            co.s = 4;
            return acq;
          case 4:
            co.s = 6;
            break;
          case 5:
            if (!(v instanceof CancelledError)) {
              self._notify(1);
              throw v;
            }
            cancelled = v;
            // The acquire may have succeeded and only our resumption been
            // cancelled (the acquiring task is a separate task): then we hold
            // the lock, and acquiring again would deadlock.
            co.s = acquiredOk(acq) ? 6 : 3;
            break;
          case 6:
            if (cancelled !== null || failed) {
              self._notify(1);
              throw cancelled !== null ? cancelled : failure;
            }
            co.s = DONE;
            return true;
        }
      }
    }, WAIT_META);
  }

  /** Waits until predicate() is truthy (checked first, then after each wake-up); resolves to its value. */
  waitFor<T>(predicate: () => T): Task<T> {
    const self = this;
    return startCoroutine<T>(function (co: Frame): any {
      const result = predicate();
      if (result) {
        co.s = DONE;
        return result;
      }
      co.s = 1;
      return self.wait();
    }, WAIT_FOR_META);
  }

  /** Wakes up to n waiters (default 1). Needs the lock held. */
  notify(n?: number): void {
    if (!this.locked()) throw new InvalidStateError("cannot notify on un-acquired lock");
    this._notify(n === undefined ? 1 : n);
  }

  /** Wakes every waiter. Needs the lock held. */
  notifyAll(): void {
    this.notify(this._waiters.length);
  }

  /** @internal */
  _notify(n: number): void {
    let woken = 0;
    const waiters = this._waiters;
    for (let i = 0; i < waiters.length && woken < n; i++) {
      if (!waiters[i].done()) {
        woken++;
        waiters[i].setResult(false);
      }
    }
  }
}

function acquiredOk(t: Task<boolean>): boolean {
  return t.done() && !t.cancelled() && t.exception() === null;
}
