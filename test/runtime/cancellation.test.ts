/**
 * Cancellation, as asyncio does it: cancel() throws CancelledError into the
 * task at its await on its next turn; catch and finally run; a task awaiting
 * a task passes the cancellation down; shield stops it.
 */
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  LoopPromise,
  Task,
  gather,
  shield,
  sleep,
  startCoroutine,
  type EventLoop,
} from "../../packages/runtime/src/index";
import { captureExceptions, spawn, virtualLoop } from "./helpers";
import { awaiter, guarded } from "./coroutines";

/** A task started inside `loop` (at its first await after this returns). */
function start<T>(loop: EventLoop, fn: () => Task<T>): Task<T> {
  return loop.createTask(fn);
}

describe("cancel() on a suspended task", () => {
  it("throws CancelledError in at the await on its next turn, with the message", () => {
    const loop = virtualLoop();
    const log: string[] = [];
    let caught: unknown = null;
    const t = start(loop, () =>
      spawn(function* () {
        try {
          yield sleep(100);
        } catch (e) {
          caught = e;
          log.push("caught at " + loop.time());
          throw e;
        }
      }),
    );
    loop.advance(10);
    expect(t.cancel("enough")).toBe(true);
    expect(log).toEqual([]); // not synchronously
    expect(t.done()).toBe(false);
    loop.runUntilIdle();
    expect(log).toEqual(["caught at 10"]);
    expect(caught).toBeInstanceOf(CancelledError);
    expect((caught as Error).message).toBe("enough");
    expect(t.cancelled()).toBe(true);
    expect(() => t.result()).toThrow(CancelledError);
    expect(() => t.exception()).toThrow("enough");
    expect(loop.time()).toBe(10); // the sleep's timer was cancelled with it
  });

  it("runs catch and finally (hand-written coroutine with a region table)", () => {
    const loop = virtualLoop();
    const log: string[] = [];
    const t = start(loop, () => guarded((s) => log.push(s), sleep(50), sleep(5), sleep(5)));
    loop.advance(1);
    t.cancel();
    loop.runUntilIdle();
    // the catch swallowed it: the task goes on and finishes normally
    expect(log).toEqual(["start", "caught CancelledError", "finally"]);
    expect(t.result()).toBe("end");
    expect(loop.time()).toBe(5); // b and c were made at 0
  });

  it("cancelled inside the catch: the finally runs, then the task is cancelled", () => {
    const loop = virtualLoop();
    const log: string[] = [];
    const t = start(loop, () => guarded((s) => log.push(s), LoopPromise.reject(new Error("x")), sleep(50), sleep(5)));
    loop.advance(1);
    expect(t.getSite()!.text).toBe("b");
    t.cancel();
    loop.runUntilIdle();
    expect(log).toEqual(["start", "caught Error", "finally"]);
    expect(t.cancelled()).toBe(true);
    expect(loop.time()).toBe(5);
  });

  it("cancelled inside the finally: nothing more of it runs", () => {
    const loop = virtualLoop();
    const log: string[] = [];
    const t = start(loop, () => guarded((s) => log.push(s), null, null, sleep(50)));
    loop.advance(1);
    expect(t.getSite()!.text).toBe("c");
    t.cancel();
    loop.runUntilIdle();
    expect(log).toEqual(["start", "after a", "finally"]);
    expect(t.cancelled()).toBe(true);
  });

  it("a task that swallows the error keeps running and can be cancelled again", () => {
    const loop = virtualLoop();
    const log: string[] = [];
    const t = start(loop, () =>
      spawn(function* () {
        let cancels = 0;
        for (let i = 0; ; i++) {
          try {
            yield sleep(10);
            log.push("slept " + i);
          } catch (e) {
            log.push("ignored " + (e as Error).message);
            if (++cancels === 2) throw e;
          }
        }
      }),
    );
    loop.advance(15);
    t.cancel("first");
    loop.advance(15);
    expect(t.done()).toBe(false);
    expect(t.cancelling()).toBe(1);
    t.cancel("second");
    loop.runUntilIdle();
    expect(log).toEqual(["slept 0", "ignored first", "slept 2", "ignored second"]);
    expect(t.cancelled()).toBe(true);
  });

  it("cancelling a done task returns false and changes nothing", () => {
    const loop = virtualLoop();
    const t = start(loop, () => awaiter(null));
    loop.runUntilIdle();
    expect(t.cancel()).toBe(false);
    expect(t.cancelled()).toBe(false);
    expect(t.result()).toBe(null);
  });

  it("a cancelled task is not reported to the exception handler", () => {
    const loop = virtualLoop();
    const reports = captureExceptions(loop);
    const t = start(loop, () => awaiter(sleep(5)));
    loop.advance(1);
    t.cancel();
    loop.runUntilIdle();
    expect(t.cancelled()).toBe(true);
    expect(reports.messages).toEqual([]);
  });
});

