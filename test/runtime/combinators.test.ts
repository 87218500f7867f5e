import { describe, expect, it } from "vitest";
import {
  ALL_COMPLETED,
  CancelledError,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  Future,
  GatheringFuture,
  LoopPromise,
  TimeoutError,
  TimerFuture,
  allTasks,
  asCompleted,
  currentTask,
  gather,
  shield,
  sleep,
  wait,
  type Task,
  type EventLoop,
} from "../../packages/runtime/src/index";
import { captureExceptions, spawn, virtualLoop } from "./helpers";

/** A task that sleeps `ms`, then returns `value` (or throws it, when an Error). */
function worker(ms: number, value: unknown): Task<unknown> {
  return spawn(function* () {
    yield sleep(ms);
    if (value instanceof Error) throw value;
    return value;
  });
}

/** Runs fn as the body of a task on a fresh virtual loop; returns the loop and the result. */
function inLoop<T>(fn: (loop: EventLoop) => Generator<unknown, T, any>): { loop: EventLoop; result: T; reports: string[] } {
  const loop = virtualLoop();
  const reports = captureExceptions(loop).messages;
  const result = loop.runUntilComplete(() => spawn(() => fn(loop)));
  return { loop, result, reports };
}

describe("sleep", () => {
  it("resolves with the value after ms of loop time", () => {
    const { loop, result } = inLoop(function* (loop) {
      const a = yield sleep(30, "a");
      return [a, loop.time(), yield sleep(0), loop.time()];
    });
    expect(result).toEqual(["a", 30, undefined, 30]);
    expect(loop.time()).toBe(30);
  });

  it("is a TimerFuture; cancelling it cancels its timer", () => {
    const loop = virtualLoop();
    let s!: Future<unknown>;
    loop.callSoon(() => (s = sleep(100)));
    loop.runOnce();
    expect(s).toBeInstanceOf(TimerFuture);
    expect(s.cancel()).toBe(true);
    expect(loop.runUntilIdle()).toBe(-1);
    expect(loop.time()).toBe(0);
  });
});

