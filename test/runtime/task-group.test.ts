/**
 * TaskGroup.run: asyncio's test_taskgroups.py, on virtual time.
 */
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  InvalidStateError,
  TaskGroup,
  TaskGroupError,
  sleep,
  type Task,
} from "../../packages/runtime/src/index";
import { captureExceptions, spawn } from "./helpers";
import { outcome, setup, tick } from "./sync-helpers";

class MyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MyError";
  }
}

/** sleeps ms, then returns value */
const after = <T>(ms: number, value: T) =>
  spawn(function* () {
    yield sleep(ms);
    return value;
  });

/** sleeps ms, then throws MyError(message) */
const failAfter = (ms: number, message: string) =>
  spawn(function* () {
    yield sleep(ms);
    throw new MyError(message);
  });

/** Runs `run` in main and returns the error it failed with (or throws if it did not fail). */
function* failureOf(t: Task<any>): Generator<unknown, any, any> {
  try {
    yield t;
  } catch (e) {
    return e;
  }
  throw new Error("the task group did not fail");
}

describe("TaskGroup: success", () => {
  it("waits for every child and resolves with the body's result (asyncio test_taskgroup_01)", () => {
    const { loop, main } = setup();
    let t1: Task<number> | null = null;
    let t2: Task<number> | null = null;
    const r = main(function* () {
      const result = yield TaskGroup.run((tg) => {
        t1 = tg.createTask(() => after(10, 42));
        t2 = tg.createTask(() => after(20, 11));
        return "body";
      });
      expect(loop.time()).toBe(20);
      return result;
    });
    expect(r).toBe("body");
    expect(t1!.result()).toBe(42);
    expect(t2!.result()).toBe(11);
  });

  it("a body that awaits and creates children later (asyncio test_taskgroup_02)", () => {
    const { loop, main } = setup();
    const done: string[] = [];
    main(function* () {
      const result = yield TaskGroup.run((tg) =>
        spawn(function* () {
          tg.createTask(() => after(10, "a")).addDoneCallback(() => done.push("a@" + loop.time()));
          yield sleep(15);
          tg.createTask(() => after(20, "b")).addDoneCallback(() => done.push("b@" + loop.time()));
          return 7;
        }),
      );
      expect(result).toBe(7);
      expect(loop.time()).toBe(35);
    });
    expect(done).toEqual(["a@10", "b@35"]);
  });

  it("children may add siblings while the group waits (asyncio test_taskgroup_03)", () => {
    const { loop, main } = setup();
    let late: Task<string> | null = null;
    main(function* () {
      yield TaskGroup.run((tg) => {
        tg.createTask(() =>
          spawn(function* () {
            yield sleep(10);
            late = tg.createTask(() => after(10, "late"));
          }),
        );
      });
      expect(loop.time()).toBe(20);
    });
    expect(late!.result()).toBe("late");
  });

  it("a body without children, and a plain-value body", () => {
    const { loop, main } = setup();
    main(function* () {
      expect(yield TaskGroup.run(() => 5)).toBe(5);
      expect(yield TaskGroup.run(() => after(3, "x"))).toBe("x");
      expect(loop.time()).toBe(3);
    });
  });

  it("forgets children as they finish (asyncio test_taskgroup_23)", () => {
    const { main } = setup();
    main(function* () {
      yield TaskGroup.run((tg) =>
        spawn(function* () {
          for (let count = 0; count < 10; count++) {
            yield sleep(100);
            tg.createTask(() => after(300, null));
            if (count === 5) expect(tg._tasks.length).toBeLessThan(5);
          }
          yield sleep(1350);
          expect(tg._tasks.length).toBe(0);
        }),
      );
    });
  });

  it("createTask takes every EventLoop.createTask form, and a name", () => {
    const { main } = setup();
    main(function* () {
      const made: Task<any>[] = [];
      yield TaskGroup.run((tg) => {
        made.push(tg.createTask(() => after(1, "fn"), { name: "by-fn" }));
        made.push(tg.createTask(after(2, "task")));
        made.push(
          tg.createTask(
            {
              body(co: any, v: any) {
                if (co.s === 0) {
                  co.s = 1;
                  return sleep(3, "coro");
                }
                co.s = -1;
                return v;
              },
              meta: { n: "coro" },
            },
            { name: "by-coro" },
          ),
        );
      });
      expect(made.map(outcome)).toEqual(["ok:fn", "ok:task", "ok:coro"]);
      expect(made[0].getName()).toBe("by-fn");
      expect(made[2].getName()).toBe("by-coro");
    });
  });

  it("createTask on a finished group throws InvalidStateError (asyncio test_taskgroup_finished)", () => {
    const { main } = setup();
    main(function* () {
      let group: TaskGroup | null = null;
      yield TaskGroup.run((tg) => {
        group = tg;
      });
      expect(() => group!.createTask(() => after(1, 1))).toThrow(InvalidStateError);
      expect(() => group!.createTask(() => after(1, 1))).toThrow(/finished/);
    });
  });
});

