/**
 * LoopPromise against the Promise/A+ rules and the ES additions that matter.
 * Each test runs inside a callback of a fresh loop, so promises land there.
 */
import { describe, expect, it } from "vitest";
import { LoopPromise, installPromise } from "../../packages/runtime/src/index";
import { captureExceptions, spawn, virtualLoop } from "./helpers";

/** Runs fn as a loop callback, then the loop until idle; returns the log and the reports. */
function run(fn: (log: (s: unknown) => void) => void): { log: unknown[]; reports: string[] } {
  const loop = virtualLoop();
  const reports = captureExceptions(loop).messages;
  const log: unknown[] = [];
  loop.callSoon(() => fn((s) => log.push(s)));
  loop.runUntilIdle();
  return { log, reports };
}

describe("construction and settlement", () => {
  it("needs an executor function, called synchronously", () => {
    expect(() => new LoopPromise(null as any)).toThrow(TypeError);
    const { log } = run((log) => {
      new LoopPromise(() => log("executor"));
      log("after");
    });
    expect(log).toEqual(["executor", "after"]);
  });

  it("settles once: later resolve/reject calls and a throw after resolving are ignored", () => {
    const { log } = run((log) => {
      new LoopPromise((resolve, reject) => {
        resolve(1);
        reject(new Error("no"));
        resolve(2);
        throw new Error("ignored");
      }).then(log, () => log("rejected"));
      new LoopPromise((_, reject) => {
        reject("first");
        reject("second");
      }).catch(log);
    });
    expect(log).toEqual([1, "first"]);
  });

  it("an executor that throws rejects the promise", () => {
    const { log } = run((log) => {
      new LoopPromise(() => {
        throw new Error("boom");
      }).catch((e: Error) => log(e.message));
    });
    expect(log).toEqual(["boom"]);
  });

  it("resolving with itself rejects with TypeError", () => {
    const { log } = run((log) => {
      let res!: (v: unknown) => void;
      const p = new LoopPromise((r) => (res = r as any));
      res(p);
      p.catch((e) => log(e instanceof TypeError));
    });
    expect(log).toEqual([true]);
  });
});

describe("then", () => {
  it("calls back asynchronously, even on a settled promise", () => {
    const { log } = run((log) => {
      LoopPromise.resolve(1).then(log);
      log("sync");
    });
    expect(log).toEqual(["sync", 1]);
  });

  it("calls handlers in registration order, once each", () => {
    const { log } = run((log) => {
      const p = LoopPromise.resolve("v");
      p.then(() => log("a"));
      p.then(() => log("b"));
      p.then(() => log("c"));
    });
    expect(log).toEqual(["a", "b", "c"]);
  });

  it("passes values and reasons through when a handler is missing or not a function", () => {
    const { log } = run((log) => {
      LoopPromise.resolve(1).then(null).then(5 as any).then(log);
      LoopPromise.reject(2).then(log).catch(log);
    });
    expect(log).toEqual([2, 1]); // the chain of three thens settles later (as natively)
  });

  it("a handler's return value resolves the derived promise; a throw rejects it", () => {
    const { log } = run((log) => {
      LoopPromise.resolve(1)
        .then((v) => v + 1)
        .then((v) => {
          throw v * 10;
        })
        .then(null, (e) => log("caught " + e));
    });
    expect(log).toEqual(["caught 20"]);
  });

  it("a handler returning the derived promise itself rejects with TypeError", () => {
    const { log } = run((log) => {
      const p: LoopPromise<unknown> = LoopPromise.resolve().then(() => p);
      p.catch((e) => log(e instanceof TypeError));
    });
    expect(log).toEqual([true]);
  });
});

