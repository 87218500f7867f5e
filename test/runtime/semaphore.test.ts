/**
 * Semaphore and BoundedSemaphore: asyncio 3.12's test_locks.SemaphoreTests
 * (fairness and the cancellation races) and BoundedSemaphore's bound.
 */
import { describe, expect, it } from "vitest";
import {
  BoundedSemaphore,
  CancelledError,
  InvalidStateError,
  Semaphore,
  TaskGroup,
  gather,
  sleep,
  waitFor,
} from "../../packages/runtime/src/index";
import { spawn } from "./helpers";
import { outcome, setup, tick } from "./sync-helpers";

describe("Semaphore", () => {
  it("defaults to 1 and rejects a negative value", () => {
    const sem = new Semaphore();
    expect(sem._value).toBe(1);
    expect(sem.locked()).toBe(false);
    expect(new Semaphore(0).locked()).toBe(true);
    expect(() => new Semaphore(-1)).toThrow(RangeError);
  });

  it("hands out units, then queues FIFO; release() gives each unit to the first waiter (asyncio test_acquire)", () => {
    const { main } = setup();
    const sem = new Semaphore(3);
    const result: number[] = [];
    const c = (n: number) =>
      spawn(function* () {
        yield sem.acquire();
        result.push(n);
        return true;
      });
    main(function* () {
      expect(yield sem.acquire()).toBe(true);
      expect(yield sem.acquire()).toBe(true);
      expect(sem.locked()).toBe(false);
      const t1 = c(1);
      const t2 = c(2);
      const t3 = c(3);
      yield tick();
      expect(result).toEqual([1]);
      expect(sem.locked()).toBe(true);
      expect(sem._waiters.length).toBe(2);
      expect(sem._value).toBe(0);
      const t4 = c(4);
      sem.release();
      sem.release();
      expect(sem._value).toBe(0); // both units handed to the woken waiters already
      yield tick();
      expect(sem._value).toBe(0);
      expect(result).toEqual([1, 2, 3]);
      expect(sem.locked()).toBe(true);
      expect(sem._waiters.length).toBe(1);
      expect([t1, t2, t3, t4].map(outcome)).toEqual(["ok:true", "ok:true", "ok:true", "pending"]);
      sem.release();
      yield t4;
      expect(result).toEqual([1, 2, 3, 4]);
    });
  });

  it("limits concurrency at exact virtual times", () => {
    const { loop, main } = setup();
    const sem = new Semaphore(2);
    const log: string[] = [];
    const job = (name: string, ms: number) =>
      spawn(function* () {
        yield sem.acquire();
        try {
          log.push(name + "@" + loop.time());
          yield sleep(ms);
        } finally {
          sem.release();
        }
      });
    main(function* () {
      yield gather(job("a", 10), job("b", 30), job("c", 10), job("d", 10), job("e", 5));
    });
    expect(log).toEqual(["a@0", "b@0", "c@10", "d@20", "e@30"]);
    expect(loop.time()).toBe(35);
    expect(sem._value).toBe(2);
  });

  it("a waiter cancelled while waiting does not consume a unit (asyncio test_acquire_cancel)", () => {
    const { loop, main } = setup();
    const sem = new Semaphore();
    main(function* () {
      yield sem.acquire();
      const acquire = sem.acquire();
      loop.callSoon(() => acquire.cancel());
      try {
        yield acquire;
        throw new Error("not cancelled");
      } catch (e) {
        expect(e).toBeInstanceOf(CancelledError);
      }
      expect(sem._waiters.length).toBe(0);
      expect(sem._value).toBe(0);
      sem.release();
      expect(sem._value).toBe(1);
    });
  });

  it("cancelled waiters before the wake-up do not strand the unit (asyncio test_acquire_cancel_before_awoken)", () => {
    const { main } = setup();
    const sem = new Semaphore(0);
    main(function* () {
      const t1 = sem.acquire();
      const t2 = sem.acquire();
      const t3 = sem.acquire();
      const t4 = sem.acquire();
      yield tick();
      t1.cancel();
      t2.cancel();
      sem.release();
      yield tick();
      yield tick();
      expect([t1, t2, t3, t4].map(outcome)).toEqual(["cancelled", "cancelled", "ok:true", "pending"]);
      t4.cancel();
      yield tick();
      expect(sem._value).toBe(0);
      expect(sem._waiters.length).toBe(0);
    });
  });

  it("a waiter woken and cancelled before it resumes gives its unit to the next (asyncio test_acquire_hang)", () => {
    const { main } = setup();
    const sem = new Semaphore(0);
    main(function* () {
      const t1 = sem.acquire();
      const t2 = sem.acquire();
      yield tick();
      sem.release(); // hands the unit to t1
      t1.cancel(); // t1 never resumes with it
      yield tick();
      yield tick();
      expect(outcome(t1)).toBe("cancelled");
      expect(outcome(t2)).toBe("ok:true");
      expect(sem.locked()).toBe(true);
      expect(sem._value).toBe(0);
    });
  });

  it("woken-then-cancelled with nobody behind: the unit comes back", () => {
    const { main } = setup();
    const sem = new Semaphore(0);
    main(function* () {
      const t1 = sem.acquire();
      sem.release();
      expect(sem._value).toBe(0);
      t1.cancel();
      yield tick();
      expect(t1.cancelled()).toBe(true);
      expect(sem._value).toBe(1);
      expect(sem.locked()).toBe(false);
    });
  });

  it("no hang when a holder cancels a waiter it just woke (asyncio test_acquire_no_hang)", () => {
    const { main } = setup();
    const sem = new Semaphore(1);
    main(function* () {
      let t2: any = null;
      const t1 = spawn(function* () {
        yield sem.acquire();
        try {
          yield tick();
        } finally {
          sem.release();
        }
        t2.cancel();
      });
      t2 = spawn(function* () {
        yield sem.acquire();
        try {
          throw new Error("t2 must not get the semaphore");
        } finally {
          sem.release();
        }
      });
      const [r1, r2] = (yield gather([t1, t2], { returnExceptions: true })) as unknown[];
      expect(r1).toBe(undefined);
      expect(r2).toBeInstanceOf(CancelledError);
      expect(yield waitFor(sem.acquire(), 1000)).toBe(true);
    });
  });

  it("keeps FIFO order across re-acquires (asyncio test_acquire_fifo_order)", () => {
    const { main } = setup();
    const sem = new Semaphore(1);
    const result: string[] = [];
    const coro = (tag: string) =>
      spawn(function* () {
        yield sem.acquire();
        result.push(tag + "_1");
        yield sleep(10);
        sem.release();
        yield sem.acquire();
        result.push(tag + "_2");
        yield sleep(10);
        sem.release();
      });
    main(function* () {
      yield TaskGroup.run((tg) => {
        tg.createTask(() => coro("c1"));
        tg.createTask(() => coro("c2"));
        tg.createTask(() => coro("c3"));
      });
    });
    expect(result).toEqual(["c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"]);
  });

  it("a releasing waiter re-queues behind the others (asyncio test_acquire_fifo_order_2)", () => {
    const { main } = setup();
    const sem = new Semaphore(1);
    const result: number[] = [];
    main(function* () {
      const t1 = spawn(function* () {
        yield sem.acquire();
        result.push(1);
        return true;
      });
      const t2 = spawn(function* () {
        yield sem.acquire();
        result.push(2);
        sem.release();
        yield sem.acquire();
        result.push(4);
        return true;
      });
      const t3 = spawn(function* () {
        yield sem.acquire();
        result.push(3);
        return true;
      });
      yield tick();
      sem.release();
      sem.release();
      yield gather(t1, t2, t3);
    });
    expect(result).toEqual([1, 2, 3, 4]);
  });

  it("a cancelled first waiter does not break the order (asyncio test_acquire_fifo_order_3)", () => {
    const { main } = setup();
    const sem = new Semaphore(0);
    const result: number[] = [];
    const c = (n: number) =>
      spawn(function* () {
        yield sem.acquire();
        result.push(n);
        return true;
      });
    main(function* () {
      const t1 = c(1);
      const t2 = c(2);
      const t3 = c(3);
      yield tick();
      t1.cancel();
      yield tick();
      sem.release();
      sem.release();
      yield gather([t1, t2, t3], { returnExceptions: true });
    });
    expect(result).toEqual([2, 3]);
  });

  it("a newcomer waits behind queued waiters even when a unit is free", () => {
    const { main } = setup();
    const sem = new Semaphore(0);
    const order: string[] = [];
    main(function* () {
      const a = spawn(function* () {
        yield sem.acquire();
        order.push("a");
      });
      sem.release(); // handed to a, which has not resumed
      sem.release(); // free unit, but...
      expect(sem._value).toBe(1);
      const b = spawn(function* () {
        yield sem.acquire();
        order.push("b");
      });
      expect(b.done()).toBe(false); // ...b still queues (a went first)
      yield gather(a, b);
    });
    expect(order).toEqual(["a", "b"]);
  });
});

describe("BoundedSemaphore", () => {
  it("release() above the initial value throws InvalidStateError", () => {
    const { main } = setup();
    const sem = new BoundedSemaphore(2);
    main(function* () {
      yield sem.acquire();
      yield sem.acquire();
      sem.release();
      sem.release();
      expect(() => sem.release()).toThrow(InvalidStateError);
      expect(sem._value).toBe(2);
    });
  });

  it("otherwise behaves as a Semaphore", () => {
    const { main } = setup();
    const sem = new BoundedSemaphore();
    main(function* () {
      yield sem.acquire();
      const w = sem.acquire();
      yield tick();
      expect(w.done()).toBe(false);
      sem.release();
      expect(yield w).toBe(true);
      sem.release();
      expect(() => sem.release()).toThrow(InvalidStateError);
    });
  });
});
