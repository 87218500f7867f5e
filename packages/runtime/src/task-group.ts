/**
 * TaskGroup: asyncio's structured concurrency, as a function:
 *
 *     const result = await TaskGroup.run(async (tg) => {
 *       tg.createTask(() => work(1));
 *       tg.createTask(() => work(2));
 *       return "body result";
 *     });
 *
 * is `async with TaskGroup() as tg: ...`. The body runs as its own task and
 * the task run() returns (the "run task") plays asyncio's parent task: it
 * awaits the body, then waits for every child. A child failing with anything
 * but CancelledError cancels the other children and the run task (so the
 * body, which it awaits), exactly as asyncio cancels the parent; that
 * self-inflicted cancellation is withdrawn (uncancel) at the end. Outcome:
 * - errors (children's, and the body's unless it is a CancelledError):
 *   TaskGroupError, `.errors` in the order they occurred;
 * - else, if the run task was cancelled from outside: CancelledError (after
 *   cancelling the children and waiting for them: a cancellation while
 *   waiting cancels the children and keeps waiting, it never abandons them);
 * - else the body's result.
 *
 * run() is a hand-written coroutine (protocol.ts); `tg.x` are the group's
 * fields, states in brackets:
 *
 *     try { result = await body(tg) }                                 // [0-1]
 *     catch (e) { bodyError = e }                                     // [2]
 *     exiting = true; if (bodyError) abort()                          // [3]
 *     while (tasks.length) {                                          // [4]
 *       try { await onCompleted }                                     // [5]
 *       catch (CancelledError e) { if (!aborting) { propagate = e; abort() } }  // [6]
 *     }
 *     ...the outcome above                                            // [7]
 */
import "./loop-tasks";
import { REJECTED } from "./base-future";
import { CancelledError, InvalidStateError, taskGroupError } from "./errors";
import { currentLoop } from "./loop";
import { startCoroutine, type Task } from "./task";
import { DONE, type CoroutineBody, type CoroutineMeta, type Frame } from "./protocol";
import type { Future } from "./future";
import type { CreateTaskOptions, EventLoop } from "./loop";

const RUN_META: CoroutineMeta = { n: "TaskGroup.run", r: [0, 2, -1, 3, 5, 6, -1, 7] };

/**
 * What createTask accepts, the forms of EventLoop.createTask: a Task (or a
 * future or thenable, awaited by a new task), a function called now (an
 * async function, usually: the task its call returns, or a task awaiting
 * what it returns), or a coroutine `{ body, meta }` (protocol.ts).
 */
export type TaskWork<T> = Task<T> | PromiseLike<T> | (() => PromiseLike<T> | T) | { body: CoroutineBody; meta?: CoroutineMeta };

export class TaskGroup {
  /** @internal */ _loop: EventLoop;
  /** @internal the run task: asyncio's parent task */
  _parent: Task<unknown> | null = null;
  /** @internal children not done yet */
  _tasks: Task<unknown>[] = [];
  /** @internal failures, in the order they occurred */
  _errors: unknown[] = [];
  /** @internal the body is done: the run task is waiting for the children */
  _exiting = false;
  /** @internal children are being cancelled: no new ones */
  _aborting = false;
  /** @internal the group cancelled the run task itself (and must uncancel it) */
  _parentCancelRequested = false;
  /** @internal resolved when the last child is done, while the run task waits */
  _onCompleted: Future<boolean> | null = null;
  /** @internal the done callback every child gets */
  _onTaskDone: (task: Task<unknown>) => void;

  /** use TaskGroup.run */
  private constructor(loop: EventLoop) {
    this._loop = loop;
    const self = this;
    this._onTaskDone = function (task: Task<unknown>) {
      self._childDone(task);
    };
  }