describe("cancellation of tasks awaiting other things", () => {
  it("a task awaiting a task passes the cancellation down; the error comes back up", () => {
    const loop = virtualLoop();
    const log: string[] = [];
    let inner!: Task<unknown>;
    const outer = start(loop, () =>
      spawn(function* () {
        inner = spawn(function* () {
          try {
            yield sleep(100);
          } finally {
            log.push("inner finally");
          }
        });
        try {
          yield inner;
        } finally {
          log.push("outer finally");
        }
      }),
    );
    loop.advance(1);
    expect(outer.cancel("down")).toBe(true);
    expect(inner.cancelling()).toBe(1);
    loop.runUntilIdle();
    expect(log).toEqual(["inner finally", "outer finally"]);
    expect(inner.cancelled()).toBe(true);
    expect(outer.cancelled()).toBe(true);
    expect(() => outer.result()).toThrow("down");
  });

  it("when the awaited task swallows the cancellation, the awaiter goes on with its result", () => {
    const loop = virtualLoop();
    const inner = start(loop, () =>
      spawn(function* () {
        try {
          yield sleep(100);
        } catch (e) {
          return "swallowed";
        }
      }),
    );
    const outer = start(loop, () => awaiter(inner));
    loop.advance(1);
    outer.cancel();
    loop.runUntilIdle();
    expect(inner.result()).toBe("swallowed");
    expect(outer.result()).toBe("swallowed");
  });

  it("shield stops it: the awaiter is cancelled, the shielded task goes on", () => {
    const loop = virtualLoop();
    const inner = start(loop, () =>
      spawn(function* () {
        yield sleep(20);
        return "finished";
      }),
    );
    const outer = start(loop, () => awaiter(shield(inner)));
    loop.advance(5);
    outer.cancel();
    loop.runUntilIdle();
    expect(outer.cancelled()).toBe(true);
    expect(inner.result()).toBe("finished");
    expect(loop.time()).toBe(20);
  });

  it("a task awaiting a plain value still gets the cancellation at once", () => {
    const loop = virtualLoop();
    const log: string[] = [];
    const t = start(loop, () =>
      spawn(function* () {
        try {
          yield 42;
          log.push("resumed");
        } catch (e) {
          log.push("cancelled " + (e instanceof CancelledError));
        }
      }),
    );
    t.cancel();
    loop.runUntilIdle();
    expect(log).toEqual(["cancelled true"]);
  });

  it("a task awaiting an uncancellable promise or thenable gets the cancellation at once", () => {
    const loop = virtualLoop();
    const log: string[] = [];
    const never = new LoopPromise(() => {}); // made on the default loop: pending forever
    const thenable = { then() {} };
    const make = (what: unknown, name: string) =>
      start(loop, () =>
        spawn(function* () {
          try {
            yield what;
          } catch (e) {
            log.push(name + " at " + loop.time());
          }
        }),
      );
    const a = make(never, "promise");
    const b = make(thenable, "thenable");
    loop.callLater(30, () => {
      a.cancel();
      b.cancel();
    });
    loop.runUntilIdle();
    expect(log).toEqual(["promise at 30", "thenable at 30"]);
    expect(a.result()).toBeUndefined();
    expect(b.result()).toBeUndefined();
  });

  it("a task whose awaited future already completed gets the cancellation instead of the value", () => {
    const loop = virtualLoop();
    const f = loop.createFuture<string>();
    let got: unknown = null;
    const t = start(loop, () =>
      spawn(function* () {
        try {
          got = yield f;
        } catch (e) {
          got = e;
        }
      }),
    );
    f.setResult("value"); // the wake-up job is queued
    expect(t.cancel()).toBe(true);
    loop.runUntilIdle();
    expect(got).toBeInstanceOf(CancelledError);
  });

  it("cancelling a task awaiting a gather cancels every child", () => {
    const loop = virtualLoop();
    const children: Task<unknown>[] = [];
    const t = start(loop, () =>
      spawn(function* () {
        for (let i = 0; i < 3; i++) children.push(awaiter(sleep(10 * (i + 1))));
        return yield gather(children);
      }),
    );
    loop.advance(15);
    t.cancel();
    loop.runUntilIdle();
    expect(children.map((c) => (c.cancelled() ? "cancelled" : "done"))).toEqual(["done", "cancelled", "cancelled"]);
    expect(t.cancelled()).toBe(true);
    expect(loop.time()).toBe(15);
  });

  it("awaiting a cancelled task throws its CancelledError into the awaiter", () => {
    const loop = virtualLoop();
    const victim = start(loop, () => awaiter(sleep(100)));
    const watcher = start(loop, () =>
      spawn(function* () {
        try {
          yield victim;
        } catch (e) {
          return "saw " + (e as Error).name;
        }
      }),
    );
    loop.callLater(1, () => victim.cancel());
    loop.runUntilIdle();
    expect(watcher.result()).toBe("saw CancelledError");
  });
});

