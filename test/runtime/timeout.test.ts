import { describe, expect, it } from "vitest";
import {
  CancelledError,
  InvalidStateError,
  Timeout,
  TimeoutError,
  sleep,
  timeout,
  timeoutAt,
  waitFor,
  type Task,
  type EventLoop,
} from "../../packages/runtime/src/index";
import { spawn, virtualLoop } from "./helpers";

/** Runs a generator as a task to completion; returns [outcome, loop time]. */
function outcome(fn: (loop: EventLoop) => Generator<unknown, unknown, any>): [unknown, number] {
  const loop = virtualLoop();
  loop.setExceptionHandler(() => {}); // the outcome is read after the run
  const t = loop.createTask(() => spawn(() => fn(loop)));
  loop.runUntilIdle();
  let r: unknown;
  if (t.cancelled()) r = "cancelled";
  else if (t.exception() !== null) r = t.exception();
  else r = t.result();
  return [r, loop.time()];
}

function errorName(e: unknown): string {
  return e instanceof Error ? e.name + (e.message ? ": " + e.message : "") : String(e);
}

describe("waitFor", () => {
  it("returns the result when it comes in time", () => {
    expect(outcome(() => (function* () {
      return yield waitFor(sleep(30, "v"), 50);
    })())).toEqual(["v", 30]);
  });

  it("at the deadline cancels the work (its finally runs) and raises TimeoutError", () => {
    const log: string[] = [];
    const [r, time] = outcome(function* (loop) {
      const work = spawn(function* () {
        try {
          yield sleep(100);
        } finally {
          log.push("work finally at " + loop.time());
        }
      });
      try {
        yield waitFor(work, 40);
      } catch (e) {
        log.push("caught " + errorName(e) + " at " + loop.time());
        log.push("cause " + errorName((e as any).cause));
        log.push("work cancelled " + work.cancelled());
      }
      return "after";
    });
    expect(log).toEqual(["work finally at 40", "caught TimeoutError: timed out at 40", "cause CancelledError", "work cancelled true"]);
    expect([r, time]).toEqual(["after", 40]);
  });

  it("cancels a plain future it times out on", () => {
    let f!: import("../../packages/runtime/src/index").Future<unknown>;
    const [r, time] = outcome(function* (loop) {
      f = loop.createFuture();
      yield waitFor(f, 5);
    });
    expect(r).toBeInstanceOf(TimeoutError);
    expect(time).toBe(5);
    expect(f.cancelled()).toBe(true);
  });

  it("without a limit (null) just waits", () => {
    expect(outcome(() => (function* () {
      return yield waitFor(sleep(1000, "late"), null);
    })())).toEqual(["late", 1000]);
  });

  it("external cancellation stays a CancelledError", () => {
    const loop = virtualLoop();
    let caught: unknown = null;
    let work!: Task<unknown>;
    const t = loop.createTask(() =>
      spawn(function* () {
        work = spawn(function* () {
          yield sleep(100);
        });
        try {
          yield waitFor(work, 50);
        } catch (e) {
          caught = e;
          throw e;
        }
      }),
    );
    loop.callLater(20, () => t.cancel());
    loop.runUntilIdle();
    expect(caught).toBeInstanceOf(CancelledError);
    expect(caught).not.toBeInstanceOf(TimeoutError);
    expect(t.cancelled()).toBe(true);
    expect(work.cancelled()).toBe(true);
    expect(loop.time()).toBe(20);
  });

  it("a work that is done already wins over a deadline already past", () => {
    expect(outcome(() => (function* () {
      return yield waitFor(5, 0);
    })())).toEqual([5, 0]);
    const [r] = outcome(() => (function* () {
      return yield waitFor(sleep(1), 0);
    })());
    expect(r).toBeInstanceOf(TimeoutError);
  });
});

