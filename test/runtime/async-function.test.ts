import { describe, expect, it } from "vitest";
import { AsyncFunction, Task, asAsyncFunction, asAsyncMethods, failedCall, getAsyncStack } from "../../packages/runtime/src/index";
import { captureExceptions, virtualLoop } from "./helpers";

describe("asAsyncFunction", () => {
  it("gives functions the AsyncFunction prototype: tag, constructor, instanceof; returns the first", () => {
    const f = function f() {};
    const g = () => {};
    expect(asAsyncFunction(f, g)).toBe(f);
    for (const fn of [f, g]) {
      expect(Object.prototype.toString.call(fn)).toBe("[object AsyncFunction]");
      expect((fn as any)[Symbol.toStringTag]).toBe("AsyncFunction");
      expect(fn.constructor).toBe(AsyncFunction);
      expect(fn.constructor.name).toBe("AsyncFunction");
      expect(fn instanceof AsyncFunction).toBe(true);
      expect(fn instanceof Function).toBe(true);
      expect(typeof fn.call).toBe("function");
    }
    expect(Object.getPrototypeOf(AsyncFunction)).toBe(Function);
  });

  it("is the host's AsyncFunction where there is one: compiled and native functions share its prototype", () => {
    const native = async () => {};
    expect(AsyncFunction).toBe(native.constructor);
    expect(Object.getPrototypeOf(asAsyncFunction(() => {}))).toBe(Object.getPrototypeOf(native));
    expect(AsyncFunction.length).toBe(1);
    // a function made from a string is the host's own (native, not on the loop)
    expect(Object.prototype.toString.call(new AsyncFunction("await 1"))).toBe("[object AsyncFunction]");
  });

  it("asAsyncMethods marks the listed own methods only, and skips what is no longer a function", () => {
    const obj = { m() {}, n() {}, k: 1 };
    expect(asAsyncMethods(obj, ["m", "k", "missing"])).toBe(obj);
    expect((obj.m as any)[Symbol.toStringTag]).toBe("AsyncFunction");
    expect((obj.n as any)[Symbol.toStringTag]).toBe(undefined);
  });
});

describe("failedCall", () => {
  it("returns a task that has failed with the error (a call whose parameters failed to bind)", () => {
    const loop = virtualLoop();
    const reported = captureExceptions(loop);
    const error = new TypeError("cannot destructure");
    let task: Task<unknown> | null = null;
    loop.callSoon(() => {
      task = failedCall(error, { n: "load" });
      expect(task instanceof Task && task.done()).toBe(true);
    });
    loop.runUntilIdle();
    expect(task!.exception()).toBe(error);
    expect(getAsyncStack(error)!.length).toBeGreaterThan(0);
    expect(reported.messages).toEqual(["Task exception was never retrieved"]);
  });
});
