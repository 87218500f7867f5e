/**
 * The runtime's API as a consumer sees it: `@coloop/runtime` resolved
 * through its package.json (exports, types) to the built declarations
 * (dist/types), library checks on (skipLibCheck false). Typechecked under
 * several resolutions by ../declarations.test.ts; only ES5's lib is needed.
 */
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
  asTask,
  gather,
  sleep,
  timeout,
  wait,
  waitFor,
  type GatherResults,
  type WaitResult,
} from "@coloop/runtime";
import { assertType, type Equal } from "./expect-type";

declare const n: Task<number>;
declare const s: Future<string>;
declare const lp: LoopPromise<Date>;
declare const tasks: Task<number>[];
declare const loop: EventLoop;
/** What the plugin compiles: declared as returning a PromiseLike (a Promise where the lib has one), a Task at run time. */
declare function fetchUser(id: number): PromiseLike<{ name: string }>;

export function typedCombinators(): void {
  assertType<Equal<typeof g1, GatheringFuture<[number, string, Date]>>>();
  const g1 = gather(n, s, lp);
  assertType<Equal<typeof g2, GatheringFuture<[number, string]>>>();
  const g2 = gather([n, s]);
  assertType<Equal<typeof g3, GatheringFuture<[number | Error, string | Error]>>>();
  const g3 = gather([n, s], { returnExceptions: true });
  assertType<Equal<typeof g4, GatheringFuture<[number | Error, string | Error]>>>();
  const g4 = gather(n, s, { returnExceptions: true });
  assertType<Equal<typeof g5, GatheringFuture<number[]>>>();
  const g5 = gather(tasks);
  assertType<Equal<GatherResults<[Task<number>, PromiseLike<string>, 3]>, [number, string, 3]>>();
  assertType<Equal<typeof s1, TimerFuture<undefined>>>();
  const s1 = sleep(5);
  assertType<Equal<typeof s2, TimerFuture<number>>>();
  const s2 = sleep(5, 1);
  assertType<Equal<typeof w, Future<WaitResult<number, Task<number>>>>>();
  const w = wait(tasks);
  assertType<Equal<typeof wf, Task<Date>>>();
  const wf = waitFor(lp, 10);
  assertType<Equal<typeof to, Task<{ name: string }>>>();
  const to = timeout(10, () => fetchUser(1));
  assertType<Equal<typeof all, Task<unknown>[]>>();
  const all = allTasks();
}

export function tasksOfCompiledCalls(): void {
  const t = asTask(fetchUser(1));
  assertType<Equal<typeof t, Task<{ name: string }>>>();
  t.setName("fetch");
  const cancelled: boolean = t.cancel();
  const name: string = t.getName();
  assertType<Equal<typeof c, Task<{ name: string }>>>();
  const c = loop.createTask(fetchUser(2));
  void cancelled;
  void name;
}

export function groups(): void {
  const run = TaskGroup.run((tg) => {
    const child = tg.createTask(() => fetchUser(1));
    assertType<Equal<typeof child, Task<{ name: string }>>>();
    return 5;
  });
  assertType<Equal<typeof run, Task<number>>>();
  // @ts-expect-error made by TaskGroup.run only
  new TaskGroup(loop);
}

export function errors(e: unknown): void {
  if (e instanceof TaskGroupError) {
    assertType<Equal<typeof e.errors, unknown[]>>();
  }
  const made = new TaskGroupError([1, 2], "two");
  assertType<Equal<typeof made, TaskGroupError>>();
}

export function internalsAreNotDeclared(): void {
  // @ts-expect-error @internal: stripped from the declarations
  void n._state;
  // @ts-expect-error @internal
  void n._body;
  // @ts-expect-error @internal
  loop._enqueueJob({ _wakeup() {} });
  // public protocol fields stay
  const s: number = n.s;
  void s;
}
