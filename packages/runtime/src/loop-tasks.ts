/**
 * The loop's futures-and-tasks methods (asyncio's create_future,
 * create_task, all_tasks, current_task), added to the scheduling core,
 * which knows nothing of futures. Loaded by the full runtime entry; code
 * that only calls compiled functions never needs them.
 */
import { EventLoop, enterLoop, type CreateTaskOptions } from "./loop";
import { BaseFuture } from "./base-future";
import { Future } from "./future";
import { Task, scheduleCoroutine } from "./task";
import { ensureFuture, isThenable } from "./awaitable";
import { InvalidStateError } from "./errors";
import type { CoroutineBody, CoroutineMeta } from "./protocol";

declare module "./loop" {
  interface EventLoop {
    /** A pending Future on this loop. */
    createFuture<T = unknown>(): Future<T>;
    /**
     * Wraps work in a task on this loop:
     * - a Task: named (if asked) and returned;
     * - a function (an async function, usually): called now, with this loop
     *   current so the task it starts lands here; its result becomes the task;
     * - a future or thenable: a task awaiting it (named, cancellable, inspectable);
     * - a coroutine `{ body, meta }` (protocol.ts): its first step is scheduled
     *   with callSoon, as asyncio's create_task does.
     */
    createTask<T = unknown>(work: Task<T> | PromiseLike<T> | (() => PromiseLike<T> | T) | { body: CoroutineBody; meta?: CoroutineMeta }, options?: CreateTaskOptions): Task<T>;
    /** Every task that is not done yet, oldest first. */
    allTasks(): Task<unknown>[];
    /** The task whose body is running now, or null. */
    currentTask(): Task<unknown> | null;
  }
}

const proto = EventLoop.prototype;

proto.createFuture = function <T>(this: EventLoop): Future<T> {
  if (this._closed) throw new InvalidStateError("Event loop is closed");
  return new Future<T>(this);
};

proto.createTask = function <T>(this: EventLoop, work: unknown, options?: CreateTaskOptions): Task<T> {
  if (this._closed) throw new InvalidStateError("Event loop is closed");
  const name = options && options.name !== undefined ? options.name : undefined;
  let task: Task<T>;
  if (work instanceof Task) task = work;
  else if (typeof work === "function") {
    const prev = enterLoop(this);
    let result: unknown;
    try {
      result = work();
    } finally {
      enterLoop(prev);
    }
    task = result instanceof Task ? (result as Task<T>) : (ensureFuture(result, this, true) as Task<T>);
  } else if (work && typeof (work as { body?: unknown }).body === "function") {
    const co = work as { body: CoroutineBody; meta?: CoroutineMeta };
    task = scheduleCoroutine<T>(co.body, co.meta || null, this, name);
  } else if (work instanceof BaseFuture || isThenable(work)) {
    task = ensureFuture(work, this, true) as Task<T>;
  } else throw new TypeError("createTask expects a Task, a future or thenable, a function or a coroutine { body, meta }");
  if (name !== undefined) task.setName(name);
  return task;
};

proto.allTasks = function (this: EventLoop): Task<unknown>[] {
  return this._liveTasks() as Task<unknown>[];
};

proto.currentTask = function (this: EventLoop): Task<unknown> | null {
  return this._current as Task<unknown> | null;
};