describe("gather", () => {
  it("collects results in argument order, whatever the completion order", () => {
    const { loop, result } = inLoop(function* () {
      return yield gather(worker(30, "slow"), worker(10, "fast"), 7, LoopPromise.resolve("p"));
    });
    expect(result).toEqual(["slow", "fast", 7, "p"]);
    expect(loop.time()).toBe(30);
  });

  it("takes a list and options; an empty list gives []", () => {
    const { result } = inLoop(function* () {
      return [yield gather([worker(1, 1), worker(2, 2)]), yield gather([])];
    });
    expect(result).toEqual([[1, 2], []]);
    expect(() => gather([1], {}, 3)).toThrow(TypeError);
  });

  it("fails with the first failure, at its time; the other children keep running", () => {
    const loop = virtualLoop();
    const children: Task<unknown>[] = [];
    const result = loop.runUntilComplete(() =>
      spawn(function* () {
        children.push(worker(10, new Error("first")), worker(20, new Error("second")), worker(30, "ok"));
        try {
          yield gather(children);
        } catch (e) {
          return (e as Error).message + " at " + loop.time();
        }
      }),
    );
    expect(result).toBe("first at 10");
    const reports = captureExceptions(loop);
    loop.runUntilIdle();
    expect(children[2].result()).toBe("ok");
    expect(loop.time()).toBe(30);
    expect(reports.messages).toEqual([]); // the gather retrieves the later failures
  });

  it("with returnExceptions puts failures and cancellations in the results", () => {
    const loop = virtualLoop();
    const result = loop.runUntilComplete(() =>
      spawn(function* () {
        const victim = worker(50, "never");
        loop.callLater(5, () => victim.cancel());
        return yield gather([worker(10, new RangeError("r")), victim, worker(1, "ok")], { returnExceptions: true });
      }),
    );
    expect(result[0]).toBeInstanceOf(RangeError);
    expect(result[1]).toBeInstanceOf(CancelledError);
    expect(result[2]).toBe("ok");
    expect(loop.time()).toBe(10);
  });

  it("takes the options after the awaitables too (gather(a, b, { returnExceptions }))", () => {
    const loop = virtualLoop();
    const result = loop.runUntilComplete(() =>
      spawn(function* () {
        return yield gather(worker(10, new RangeError("r")), worker(1, "ok"), { returnExceptions: true });
      }),
    );
    expect(result).toHaveLength(2);
    expect(result[0]).toBeInstanceOf(RangeError);
    expect(result[1]).toBe("ok");
    // an object with other keys is a value like any other
    const values = loop.runUntilComplete(() => gather(worker(1, 1), { returnExceptions: true, other: 1 }));
    expect(values).toEqual([1, { returnExceptions: true, other: 1 }]);
  });

  it("cancelling the gather cancels its children, and the gather is cancelled", () => {
    const loop = virtualLoop();
    let g!: GatheringFuture<unknown[]>;
    let kids: Task<unknown>[] = [];
    loop.callSoon(() => {
      kids = [worker(10, 1), worker(20, 2)];
      g = gather(kids);
    });
    loop.advance(5);
    expect(g.cancel()).toBe(true);
    loop.runUntilIdle();
    expect(kids.every((k) => k.cancelled())).toBe(true);
    expect(g.cancelled()).toBe(true);
    expect(g.cancel()).toBe(false);
    expect(loop.time()).toBe(5);
  });

  it("a child cancelled on its own fails the gather with CancelledError", () => {
    const loop = virtualLoop();
    const result = loop.runUntilComplete(() =>
      spawn(function* () {
        const kid = worker(10, 1);
        loop.callLater(1, () => kid.cancel());
        try {
          yield gather(kid, worker(5, 2));
        } catch (e) {
          return e instanceof CancelledError;
        }
      }),
    );
    expect(result).toBe(true);
  });
});

describe("wait", () => {
  function setup(_loop: EventLoop) {
    return [worker(10, "a"), worker(20, new Error("b")), worker(30, "c")];
  }

  it("ALL_COMPLETED (default) returns when everything is done", () => {
    const { loop, result, reports } = inLoop(function* (loop) {
      const fs = setup(loop);
      const r = yield wait(fs);
      return [r.done.length, r.pending.length, loop.time(), r.done[0] === fs[0]];
    });
    expect(result).toEqual([3, 0, 30, true]);
    expect(loop.time()).toBe(30);
    // wait() does not retrieve exceptions (asyncio): b's failure is reported
    expect(reports).toEqual(["Task exception was never retrieved"]);
  });

  it("FIRST_COMPLETED returns at the first completion", () => {
    const { result } = inLoop(function* (loop) {
      const fs = setup(loop);
      const r = yield wait(fs, { returnWhen: FIRST_COMPLETED });
      const out = [r.done.length, r.pending.length, loop.time()];
      yield wait(r.pending, { returnWhen: ALL_COMPLETED });
      return out;
    });
    expect(result).toEqual([1, 2, 10]);
  });

  it("FIRST_EXCEPTION returns at the first failure (or when all are done)", () => {
    const { result } = inLoop(function* (loop) {
      const fs = setup(loop);
      const r = yield wait(fs, { returnWhen: FIRST_EXCEPTION });
      const out = [r.done.length, r.pending.length, loop.time()];
      const r2 = yield wait([worker(5, 1), worker(6, 2)], { returnWhen: FIRST_EXCEPTION });
      out.push(r2.done.length, loop.time());
      yield wait(r.pending);
      return out;
    });
    expect(result).toEqual([2, 1, 20, 2, 26]);
  });

  it("with a timeout returns what is done by then, cancelling nothing", () => {
    const { loop, result } = inLoop(function* (loop) {
      const fs = setup(loop);
      const r = yield wait(fs, { timeout: 15 });
      const out = [r.done.length, r.pending.length, loop.time(), r.pending[0].cancelled()];
      yield wait(r.pending);
      return out;
    });
    expect(result).toEqual([1, 2, 15, false]);
    expect(loop.time()).toBe(30);
  });

  it("returns at once (one job) when the condition already holds", () => {
    const { result } = inLoop(function* (loop) {
      const done = loop.createFuture();
      done.setResult(1);
      const r = yield wait([done, loop.createFuture()], { returnWhen: FIRST_COMPLETED });
      return [r.done.length, r.pending.length, loop.time()];
    });
    expect(result).toEqual([1, 1, 0]);
  });

  it("a cancelled wait drops its timer (the clock does not jump to it)", () => {
    const loop = virtualLoop();
    const t = loop.createTask(() =>
      spawn(function* () {
        yield wait([loop.createFuture()], { timeout: 1000 });
      }),
    );
    loop.advance(1);
    t.cancel();
    loop.runUntilIdle();
    expect(t.cancelled()).toBe(true);
    expect(loop.time()).toBe(1);
  });

  it("rejects an empty set and an unknown mode", () => {
    expect(() => wait([])).toThrow(TypeError);
    expect(() => wait([1], { returnWhen: "SOMETIMES" as any })).toThrow(TypeError);
  });
});

