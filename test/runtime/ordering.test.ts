/**
 * The tick model: compiled code must interleave exactly as native code does.
 *
 * Each scenario is written twice: natively (real async functions, native
 * Promise, setImmediate) and for the runtime (generator coroutines through
 * spawn, which is a protocol coroutine like compiled output; LoopPromise;
 * callSoon). Both append to a log; the logs must be identical. Where a
 * scenario pins a job count of the README table, the log is also compared
 * with the literal order V8 produces.
 */
import { describe, expect, it } from "vitest";
import { LoopPromise, startCoroutine, type EventLoop } from "../../packages/runtime/src/index";
import { asyncFn, spawn, virtualLoop } from "./helpers";

type Log = (line: string) => void;
type PromiseCtor = typeof Promise | typeof LoopPromise;

/** Runs the native half, then lets every microtask and setImmediate it started finish. */
async function runNative(scenario: (log: Log) => void): Promise<string[]> {
  const lines: string[] = [];
  scenario((line) => lines.push(line));
  for (let i = 0; i < 30; i++) await new Promise((r) => setImmediate(r));
  return lines;
}

/** Runs the runtime half as a callback of a fresh loop, then until nothing is left. */
function runColoop(scenario: (log: Log, loop: EventLoop) => void): string[] {
  const lines: string[] = [];
  const loop = virtualLoop();
  loop.setExceptionHandler(() => {}); // unhandled rejections are part of some scenarios
  loop.callSoon(() => scenario((line) => lines.push(line), loop));
  loop.runUntilIdle();
  expect(loop.allTasks()).toEqual([]);
  return lines;
}

/** Logs "t1".."tn", one per job: t_i runs in the i-th job after the call. */
function ticker(log: Log, P: PromiseCtor, n: number): void {
  let p: PromiseLike<unknown> = (P as any).resolve();
  for (let i = 1; i <= n; i++) p = p.then(() => log("t" + i));
}

function same(name: string, native: (log: Log) => void, coloop: (log: Log, loop: EventLoop) => void, expected?: string[]) {
  it(name, async () => {
    const want = await runNative(native);
    const got = runColoop(coloop);
    expect(want.length).toBeGreaterThan(0);
    expect(got).toEqual(want);
    if (expected) expect(want).toEqual(expected);
  });
}

/** The same promise-only scenario, run once with Promise and once with LoopPromise. */
function samePromises(name: string, scenario: (log: Log, P: any) => void, expected?: string[]) {
  same(
    name,
    (log) => scenario(log, Promise),
    (log) => scenario(log, LoopPromise),
    expected,
  );
}