describe("cancellation before and while running", () => {
  it("a task cancelled before its first step never runs its body", () => {
    const loop = virtualLoop();
    let ran = false;
    const t = loop.createTask({
      body(co) {
        ran = true;
        co.s = -1;
      },
    });
    t.cancel();
    loop.runUntilIdle();
    expect(ran).toBe(false);
    expect(t.cancelled()).toBe(true);
  });

  it("a task that cancels itself gets the error at its next await", () => {
    const loop = virtualLoop();
    const log: string[] = [];
    const t = start(loop, () =>
      spawn(function* () {
        yield null;
        (loop.currentTask() as Task).cancel("self");
        log.push("still running");
        try {
          yield sleep(10);
        } catch (e) {
          log.push("caught " + (e as Error).message + " at " + loop.time());
          throw e;
        }
      }),
    );
    loop.runUntilIdle();
    expect(log).toEqual(["still running", "caught self at 0"]);
    expect(t.cancelled()).toBe(true);
  });

  it("a task that cancels itself and returns without awaiting is cancelled (asyncio)", () => {
    const loop = virtualLoop();
    const t = start(loop, () =>
      startCoroutine(function (co) {
        (loop.currentTask() as Task).cancel();
        co.s = -1;
        return "ignored";
      }),
    );
    expect(t.cancelled()).toBe(true);
  });

  it("uncancel() withdraws a request that has not been delivered", () => {
    const loop = virtualLoop();
    const t = start(loop, () => awaiter(42));
    t.cancel();
    t.cancel();
    expect(t.cancelling()).toBe(2);
    expect(t.uncancel()).toBe(1);
    expect(t.uncancel()).toBe(0);
    expect(t.uncancel()).toBe(0);
    loop.runUntilIdle();
    expect(t.result()).toBe(42);
  });

  it("a task adopting a returned task passes the cancellation down to it (as `return await`)", () => {
    const loop = virtualLoop();
    const log: string[] = [];
    let inner!: Task<unknown>;
    const outer = start(loop, () =>
      startCoroutine(function (co) {
        inner = spawn(function* () {
          try {
            yield sleep(100);
          } finally {
            log.push("inner finally at " + loop.time());
          }
        });
        co.s = -1;
        return inner;
      }),
    );
    loop.advance(10);
    expect(loop.tasks().filter((i) => i.name === outer.getName())[0].awaiting!.kind).toBe("task");
    expect(outer.cancel("adopted")).toBe(true);
    expect(outer.done()).toBe(false); // the error comes back through the adoption
    loop.runUntilIdle();
    expect(log).toEqual(["inner finally at 10"]);
    expect(inner.cancelled()).toBe(true);
    expect(outer.cancelled()).toBe(true);
    expect(() => outer.result()).toThrow("adopted");
  });

  it("a task adopting a returned promise can still be cancelled", () => {
    const loop = virtualLoop();
    const t = start(loop, () => startCoroutine((co) => ((co.s = -1), new LoopPromise(() => {}))));
    loop.runUntilIdle();
    expect(t.done()).toBe(false);
    expect(t.cancel()).toBe(true);
    expect(t.cancelled()).toBe(true);
  });
});