describe("asCompleted", () => {
  it("yields futures in completion order", () => {
    const { result } = inLoop(function* (loop) {
      const out: string[] = [];
      for (const next of asCompleted([worker(30, "c"), worker(10, "a"), worker(20, "b")])) {
        out.push((yield next) + "@" + loop.time());
      }
      return out;
    });
    expect(result).toEqual(["a@10", "b@20", "c@30"]);
  });

  it("passes failures through, and fails the rest with TimeoutError at the timeout", () => {
    const { result } = inLoop(function* (loop) {
      const out: string[] = [];
      for (const next of asCompleted([worker(30, "late"), worker(10, new Error("bad"))], { timeout: 20 })) {
        try {
          out.push(yield next);
        } catch (e) {
          out.push((e instanceof TimeoutError ? "timeout" : (e as Error).message) + "@" + loop.time());
        }
      }
      return out;
    });
    expect(result).toEqual(["bad@10", "timeout@20"]);
  });
});

describe("shield", () => {
  it("passes the outcome through", () => {
    const { result } = inLoop(function* () {
      const ok = yield shield(worker(5, "ok"));
      try {
        yield shield(worker(5, new Error("bad")));
      } catch (e) {
        return [ok, (e as Error).message, yield shield(3)];
      }
    });
    expect(result).toEqual(["ok", "bad", 3]);
  });

  it("cancelling the shield leaves the inner task running", () => {
    const loop = virtualLoop();
    let inner!: Task<unknown>;
    let outer!: Future<unknown>;
    loop.callSoon(() => {
      inner = worker(10, "inner");
      outer = shield(inner);
    });
    loop.advance(1);
    expect(outer.cancel()).toBe(true);
    loop.runUntilIdle();
    expect(outer.cancelled()).toBe(true);
    expect(inner.result()).toBe("inner");
  });
});

describe("currentTask and allTasks", () => {
  it("see the running task and every live one", () => {
    const loop = virtualLoop();
    const seen: unknown[] = [];
    loop.createTask(() => worker(10, "a"), { name: "a" });
    const b = loop.createTask(
      () =>
        spawn(function* () {
          yield null;
          seen.push(currentTask() === b, allTasks().map((t) => t.getName()));
          yield sleep(5);
          seen.push(allTasks(loop).map((t) => t.getName()));
        }),
      { name: "b" },
    );
    seen.push(currentTask(loop), allTasks(loop).length);
    loop.runUntilIdle();
    expect(seen).toEqual([null, 2, true, ["a", "b"], ["a", "b"]]);
    expect(allTasks(loop)).toEqual([]);
  });
});
