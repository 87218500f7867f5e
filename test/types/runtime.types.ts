/**
 * Type tests of the runtime's public API, against its sources: this file is
 * typechecked (`npm run typecheck`, the root tsconfig includes test/), never
 * run. `// @ts-expect-error` marks what must not compile. The same API seen
 * through the built declarations, as a consumer sees it: consumer/.
 */
import { expectTypeOf } from "vitest";
import {
  EventLoop,
  Future,
  GatheringFuture,
  LoopPromise,
  Task,
  TaskGroup,
  TaskGroupError,
  TimerFuture,
  allTasks,
  asCompleted,
  asTask,
  currentTask,
  gather,
  shield,
  sleep,
  timeout,
  wait,
  waitFor,
  type FutureOf,
  type GatherOptions,
  type WaitResult,
} from "../../packages/runtime/src/index";

declare const n: Task<number>;
declare const s: Future<string>;
declare const p: Promise<boolean>;
declare const lp: LoopPromise<Date>;
declare const tasks: Task<number>[];
declare const options: GatherOptions;
declare const flag: { returnExceptions: boolean };
declare const loop: EventLoop;
/** What the plugin compiles: declared as an async function returning a Promise, a Task at run time. */
declare function fetchUser(id: number): Promise<{ name: string }>;

export function gatherIsTypedAsPromiseAll(): void {
  // the variadic form
  expectTypeOf(gather(n, s)).toEqualTypeOf<GatheringFuture<[number, string]>>();
  expectTypeOf(gather(n, s, p, lp, 7, "x")).toEqualTypeOf<GatheringFuture<[number, string, boolean, Date, number, string]>>();
  expectTypeOf(gather()).toEqualTypeOf<GatheringFuture<[]>>();
  // the list form: a tuple for a tuple, an array for an array
  expectTypeOf(gather([n, s])).toEqualTypeOf<GatheringFuture<[number, string]>>();
  expectTypeOf(gather([n, s] as const)).toEqualTypeOf<GatheringFuture<[number, string]>>();
  expectTypeOf(gather(tasks)).toEqualTypeOf<GatheringFuture<number[]>>();
  expectTypeOf(gather([])).toEqualTypeOf<GatheringFuture<[]>>();
  expectTypeOf(gather([n, s], {})).toEqualTypeOf<GatheringFuture<[number, string]>>();
  expectTypeOf(gather([n, s], { returnExceptions: false })).toEqualTypeOf<GatheringFuture<[number, string]>>();
  // returnExceptions: each element is the result or what the awaitable failed with
  expectTypeOf(gather([n, s], { returnExceptions: true })).toEqualTypeOf<GatheringFuture<[number | Error, string | Error]>>();
  expectTypeOf(gather(n, s, { returnExceptions: true })).toEqualTypeOf<GatheringFuture<[number | Error, string | Error]>>();
  expectTypeOf(gather(n, s, { returnExceptions: false })).toEqualTypeOf<GatheringFuture<[number, string]>>();
  expectTypeOf(gather(tasks, { returnExceptions: true })).toEqualTypeOf<GatheringFuture<(number | Error)[]>>();
  // options not known statically: maybe errors
  expectTypeOf(gather([n], options)).toEqualTypeOf<GatheringFuture<[number | Error]>>();
  expectTypeOf(gather(n, flag)).toEqualTypeOf<GatheringFuture<[number | Error]>>();
  // an object with other keys is a value, as at run time
  expectTypeOf(gather(n, { returnExceptions: true, other: 1 })).toEqualTypeOf<GatheringFuture<[number, { returnExceptions: boolean; other: number }]>>();
  // awaiting it (a PromiseLike) gives the tuple
  expectTypeOf<Awaited<ReturnType<typeof gather<[Task<number>, Future<string>]>>>>().toEqualTypeOf<[number, string]>();
  // the results are a fresh tuple, not readonly
  gather([n, s] as const).then((r) => {
    r[0] = 1;
  });
}

