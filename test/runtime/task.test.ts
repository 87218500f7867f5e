import { describe, expect, it } from "vitest";
import {
  InvalidStateError,
  LoopPromise,
  Task,
  closeCoroutine,
  currentTask,
  sleep,
  startCoroutine,
} from "../../packages/runtime/src/index";
import { captureExceptions, spawn, virtualLoop } from "./helpers";
import { awaiter, guarded, nested } from "./coroutines";

describe("startCoroutine", () => {
  it("runs the body synchronously up to its first await, then returns the task", () => {
    const loop = virtualLoop();
    const log: string[] = [];
    loop.callSoon(() => {
      const t = guarded((s) => log.push(s), sleep(5), null, null);
      log.push("returned " + (t instanceof Task) + " " + t.done());
    });
    loop.runUntilIdle();
    expect(log).toEqual(["start", "returned true false", "after a", "finally"]);
  });

  it("an exception before the first await fails the task (it does not throw to the caller)", () => {
    const loop = virtualLoop();
    const t = loop.runUntilComplete(() => {
      const task = startCoroutine(function () {
        throw new Error("early");
      });
      return { task };
    }).task;
    expect(t.done()).toBe(true);
    expect(() => t.result()).toThrow("early");
  });

  it("a coroutine that finishes without awaiting is done at once", () => {
    const loop = virtualLoop();
    const t = loop.runUntilComplete(() => ({ t: startCoroutine((co) => ((co.s = -1), 7)) })).t;
    expect(t.done()).toBe(true);
    expect(t.result()).toBe(7);
  });

  it("the task is the current task while its body runs, and not otherwise", () => {
    const loop = virtualLoop();
    const seen: unknown[] = [];
    const t = loop.createTask(() =>
      spawn(function* () {
        seen.push(currentTask());
        yield null;
        seen.push(currentTask() === loop.currentTask());
      }),
    );
    expect(currentTask(loop)).toBeNull();
    loop.runUntilIdle();
    expect(seen).toEqual([t, true]);
  });
});

describe("Task identity and inspection", () => {
  it("names tasks Task-<id> unless named; setName renames", () => {
    const loop = virtualLoop();
    const a = loop.createTask(() => spawn(function* () {}));
    const b = loop.createTask(() => spawn(function* () {}));
    const ida = Number(a.getName().slice(5));
    expect(a.getName()).toMatch(/^Task-\d+$/);
    expect(b.getName()).toBe("Task-" + (ida + 1));
    b.setName("b");
    expect(b.getName()).toBe("b");
    const c = loop.createTask(() => spawn(function* () {}), { name: "c" });
    expect(c.getName()).toBe("c");
  });

  it("getCoro, getSite and getStack follow the await the task is suspended at", () => {
    const loop = virtualLoop();
    const a = loop.createFuture();
    const b = loop.createFuture();
    const c = loop.createFuture();
    const t = loop.runUntilComplete(() => ({ t: guarded(() => {}, a, b, c) })).t;
    expect(t.getCoro()).toEqual({
      name: "guarded",
      resumePoint: 1,
      site: { file: "guarded.js", line: 4, column: 11, text: "a" },
    });
    expect(t.getStack()).toEqual([{ file: "guarded.js", line: 4, column: 11, text: "a" }]);
    loop.callSoon(() => a.setException(new Error("x")));
    loop.runUntilIdle();
    expect(t.getSite()).toEqual({ file: "guarded.js", line: 8, column: 11, text: "b" });
    b.setResult(0);
    loop.runUntilIdle();
    expect(t.getCoro().resumePoint).toBe(5);
    expect(t.getSite()!.text).toBe("c");
    c.setResult(0);
    loop.runUntilIdle();
    expect(t.result()).toBe("end");
    expect(t.getSite()).toBeNull();
    expect(t.getStack()).toEqual([]);
  });

  it("has no site while running or without locations", () => {
    const loop = virtualLoop();
    let whileRunning: unknown = "unset";
    const t = loop.createTask(() =>
      spawn(function* () {
        whileRunning = currentTask()!.getSite();
        yield sleep(1);
      }),
    );
    expect(whileRunning).toBeNull();
    expect(t.getSite()).toBeNull(); // spawn has no await-site table
    expect(t.getCoro().resumePoint).toBe(0);
    loop.runUntilIdle();
  });

  it("refuses setResult and setException: its coroutine decides", () => {
    const loop = virtualLoop();
    const t = loop.createTask(() => awaiter(sleep(1)));
    expect(() => t.setResult(1)).toThrow(InvalidStateError);
    expect(() => t.setException(new Error())).toThrow(InvalidStateError);
    loop.runUntilIdle();
  });

  it("is a Future: done callbacks and then work on it", () => {
    const loop = virtualLoop();
    const seen: string[] = [];
    const t = loop.createTask(() => awaiter(sleep(3, "v")));
    t.addDoneCallback((d: Task) => seen.push("done " + d.result()));
    t.then((v) => seen.push("then " + v));
    loop.runUntilIdle();
    expect(seen).toEqual(["done v", "then v"]);
  });
});

