/**
 * asTask(p): a compiled `async (): Promise<T>` call used as the Task<T> it
 * is (the very task: cancel() cancels the coroutine), and other thenables
 * wrapped as loop.createTask wraps them.
 */
import { describe, expect, it } from "vitest";
import * as runtime from "../../packages/runtime/src/index";
import { CancelledError, Future, LoopPromise, Task, asTask, sleep, type EventLoop } from "../../packages/runtime/src/index";
import { compile } from "../support/compile";
import { virtualLoop } from "./helpers";

const SOURCE = `
async function work(n: number): Promise<number> {
  try {
    await sleep(100);
    log.push("resumed " + n);
    return n * 2;
  } finally {
    log.push("finally " + n);
  }
}
`;

/** `work`, compiled by the plugin, running on the runtime's sources. */
function compiledWork(log: string[]): (n: number) => Promise<number> {
  const code = compile(SOURCE, "work.ts", { moduleType: "global", locations: false });
  return new Function("coloop", "sleep", "log", code + "\nreturn work;")(runtime, sleep, log);
}

function inLoop<T>(loop: EventLoop, fn: () => T): T {
  let out!: T;
  loop.callSoon(() => {
    out = fn();
  });
  loop.runOnce();
  return out;
}

/** A foreign thenable (no promise, no future): its then only records the callbacks. */
function thenable<T>(then: (onFulfilled: (v: T) => void) => void): PromiseLike<T> {
  return { then } as unknown as PromiseLike<T>;
}

describe("asTask", () => {
  it("returns the task of a compiled call: named, inspected, and cancel() cancels the coroutine", () => {
    const loop = virtualLoop();
    const log: string[] = [];
    const work = compiledWork(log);
    const { p, t } = inLoop(loop, () => {
      const p = work(1);
      return { p, t: asTask(p) };
    });
    expect(t).toBe(p);
    expect(t).toBeInstanceOf(Task);
    expect(t.getCoro().name).toBe("work");
    t.setName("the work");
    expect(t.getName()).toBe("the work");
    expect(loop.allTasks()).toContain(t);
    expect(t.cancel()).toBe(true);
    loop.runUntilIdle();
    expect(t.cancelled()).toBe(true);
    expect(log).toEqual(["finally 1"]);
    expect(loop.time()).toBe(0); // the sleep was cancelled with it
  });

  it("a compiled call left alone resolves through the task as the function returns", () => {
    const loop = virtualLoop();
    const log: string[] = [];
    const work = compiledWork(log);
    const t = inLoop(loop, () => asTask(work(3)));
    loop.runUntilIdle();
    expect(t.result()).toBe(6);
    expect(log).toEqual(["resumed 3", "finally 3"]);
  });

  it("wraps a Future in a task on the future's loop; cancelling the task cancels the future", () => {
    const loop = virtualLoop();
    const f = new Future<string>(loop);
    const t = asTask(f);
    expect(t).toBeInstanceOf(Task);
    expect(t).not.toBe(f);
    expect(t.getLoop()).toBe(loop);
    expect(t.cancel()).toBe(true);
    loop.runUntilIdle();
    expect(f.cancelled()).toBe(true);
    expect(t.cancelled()).toBe(true);

    const g = new Future<string>(loop);
    const u = asTask(g);
    g.setResult("ok");
    loop.runUntilIdle();
    expect(u.result()).toBe("ok");
  });

  it("wraps a LoopPromise or a foreign thenable in a task that settles as it does", () => {
    const loop = virtualLoop();
    const fromLoopPromise = inLoop(loop, () => asTask(LoopPromise.resolve(5)));
    let resolveForeign!: (v: string) => void;
    const foreign = thenable<string>((onFulfilled) => {
      resolveForeign = onFulfilled;
    });
    const fromForeign = inLoop(loop, () => asTask(foreign));
    loop.runUntilIdle();
    expect(fromLoopPromise.result()).toBe(5);
    expect(fromForeign.done()).toBe(false);
    resolveForeign("late");
    loop.runUntilIdle();
    expect(fromForeign.result()).toBe("late");
  });

  it("a cancelled wrapper of a foreign thenable stops waiting (the thenable is not touched)", () => {
    const loop = virtualLoop();
    let calls = 0;
    const foreign = thenable<never>(() => {
      calls++;
    });
    const t = inLoop(loop, () => asTask(foreign));
    loop.runUntilIdle();
    expect(calls).toBe(1);
    t.cancel();
    loop.runUntilIdle();
    expect(t.cancelled()).toBe(true);
    expect(() => t.result()).toThrow(CancelledError);
  });

  it("anything but a thenable is a TypeError", () => {
    for (const x of [null, undefined, 5, "s", {}, { then: 1 }]) {
      expect(() => asTask(x as unknown as PromiseLike<unknown>)).toThrow(TypeError);
    }
    expect(() => asTask({} as PromiseLike<unknown>)).toThrow(/asTask expects a task, a future or a promise, not an object without a then method/);
  });
});