describe("job counts per await and return form (the README table)", () => {
  same(
    "await of a plain value resumes one job later",
    (log) => {
      ticker(log, Promise, 3);
      (async () => {
        await null;
        log("resumed");
      })();
    },
    (log) => {
      ticker(log, LoopPromise, 3);
      spawn(function* () {
        yield null;
        log("resumed");
      });
    },
    ["t1", "resumed", "t2", "t3"],
  );

  same(
    "await of a settled promise, future or task resumes one job later",
    (log) => {
      const p = Promise.resolve(1);
      const done = (async () => 2)();
      ticker(log, Promise, 3);
      (async () => {
        log("p " + (await p));
        log("task " + (await done));
      })();
    },
    (log) => {
      const p = LoopPromise.resolve(1);
      const done = spawn(function* () {
        return 2;
      });
      ticker(log, LoopPromise, 3);
      spawn(function* () {
        log("p " + (yield p));
        log("task " + (yield done));
      });
    },
    ["t1", "p 1", "t2", "task 2", "t3"],
  );

  same(
    "await of a runtime future resumes one job after it settles",
    (log) => {
      let resolve!: (v: number) => void;
      const p = new Promise<number>((r) => (resolve = r));
      (async () => log("got " + (await p)))();
      Promise.resolve().then(() => {
        resolve(7);
        ticker(log, Promise, 2);
      });
    },
    (log, loop) => {
      const f = loop.createFuture<number>();
      spawn(function* () {
        log("got " + (yield f));
      });
      LoopPromise.resolve().then(() => {
        f.setResult(7);
        ticker(log, LoopPromise, 2);
      });
    },
    ["got 7", "t1", "t2"],
  );

  same(
    "await of a thenable takes two jobs when then() resolves at once",
    (log) => {
      ticker(log, Promise, 4);
      (async () => {
        const v = await {
          then(r: (v: string) => void) {
            log("then called");
            r("x");
          },
        };
        log("resumed " + v);
      })();
    },
    (log) => {
      ticker(log, LoopPromise, 4);
      spawn(function* () {
        const v = yield {
          then(r: (v: string) => void) {
            log("then called");
            r("x");
          },
        };
        log("resumed " + v);
      });
    },
    ["t1", "then called", "t2", "resumed x", "t3", "t4"],
  );

  same(
    "returning a promise takes three jobs before the awaiter resumes",
    (log) => {
      ticker(log, Promise, 5);
      const inner = Promise.resolve("v");
      (async () => log("got " + (await (async () => inner)())))();
    },
    (log) => {
      ticker(log, LoopPromise, 5);
      const inner = LoopPromise.resolve("v");
      spawn(function* () {
        log(
          "got " +
            (yield spawn(function* () {
              return inner;
            })),
        );
      });
    },
    ["t1", "t2", "t3", "got v", "t4", "t5"],
  );

  same(
    "returning a plain value: the awaiter resumes one job later",
    (log) => {
      ticker(log, Promise, 3);
      (async () => log("got " + (await (async () => "v")())))();
    },
    (log) => {
      ticker(log, LoopPromise, 3);
      spawn(function* () {
        log(
          "got " +
            (yield spawn(function* () {
              return "v";
            })),
        );
      });
    },
    ["t1", "got v", "t2", "t3"],
  );

  same(
    "returning a thenable that resolves at once: two jobs",
    (log) => {
      ticker(log, Promise, 4);
      (async () => log("got " + (await (async () => ({ then: (r: any) => r("v") }) as any)())))();
    },
    (log) => {
      ticker(log, LoopPromise, 4);
      spawn(function* () {
        log(
          "got " +
            (yield spawn(function* () {
              return { then: (r: any) => r("v") };
            })),
        );
      });
    },
    ["t1", "t2", "got v", "t3", "t4"],
  );

  same(
    "a hand-written protocol coroutine returning a runtime task adopts it in three jobs",
    (log) => {
      ticker(log, Promise, 5);
      const inner = (async () => "v")();
      (async () => log("got " + (await (async () => inner)())))();
    },
    (log) => {
      ticker(log, LoopPromise, 5);
      const inner = spawn(function* () {
        return "v";
      });
      const outer = startCoroutine(function (co) {
        co.s = -1;
        return inner;
      });
      startCoroutine(function (co, v) {
        for (;;)
          switch (co.s) {
            case 0:
              co.s = 1;
              return outer;
            case 1:
              log("got " + v);
              co.s = -1;
              return;
          }
      });
    },
    ["t1", "t2", "t3", "got v", "t4", "t5"],
  );
});

