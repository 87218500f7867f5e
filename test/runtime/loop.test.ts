import { describe, expect, it, vi } from "vitest";
import {
  EventLoop,
  Future,
  InvalidStateError,
  LoopPromise,
  Task,
  VirtualClock,
  sleep,
  type Clock,
} from "../../packages/runtime/src/index";
import { captureExceptions, spawn, virtualLoop } from "./helpers";

describe("runUntilComplete", () => {
  it("runs until a future is done and returns its result", () => {
    const loop = virtualLoop();
    const f = loop.createFuture<string>();
    loop.callLater(30, () => f.setResult("ok"));
    expect(loop.runUntilComplete(f)).toBe("ok");
    expect(loop.time()).toBe(30);
  });

  it("throws the exception of a failed future", () => {
    const loop = virtualLoop();
    const f = loop.createFuture();
    loop.callSoon(() => f.setException(new RangeError("bad")));
    expect(() => loop.runUntilComplete(f)).toThrow(RangeError);
  });

  it("accepts a task, a function starting one, a function returning a value, and a LoopPromise", () => {
    const loop = virtualLoop();
    const t = loop.createTask(() =>
      spawn(function* () {
        yield sleep(5);
        return "task";
      }),
    );
    expect(loop.runUntilComplete(t)).toBe("task");
    expect(
      loop.runUntilComplete(() =>
        spawn(function* () {
          return (yield sleep(5, "slept")) + "!";
        }),
      ),
    ).toBe("slept!");
    expect(loop.runUntilComplete(() => 42)).toBe(42);
    expect(loop.runUntilComplete(() => LoopPromise.resolve(1).then((v) => v + 1))).toBe(2);
    expect(loop.time()).toBe(10);
  });

  it("runs the function with this loop current, so what it starts lands here", () => {
    const loop = virtualLoop();
    let seen: EventLoop | null = null;
    const t = loop.runUntilComplete(() => {
      const task = spawn(function* () {
        return 1;
      });
      seen = task.getLoop();
      return task;
    });
    expect(t).toBe(1);
    expect(seen).toBe(loop);
  });

  it("fails clearly when the awaitable can never complete", () => {
    const loop = virtualLoop();
    const f = loop.createFuture();
    expect(() => loop.runUntilComplete(f)).toThrow(InvalidStateError);
    expect(() => loop.runUntilComplete(f)).toThrow(/nothing left to run/);
  });

  it("refuses a future of another loop", () => {
    const loop = virtualLoop();
    const other = virtualLoop();
    expect(() => loop.runUntilComplete(other.createFuture())).toThrow(/another event loop/);
  });

  it("is not reentrant", () => {
    const loop = virtualLoop();
    let error: unknown = null;
    loop.callSoon(() => {
      try {
        loop.runUntilComplete(() => sleep(1));
      } catch (e) {
        error = e;
      }
    });
    loop.runUntilIdle();
    expect(error).toBeInstanceOf(InvalidStateError);
    expect((error as Error).message).toMatch(/already running/);
  });

  it("throws when stop() ends the run before the awaitable completes", () => {
    const loop = virtualLoop();
    loop.callLater(10, () => loop.stop());
    expect(() => loop.runUntilComplete(() => sleep(100))).toThrow(/stopped before/);
    expect(loop.time()).toBe(10);
    // the stop request is used up: the next run completes
    expect(loop.runUntilComplete(() => sleep(100, "later"))).toBe("later");
  });
});

describe("runForever and stop", () => {
  it("runs until stop() is called", () => {
    const loop = virtualLoop();
    const seen: number[] = [];
    loop.callLater(10, () => seen.push(loop.time()));
    loop.callLater(20, () => loop.stop());
    loop.callLater(30, () => seen.push(loop.time()));
    loop.runForever();
    expect(seen).toEqual([10]);
    expect(loop.time()).toBe(20);
    expect(loop.isRunning()).toBe(false);
    loop.callLater(15, () => loop.stop());
    loop.runForever();
    expect(seen).toEqual([10, 30]);
  });

  it("with stop() called first, runs one iteration (asyncio)", () => {
    const loop = virtualLoop();
    const seen: string[] = [];
    loop.callSoon(() => {
      seen.push("first");
      loop.callSoon(() => seen.push("second"));
    });
    loop.stop();
    loop.runForever();
    expect(seen).toEqual(["first"]);
  });

  it("throws when nothing can ever wake it", () => {
    const loop = virtualLoop();
    expect(() => loop.runForever()).toThrow(InvalidStateError);
  });
});