export function theOtherCombinators(): void {
  expectTypeOf(sleep(1)).toEqualTypeOf<TimerFuture<undefined>>();
  expectTypeOf(sleep(1, "v")).toEqualTypeOf<TimerFuture<string>>();
  // a future or task passed to wait() comes back as it is
  expectTypeOf(wait([n, s])).toEqualTypeOf<Future<WaitResult<number | string, Task<number> | Future<string>>>>();
  expectTypeOf(wait(tasks)).toEqualTypeOf<Future<WaitResult<number, Task<number>>>>();
  wait(tasks).then((r) => {
    expectTypeOf(r.done[0].getName()).toEqualTypeOf<string>();
    expectTypeOf(r.pending).toEqualTypeOf<Task<number>[]>();
  });
  expectTypeOf<FutureOf<Promise<boolean>>>().toEqualTypeOf<Future<boolean>>();
  expectTypeOf<FutureOf<7>>().toEqualTypeOf<Future<7>>();
  expectTypeOf(asCompleted([n, s, p])).toEqualTypeOf<Future<number | string | boolean>[]>();
  expectTypeOf(shield(n)).toEqualTypeOf<Future<number>>();
  expectTypeOf(shield(p)).toEqualTypeOf<Future<boolean>>();
  expectTypeOf(waitFor(lp, 10)).toEqualTypeOf<Task<Date>>();
  expectTypeOf(waitFor(fetchUser(1), null)).toEqualTypeOf<Task<{ name: string }>>();
  expectTypeOf(timeout(10, async () => 1)).toEqualTypeOf<Task<number>>();
  expectTypeOf(timeout(10, (scope) => (scope.expired() ? s : s))).toEqualTypeOf<Task<string>>();
  expectTypeOf(currentTask()).toEqualTypeOf<Task<unknown> | null>();
  expectTypeOf(allTasks()).toEqualTypeOf<Task<unknown>[]>();
}

export function taskGroups(): void {
  const run = TaskGroup.run(async (tg) => {
    expectTypeOf(tg.createTask(async () => 5)).toEqualTypeOf<Task<number>>();
    expectTypeOf(tg.createTask(() => fetchUser(1))).toEqualTypeOf<Task<{ name: string }>>();
    expectTypeOf(tg.createTask(n)).toEqualTypeOf<Task<number>>();
    expectTypeOf(tg.createTask(s)).toEqualTypeOf<Task<string>>();
    expectTypeOf(tg.createTask(() => "plain")).toEqualTypeOf<Task<string>>();
    return "body";
  });
  expectTypeOf(run).toEqualTypeOf<Task<string>>();
  // @ts-expect-error made by TaskGroup.run only
  new TaskGroup(loop);
}

export function compiledCallsAreTasks(): void {
  const t = asTask(fetchUser(1));
  expectTypeOf(t).toEqualTypeOf<Task<{ name: string }>>();
  expectTypeOf(t.cancel()).toEqualTypeOf<boolean>();
  expectTypeOf(t.getName()).toEqualTypeOf<string>();
  expectTypeOf(t.getCoro().name).toEqualTypeOf<string>();
  expectTypeOf(asTask(n)).toEqualTypeOf<Task<number>>();
  expectTypeOf(asTask(lp)).toEqualTypeOf<Task<Date>>();
  // @ts-expect-error a plain value is no promise
  asTask(5);
  expectTypeOf(loop.createTask(fetchUser(1))).toEqualTypeOf<Task<{ name: string }>>();
  expectTypeOf(loop.createTask(s)).toEqualTypeOf<Task<string>>();
  expectTypeOf(loop.createTask(async () => 1)).toEqualTypeOf<Task<number>>();
  expectTypeOf(loop.createTask(() => fetchUser(1))).toEqualTypeOf<Task<{ name: string }>>();
}

export function taskGroupErrors(e: unknown): void {
  if (e instanceof TaskGroupError) {
    expectTypeOf(e.errors).toEqualTypeOf<unknown[]>();
    expectTypeOf(e.message).toEqualTypeOf<string>();
  }
  expectTypeOf(new TaskGroupError([new Error("x")])).toEqualTypeOf<TaskGroupError>();
  expectTypeOf(TaskGroupError([1], "message")).toEqualTypeOf<TaskGroupError>();
  // @ts-expect-error built as AggregateError is: the errors come first
  new TaskGroupError("message");
  expectTypeOf(new TaskGroupError([])).toExtend<Error>();
}

// done callbacks receive the future with its own type (no `any`)
s.addDoneCallback((f) => {
  expectTypeOf(f).toEqualTypeOf<Future<string>>();
  expectTypeOf(f.result()).toEqualTypeOf<string>();
});
n.addDoneCallback((t) => expectTypeOf(t).toEqualTypeOf<Task<number>>());
// the executor's reject takes an unknown reason
new LoopPromise<number>((resolve, reject) => {
  expectTypeOf(reject).parameter(0).toEqualTypeOf<unknown>();
  resolve(1);
});