describe("interleavings of concurrent async functions", () => {
  same(
    "two functions awaiting null in turn",
    (log) => {
      const f = async (name: string) => {
        for (let i = 0; i < 3; i++) {
          log(name + i);
          await null;
        }
        log(name + " end");
      };
      f("a");
      f("b");
      log("sync end");
    },
    (log) => {
      const f = asyncFn(function* (name: string) {
        for (let i = 0; i < 3; i++) {
          log(name + i);
          yield null;
        }
        log(name + " end");
      });
      f("a");
      f("b");
      log("sync end");
    },
  );

  same(
    "awaiting nested async calls three levels deep, with a third function ticking",
    (log) => {
      const leaf = async (x: number) => {
        await null;
        log("leaf " + x);
        return x * 2;
      };
      const mid = async (x: number) => {
        const a = await leaf(x);
        const b = await leaf(a);
        log("mid " + b);
        return b + 1;
      };
      const top = async () => {
        log("top " + (await mid(1)));
      };
      top();
      (async () => {
        for (let i = 0; i < 8; i++) {
          await undefined;
          log("tick " + i);
        }
      })();
    },
    (log) => {
      const leaf = asyncFn(function* (x: number) {
        yield null;
        log("leaf " + x);
        return x * 2;
      });
      const mid = asyncFn(function* (x: number) {
        const a: number = yield leaf(x);
        const b: number = yield leaf(a);
        log("mid " + b);
        return b + 1;
      });
      spawn(function* () {
        log("top " + (yield mid(1)));
      });
      spawn(function* () {
        for (let i = 0; i < 8; i++) {
          yield undefined;
          log("tick " + i);
        }
      });
    },
  );

  same(
    "return promise vs return await promise vs return value",
    (log) => {
      const p = Promise.resolve("p");
      const a = async () => p;
      const b = async () => await p;
      const c = async () => "c";
      (async () => log("a " + (await a())))();
      (async () => log("b " + (await b())))();
      (async () => log("c " + (await c())))();
      ticker(log, Promise, 5);
    },
    (log) => {
      const p = LoopPromise.resolve("p");
      const a = asyncFn(function* () {
        return p;
      });
      const b = asyncFn(function* () {
        return yield p;
      });
      const c = asyncFn(function* () {
        return "c";
      });
      spawn(function* () {
        log("a " + (yield a()));
      });
      spawn(function* () {
        log("b " + (yield b()));
      });
      spawn(function* () {
        log("c " + (yield c()));
      });
      ticker(log, LoopPromise, 5);
    },
  );

  same(
    "returning another async function's pending result",
    (log) => {
      const inner = async () => {
        await null;
        await null;
        log("inner done");
        return 1;
      };
      const outer = async () => inner();
      (async () => log("outer " + (await outer())))();
      ticker(log, Promise, 8);
    },
    (log) => {
      const inner = asyncFn(function* () {
        yield null;
        yield null;
        log("inner done");
        return 1;
      });
      const outer = asyncFn(function* () {
        return inner();
      });
      spawn(function* () {
        log("outer " + (yield outer()));
      });
      ticker(log, LoopPromise, 8);
    },
  );

  same(
    "awaiting a pending promise that another function resolves",
    (log) => {
      let resolve!: (v: string) => void;
      const gate = new Promise<string>((r) => (resolve = r));
      (async () => log("w1 " + (await gate)))();
      (async () => log("w2 " + (await gate)))();
      (async () => {
        await null;
        log("opening");
        resolve("open");
        log("opened");
        await null;
        log("after open");
      })();
      ticker(log, Promise, 4);
    },
    (log) => {
      let resolve!: (v: string) => void;
      const gate = new LoopPromise<string>((r) => (resolve = r));
      spawn(function* () {
        log("w1 " + (yield gate));
      });
      spawn(function* () {
        log("w2 " + (yield gate));
      });
      spawn(function* () {
        yield null;
        log("opening");
        resolve("open");
        log("opened");
        yield null;
        log("after open");
      });
      ticker(log, LoopPromise, 4);
    },
  );

  same(
    "rejections: await a rejected promise, a throwing async function, try/catch/finally",
    (log) => {
      const boom = async () => {
        await null;
        throw new Error("boom");
      };
      const syncBoom = async () => {
        throw new Error("sync boom");
      };
      (async () => {
        try {
          await boom();
        } catch (e) {
          log("caught " + (e as Error).message);
        } finally {
          log("finally 1");
        }
        try {
          await syncBoom();
        } catch (e) {
          log("caught " + (e as Error).message);
        }
        try {
          await Promise.reject(new Error("rejected"));
        } catch (e) {
          log("caught " + (e as Error).message);
        }
      })();
      ticker(log, Promise, 8);
    },
    (log) => {
      const boom = asyncFn(function* () {
        yield null;
        throw new Error("boom");
      });
      const syncBoom = asyncFn(function* (): Generator<unknown, void> {
        throw new Error("sync boom");
      });
      spawn(function* () {
        try {
          yield boom();
        } catch (e) {
          log("caught " + (e as Error).message);
        } finally {
          log("finally 1");
        }
        try {
          yield syncBoom();
        } catch (e) {
          log("caught " + (e as Error).message);
        }
        try {
          yield LoopPromise.reject(new Error("rejected"));
        } catch (e) {
          log("caught " + (e as Error).message);
        }
      });
      ticker(log, LoopPromise, 8);
    },
  );

  same(
    "then() on async function results and Promise.resolve of them",
    (log) => {
      const f = async (x: string) => {
        await null;
        return x;
      };
      f("a").then((v) => log("then " + v));
      Promise.resolve(f("b")).then((v) => log("resolve " + v));
      (async () => log("await " + (await f("c"))))();
      const d = f("d");
      log("identity " + (Promise.resolve(d) === d));
      ticker(log, Promise, 5);
    },
    (log) => {
      const f = asyncFn(function* (x: string) {
        yield null;
        return x;
      });
      f("a").then((v) => log("then " + v));
      LoopPromise.resolve(f("b")).then((v) => log("resolve " + v));
      spawn(function* () {
        log("await " + (yield f("c")));
      });
      // a task is the promise of its call: Promise.resolve gives it back as is
      const d = f("d");
      log("identity " + ((LoopPromise.resolve(d) as unknown) === d));
      ticker(log, LoopPromise, 5);
    },
  );

  same(
    "Promise.all, race, allSettled and any over async function results",
    (log) => {
      const f = async (x: number, fail?: boolean) => {
        for (let i = 0; i < x; i++) await null;
        if (fail) throw new Error("e" + x);
        return x;
      };
      Promise.all([f(2), f(1), 5]).then((v) => log("all " + v.join()));
      Promise.race([f(3), f(2)]).then((v) => log("race " + v));
      Promise.allSettled([f(1), f(2, true)]).then((v) => log("settled " + v.map((r) => r.status).join()));
      Promise.any([f(1, true), f(2)]).then((v) => log("any " + v));
      Promise.all([f(1), f(1, true)]).catch((e) => log("all failed " + e.message));
      ticker(log, Promise, 8);
    },
    (log) => {
      const f = asyncFn(function* (x: number, fail?: boolean) {
        for (let i = 0; i < x; i++) yield null;
        if (fail) throw new Error("e" + x);
        return x;
      });
      LoopPromise.all([f(2), f(1), 5]).then((v) => log("all " + v.join()));
      LoopPromise.race([f(3), f(2)]).then((v) => log("race " + v));
      LoopPromise.allSettled([f(1), f(2, true)]).then((v) => log("settled " + v.map((r: any) => r.status).join()));
      LoopPromise.any([f(1, true), f(2)]).then((v) => log("any " + v));
      LoopPromise.all([f(1), f(1, true)]).catch((e: Error) => log("all failed " + e.message));
      ticker(log, LoopPromise, 8);
    },
  );

  same(
    "an async function that finished synchronously, awaited later by two others",
    (log) => {
      const quick = (async () => {
        log("quick body");
        return "q";
      })();
      (async () => {
        await null;
        log("late 1 " + (await quick));
      })();
      (async () => log("late 2 " + (await quick)))();
      ticker(log, Promise, 4);
    },
    (log) => {
      const quick = spawn(function* () {
        log("quick body");
        return "q";
      });
      spawn(function* () {
        yield null;
        log("late 1 " + (yield quick));
      });
      spawn(function* () {
        log("late 2 " + (yield quick));
      });
      ticker(log, LoopPromise, 4);
    },
  );

  same(
    "thenables: asynchronous, calling both callbacks, throwing after resolving, throwing",
    (log) => {
      const later = {
        then(r: (v: string) => void) {
          Promise.resolve().then(() => r("later"));
        },
      };
      const both = {
        then(r: (v: string) => void, j: (e: string) => void) {
          r("first");
          j("second");
          r("third");
        },
      };
      const throwsAfter = {
        then(r: (v: string) => void) {
          r("kept");
          throw new Error("ignored");
        },
      };
      const throws = {
        then() {
          throw new Error("then threw");
        },
      };
      (async () => log("later " + (await later)))();
      (async () => log("both " + (await both)))();
      (async () => log("throwsAfter " + (await throwsAfter)))();
      (async () => {
        try {
          await (throws as any);
        } catch (e) {
          log("caught " + (e as Error).message);
        }
      })();
      ticker(log, Promise, 5);
    },
    (log) => {
      const later = {
        then(r: (v: string) => void) {
          LoopPromise.resolve().then(() => r("later"));
        },
      };
      const both = {
        then(r: (v: string) => void, j: (e: string) => void) {
          r("first");
          j("second");
          r("third");
        },
      };
      const throwsAfter = {
        then(r: (v: string) => void) {
          r("kept");
          throw new Error("ignored");
        },
      };
      const throws = {
        then() {
          throw new Error("then threw");
        },
      };
      spawn(function* () {
        log("later " + (yield later));
      });
      spawn(function* () {
        log("both " + (yield both));
      });
      spawn(function* () {
        log("throwsAfter " + (yield throwsAfter));
      });
      spawn(function* () {
        try {
          yield throws;
        } catch (e) {
          log("caught " + (e as Error).message);
        }
      });
      ticker(log, LoopPromise, 5);
    },
  );

  same(
    "a getter for then is read once, synchronously at the await",
    (log) => {
      const obj = {
        get then() {
          log("get then");
          return (r: (v: number) => void) => r(1);
        },
      };
      (async () => {
        log("before");
        log("got " + (await (obj as any)));
      })();
      log("after call");
    },
    (log) => {
      const obj = {
        get then() {
          log("get then");
          return (r: (v: number) => void) => r(1);
        },
      };
      spawn(function* () {
        log("before");
        log("got " + (yield obj));
      });
      log("after call");
    },
  );

  same(
    "callbacks (setImmediate / callSoon) run only after every job has drained",
    (log) => {
      setImmediate(() => {
        log("macro 1");
        Promise.resolve().then(() => log("micro in macro 1"));
        setImmediate(() => log("macro 3"));
      });
      setImmediate(() => log("macro 2"));
      (async () => {
        for (let i = 0; i < 3; i++) {
          await null;
          log("job " + i);
        }
      })();
    },
    (log, loop) => {
      loop.callSoon(() => {
        log("macro 1");
        LoopPromise.resolve().then(() => log("micro in macro 1"));
        loop.callSoon(() => log("macro 3"));
      });
      loop.callSoon(() => log("macro 2"));
      spawn(function* () {
        for (let i = 0; i < 3; i++) {
          yield null;
          log("job " + i);
        }
      });
    },
  );

  same(
    "an async function started from a callback, awaiting work resolved by a later callback",
    (log) => {
      let resolve!: (v: string) => void;
      const p = new Promise<string>((r) => (resolve = r));
      setImmediate(() => {
        (async () => {
          log("start");
          log("got " + (await p));
          await null;
          log("end");
        })();
        setImmediate(() => {
          resolve("v");
          log("resolved");
        });
      });
    },
    (log, loop) => {
      let resolve!: (v: string) => void;
      const p = new LoopPromise<string>((r) => (resolve = r));
      loop.callSoon(() => {
        spawn(function* () {
          log("start");
          log("got " + (yield p));
          yield null;
          log("end");
        });
        loop.callSoon(() => {
          resolve("v");
          log("resolved");
        });
      });
    },
  );

  same(
    "await inside loops with try/finally and early return",
    (log) => {
      const f = async (n: number) => {
        for (let i = 0; i < n; i++) {
          try {
            if (i === 2) return "early " + i;
            await i;
            log("f" + n + " body " + i);
          } finally {
            log("f" + n + " finally " + i);
            await null;
          }
        }
        return "end";
      };
      (async () => log("r1 " + (await f(4))))();
      (async () => log("r2 " + (await f(1))))();
    },
    (log) => {
      const f = asyncFn(function* (n: number) {
        for (let i = 0; i < n; i++) {
          try {
            if (i === 2) return "early " + i;
            yield i;
            log("f" + n + " body " + i);
          } finally {
            log("f" + n + " finally " + i);
            yield null;
          }
        }
        return "end";
      });
      spawn(function* () {
        log("r1 " + (yield f(4)));
      });
      spawn(function* () {
        log("r2 " + (yield f(1)));
      });
    },
  );
});

