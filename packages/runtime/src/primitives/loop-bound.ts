/**
 * What every primitive shares (asyncio's _LoopBoundMixin): it is created
 * without a loop and binds to the loop current at its first wait, so one
 * can be made at module level, before any loop exists. Using it from
 * another loop afterwards is a mistake (its waiters would be woken on the
 * wrong loop), reported as InvalidStateError.
 */
import { currentLoop } from "../loop";
import { InvalidStateError } from "../errors";
import { Future } from "../future";
import type { EventLoop } from "../loop";
import type { Task } from "../task";

export class LoopBound {
  /** @internal the loop of the first wait, or null */
  _loop: EventLoop | null = null;

  /** @internal a fresh waiter future on the bound loop (binding it now if needed) */
  _createWaiter<T = unknown>(): Future<T> {
    const loop = currentLoop();
    if (this._loop === null) this._loop = loop;
    else if (this._loop !== loop) throw new InvalidStateError("this primitive is bound to a different event loop");
    return loop.createFuture<T>();
  }
}

/** Removes the first occurrence of x from arr (if any); true when found. */
export function removeItem(arr: unknown[], x: unknown): boolean {
  for (let i = 0; i < arr.length; i++) {
    if (arr[i] === x) {
      arr.splice(i, 1);
      return true;
    }
  }
  return false;
}

/**
 * Marks a task a primitive hands out (acquire, wait, get, put) as one whose
 * successful result reaches the task awaiting it even when a cancellation of
 * that task lands in the job between the two (Task._wakeup): the caller gets
 * the lock (item, slot) and the cancellation at its next await, as with
 * asyncio's inline coroutines. Without it, the caller would see
 * CancelledError while the resource stays taken in its name.
 */
export function delivering<T>(t: Task<T>): Task<T> {
  t._deliver = true;
  return t;
}