describe("TaskGroup: failures", () => {
  it("a failing child cancels its siblings and the body; TaskGroupError (asyncio test_taskgroup_04/14)", () => {
    const { loop, main } = setup();
    const reports = captureExceptions(loop);
    const log: string[] = [];
    let sibling: Task<any> | null = null;
    main(function* () {
      const run = TaskGroup.run((tg) =>
        spawn(function* () {
          tg.createTask(() => failAfter(10, "boom"));
          sibling = tg.createTask(() =>
            spawn(function* () {
              try {
                yield sleep(1000);
                log.push("sibling finished");
              } catch (e) {
                log.push("sibling cancelled @" + loop.time());
                throw e;
              }
            }),
          );
          try {
            yield sleep(1000);
            log.push("body finished");
          } catch (e) {
            log.push("body cancelled @" + loop.time());
            throw e;
          }
        }),
      );
      const e = yield* failureOf(run);
      expect(e).toBeInstanceOf(TaskGroupError);
      expect(e.errors.map((x: Error) => x.message)).toEqual(["boom"]);
      expect(e.message).toBe("unhandled errors in a TaskGroup (1 sub-exception)");
      expect(loop.time()).toBe(10);
      expect(run.cancelling()).toBe(0); // the group's own cancellation was withdrawn
    });
    // as in asyncio, the children are cancelled first, then the body
    expect(log).toEqual(["sibling cancelled @10", "body cancelled @10"]);
    expect(sibling!.cancelled()).toBe(true);
    expect(reports.messages).toEqual([]); // the children's errors were retrieved
  });

  it("waits for siblings that take time to handle their cancellation (asyncio test_taskgroup_05)", () => {
    const { loop, main } = setup();
    let cleaned = -1;
    main(function* () {
      const e = yield* failureOf(
        TaskGroup.run((tg) => {
          tg.createTask(() => failAfter(10, "boom"));
          tg.createTask(() =>
            spawn(function* () {
              try {
                yield sleep(1000);
              } catch (e) {
                yield sleep(50); // clean-up after the cancellation
                cleaned = loop.time();
                throw e;
              }
            }),
          );
        }),
      );
      expect(e).toBeInstanceOf(TaskGroupError);
      expect(loop.time()).toBe(60);
    });
    expect(cleaned).toBe(60);
  });

  it("reports every child error, in the order they occurred", () => {
    const { loop, main } = setup();
    main(function* () {
      const e = yield* failureOf(
        TaskGroup.run((tg) => {
          tg.createTask(() =>
            spawn(function* () {
              try {
                yield sleep(1000);
              } catch (e) {
                yield sleep(5);
                throw new MyError("second, while cancelled");
              }
            }),
          );
          tg.createTask(() => failAfter(10, "first"));
        }),
      );
      expect(e.errors.map((x: Error) => x.message)).toEqual(["first", "second, while cancelled"]);
      expect(loop.time()).toBe(15);
    });
  });

  it("a body error cancels the children (asyncio test_taskgroup_09)", () => {
    const { loop, main } = setup();
    let t1: Task<any> | null = null;
    let t2: Task<any> | null = null;
    main(function* () {
      const e = yield* failureOf(
        TaskGroup.run((tg) =>
          spawn(function* () {
            t1 = tg.createTask(() => after(1000, 42));
            t2 = tg.createTask(() => after(2000, 11));
            yield sleep(100);
            throw new MyError("body");
          }),
        ),
      );
      expect(e).toBeInstanceOf(TaskGroupError);
      expect(e.errors.map((x: Error) => x.message)).toEqual(["body"]);
      expect(loop.time()).toBe(100);
    });
    expect(t1!.cancelled()).toBe(true);
    expect(t2!.cancelled()).toBe(true);
  });

  it("a body that throws synchronously: the error is the group's, children cancelled", () => {
    const { main } = setup();
    let child: Task<any> | null = null;
    main(function* () {
      const e = yield* failureOf(
        TaskGroup.run((tg) => {
          child = tg.createTask(() => after(10, 1));
          throw new MyError("sync body");
        }),
      );
      expect(e.errors.map((x: Error) => x.message)).toEqual(["sync body"]);
    });
    expect(child!.cancelled()).toBe(true);
  });

  it("body error first, then a child failing in its clean-up: order of occurrence", () => {
    const { main } = setup();
    main(function* () {
      const e = yield* failureOf(
        TaskGroup.run((tg) =>
          spawn(function* () {
            tg.createTask(() =>
              spawn(function* () {
                try {
                  yield sleep(1000);
                } finally {
                  throw new MyError("child clean-up");
                }
              }),
            );
            yield sleep(5);
            throw new MyError("body");
          }),
        ),
      );
      expect(e.errors.map((x: Error) => x.message)).toEqual(["body", "child clean-up"]);
    });
  });

  it("a body that turns the group's cancellation into its own error: both reported (asyncio test_taskgroup_19)", () => {
    const { main } = setup();
    main(function* () {
      const e = yield* failureOf(
        TaskGroup.run((tg) =>
          spawn(function* () {
            tg.createTask(() => failAfter(10, "crash soon"));
            try {
              yield sleep(1000);
            } finally {
              throw new MyError("nested");
            }
          }),
        ),
      );
      expect(e.errors.map((x: Error) => x.message)).toEqual(["crash soon", "nested"]);
    });
  });

  it("a child that is already failed when added does not cancel the body mid-call", () => {
    const { loop, main } = setup();
    const log: string[] = [];
    main(function* () {
      const e = yield* failureOf(
        TaskGroup.run((tg) =>
          spawn(function* () {
            tg.createTask(() =>
              spawn(function* () {
                throw new MyError("eager");
              }),
            );
            log.push("body continues");
            expect(() => tg.createTask(() => after(1, 1))).not.toThrow(); // not aborting yet
            try {
              yield sleep(100);
            } catch (e) {
              log.push("body cancelled @" + loop.time());
              throw e;
            }
          }),
        ),
      );
      expect(e.errors.map((x: Error) => x.message)).toEqual(["eager"]);
    });
    expect(log).toEqual(["body continues", "body cancelled @0"]);
  });

  it("createTask while aborting throws InvalidStateError", () => {
    const { main } = setup();
    let thrown: unknown = null;
    main(function* () {
      yield* failureOf(
        TaskGroup.run((tg) => {
          tg.createTask(() => failAfter(10, "boom"));
          tg.createTask(() =>
            spawn(function* () {
              try {
                yield sleep(1000);
              } catch (e) {
                try {
                  tg.createTask(() => after(1, 1));
                } catch (err) {
                  thrown = err;
                }
                throw e;
              }
            }),
          );
        }),
      );
    });
    expect(thrown).toBeInstanceOf(InvalidStateError);
    expect((thrown as Error).message).toMatch(/shutting down/);
  });

  it("nested groups: the inner TaskGroupError fails the outer group's child (asyncio test_taskgroup_11)", () => {
    const { loop, main } = setup();
    main(function* () {
      const e = yield* failureOf(
        TaskGroup.run((outer) => {
          outer.createTask(() =>
            TaskGroup.run((inner) => {
              inner.createTask(() => failAfter(10, "deep"));
              inner.createTask(() => after(1000, "slow"));
            }),
          );
          outer.createTask(() => after(1000, "outer slow"));
        }),
      );
      expect(e.errors.length).toBe(1);
      expect(e.errors[0]).toBeInstanceOf(TaskGroupError);
      expect(e.errors[0].errors.map((x: Error) => x.message)).toEqual(["deep"]);
      expect(loop.time()).toBe(10);
    });
  });
});