describe("LoopPromise chains against native Promise", () => {
  samePromises("then chains of two promises interleave job by job", (log, P) => {
    P.resolve()
      .then(() => log("a1"))
      .then(() => log("a2"))
      .then(() => log("a3"));
    P.resolve()
      .then(() => log("b1"))
      .then(() => log("b2"))
      .then(() => log("b3"));
  });

  samePromises("a then callback returning a promise costs two more jobs", (log, P) => {
    P.resolve()
      .then(() => P.resolve("x"))
      .then((v: string) => log("adopted " + v));
    ticker(log, P, 4);
  });

  samePromises("a then callback returning a thenable costs one more job", (log, P) => {
    P.resolve()
      .then(() => ({ then: (r: any) => r("x") }))
      .then((v: string) => log("adopted " + v));
    ticker(log, P, 4);
  });

  samePromises("new Promise(r => r(promise)) adopts in two jobs", (log, P) => {
    new P((r: any) => r(P.resolve("inner"))).then((v: string) => log("outer " + v));
    ticker(log, P, 4);
  });

  samePromises("finally, catch and rejections passing through", (log, P) => {
    P.reject(new Error("e"))
      .then(() => log("not called"))
      .finally(() => log("finally 1"))
      .catch((e: Error) => log("caught " + e.message))
      .finally(() => P.resolve().then(() => log("inner")))
      .then((v: unknown) => log("after " + v));
    P.resolve(1)
      .finally(() => log("finally 2"))
      .then((v: number) => log("kept " + v));
    ticker(log, P, 10);
  });

  samePromises("combinators on settled, pending and plain values", (log, P) => {
    let resolve!: (v: string) => void;
    const pending = new P((r: any) => (resolve = r));
    P.all([1, P.resolve(2), pending]).then((v: unknown[]) => log("all " + v.join()));
    P.race([pending, P.resolve("fast")]).then((v: string) => log("race " + v));
    P.allSettled([P.reject(new Error("no")), 3]).then((v: any[]) =>
      log("allSettled " + v.map((r) => r.status + ":" + (r.value !== undefined ? r.value : r.reason.message)).join()),
    );
    P.any([P.reject(new Error("x")), pending]).then((v: string) => log("any " + v));
    P.any([P.reject(new Error("x"))]).catch((e: any) => log("any failed " + e.errors.length));
    P.all([]).then((v: unknown[]) => log("all empty " + v.length));
    P.resolve().then(() => resolve("late"));
    ticker(log, P, 8);
  });

  samePromises("resolving a promise with itself rejects with TypeError", (log, P) => {
    let resolve!: (v: unknown) => void;
    const p = new P((r: any) => (resolve = r));
    resolve(p);
    p.catch((e: Error) => log("rejected " + (e instanceof TypeError)));
  });
});

