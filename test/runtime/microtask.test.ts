/**
 * The runtime's queueMicrotask: a loop job in the queue LoopPromise reactions
 * use, its errors reported to the loop's exception handler.
 */
import { describe, expect, it } from "vitest";
import { LoopPromise, queueMicrotask } from "../../packages/runtime/src/index";
import { captureExceptions, virtualLoop } from "./helpers";

describe("queueMicrotask", () => {
  it("queues a job in order with promise reactions, after the current callback", () => {
    const loop = virtualLoop();
    const log: string[] = [];
    loop.callSoon(() => {
      queueMicrotask(() => {
        log.push("microtask 1");
        LoopPromise.resolve().then(() => log.push("then from microtask"));
        queueMicrotask(() => log.push("microtask from microtask"));
      });
      LoopPromise.resolve().then(() => log.push("then 1"));
      queueMicrotask(() => log.push("microtask 2"));
      log.push("callback end");
    });
    loop.runUntilIdle();
    expect(log).toEqual(["callback end", "microtask 1", "then 1", "microtask 2", "then from microtask", "microtask from microtask"]);
  });

  it("reports a throwing callback to the loop's exception handler; later jobs still run", () => {
    const loop = virtualLoop();
    const reports = captureExceptions(loop);
    const log: string[] = [];
    const boom = new Error("boom");
    loop.callSoon(() => {
      queueMicrotask(() => {
        throw boom;
      });
      queueMicrotask(() => log.push("after"));
    });
    loop.runUntilIdle();
    expect(log).toEqual(["after"]);
    expect(reports.messages).toEqual(["Uncaught exception in a microtask"]);
    expect(reports.contexts[0].exception).toBe(boom);
  });

  it("calls the callback without a receiver or arguments, and rejects a non-function", () => {
    const loop = virtualLoop();
    let seen: unknown[] | null = null;
    loop.callSoon(() => {
      queueMicrotask(function (this: unknown, ...args: unknown[]) {
        seen = [this, args.length];
      });
    });
    loop.runUntilIdle();
    expect(seen).toEqual([undefined, 0]);
    expect(() => queueMicrotask(null as any)).toThrow(TypeError);
  });
});