describe("isRunning, isClosed and close", () => {
  it("reports running only inside a run", () => {
    const loop = virtualLoop();
    let inside = false;
    loop.callSoon(() => (inside = loop.isRunning()));
    expect(loop.isRunning()).toBe(false);
    loop.runUntilIdle();
    expect(inside).toBe(true);
    expect(loop.isRunning()).toBe(false);
  });

  it("reports pending tasks, with their await sites, when closed", () => {
    const loop = virtualLoop();
    const reports = captureExceptions(loop);
    const meta = { n: "stuck", f: "app.js", a: [1, 7, 9, "never"] };
    const f = loop.createFuture();
    loop.runUntilIdle();
    loop.createTask(
      {
        body(co) {
          co.s = 1;
          return f;
        },
        meta,
      },
      { name: "worker" },
    );
    loop.runUntilIdle();
    loop.close();
    expect(loop.isClosed()).toBe(true);
    expect(reports.messages).toEqual(["Event loop closed with 1 pending task: worker (at app.js:7:9)"]);
    loop.close(); // closing twice is harmless
    expect(reports.messages.length).toBe(1);
  });

  it("a closed loop refuses every scheduling and running method", () => {
    const loop = virtualLoop();
    loop.close();
    const calls: Array<() => unknown> = [
      () => loop.callSoon(() => {}),
      () => loop.callLater(1, () => {}),
      () => loop.callAt(1, () => {}),
      () => loop.createFuture(),
      () => loop.createTask(() => 1),
      () => loop.runOnce(),
      () => loop.runUntilIdle(),
      () => loop.runForever(),
      () => loop.runUntilComplete(() => 1),
      () => loop.step(),
      () => loop.advance(1),
    ];
    for (const call of calls) {
      expect(call).toThrow(InvalidStateError);
      expect(call).toThrow(/Event loop is closed/);
    }
  });

  it("settling a future of a closed loop throws (its callbacks can never run)", () => {
    const loop = virtualLoop();
    const f = loop.createFuture();
    f.addDoneCallback(() => {});
    loop.close();
    expect(() => f.setResult(1)).toThrow(/closed/);
  });

  it("cannot be closed while running", () => {
    const loop = virtualLoop();
    let error: unknown = null;
    loop.callSoon(() => {
      try {
        loop.close();
      } catch (e) {
        error = e;
      }
    });
    loop.runUntilIdle();
    expect(error).toBeInstanceOf(InvalidStateError);
    expect(loop.isClosed()).toBe(false);
  });

  it("drops pending callbacks and timers when closed", () => {
    const loop = virtualLoop();
    const ran: string[] = [];
    loop.callSoon(() => ran.push("soon"));
    loop.callLater(5, () => ran.push("later"));
    loop.close();
    expect(ran).toEqual([]);
  });
});

describe("callSoon, callLater, callAt", () => {
  it("runs callSoon callbacks in FIFO order with their arguments", () => {
    const loop = virtualLoop();
    const seen: unknown[] = [];
    loop.callSoon((a: number, b: string) => seen.push([a, b]), 1, "x");
    loop.callSoon(() => seen.push("no args"));
    loop.runUntilIdle();
    expect(seen).toEqual([[1, "x"], "no args"]);
  });

  it("runs timers in deadline order, equal deadlines in scheduling order", () => {
    const loop = virtualLoop();
    const seen: string[] = [];
    loop.callLater(20, (n: string) => seen.push(n + "@" + loop.time()), "b");
    loop.callLater(10, (n: string) => seen.push(n + "@" + loop.time()), "a");
    loop.callAt(20, (n: string) => seen.push(n + "@" + loop.time()), "c");
    loop.callLater(-5, (n: string) => seen.push(n + "@" + loop.time()), "now");
    loop.runUntilIdle();
    expect(seen).toEqual(["now@0", "a@10", "b@20", "c@20"]);
  });

  it("returns handles that cancel", () => {
    const loop = virtualLoop();
    const seen: string[] = [];
    const h1 = loop.callSoon(() => seen.push("soon"));
    const h2 = loop.callLater(5, () => seen.push("later"));
    const h3 = loop.callAt(7, () => seen.push("at"));
    expect(h2.when()).toBe(5);
    expect(h3.when()).toBe(7);
    h1.cancel();
    h2.cancel();
    h2.cancel(); // twice is harmless
    expect(h1.cancelled()).toBe(true);
    expect(h3.cancelled()).toBe(false);
    loop.runUntilIdle();
    expect(seen).toEqual(["at"]);
    expect(loop.time()).toBe(7);
  });

  it("rejects bad arguments with TypeError", () => {
    const loop = virtualLoop();
    expect(() => loop.callSoon(42 as any)).toThrow(TypeError);
    expect(() => loop.callLater(1, null as any)).toThrow(/callLater/);
    expect(() => loop.callLater(NaN, () => {})).toThrow(TypeError);
    expect(() => loop.callAt("soon" as any, () => {})).toThrow(TypeError);
  });

  it("time() is the clock's time", () => {
    const loop = new EventLoop({ clock: new VirtualClock({ start: 1000 }) });
    expect(loop.time()).toBe(1000);
    loop.callLater(5, () => {});
    loop.runUntilIdle();
    expect(loop.time()).toBe(1005);
  });
});