describe("timeout(ms, fn)", () => {
  it("gives fn the scope: when(), expired()", () => {
    let scope!: Timeout;
    const [r, time] = outcome(function* () {
      const v = yield timeout(25, function (s) {
        scope = s;
        return sleep(10, "in time");
      });
      return [v, scope.when(), scope.expired()];
    });
    expect([r, time]).toEqual([["in time", 25, false], 10]);
  });

  it("expires: the work is cancelled and TimeoutError raised at the deadline", () => {
    let scope!: Timeout;
    const [r, time] = outcome(function* () {
      try {
        yield timeout(25, (s) => {
          scope = s;
          return sleep(100);
        });
      } catch (e) {
        return errorName(e);
      }
    });
    expect([r, time]).toEqual(["TimeoutError: timed out", 25]);
    expect(scope.expired()).toBe(true);
    expect(() => scope.reschedule(100)).toThrow(InvalidStateError);
  });

  it("reschedule moves the deadline, null removes it", () => {
    const [r1, t1] = outcome(function* (loop) {
      try {
        return yield timeout(10, (s) =>
          spawn(function* () {
            yield sleep(5);
            s.reschedule(loop.time() + 20); // now 25
            yield sleep(30);
          }),
        );
      } catch (e) {
        return errorName(e);
      }
    });
    expect([r1, t1]).toEqual(["TimeoutError: timed out", 25]);
    const [r2, t2] = outcome(function* () {
      return yield timeout(10, (s) => {
        s.reschedule(null);
        return sleep(50, "no deadline");
      });
    });
    expect([r2, t2]).toEqual(["no deadline", 50]);
  });

  it("a work that swallows the cancellation and returns keeps its result", () => {
    let scope!: Timeout;
    const [r, time] = outcome(function* () {
      return yield timeout(10, (s) => {
        scope = s;
        return spawn(function* () {
          try {
            yield sleep(100);
          } catch (e) {
            yield sleep(5);
            return "swallowed";
          }
        });
      });
    });
    expect([r, time]).toEqual(["swallowed", 15]);
    expect(scope.expired()).toBe(true);
  });

  it("cancelled from outside after the deadline fired: CancelledError wins (asyncio)", () => {
    const loop = virtualLoop();
    const t = loop.createTask(() =>
      timeout(10, () =>
        spawn(function* () {
          try {
            yield sleep(100);
          } catch (e) {
            yield sleep(5); // slow clean-up, interrupted by the outer cancel
            throw e;
          }
        }),
      ),
    );
    loop.callLater(12, () => t.cancel());
    loop.runUntilIdle();
    expect(t.cancelled()).toBe(true);
    expect(loop.time()).toBe(12);
  });

  it("nested: the inner deadline raises in the inner block only; the outer one in the outer", () => {
    const [r, time] = outcome(function* (loop) {
      const log: string[] = [];
      try {
        yield timeout(5, () => sleep(50));
      } catch (e) {
        log.push("inner " + errorName(e) + " at " + loop.time());
      }
      try {
        yield timeout(10, () => timeout(100, () => sleep(50)));
      } catch (e) {
        log.push("outer " + errorName(e) + " at " + loop.time());
      }
      return log;
    });
    expect(r).toEqual(["inner TimeoutError: timed out at 5", "outer TimeoutError: timed out at 15"]);
    expect(time).toBe(15);
  });

  it("timeoutAt takes an absolute deadline; a synchronous throw from fn fails the task", () => {
    const [r, time] = outcome(function* () {
      try {
        yield timeoutAt(7, () => sleep(20));
      } catch (e) {
        return errorName(e);
      }
    });
    expect([r, time]).toEqual(["TimeoutError: timed out", 7]);
    const [r2] = outcome(function* () {
      try {
        yield timeout(7, () => {
          throw new RangeError("sync");
        });
      } catch (e) {
        return errorName(e);
      }
    });
    expect(r2).toBe("RangeError: sync");
    expect(() => timeout(1, null as any)).toThrow(TypeError);
  });
});
