/**
 * @coloop/runtime: an asyncio-style event loop for compiled async functions.
 * Plain ES5 once built: no Promise, generator, Symbol, Map or class needed.
 *
 * Every export. Compiled code imports only the core entry (core.ts); the
 * modules below the first block add the loop's task, runner, inspection
 * and instrumentation methods and LoopPromise's statics to the core classes.
 */
import "./loop-tasks";
import "./loop-run";
import "./inspect";
import "./instrument";
import "./loop-promise-statics";
export { EventLoop } from "./loop";
export type { EventLoopOptions, ExceptionContext, ExceptionHandler, CreateTaskOptions } from "./loop";
export type { StepReport } from "./loop-run";
export { Future } from "./future";
export { Task, startCoroutine, closeCoroutine } from "./task";
export { asTask } from "./as-task";
export { enterCoroutine, leaveCoroutine, caught, failedCall } from "./entry";
export { AsyncFunction, asAsyncFunction, asAsyncMethods } from "./async-function";
export type { AwaitSite } from "./task";
export { LoopPromise } from "./loop-promise";
export { installPromise } from "./loop-promise-statics";
export { queueMicrotask } from "./microtask";
export { CancelledError, TimeoutError, InvalidStateError, ExploreError, TaskGroupError, QueueEmpty, QueueFull, QueueShutDown } from "./errors";
export { getEventLoop, setEventLoop, runningLoop } from "./loop";
export { run } from "./run";
export {
  sleep,
  gather,
  wait,
  asCompleted,
  shield,
  currentTask,
  allTasks,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  ALL_COMPLETED,
  GatheringFuture,
  TimerFuture,
} from "./combinators";
export type { GatherOptions, GatherResults, GatherResultsOrErrors, FutureOf, WaitOptions, WaitResult, ReturnWhen, AsCompletedOptions } from "./combinators";
export { timeout, timeoutAt, waitFor, Timeout } from "./timeout";
export { TaskGroup } from "./task-group";
export type { TaskWork } from "./task-group";
export { Lock } from "./primitives/lock";
export { Event } from "./primitives/event";
export { Semaphore, BoundedSemaphore } from "./primitives/semaphore";
export { Condition } from "./primitives/condition";
export { Queue, LifoQueue, PriorityQueue } from "./primitives/queue";
export { RealClock, VirtualClock } from "./clock";
export type { Clock, VirtualClockOptions } from "./clock";
export { fifo, seededRandom, recording, replay } from "./scheduler";
export { explore, replaySchedule } from "./explore";
export type { ExploreOptions, ExploreResult } from "./explore";
export type { Scheduler, RandomScheduler, RecordingScheduler } from "./scheduler";
export { Handle, TimerHandle } from "./handle";
export type { HostDriver } from "./host";
export type { TaskInfo, TaskState, AwaitTarget } from "./inspect";
export { formatSite } from "./inspect";
export { getAsyncStack, formatAsyncStack } from "./async-stack";
export type { AsyncFrame } from "./async-stack";
export type { LoopEvent, Listener } from "./instrument";
export * as protocol from "./protocol";

// helpers called by compiled code (for-of, for-in)
export { iteratorOf, iteratorStep, closeIterator, forInKeys, objectRest, templateObject } from "./compiled";