describe("thenable adoption", () => {
  it("adopts promises and thenables, synchronous or not", () => {
    const { log } = run((log) => {
      LoopPromise.resolve({ then: (r: any) => r("sync thenable") }).then(log);
      new LoopPromise((r) => r(LoopPromise.resolve("promise"))).then(log);
      LoopPromise.resolve({ then: (r: any) => LoopPromise.resolve().then(() => r("async thenable")) }).then(log);
      LoopPromise.resolve({ then: (_: any, j: any) => j("rejecting thenable") }).catch(log);
    });
    expect(log.slice().sort()).toEqual(["async thenable", "promise", "rejecting thenable", "sync thenable"]);
  });

  it("a thenable calling both callbacks, or one twice: the first call wins", () => {
    const { log } = run((log) => {
      LoopPromise.resolve({
        then(r: any, j: any) {
          j("rejected first");
          r("then resolved");
          j("again");
        },
      }).then(
        (v) => log("ok " + v),
        (e) => log("err " + e),
      );
    });
    expect(log).toEqual(["err rejected first"]);
  });

  it("a then that throws rejects, unless it already settled", () => {
    const { log } = run((log) => {
      LoopPromise.resolve({
        then() {
          throw new Error("then threw");
        },
      }).catch((e) => log(e.message));
      LoopPromise.resolve({
        then(r: any) {
          r("kept");
          throw new Error("ignored");
        },
      }).then(log);
    });
    expect(log.slice().sort()).toEqual(["kept", "then threw"]);
  });

  it("a `then` getter that throws rejects; it is read exactly once", () => {
    let reads = 0;
    const { log } = run((log) => {
      LoopPromise.resolve({
        get then() {
          reads++;
          throw new Error("getter");
        },
      }).catch((e) => log(e.message));
      LoopPromise.resolve({
        get then() {
          reads++;
          return (r: any) => r("once");
        },
      }).then(log);
    });
    expect(log.slice().sort()).toEqual(["getter", "once"]);
    expect(reads).toBe(2);
  });

  it("thenables nested in thenables are unwrapped all the way", () => {
    const { log } = run((log) => {
      const deep = { then: (r: any) => r({ then: (r2: any) => r2(LoopPromise.resolve("deep")) }) };
      LoopPromise.resolve(deep).then(log);
    });
    expect(log).toEqual(["deep"]);
  });
});

describe("static methods", () => {
  it("resolve returns a LoopPromise as is, and a Future or Task as is (they are the promises of their work)", () => {
    const loop = virtualLoop();
    const p = LoopPromise.resolve(1);
    expect(LoopPromise.resolve(p)).toBe(p);
    const f = loop.createFuture();
    expect(LoopPromise.resolve(f)).toBe(f);
    const t = loop.createTask(() => spawn(function* () {}));
    expect(LoopPromise.resolve(t)).toBe(t);
    class Sub<T> extends LoopPromise<T> {}
    expect(Sub.resolve(p)).not.toBe(p);
    expect(Sub.resolve(p)).toBeInstanceOf(Sub);
    loop.runUntilIdle();
  });

  it("reject, withResolvers", () => {
    const { log } = run((log) => {
      LoopPromise.reject("r").catch(log);
      const { promise, resolve } = LoopPromise.withResolvers<string>();
      promise.then(log);
      resolve("resolved later");
    });
    expect(log).toEqual(["r", "resolved later"]);
  });

  it("all: results in order; the first rejection wins; empty gives []", () => {
    const { log } = run((log) => {
      LoopPromise.all([LoopPromise.resolve(1), 2, { then: (r: any) => r(3) }]).then(log);
      LoopPromise.all([LoopPromise.reject("no"), LoopPromise.reject("later")]).catch(log);
      LoopPromise.all([]).then(log);
    });
    expect(log).toContainEqual([1, 2, 3]);
    expect(log).toContainEqual("no");
    expect(log).toContainEqual([]);
    expect(log.length).toBe(3);
  });

  it("allSettled reports every outcome", () => {
    const { log } = run((log) => {
      LoopPromise.allSettled([1, LoopPromise.reject("x")]).then(log);
    });
    expect(log).toEqual([
      [
        { status: "fulfilled", value: 1 },
        { status: "rejected", reason: "x" },
      ],
    ]);
  });

  it("race settles like the first to settle; an empty race stays pending", () => {
    let never: LoopPromise<unknown> | null = null;
    const { log } = run((log) => {
      const slow = new LoopPromise((r) => LoopPromise.resolve().then(() => r("slow")));
      LoopPromise.race([slow, LoopPromise.resolve("fast")]).then(log);
      LoopPromise.race([slow, LoopPromise.reject("fail")]).catch((e) => log("rejected " + e));
      never = LoopPromise.race([]);
    });
    expect(log).toEqual(["fast", "rejected fail"]);
    expect((never as any)._state).toBe(0);
  });

  it("any: the first fulfilment, or an AggregateError of every reason", () => {
    const { log } = run((log) => {
      LoopPromise.any([LoopPromise.reject(1), 2]).then(log);
      LoopPromise.any([LoopPromise.reject("a"), LoopPromise.reject("b")]).catch((e) => log([e.name, e.errors]));
      LoopPromise.any([]).catch((e) => log(e.errors.length));
    });
    expect(log).toEqual([0, 2, ["AggregateError", ["a", "b"]]]); // native order
  });

  it("combinators take iterables where the host has them, and reject what is not iterable", () => {
    const { log } = run((log) => {
      LoopPromise.all(new Set([1, 2]) as any).then(log);
      LoopPromise.all(5 as any).catch((e) => log(e instanceof TypeError));
      LoopPromise.race(null as any).catch((e) => log(e instanceof TypeError));
    });
    expect(log).toEqual([true, true, [1, 2]]);
  });
});

