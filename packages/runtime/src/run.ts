/**
 * run(main): asyncio.run for this runtime. A fresh loop runs `main` to
 * completion synchronously, then the tasks it left behind are cancelled and
 * given the chance to finish, and the loop is closed.
 */
import "./loop-run";
import "./loop-tasks";
import { EventLoop, peekDefaultLoop, setEventLoop, type EventLoopOptions } from "./loop";
import { gather } from "./combinators";
import { REJECTED } from "./base-future";

export function run<T>(main: PromiseLike<T> | (() => PromiseLike<T> | T), options?: EventLoopOptions): T {
  const o: EventLoopOptions = { host: "manual" };
  if (options) for (const key in options) if (Object.prototype.hasOwnProperty.call(options, key)) (o as any)[key] = (options as any)[key];
  const loop = new EventLoop(o);
  const previous = peekDefaultLoop();
  setEventLoop(loop);
  try {
    return loop.runUntilComplete(main as any) as T;
  } finally {
    try {
      cancelLeftovers(loop);
    } finally {
      loop.close();
      setEventLoop(previous);
    }
  }
}

function cancelLeftovers(loop: EventLoop): void {
  const tasks = loop.allTasks();
  if (tasks.length === 0) return;
  for (let i = 0; i < tasks.length; i++) tasks[i].cancel();
  try {
    loop.runUntilComplete(function () {
      return gather(tasks, { returnExceptions: true });
    });
  } catch (e) {
    // tasks waiting on something outside the loop cannot finish; close reports them
    return;
  }
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i];
    if (t._state === REJECTED) {
      loop.callExceptionHandler({ message: "unhandled exception during run() shutdown", exception: t.exception(), task: t });
    }
  }
}
