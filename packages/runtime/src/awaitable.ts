/**
 * Turning what the APIs accept into futures: runtime futures pass through,
 * thenables (a LoopPromise, a foreign promise) are awaited by a small task so
 * they can be cancelled and inspected, plain values become done futures.
 */
import { BaseFuture, FULFILLED } from "./base-future";
import { Future } from "./future";
import { Task, resume } from "./task";
import type { EventLoop } from "./loop";
import { DONE, type CoroutineMeta } from "./protocol";

const AWAIT_META: CoroutineMeta = { n: "<await>" };

/**
 * A Future for x on `loop`. With `asTask`, a future that is no task, a
 * thenable or a value is wrapped in a Task (createTask needs one);
 * otherwise futures pass through and a plain value gives a done Future.
 */
export function ensureFuture(x: unknown, loop: EventLoop, asTask: boolean): Future<any> {
  if (x instanceof Task || (x instanceof Future && !asTask)) return x;
  if (asTask || x instanceof BaseFuture || isThenable(x)) return awaitingTask(x, loop);
  const f = new Future<any>(loop);
  f._settle(FULFILLED, x);
  return f;
}

export function isThenable(x: unknown): boolean {
  return x !== null && (typeof x === "object" || typeof x === "function") && typeof (x as any).then === "function";
}

/** A task whose coroutine is `return await x`. */
export function awaitingTask(x: unknown, loop: EventLoop): Task<any> {
  const t = new Task<any>(
    function (co, v) {
      if (co.s === 0) {
        co.s = 1;
        return x;
      }
      co.s = DONE;
      return v;
    },
    AWAIT_META,
    loop,
  );
  resume(t, undefined, false);
  return t;
}
