/**
 * @coloop/runtime/core: what compiled code imports, and nothing more — the
 * scheduling core (EventLoop: jobs, callbacks, timers, the host driver,
 * runOnce/runUntilIdle, the exception handler), futures, tasks, the
 * coroutine entry points, LoopPromise's then/catch/finally, and the helpers
 * compiled loops call. The Babel plugin imports its helpers from here (and
 * LoopPromise, for `promise: "loop"`, from the `promise` entry, which adds
 * the statics). Everything else attaches to these classes from its own
 * module without them importing it; `@coloop/runtime` loads it all.
 */
export { EventLoop, getEventLoop, setEventLoop, runningLoop } from "./loop";
export type { EventLoopOptions, ExceptionContext, ExceptionHandler, CreateTaskOptions } from "./loop";
export { Future } from "./future";
export { Task, startCoroutine, closeCoroutine } from "./task";
export type { AwaitSite } from "./task";
export { enterCoroutine, leaveCoroutine, caught, failedCall } from "./entry";
export { AsyncFunction, asAsyncFunction, asAsyncMethods } from "./async-function";
export { LoopPromise } from "./loop-promise";
export { queueMicrotask } from "./microtask";
export { CancelledError, TimeoutError, InvalidStateError } from "./errors";
export { iteratorOf, iteratorStep, closeIterator, forInKeys, objectRest, templateObject } from "./compiled";