describe("awaiting inside the driver", () => {
  it("a task awaiting itself gets InvalidStateError thrown in", () => {
    const loop = virtualLoop();
    const t2 = loop.createTask(() => {
      let me: Task<any>;
      me = spawn(function* () {
        yield null;
        try {
          yield me;
        } catch (e) {
          return e;
        }
      });
      return me;
    });
    loop.runUntilIdle();
    expect(t2.result()).toBeInstanceOf(InvalidStateError);
  });

  it("an await throwing while reading `then` throws into the coroutine", () => {
    const loop = virtualLoop();
    const bad = {
      get then() {
        throw new Error("getter");
      },
    };
    const r = loop.runUntilComplete(() =>
      spawn(function* () {
        try {
          yield bad;
        } catch (e) {
          return (e as Error).message;
        }
      }),
    );
    expect(r).toBe("getter");
  });
});

describe("region tables: throws land in the right catch and finally", () => {
  it("a failed await lands in the catch; the finally runs; the task finishes normally", () => {
    const loop = virtualLoop();
    const log: string[] = [];
    const r = loop.runUntilComplete(() => guarded((s) => log.push(s), LoopPromise.reject(new TypeError()), sleep(1), sleep(1)));
    expect(r).toBe("end");
    expect(log).toEqual(["start", "caught TypeError", "finally"]);
  });

  it("an exception thrown in the catch lands in the finally (kind throw) and is rethrown after it", () => {
    const loop = virtualLoop();
    const reports = captureExceptions(loop);
    const log: string[] = [];
    const t = loop.createTask(() =>
      guarded((s) => log.push(s), LoopPromise.reject(new Error("a")), LoopPromise.reject(new RangeError("b")), sleep(2)),
    );
    loop.runUntilIdle();
    expect(log).toEqual(["start", "caught Error", "finally"]);
    expect(reports.messages).toEqual(["Task exception was never retrieved"]);
    expect(t.exception()).toBeInstanceOf(RangeError);
    expect(loop.time()).toBe(2);
  });

  it("an exception in a finally goes to the next enclosing region", () => {
    const loop = virtualLoop();
    const log: string[] = [];
    const r = loop.runUntilComplete(() => nested((s) => log.push(s), LoopPromise.reject(new Error("x")), null, null));
    expect(r).toBe("done");
    expect(log).toEqual(["inner finally", "outer caught x"]);
    const log2: string[] = [];
    const r2 = loop.runUntilComplete(() => nested((s) => log2.push(s), null, LoopPromise.reject(new Error("in finally")), null));
    expect(r2).toBe("done");
    expect(log2).toEqual(["inner finally", "outer caught in finally"]);
    const log3: string[] = [];
    const r3 = loop.runUntilComplete(() => nested((s) => log3.push(s), null, null, LoopPromise.reject(new Error("z"))));
    expect(r3).toBe("done");
    expect(log3).toEqual(["inner finally", "outer caught z"]);
  });

  it("an exception outside every region fails the task", () => {
    const loop = virtualLoop();
    const reports = captureExceptions(loop);
    const log: string[] = [];
    const t = loop.createTask(() => guarded((s) => log.push(s), null, null, LoopPromise.reject(new Error("in finally"))));
    loop.runUntilIdle();
    expect(t.exception()).toEqual(new Error("in finally"));
    expect(reports.messages).toEqual(["Task exception was never retrieved"]);
  });
});

