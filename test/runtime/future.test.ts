import { describe, expect, it } from "vitest";
import { CancelledError, Future, InvalidStateError, LoopPromise } from "../../packages/runtime/src/index";
import { captureExceptions, spawn, virtualLoop } from "./helpers";

describe("Future state", () => {
  it("starts pending; result() and exception() are misuse until done", () => {
    const loop = virtualLoop();
    const f = loop.createFuture();
    expect(f.done()).toBe(false);
    expect(f.cancelled()).toBe(false);
    expect(() => f.result()).toThrow(InvalidStateError);
    expect(() => f.exception()).toThrow(InvalidStateError);
  });

  it("holds a result", () => {
    const f = virtualLoop().createFuture<number>();
    f.setResult(5);
    expect(f.done()).toBe(true);
    expect(f.result()).toBe(5);
    expect(f.exception()).toBeNull();
  });

  it("holds an exception: result() throws it", () => {
    const f = virtualLoop().createFuture();
    const e = new TypeError("t");
    f.setException(e);
    expect(f.done()).toBe(true);
    expect(f.cancelled()).toBe(false);
    expect(f.exception()).toBe(e);
    expect(() => f.result()).toThrow(e);
  });

  it("cancel(msg): cancelled; result() and exception() throw CancelledError with the message", () => {
    const f = virtualLoop().createFuture();
    expect(f.cancel("stop it")).toBe(true);
    expect(f.cancelled()).toBe(true);
    expect(f.done()).toBe(true);
    expect(() => f.result()).toThrow(CancelledError);
    expect(() => f.exception()).toThrow("stop it");
    expect(f.cancel()).toBe(false);
  });

  it("settles once: setting a done future is misuse", () => {
    const f = virtualLoop().createFuture();
    f.setResult(1);
    expect(() => f.setResult(2)).toThrow(InvalidStateError);
    expect(() => f.setException(new Error())).toThrow(InvalidStateError);
    expect(f.cancel()).toBe(false);
    expect(f.result()).toBe(1);
    const g = virtualLoop().createFuture();
    g.cancel();
    expect(() => g.setResult(1)).toThrow(/cancelled future: cannot set a result/);
  });
});

describe("done callbacks", () => {
  it("run as jobs, in registration order, with the future; never synchronously", () => {
    const loop = virtualLoop();
    const f = loop.createFuture<string>();
    const seen: string[] = [];
    f.addDoneCallback((d: Future<string>) => seen.push("a " + d.result()));
    f.addDoneCallback((d: Future<string>) => seen.push("b " + (d === f)));
    f.setResult("x");
    expect(seen).toEqual([]);
    loop.runUntilIdle();
    expect(seen).toEqual(["a x", "b true"]);
    f.addDoneCallback(() => seen.push("late"));
    expect(seen.length).toBe(2);
    loop.runUntilIdle();
    expect(seen).toEqual(["a x", "b true", "late"]);
  });

  it("run before any callback (they are jobs)", () => {
    const loop = virtualLoop();
    const f = loop.createFuture();
    const seen: string[] = [];
    loop.callSoon(() => {
      f.setResult(1);
      loop.callSoon(() => seen.push("next callback"));
    });
    loop.callSoon(() => seen.push("callback 2"));
    f.addDoneCallback(() => seen.push("done callback"));
    loop.runUntilIdle();
    expect(seen).toEqual(["done callback", "callback 2", "next callback"]);
  });

  it("removeDoneCallback removes every registration and says how many", () => {
    const loop = virtualLoop();
    const f = loop.createFuture();
    const seen: string[] = [];
    const cb = () => seen.push("cb");
    f.addDoneCallback(cb);
    f.addDoneCallback(() => seen.push("other"));
    f.addDoneCallback(cb);
    expect(f.removeDoneCallback(cb)).toBe(2);
    expect(f.removeDoneCallback(cb)).toBe(0);
    f.setResult(0);
    loop.runUntilIdle();
    expect(seen).toEqual(["other"]);
  });

  it("addDoneCallback wants a function", () => {
    expect(() => virtualLoop().createFuture().addDoneCallback(null as any)).toThrow(TypeError);
  });

  it("run for a cancelled future too", () => {
    const loop = virtualLoop();
    const f = loop.createFuture();
    let saw = false;
    f.addDoneCallback((d: Future) => (saw = d.cancelled()));
    f.cancel();
    loop.runUntilIdle();
    expect(saw).toBe(true);
  });
});

describe("then, catch, finally", () => {
  it("then gets the result; the derived value is a LoopPromise", () => {
    const loop = virtualLoop();
    const f = loop.createFuture<number>();
    const seen: unknown[] = [];
    const p = f.then((v) => v * 2);
    expect(p).toBeInstanceOf(LoopPromise);
    p.then((v) => seen.push(v));
    loop.callSoon(() => f.setResult(21));
    loop.runUntilIdle();
    expect(seen).toEqual([42]);
  });

  it("catch gets the exception, and a cancellation as CancelledError", () => {
    const loop = virtualLoop();
    const a = loop.createFuture();
    const b = loop.createFuture();
    const seen: string[] = [];
    a.catch((e: Error) => seen.push("a " + e.message));
    b.then(null, (e: unknown) => seen.push("b " + (e instanceof CancelledError)));
    a.setException(new Error("boom"));
    b.cancel();
    loop.runUntilIdle();
    expect(seen).toEqual(["a boom", "b true"]);
  });

  it("finally runs either way and passes the outcome through", () => {
    const loop = virtualLoop();
    const reports = captureExceptions(loop);
    const ok = loop.createFuture<string>();
    const bad = loop.createFuture<string>();
    const seen: string[] = [];
    ok.finally(() => seen.push("f1")).then((v) => seen.push("ok " + v));
    bad.finally(() => seen.push("f2")).catch((e: Error) => seen.push("bad " + e.message));
    ok.setResult("v");
    bad.setException(new Error("e"));
    loop.runUntilIdle();
    expect(seen.sort()).toEqual(["bad e", "f1", "f2", "ok v"]);
    expect(reports.messages).toEqual([]);
  });

  it("awaiting a future from a coroutine resumes with its result or throws its exception", () => {
    const loop = virtualLoop();
    const a = loop.createFuture<number>();
    const b = loop.createFuture<number>();
    loop.callLater(1, () => a.setResult(1));
    loop.callLater(2, () => b.setException(new Error("two")));
    const out = loop.runUntilComplete(() =>
      spawn(function* () {
        const x: number = yield a;
        try {
          yield b;
        } catch (e) {
          return x + " " + (e as Error).message;
        }
      }),
    );
    expect(out).toBe("1 two");
  });

  it("a future is bound to the loop it was made on (default: the running loop)", () => {
    const loop = virtualLoop();
    const f = new Future(loop);
    expect(f.getLoop()).toBe(loop);
    let made: Future | null = null;
    loop.callSoon(() => (made = new Future()));
    loop.runUntilIdle();
    expect(made!.getLoop()).toBe(loop);
  });
});