  /**
   * Runs body(tg) as a task and waits for it and every child it (or a child)
   * creates. Returns the run task; see the file comment for its outcome.
   */
  static run<T>(body: (tg: TaskGroup) => T | PromiseLike<T>): Task<T> {
    if (typeof body !== "function") throw new TypeError("TaskGroup.run expects a function");
    const tg = new TaskGroup(currentLoop());
    let result: unknown = undefined;
    let bodyFailed = false;
    let bodyError: unknown = undefined;
    let propagate: unknown = null; // the CancelledError to end with, if nothing failed
    let pending: unknown = null; // the last cancellation seen while waiting
    return startCoroutine<T>(function (co: Frame, v: any): any {
      for (;;) {
        switch (co.s) {
          case 0:
            tg._parent = co as unknown as Task<unknown>;
            co.s = 1;
            return tg._loop.createTask(function () {
              return body(tg);
            });
          case 1:
            result = v;
            co.s = 3;
            break;
          case 2:
            bodyFailed = true;
            bodyError = v;
            co.s = 3;
            break;
          case 3:
            tg._exiting = true;
            if (bodyFailed) {
              // asyncio adds the body's error last; we keep order of occurrence
              if (bodyError instanceof CancelledError) propagate = bodyError;
              else tg._errors.push(bodyError);
              if (!tg._aborting) tg._abort();
            }
            co.s = 4;
            break;
          case 4:
            if (tg._tasks.length === 0) {
              co.s = 7;
              break;
            }
            if (tg._onCompleted === null) tg._onCompleted = tg._loop.createFuture<boolean>();
            co.s = 5;
            return tg._onCompleted;
          case 5:
            tg._onCompleted = null;
            co.s = 4;
            break;
          case 6:
            // the run task was cancelled while waiting (from outside, or by
            // the group itself): cancel the children, but keep waiting
            if (!(v instanceof CancelledError)) throw v;
            pending = v;
            if (!tg._aborting) {
              propagate = v;
              tg._abort();
            }
            tg._onCompleted = null;
            co.s = 4;
            break;
          case 7:
            if (tg._parentCancelRequested) {
              // withdraw our own cancellation; one from outside still counts
              if (tg._parent!.uncancel() === 0) propagate = null;
              else if (propagate === null) propagate = pending;
            }
            if (tg._errors.length > 0) throw taskGroupError(tg._errors.slice());
            if (propagate !== null) throw propagate;
            co.s = DONE;
            return result;
        }
      }
    }, RUN_META);
  }

  /**
   * Starts a child (the forms EventLoop.createTask takes) on the group's
   * loop. InvalidStateError once the group is finished or aborting.
   */
  createTask<T = unknown>(work: TaskWork<T>, options?: CreateTaskOptions): Task<T> {
    if (this._parent === null) throw new InvalidStateError("TaskGroup has not been entered (use TaskGroup.run)");
    if (this._exiting && this._tasks.length === 0) throw new InvalidStateError("TaskGroup is finished");
    if (this._aborting) throw new InvalidStateError("TaskGroup is shutting down");
    const task = this._loop.createTask<T>(work, options);
    // even a child that is done already reports through the callback (a job),
    // so a failure never cancels the body in the middle of this call
    this._tasks.push(task);
    task.addDoneCallback(this._onTaskDone);
    if (this._aborting && !task.done()) task.cancel();
    return task;
  }

  /**
   * Cancels the children and the body; the run task then ends without a
   * CancelledError (with the body's result if it still returned one).
   * No-op once the group has finished.
   */
  cancel(): void {
    if (this._parent === null || (this._exiting && this._tasks.length === 0)) return;
    if (this._aborting) return;
    this._abort();
    if (!this._parentCancelRequested) {
      this._parentCancelRequested = true;
      this._parent.cancel();
    }
  }

  /** @internal */
  _abort(): void {
    this._aborting = true;
    const tasks = this._tasks.slice();
    for (let i = 0; i < tasks.length; i++) if (!tasks[i].done()) tasks[i].cancel();
  }

  /** @internal a child finished */
  _childDone(task: Task<unknown>): void {
    const tasks = this._tasks;
    for (let i = 0; i < tasks.length; i++) {
      if (tasks[i] === task) {
        tasks.splice(i, 1);
        break;
      }
    }
    const done = this._onCompleted;
    if (done !== null && tasks.length === 0 && !done.done()) done.setResult(true);
    if (task._state !== REJECTED) return; // succeeded or cancelled
    const error = task.exception();
    this._errors.push(error);
    const parent = this._parent!;
    if (parent.done()) {
      this._loop.callExceptionHandler({
        message: "Task " + task.getName() + " failed but its TaskGroup has already finished",
        exception: error,
        task: task,
      });
      return;
    }
    if (!this._aborting && !this._parentCancelRequested) {
      // cancel the body (through the run task that awaits it), as asyncio
      // cancels the parent task; withdrawn again when the run task ends
      this._abort();
      this._parentCancelRequested = true;
      parent.cancel();
    }
  }
}