/**
 * Random programs: a seeded generator writes small programs of async
 * functions (awaits of values, promises, thenables, calls, gates opened by
 * other functions, then-chains, returns of promises, throws caught by
 * callers) in two dialects: native `async`/`await` and spawn/`yield` with
 * LoopPromise. Both run; the logs must match line for line.
 */
describe("random programs: native and runtime logs match", () => {
  for (let seed = 1; seed <= 400; seed++) {
    it("program " + seed, async () => {
      const prog = randomProgram(seed);
      const want = await runNative((log) => new Function("log", "P", prog.native)(log, Promise));
      const got = runColoop((log) => new Function("log", "P", "spawn", prog.coloop)(log, LoopPromise, spawn));
      expect(want.length).toBeGreaterThan(0);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        // the program is the useful part of a failure
        expect({ got, program: prog.native }).toEqual({ got: want, program: prog.native });
      }
    });
  }
});

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Source in a neutral form: `@await` and `@fn name() { … @end` become either dialect. */
function randomProgram(seed: number): { native: string; coloop: string } {
  const rnd = mulberry32(seed);
  const pick = (n: number) => Math.floor(rnd() * n);
  const nFns = 2 + pick(4);
  const nGates = pick(3);
  const lines: string[] = [];
  for (let g = 0; g < nGates; g++) lines.push(`let open${g}; const gate${g} = new P((r) => { open${g} = r; });`);
  const awaitable = (k: number): string => {
    switch (pick(8)) {
      case 0:
        return "null";
      case 1:
        return String(k);
      case 2:
        return `P.resolve(${k})`;
      case 3:
        return `{ then(r) { r(${k}); } }`;
      case 4:
        return `P.resolve().then(() => ${k})`;
      case 5:
        return nGates > 0 ? `gate${pick(nGates)}` : "undefined";
      case 6:
        return pick(2) === 0 ? `new P((r) => r(P.resolve(${k})))` : `{ then(r, j) { j(new Error("j${k}")); } }`;
      default:
        return `P.reject(new Error("r${k}")).catch((e) => e.message)`;
    }
  };
  for (let f = 0; f < nFns; f++) {
    lines.push(`@fn f${f}(x) {`);
    lines.push(`  log("f${f} start " + x);`);
    const nOps = 1 + pick(4);
    for (let i = 0; i < nOps; i++) {
      const tag = `"f${f}." + x + ".${i}"`;
      const callee = f + 1 + pick(nFns - f);
      const canCall = callee < nFns;
      switch (pick(7)) {
        case 0:
        case 1:
          lines.push(`  log(${tag} + " got " + (@await ${awaitable(i)}));`);
          break;
        case 2:
          if (canCall && pick(3) === 0) {
            const combinator = ["all", "race", "allSettled"][pick(3)];
            lines.push(`  log(${tag} + " ${combinator} " + (@await P.${combinator}([f${callee}(x + 3), P.resolve(1), 2]).then(`);
            lines.push(`    (v) => JSON.stringify(v), (e) => "failed " + e.message)));`);
          } else if (canCall) {
            lines.push(`  try { log(${tag} + " call " + (@await f${callee}(x * 10 + ${i}))); }`);
            lines.push(`  catch (e) { log(${tag} + " caught " + e.message); }`);
          } else lines.push(`  @await null;`);
          break;
        case 3:
          lines.push(`  P.resolve(${tag}).then((v) => log(v + " then")).then(() => log(${tag} + " then2"));`);
          break;
        case 4:
          if (canCall) lines.push(`  f${callee}(x + 1).then((v) => log(${tag} + " side " + v), (e) => log(${tag} + " side failed"));`);
          else lines.push(`  log(${tag});`);
          break;
        case 5:
          if (nGates > 0) lines.push(`  open${pick(nGates)}(${tag});`);
          lines.push(`  @await undefined;`);
          break;
        default:
          lines.push(`  try { @await ${awaitable(i)}; if (x % 3 === ${i % 3}) throw new Error("t" + x); log(${tag} + " no throw"); }`);
          lines.push(`  catch (e) { log(${tag} + " catch " + e.message); } finally { log(${tag} + " finally"); }`);
      }
    }
    const callee = f + 1 + pick(nFns - f);
    switch (pick(6)) {
      case 5:
        lines.push(pick(2) === 0 ? `  return P.reject(new Error("rej${f}"));` : `  return { then(r, j) { j(new Error("thj${f}")); } };`);
        break;
      case 0:
        lines.push(`  return "v${f}";`);
        break;
      case 1:
        lines.push(`  return P.resolve("p${f}");`);
        break;
      case 2:
        lines.push(callee < nFns ? `  return f${callee}(x + 2);` : `  return { then(r) { r("th${f}"); } };`);
        break;
      case 3:
        lines.push(`  if (x % 2 === 1) throw new Error("e${f}." + x); return x;`);
        break;
      default:
        lines.push(`  return @await P.resolve(x);`);
    }
    lines.push("@end");
  }
  const starts = 1 + pick(3);
  for (let i = 0; i < starts; i++) {
    const f = pick(nFns);
    lines.push(`f${f}(${i}).then((v) => log("main ${i} " + v), (e) => log("main ${i} failed " + e.message));`);
  }
  for (let g = 0; g < nGates; g++) lines.push(`P.resolve().then(() => P.resolve()).then(() => open${g}("late${g}"));`);
  lines.push(`log("main end");`);
  const src = lines.join("\n");
  const native = src
    .replace(/@fn (\w+)\((\w*)\) \{/g, "async function $1($2) {")
    .replace(/@end/g, "}")
    .replace(/@await /g, "await ");
  const coloop = src
    .replace(/@fn (\w+)\((\w*)\) \{/g, "function $1($2) { return spawn(function* () {")
    .replace(/@end/g, "}); }")
    .replace(/@await /g, "yield ");
  return { native, coloop };
}
