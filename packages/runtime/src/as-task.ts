/**
 * asTask(p): the Task behind a promise, typed.
 *
 * A function compiled by coloop is declared, for TypeScript, as
 * `async (): Promise<T>`, but its call returns a Task<T>: it can be
 * cancelled, named and inspected. asTask gives it that type, checked at run
 * time, without `as unknown as Task<T>`:
 *
 *     const t = asTask(fetchUser(id)); // Task<User>
 *     t.setName("fetch " + id);
 *     t.cancel();                      // cancels fetchUser's coroutine at its await
 *
 * - a Task is returned as it is (the very task of the call: cancelling it
 *   cancels the coroutine);
 * - any other thenable (a Future, a LoopPromise, a native or foreign
 *   promise: say, an async function that was not compiled) is wrapped the
 *   way `loop.createTask(thenable)` wraps it, in a new task awaiting it, on
 *   the future's own loop (for a foreign promise: the current loop).
 *   Cancelling that task cancels a Future it awaits, and otherwise only
 *   stops the waiting: a native promise's work goes on;
 * - anything else is a TypeError (the types only admit a PromiseLike).
 */
import "./loop-tasks";
import { BaseFuture } from "./base-future";
import { Task } from "./task";
import { currentLoop } from "./loop";

export function asTask<T>(p: PromiseLike<T>): Task<T> {
  if (p instanceof Task) return p as Task<T>;
  if (p === null || (typeof p !== "object" && typeof p !== "function") || typeof p.then !== "function") {
    throw new TypeError("asTask expects a task, a future or a promise, not " + describe(p));
  }
  const loop = p instanceof BaseFuture ? p._loop : currentLoop();
  return loop.createTask<T>(p);
}

function describe(x: unknown): string {
  if (x === null) return "null";
  return typeof x === "object" || typeof x === "function" ? "an object without a then method" : typeof x;
}
