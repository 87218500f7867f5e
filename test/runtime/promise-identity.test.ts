import { describe, expect, it } from "vitest";
import { EventLoop, Future, LoopPromise, Task } from "../../packages/runtime/src/index";

/**
 * What an async function returns is a Promise natively; compiled, it is a
 * Task. Where the host has a native Promise, tasks and futures inherit from
 * its prototype; LoopPromise (the program's Promise under promise: "loop")
 * accepts every runtime future as an instance.
 */
describe("a task presents as a promise", () => {
  it("is instanceof the native Promise and tagged as one, keeping its own then", async () => {
    const loop = new EventLoop();
    const task = loop.createTask(() => 7) as Task<number>;
    expect(task instanceof Promise).toBe(true);
    expect(task instanceof Task).toBe(true);
    expect(Object.prototype.toString.call(task)).toBe("[object Promise]");
    expect(task.then).toBe(Future.prototype.then);
    expect(loop.createFuture() instanceof Promise).toBe(true);
    expect(await loop.runUntilComplete(task)).toBe(7);
    // native code adopts it as a thenable
    await expect(Promise.resolve(task)).resolves.toBe(7);
    loop.close();
  });

  it("is instanceof LoopPromise, while LoopPromise.resolve returns it as is", () => {
    const loop = new EventLoop();
    const task = loop.createTask(() => 1);
    expect(task instanceof LoopPromise).toBe(true);
    expect(loop.createFuture() instanceof LoopPromise).toBe(true);
    expect({} instanceof LoopPromise).toBe(false);
    expect(Promise.resolve(1) instanceof LoopPromise).toBe(false);
    loop.runUntilComplete(task);
    loop.close();
  });

  it("leaves subclasses of LoopPromise with the ordinary instanceof", () => {
    class MyPromise<T> extends LoopPromise<T> {}
    const loop = new EventLoop();
    const mine = loop.runUntilComplete(() => new MyPromise<number>((resolve) => resolve(1)));
    expect(mine).toBe(1);
    const p = new MyPromise<number>((resolve) => resolve(2));
    expect(p instanceof MyPromise).toBe(true);
    expect(p instanceof LoopPromise).toBe(true);
    expect(loop.createTask(() => 1) instanceof MyPromise).toBe(false);
    loop.close();
  });
});
