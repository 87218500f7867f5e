/**
 * Semaphore and BoundedSemaphore: asyncio 3.12's, FIFO-fair.
 *
 * A release hands a unit to the first waiter at once (_value is decremented
 * when the waiter is woken, not when it resumes), so a newcomer cannot
 * overtake woken waiters. A waiter cancelled after its wake-up gives its unit
 * back; every waiter leaving acquire() wakes as many others as the value
 * now allows, so no unit is stranded.
 *
 * acquire() hands out a delivering task (loop-bound.ts): once it has taken a
 * unit, the caller gets `true` even if a cancellation of the caller lands
 * before it resumes (the CancelledError comes at its next await), so no
 * unit is ever taken in the name of a caller that saw CancelledError.
 *
 * The coroutine is hand-written (protocol.ts):
 *
 *     if (!locked()) { value--; return true }                           // 0
 *     fut = new waiter; waiters.push(fut)
 *     try { await fut }                                                 // 1
 *     catch (e) { remove(fut); if (woken) value++; wakeAllowed(); throw e }  // 2
 *     remove(fut); wakeAllowed(); return true
 */
import { startCoroutine, type Task } from "../task";
import { CancelledError, InvalidStateError } from "../errors";
import { DONE, type CoroutineMeta, type Frame } from "../protocol";
import type { Future } from "../future";
import { LoopBound, delivering, removeItem } from "./loop-bound";

const ACQUIRE_META: CoroutineMeta = { n: "Semaphore.acquire", r: [1, 2, -1, 3] };

export class Semaphore extends LoopBound {
  /** @internal units free and not yet handed to a woken waiter */
  _value: number;
  /** @internal waiter futures, oldest first; a waiter removes its own on resuming */
  _waiters: Future<boolean>[] = [];

  constructor(value?: number) {
    super();
    const v = value === undefined ? 1 : value;
    if (typeof v !== "number" || v !== v || v < 0) throw new RangeError("Semaphore initial value must be >= 0");
    this._value = v;
  }

  /** True when acquire() would wait: no unit free, or waiters that must go first. */
  locked(): boolean {
    if (this._value === 0) return true;
    const waiters = this._waiters;
    for (let i = 0; i < waiters.length; i++) if (!waiters[i].cancelled()) return true;
    return false;
  }

  /** Takes a unit, waiting for one if needed; the task resolves to true. */
  acquire(): Task<boolean> {
    const self = this;
    let fut: Future<boolean>;
    return delivering(startCoroutine<boolean>(function (co: Frame, v: any): any {
      switch (co.s) {
        case 0:
          if (!self.locked()) {
            self._value--;
            co.s = DONE;
            return true;
          }
          fut = self._createWaiter<boolean>();
          self._waiters.push(fut);
          co.s = 1;
          return fut;
        case 1:
          removeItem(self._waiters, fut);
          self._wakeUpAllowed();
          co.s = DONE;
          return true;
        case 2:
          removeItem(self._waiters, fut);
          // Woken (a unit was handed to us) but cancelled before resuming:
          // give the unit back so the next waiter gets it.
          if (v instanceof CancelledError && fut.done() && !fut.cancelled()) self._value++;
          self._wakeUpAllowed();
          throw v;
      }
    }, ACQUIRE_META));
  }

  /** Returns a unit and wakes the first waiter that is not woken yet. */
  release(): void {
    this._value++;
    this._wakeUpNext();
  }

  /** New waiters may have queued behind us for fairness: wake as many as the value allows. */
  private _wakeUpAllowed(): void {
    while (this._value > 0) if (!this._wakeUpNext()) break;
  }

  /** Hands a unit to the first waiter not woken yet; false when there is none. */
  private _wakeUpNext(): boolean {
    const waiters = this._waiters;
    for (let i = 0; i < waiters.length; i++) {
      const fut = waiters[i];
      if (!fut.done()) {
        this._value--;
        fut.setResult(true);
        return true;
      }
    }
    return false;
  }
}

/** A Semaphore that refuses to be released above its initial value. */
export class BoundedSemaphore extends Semaphore {
  /** @internal */ _bound: number;

  constructor(value?: number) {
    super(value);
    this._bound = this._value;
  }

  /** InvalidStateError (asyncio: ValueError) when it would exceed the initial value. */
  release(): void {
    if (this._value >= this._bound) throw new InvalidStateError("BoundedSemaphore released too many times");
    super.release();
  }
}
