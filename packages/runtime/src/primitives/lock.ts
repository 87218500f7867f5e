/**
 * Lock: asyncio.Lock. Fair (FIFO): a release wakes the first waiter, and a
 * newcomer only jumps the queue when every queued waiter was cancelled.
 *
 * The lock is taken when the woken waiter *resumes*, not when it is woken
 * (asyncio's design): a waiter cancelled after its wake-up but before it
 * ran never holds the lock, and passes the wake-up on to the next waiter.
 *
 * acquire() hands out a delivering task (loop-bound.ts): once it has taken
 * the lock, the caller gets `true` even if a cancellation of the caller lands
 * before it resumes (the CancelledError then comes at its next await), so
 * the caller's `try { ... } finally { release() }` always runs. The outcome
 * is "acquired and returned" or "raised CancelledError without acquiring",
 * never both, as in asyncio.
 *
 * The coroutine is hand-written (protocol.ts):
 *
 *     if (!locked && all waiters cancelled) { locked = true; return true }  // 0
 *     fut = new waiter; waiters.push(fut)
 *     try { await fut }                                                      // 1
 *     catch (e) { remove(fut); if (!locked) wakeUpFirst(); throw e }         // 2
 *     remove(fut); locked = true; return true
 */
import { startCoroutine, type Task } from "../task";
import { InvalidStateError } from "../errors";
import { DONE, type CoroutineMeta, type Frame } from "../protocol";
import type { Future } from "../future";
import { LoopBound, delivering, removeItem } from "./loop-bound";

const ACQUIRE_META: CoroutineMeta = { n: "Lock.acquire", r: [1, 2, -1, 3] };

export class Lock extends LoopBound {
  /** @internal */ _locked = false;
  /** @internal waiter futures, oldest first; a waiter removes its own on resuming */
  _waiters: Future<boolean>[] = [];

  locked(): boolean {
    return this._locked;
  }

  /** Waits until the lock is free and takes it; the task resolves to true. */
  acquire(): Task<boolean> {
    return delivering(this._acquire());
  }

  /**
   * @internal acquire() as a plain task: a cancellation of the awaiting task
   * that lands after it took the lock is thrown in there (Condition.wait
   * handles that case itself).
   */
  _acquire(): Task<boolean> {
    const self = this;
    let fut: Future<boolean>;
    return startCoroutine<boolean>(function (co: Frame, v: any): any {
      switch (co.s) {
        case 0:
          if (!self._locked && allCancelled(self._waiters)) {
            self._locked = true;
            co.s = DONE;
            return true;
          }
          fut = self._createWaiter<boolean>();
          self._waiters.push(fut);
          co.s = 1;
          return fut;
        case 1:
          removeItem(self._waiters, fut);
          self._locked = true;
          co.s = DONE;
          return true;
        case 2:
          // Cancelled (the only error a waiter future can carry). If we had
          // been woken, the wake-up must not be lost: pass it on.
          removeItem(self._waiters, fut);
          if (!self._locked) self._wakeUpFirst();
          throw v;
      }
    }, ACQUIRE_META);
  }

  /** Frees the lock and wakes the first waiter; InvalidStateError when not locked. */
  release(): void {
    if (!this._locked) throw new InvalidStateError("Lock is not acquired");
    this._locked = false;
    this._wakeUpFirst();
  }

  /** Makes sure the first waiter will run (if it is already woken, nothing to do). */
  private _wakeUpFirst(): void {
    if (this._waiters.length === 0) return;
    const fut = this._waiters[0];
    if (!fut.done()) fut.setResult(true);
  }
}

export function allCancelled(waiters: Future<any>[]): boolean {
  for (let i = 0; i < waiters.length; i++) if (!waiters[i].cancelled()) return false;
  return true;
}