describe("TaskGroup: cancellation", () => {
  const cancellable = (log: string[], tag: string, ms: number) =>
    spawn(function* () {
      try {
        yield sleep(ms);
      } catch (e) {
        if (e instanceof CancelledError) log.push(tag);
        throw e;
      }
    });

  it("cancelling the run task while the body waits cancels body and children (asyncio test_taskgroup_07)", () => {
    const { loop, main } = setup();
    const log: string[] = [];
    main(function* () {
      const r = TaskGroup.run((tg) =>
        spawn(function* () {
          for (let i = 0; i < 5; i++) tg.createTask(() => cancellable(log, "child", 5000));
          yield cancellable(log, "body", 10000);
        }),
      );
      yield sleep(100);
      expect(r.done()).toBe(false);
      r.cancel();
      const e = yield* failureOf(r);
      expect(e).toBeInstanceOf(CancelledError);
      expect(r.cancelled()).toBe(true);
      expect(loop.time()).toBe(100);
    });
    expect(log.filter((x) => x === "child").length).toBe(5);
    expect(log.filter((x) => x === "body").length).toBe(1);
  });

  it("cancelling the run task while it waits for children cancels them and keeps waiting (asyncio test_taskgroup_06)", () => {
    const { loop, main } = setup();
    const finished: number[] = [];
    main(function* () {
      const r = TaskGroup.run((tg) => {
        for (let i = 1; i <= 3; i++) {
          tg.createTask(() =>
            spawn(function* () {
              try {
                yield sleep(5000);
              } catch (e) {
                yield sleep(10 * i); // slow clean-up: the group must not abandon us
                finished.push(loop.time());
                throw e;
              }
            }),
          );
        }
        return "body done at once";
      });
      yield sleep(100);
      r.cancel();
      yield sleep(15);
      expect(r.done()).toBe(false);
      r.cancel(); // again, while still waiting: still no abandoning
      const e = yield* failureOf(r);
      expect(e).toBeInstanceOf(CancelledError);
      expect(loop.time()).toBe(130);
    });
    expect(finished).toEqual([110, 120, 130]);
  });

  it("an outer task's cancellation reaches the group through the await", () => {
    const { loop, main } = setup();
    const log: string[] = [];
    main(function* () {
      const outer = spawn(function* () {
        yield TaskGroup.run((tg) => {
          tg.createTask(() => cancellable(log, "a", 1000));
          tg.createTask(() => cancellable(log, "b", 1000));
        });
        log.push("not reached");
      });
      yield sleep(50);
      outer.cancel();
      yield tick();
      expect(outer.cancelled()).toBe(true);
      expect(loop.time()).toBe(50);
    });
    expect(log).toEqual(["a", "b"]);
  });

  it("child errors outrank an outside cancellation (asyncio test_taskgroup_08)", () => {
    const { main } = setup();
    main(function* () {
      const r = TaskGroup.run((tg) =>
        spawn(function* () {
          for (let i = 0; i < 5; i++) {
            tg.createTask(() =>
              spawn(function* () {
                try {
                  yield sleep(10000);
                } finally {
                  throw new MyError("in finally " + i);
                }
              }),
            );
          }
          yield sleep(10000);
        }),
      );
      yield sleep(100);
      r.cancel();
      const e = yield* failureOf(r);
      expect(e).toBeInstanceOf(TaskGroupError);
      expect(e.errors.map((x: Error) => x.message)).toEqual([0, 1, 2, 3, 4].map((i) => "in finally " + i));
    });
  });

  it("an outside cancellation while the group is already aborting still ends in TaskGroupError", () => {
    const { loop, main } = setup();
    main(function* () {
      const r = TaskGroup.run((tg) => {
        tg.createTask(() => failAfter(10, "boom"));
        tg.createTask(() =>
          spawn(function* () {
            try {
              yield sleep(1000);
            } catch (e) {
              yield sleep(20);
              throw e;
            }
          }),
        );
      });
      yield sleep(15);
      r.cancel();
      const e = yield* failureOf(r);
      expect(e).toBeInstanceOf(TaskGroupError);
      expect(loop.time()).toBe(30);
      // our own cancellation was withdrawn; the outside one is still counted
      expect(r.cancelling()).toBe(1);
    });
  });

  it("tg.cancel() cancels children and body; the run task ends without CancelledError", () => {
    const { loop, main } = setup();
    const log: string[] = [];
    main(function* () {
      let group: TaskGroup | null = null;
      const result = yield TaskGroup.run((tg) =>
        spawn(function* () {
          group = tg;
          tg.createTask(() => cancellable(log, "child", 1000));
          tg.createTask(() =>
            spawn(function* () {
              yield sleep(10);
              tg.cancel();
            }),
          );
          try {
            yield sleep(1000);
          } catch (e) {
            log.push("body @" + loop.time());
            throw e;
          }
        }),
      );
      expect(result).toBe(undefined);
      expect(loop.time()).toBe(10);
      group!.cancel(); // after the end: a no-op
    });
    expect(log).toEqual(["child", "body @10"]);
  });
});