describe("closeCoroutine", () => {
  it("runs the enclosing finally with a return completion and finishes with the given value", () => {
    const loop = virtualLoop();
    const log: string[] = [];
    const a = loop.createFuture();
    const t = loop.createTask(() => guarded((s) => log.push(s), a, null, sleep(4)));
    expect(closeCoroutine(t, "closed")).toBe(true);
    expect(log).toEqual(["start", "finally"]);
    loop.runUntilIdle();
    expect(t.result()).toBe("closed");
    expect(loop.time()).toBe(4);
    expect(a.done()).toBe(false); // nothing resumes from the abandoned await
  });

  it("ignores a wake-up that was already queued for the abandoned await", () => {
    const loop = virtualLoop();
    const log: string[] = [];
    const reports = captureExceptions(loop);
    const t = loop.createTask(() => guarded((s) => log.push(s), "plain value", null, loop.createFuture()));
    // the plain value's wake-up job is queued; close now, then let the jobs run
    expect(closeCoroutine(t, "closed")).toBe(true);
    loop.runUntilIdle();
    expect(log).toEqual(["start", "finally"]);
    expect(t.done()).toBe(false); // suspended in the finally, on a future nobody sets
    expect(reports.messages).toEqual([]);
  });

  it("returns false when there is nothing to run: no finally, done, or not started", () => {
    const loop = virtualLoop();
    const t = loop.createTask(() => awaiter(sleep(1)));
    expect(closeCoroutine(t)).toBe(false);
    loop.runUntilIdle();
    expect(closeCoroutine(t)).toBe(false);
    const unstarted = loop.createTask({ body: (co) => ((co.s = -1), 1), meta: { r: [0, -1, 1, 2] } });
    expect(closeCoroutine(unstarted)).toBe(false);
    loop.runUntilIdle();
    expect(unstarted.result()).toBe(1);
  });

  it("refuses to close a running coroutine", () => {
    const loop = virtualLoop();
    let error: unknown = null;
    const t = loop.createTask(() =>
      startCoroutine(function (co) {
        try {
          closeCoroutine(currentTask()!);
        } catch (e) {
          error = e;
        }
        co.s = -1;
      }, { r: [0, -1, 1, 2] }),
    );
    expect(error).toBeInstanceOf(InvalidStateError);
    expect(t.done()).toBe(true);
  });
});

describe("createTask of a future or thenable", () => {
  it("returns a task awaiting it, named, for a future, a LoopPromise and a function returning a future", () => {
    const loop = virtualLoop();
    const f = loop.createFuture<number>();
    const direct = loop.createTask(f, { name: "direct" });
    const viaFn = loop.createTask(() => f, { name: "via-fn" });
    const promised = loop.createTask(LoopPromise.resolve(3), { name: "promised" });
    for (const t of [direct, viaFn, promised]) expect(t).toBeInstanceOf(Task);
    expect([direct.getName(), viaFn.getName(), promised.getName()]).toEqual(["direct", "via-fn", "promised"]);
    loop.callLater(5, () => f.setResult(7));
    expect(loop.runUntilComplete(direct)).toBe(7);
    expect(loop.runUntilComplete(viaFn)).toBe(7);
    expect(loop.runUntilComplete(promised)).toBe(3);
    loop.close();
  });
});