describe("createFuture and createTask", () => {
  it("createFuture makes a future of this loop", () => {
    const loop = virtualLoop();
    const f = loop.createFuture<number>();
    expect(f).toBeInstanceOf(Future);
    expect(f.getLoop()).toBe(loop);
  });

  it("a Task: returned as is, named if asked", () => {
    const loop = virtualLoop();
    const inner = loop.createTask(() =>
      spawn(function* () {
        yield null;
      }),
    );
    expect(inner.getName()).toMatch(/^Task-\d+$/);
    expect(loop.createTask(inner, { name: "renamed" })).toBe(inner);
    expect(inner.getName()).toBe("renamed");
    loop.runUntilIdle();
    expect(inner.done()).toBe(true);
  });

  it("a function: called now with the loop current; a non-task result is wrapped in a task", () => {
    const loop = virtualLoop();
    const order: string[] = [];
    const t1 = loop.createTask(() => {
      order.push("called");
      return spawn(function* () {
        yield null;
        return "from task";
      });
    });
    order.push("returned");
    const t2 = loop.createTask(() => "plain", { name: "plain" });
    const t3 = loop.createTask(() => LoopPromise.resolve("promise"));
    expect(order).toEqual(["called", "returned"]);
    expect(t1.getLoop()).toBe(loop);
    expect(t2).toBeInstanceOf(Task);
    expect(t2.getName()).toBe("plain");
    loop.runUntilIdle();
    expect([t1.result(), t2.result(), t3.result()]).toEqual(["from task", "plain", "promise"]);
  });

  it("a coroutine { body, meta }: its first step runs from the loop, as asyncio's create_task", () => {
    const loop = virtualLoop();
    const order: string[] = [];
    const t = loop.createTask(
      {
        body(co, v) {
          for (;;)
            switch (co.s) {
              case 0:
                order.push("first step");
                co.s = 1;
                return sleep(3, "woke");
              case 1:
                co.s = -1;
                return v;
            }
        },
        meta: { n: "worker" },
      },
      { name: "w1" },
    );
    order.push("created");
    expect(t.getName()).toBe("w1");
    expect(loop.runUntilComplete(t)).toBe("woke");
    expect(order).toEqual(["created", "first step"]);
    expect(t.getCoro().name).toBe("worker");
  });

  it("rejects anything else", () => {
    const loop = virtualLoop();
    expect(() => loop.createTask(42 as any)).toThrow(TypeError);
  });
});

