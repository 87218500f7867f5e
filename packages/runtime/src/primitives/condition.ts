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
 *
 * wait() and waitFor() hand out delivering tasks (loop-bound.ts): once the
 * wait has returned (notified, lock re-acquired), its caller gets the result
 * even if a cancellation lands before the caller resumes (the CancelledError
 * comes at its next await), so the notification is never consumed in the
 * name of a caller that saw CancelledError. Inside, wait() and waitFor()
 * await plain tasks and handle a cancellation landing after them themselves
 * (wait: it holds the lock, no second acquire; waitFor: the notification is
 * passed on).
 */
import { startCoroutine, type Task } from "../task";
import { CancelledError, InvalidStateError } from "../errors";
import { DONE, type CoroutineMeta, type Frame } from "../protocol";
import type { Future } from "../future";
import { LoopBound, delivering, removeItem } from "./loop-bound";
import { Lock } from "./lock";

const WAIT_META: CoroutineMeta = { n: "Condition.wait", r: [1, 2, -1, 3, 4, 5, -1, 6] };
const WAIT_FOR_META: CoroutineMeta = { n: "Condition.waitFor", r: [1, 2, -1, 3] };

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
    return delivering(this._wait());
  }

  /** @internal wait() as a plain task (what waitFor awaits) */
  _wait(): Task<boolean> {
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
            acq = self._lock._acquire();
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

  /**
   * Waits until predicate() is truthy (checked first, then after each
   * wake-up); resolves to its value. Needs the lock held.
   *
   *     while (!(result = predicate()))                           // 0, 1
   *       try { await wait() }                                    // 1
   *       catch (e) { if (wait returned) notify(1); throw e }     // 2
   *     return result
   */
  waitFor<T>(predicate: () => T): Task<T> {
    const self = this;
    let w: Task<boolean>;
    return delivering(
      startCoroutine<T>(function (co: Frame, v: any): any {
        switch (co.s) {
          case 0:
          case 1: {
            const result = predicate();
            if (result) {
              co.s = DONE;
              return result;
            }
            w = self._wait();
            co.s = 1;
            return w;
          }
          case 2:
            // notified (the wait returned) but cancelled before resuming:
            // the notification must not be lost with us
            if (w.done() && !w.cancelled() && w.exception() === null) self._notify(1);
            throw v;
        }
      }, WAIT_FOR_META),
    );
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
