/**
 * Event: asyncio.Event, a flag tasks can wait for.
 *
 * wait() hands out a delivering task (loop-bound.ts), as every primitive
 * does: once it has seen the flag set, its caller gets `true` even if a
 * cancellation lands before the caller resumes (it comes at the next await).
 *
 * The coroutine is hand-written (protocol.ts):
 *
 *     if (value) return true                                   // 0
 *     fut = new waiter; waiters.push(fut)
 *     try { await fut } finally { remove(fut) }                // 1, landing 2
 *     return true
 */
import { startCoroutine, type Task } from "../task";
import { DONE, type CoroutineMeta, type Frame } from "../protocol";
import type { Future } from "../future";
import { LoopBound, delivering, removeItem } from "./loop-bound";

const WAIT_META: CoroutineMeta = { n: "Event.wait", r: [1, 2, -1, 3] };

export class Event extends LoopBound {
  /** @internal */ _value = false;
  /** @internal */ _waiters: Future<boolean>[] = [];

  isSet(): boolean {
    return this._value;
  }

  /** Sets the flag and wakes every waiter; later wait() calls return at once. */
  set(): void {
    if (this._value) return;
    this._value = true;
    const waiters = this._waiters;
    for (let i = 0; i < waiters.length; i++) if (!waiters[i].done()) waiters[i].setResult(true);
  }

  /**
   * Resets the flag. Waiters already woken by set() still return true: each
   * removes its own future when it resumes, so clear() never un-wakes one.
   */
  clear(): void {
    this._value = false;
  }

  /** Waits until the flag is set; the task resolves to true. */
  wait(): Task<boolean> {
    const self = this;
    let fut: Future<boolean>;
    return delivering(startCoroutine<boolean>(function (co: Frame, v: any): any {
      switch (co.s) {
        case 0:
          if (self._value) {
            co.s = DONE;
            return true;
          }
          fut = self._createWaiter<boolean>();
          self._waiters.push(fut);
          co.s = 1;
          return fut;
        case 1:
          removeItem(self._waiters, fut);
          co.s = DONE;
          return true;
        case 2:
          removeItem(self._waiters, fut);
          throw v;
      }
    }, WAIT_META));
  }
}