describe("exception handler", () => {
  it("gets exceptions from callbacks, and the loop keeps running", () => {
    const loop = virtualLoop();
    const reports = captureExceptions(loop);
    const seen: string[] = [];
    loop.callSoon(function failing() {
      throw new Error("cb failed");
    });
    loop.callSoon(() => seen.push("next callback"));
    loop.callLater(5, function timerFailing() {
      throw new Error("timer failed");
    });
    loop.callLater(6, () => seen.push("next timer"));
    loop.runUntilIdle();
    expect(seen).toEqual(["next callback", "next timer"]);
    expect(reports.messages).toEqual(["Exception in callback failing", "Exception in callback timerFailing"]);
    expect(reports.contexts[0].exception.message).toBe("cb failed");
    expect(reports.contexts[0].handle).toBeDefined();
  });

  it("gets exceptions from done callbacks (jobs), and the other jobs still run", () => {
    const loop = virtualLoop();
    const reports = captureExceptions(loop);
    const f = loop.createFuture();
    const seen: string[] = [];
    f.addDoneCallback(() => {
      throw new Error("job failed");
    });
    f.addDoneCallback(() => seen.push("second"));
    f.setResult(1);
    loop.runUntilIdle();
    expect(seen).toEqual(["second"]);
    expect(reports.messages).toEqual(["Exception in a done callback"]);
  });

  it("reports a task exception nobody retrieved, once", () => {
    const loop = virtualLoop();
    const reports = captureExceptions(loop);
    const t = loop.createTask(() =>
      spawn(function* () {
        yield null;
        throw new Error("lost");
      }),
    );
    loop.runUntilIdle();
    expect(reports.messages).toEqual(["Task exception was never retrieved"]);
    expect(reports.contexts[0].task).toBe(t);
    expect(reports.contexts[0].exception.message).toBe("lost");
    loop.runUntilIdle();
    expect(reports.messages.length).toBe(1);
  });

  it("does not report exceptions that were awaited, retrieved or handled", () => {
    const loop = virtualLoop();
    const reports = captureExceptions(loop);
    const failing = () =>
      spawn(function* () {
        yield null;
        throw new Error("x");
      });
    loop.runUntilComplete(() =>
      spawn(function* () {
        try {
          yield failing();
        } catch (e) {}
        const t = failing();
        t.addDoneCallback((d: Task) => d.exception());
        failing().catch(() => {});
        const f = loop.createFuture();
        f.setException(new Error("retrieved"));
        f.exception();
        yield sleep(1);
      }),
    );
    expect(reports.messages).toEqual([]);
  });

  it("reports futures and promises that failed unobserved", () => {
    const loop = virtualLoop();
    const reports = captureExceptions(loop);
    loop.callSoon(() => {
      loop.createFuture().setException(new Error("f"));
      LoopPromise.reject(new Error("p"));
    });
    loop.runUntilIdle();
    expect(reports.messages).toEqual(["Future exception was never retrieved", "Unhandled promise rejection"]);
  });

  it("falls back to the default handler (stderr) when the handler itself throws", () => {
    const loop = virtualLoop();
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      loop.setExceptionHandler(() => {
        throw new Error("handler broke");
      });
      expect(loop.getExceptionHandler()).not.toBeNull();
      loop.callSoon(() => {
        throw new Error("original");
      });
      loop.runUntilIdle();
      const lines = spy.mock.calls.map((c) => String(c[0]));
      expect(lines.some((l) => l.indexOf("Unhandled error in exception handler") === 0 && l.indexOf("handler broke") > 0)).toBe(true);
      expect(lines.some((l) => l.indexOf("Exception in callback") === 0 && l.indexOf("original") > 0)).toBe(true);
      loop.setExceptionHandler(null);
      expect(loop.getExceptionHandler()).toBeNull();
      expect(() => loop.setExceptionHandler(5 as any)).toThrow(TypeError);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("debug mode", () => {
  it("reports slow callbacks", () => {
    const loop = virtualLoop({ slowCallbackDuration: 0 });
    const reports = captureExceptions(loop);
    expect(loop.getDebug()).toBe(false);
    loop.callSoon(function quick() {});
    loop.runUntilIdle();
    expect(reports.messages).toEqual([]);
    loop.setDebug(true);
    expect(loop.getDebug()).toBe(true);
    loop.callSoon(function slowOne() {});
    loop.runUntilIdle();
    expect(reports.messages.length).toBe(1);
    expect(reports.messages[0]).toMatch(/^Executing callback slowOne took \d+ ms$/);
  });

  it("can be switched on from the options", () => {
    const loop = virtualLoop({ debug: true });
    expect(loop.getDebug()).toBe(true);
  });
});

describe("driving the loop: runOnce, runUntilIdle, advance, step", () => {
  it("runOnce runs the jobs and the callbacks ready now, and says how long to wait", () => {
    const loop = new EventLoop({ clock: new VirtualClock({ autoJump: false }) });
    const seen: string[] = [];
    expect(loop.runOnce()).toBe(-1);
    loop.callSoon(() => {
      seen.push("a");
      loop.callSoon(() => seen.push("b"));
    });
    loop.callLater(25, () => seen.push("timer"));
    expect(loop.runOnce()).toBe(0); // "b" is ready
    expect(seen).toEqual(["a"]);
    expect(loop.runOnce()).toBe(25);
    expect(seen).toEqual(["a", "b"]);
    expect(loop.runUntilIdle()).toBe(25); // nothing moves the clock
    expect(loop.time()).toBe(0);
    loop.advance(25);
    expect(seen).toEqual(["a", "b", "timer"]);
    expect(loop.runOnce()).toBe(-1);
  });

  it("runOnce on an auto-jumping clock jumps to the next timer", () => {
    const loop = virtualLoop();
    const seen: number[] = [];
    loop.callLater(40, () => seen.push(loop.time()));
    loop.callLater(50, () => seen.push(loop.time()));
    expect(loop.runOnce()).toBe(0);
    expect(seen).toEqual([40]);
    expect(loop.runUntilIdle()).toBe(-1);
    expect(seen).toEqual([40, 50]);
  });

  it("advance(ms) runs what falls due on the way and ends exactly at now + ms", () => {
    const loop = new EventLoop({ clock: new VirtualClock({ autoJump: false }) });
    const seen: string[] = [];
    for (const t of [5, 10, 30]) loop.callLater(t, () => seen.push(t + "@" + loop.time()));
    loop.callLater(8, () => loop.callLater(2, () => seen.push("nested@" + loop.time())));
    loop.advance(10);
    expect(seen).toEqual(["5@5", "10@10", "nested@10"]);
    expect(loop.time()).toBe(10);
    loop.advance(5);
    expect(loop.time()).toBe(15);
    loop.advance(15);
    expect(seen[seen.length - 1]).toBe("30@30");
  });

  it("advance needs a virtual clock", () => {
    const loop = new EventLoop({ host: "manual" });
    expect(() => loop.advance(1)).toThrow(InvalidStateError);
  });

  it("step runs exactly one callback and reports it", () => {
    const loop = virtualLoop();
    const f = loop.createFuture();
    f.addDoneCallback(() => {});
    f.setResult(1); // one job queued
    loop.callSoon(function first() {
      LoopPromise.resolve().then(() => {}).then(() => {});
    });
    loop.callSoon(function second() {});
    loop.callLater(7, function timer() {});
    expect(loop.step()).toEqual({ callback: "first", jobs: 3, time: 0 });
    expect(loop.step()).toEqual({ callback: "second", jobs: 0, time: 0 });
    expect(loop.step()).toEqual({ callback: "timer", jobs: 0, time: 7 });
    expect(loop.step()).toBeNull();
    loop.createFuture().addDoneCallback(() => {});
    const g = loop.createFuture();
    g.addDoneCallback(() => {});
    g.setResult(2);
    expect(loop.step()).toEqual({ callback: null, jobs: 1, time: 7 });
  });

  it("step skips cancelled callbacks and still jumps to the next timer", () => {
    const loop = virtualLoop();
    loop.callSoon(() => {}).cancel();
    loop.callLater(9, function due() {});
    expect(loop.step()).toEqual({ callback: "due", jobs: 0, time: 9 });
  });
});

describe("hostSleep: synchronous runs on a real-time clock", () => {
  it("sleeps through the given function until the next timer", () => {
    let now = 0;
    const clock: Clock = { now: () => now, autoJump: false };
    const sleeps: number[] = [];
    const loop = new EventLoop({
      clock,
      host: "manual",
      hostSleep(ms) {
        sleeps.push(ms);
        now += ms;
      },
    });
    expect(loop.runUntilComplete(() => sleep(50, "done"))).toBe("done");
    expect(sleeps).toEqual([50]);
    loop.callLater(10, () => loop.stop());
    loop.runForever();
    expect(sleeps).toEqual([50, 10]);
  });

  it("a virtual clock that does not jump by itself refuses to wait", () => {
    const loop = new EventLoop({ clock: new VirtualClock({ autoJump: false }) });
    expect(() => loop.runUntilComplete(() => sleep(5))).toThrow(/advance/);
  });
});
