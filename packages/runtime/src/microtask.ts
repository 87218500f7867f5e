/**
 * `queueMicrotask` on the loop: the callback is a job, in the same queue as
 * LoopPromise reactions and task wake-ups, so it keeps its place among them
 * as a host microtask keeps its place among native promise reactions. With
 * the plugin's `promise: "loop"`, free references to `queueMicrotask` (and
 * `globalThis.queueMicrotask`) become this function, as `Promise` becomes
 * LoopPromise. On engines without a native queueMicrotask (Duktape, MuJS)
 * it is the only one.
 *
 * A callback that throws is reported to the loop's exception handler, the
 * loop's counterpart of the host reporting an uncaught exception; the jobs
 * after it still run.
 */
import { currentLoop, type EventLoop, type Job } from "./loop";

class MicrotaskJob implements Job {
  constructor(
    private readonly fn: () => void,
    private readonly loop: EventLoop,
  ) {}

  _wakeup(): void {
    const fn = this.fn;
    try {
      fn();
    } catch (e) {
      this.loop.callExceptionHandler({ message: "Uncaught exception in a microtask", exception: e });
    }
  }
}

/** Queues `callback` as a job on the running (or default) loop. */
export function queueMicrotask(callback: () => void): void {
  if (typeof callback !== "function") throw new TypeError("queueMicrotask: the callback must be a function");
  const loop = currentLoop();
  loop._enqueueJob(new MicrotaskJob(callback, loop));
}