describe("finally", () => {
  it("runs on both outcomes, passes the outcome through, and waits for a returned promise", () => {
    const { log } = run((log) => {
      LoopPromise.resolve("v")
        .finally(() => {
          log("f1");
          return LoopPromise.resolve("ignored").then(() => log("f1 inner"));
        })
        .then((v) => log("then " + v));
      LoopPromise.reject("e")
        .finally(() => log("f2"))
        .catch((e) => log("catch " + e));
    });
    expect(log).toEqual(["f1", "f2", "f1 inner", "catch e", "then v"]);
  });

  it("a throwing or rejecting onFinally replaces the outcome", () => {
    const { log } = run((log) => {
      LoopPromise.resolve(1)
        .finally(() => {
          throw new Error("thrown");
        })
        .catch((e) => log(e.message));
      LoopPromise.resolve(1)
        .finally(() => LoopPromise.reject("rejected"))
        .catch(log);
    });
    expect(log).toEqual(["thrown", "rejected"]);
  });

  it("a non-function onFinally passes through", () => {
    const { log } = run((log) => {
      LoopPromise.resolve(3).finally(undefined).then(log);
    });
    expect(log).toEqual([3]);
  });
});

describe("unhandled rejections", () => {
  it("are reported once the jobs drain, unless handled by then", () => {
    const { reports } = run(() => {
      const handledLater = LoopPromise.reject("late");
      LoopPromise.resolve().then(() => handledLater.catch(() => {}));
      LoopPromise.reject(new Error("nobody"));
    });
    expect(reports).toEqual(["Unhandled promise rejection"]);
  });
});

describe("installPromise", () => {
  it("installs LoopPromise as the global Promise only where there is none, or when forced", () => {
    const g = globalThis as any;
    const saved = g.Promise;
    try {
      expect(installPromise()).toBe(false);
      expect(g.Promise).toBe(saved);
      expect(installPromise({ force: true })).toBe(true);
      expect(g.Promise).toBe(LoopPromise);
      delete g.Promise;
      expect(installPromise()).toBe(true);
      expect(g.Promise).toBe(LoopPromise);
    } finally {
      g.Promise = saved;
    }
  });
});
