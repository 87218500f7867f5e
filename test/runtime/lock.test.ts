/**
 * Lock: asyncio's test_locks.LockTests, plus the cancellation points of
 * acquire() (while waiting; woken but not yet resumed).
 */
import { describe, expect, it } from "vitest";
import { CancelledError, EventLoop, InvalidStateError, Lock, VirtualClock, sleep } from "../../packages/runtime/src/index";
import { spawn } from "./helpers";
import { outcome, setup, tick } from "./sync-helpers";

describe("Lock", () => {
  it("acquires, reports locked(), releases", () => {
    const { main } = setup();
    const lock = new Lock();
    main(function* () {
      expect(lock.locked()).toBe(false);
      expect(yield lock.acquire()).toBe(true);
      expect(lock.locked()).toBe(true);
      lock.release();
      expect(lock.locked()).toBe(false);
    });
  });

  it("acquire() on a free lock takes it synchronously (the task is already done)", () => {
    const { loop } = setup();
    const lock = new Lock();
    const t = loop.createTask(() => lock.acquire());
    expect(t.done()).toBe(true);
    expect(t.result()).toBe(true);
    expect(lock.locked()).toBe(true);
  });

  it("release() of an unlocked lock throws InvalidStateError", () => {
    const lock = new Lock();
    expect(() => lock.release()).toThrow(InvalidStateError);
  });

  it("wakes waiters in FIFO order, one per release (asyncio test_acquire)", () => {
    const { loop, main } = setup();
    const lock = new Lock();
    const result: number[] = [];
    const waiter = (n: number) =>
      spawn(function* () {
        if (yield lock.acquire()) result.push(n);
        return true;
      });
    main(function* () {
      expect(yield lock.acquire()).toBe(true);
      const t1 = waiter(1);
      const t2 = waiter(2);
      yield tick();
      expect(result).toEqual([]);
      lock.release();
      yield tick();
      expect(result).toEqual([1]);
      yield tick();
      expect(result).toEqual([1]);
      const t3 = waiter(3);
      lock.release();
      yield tick();
      expect(result).toEqual([1, 2]);
      lock.release();
      yield tick();
      expect(result).toEqual([1, 2, 3]);
      expect([t1, t2, t3].map(outcome)).toEqual(["ok:true", "ok:true", "ok:true"]);
      expect(lock.locked()).toBe(true);
    });
    expect(loop.time()).toBe(0);
  });

  it("serialises critical sections at exact virtual times", () => {
    const { loop, main } = setup();
    const lock = new Lock();
    const log: string[] = [];
    const worker = (name: string) =>
      spawn(function* () {
        yield lock.acquire();
        try {
          log.push(name + " in @" + loop.time());
          yield sleep(10);
        } finally {
          lock.release();
        }
      });
    main(function* () {
      yield [worker("a"), worker("b"), worker("c")][2];
    });
    expect(log).toEqual(["a in @0", "b in @10", "c in @20"]);
    expect(loop.time()).toBe(30);
    expect(lock.locked()).toBe(false);
  });

  it("a newcomer does not overtake a woken waiter that has not resumed yet", () => {
    const { main } = setup();
    const lock = new Lock();
    const order: string[] = [];
    main(function* () {
      yield lock.acquire();
      const b = spawn(function* () {
        yield lock.acquire();
        order.push("b");
        lock.release();
      });
      lock.release(); // wakes b; b resumes only in a later job
      expect(lock.locked()).toBe(false);
      const n = spawn(function* () {
        yield lock.acquire();
        order.push("newcomer");
        lock.release();
      });
      expect(n.done()).toBe(false); // had to queue behind b
      yield n;
      expect(b.done()).toBe(true);
    });
    expect(order).toEqual(["b", "newcomer"]);
  });

  it("a waiter cancelled while waiting leaves the queue and does not get the lock (asyncio test_acquire_cancel)", () => {
    const { main } = setup();
    const lock = new Lock();
    main(function* () {
      yield lock.acquire();
      const t = lock.acquire();
      expect(lock._waiters.length).toBe(1);
      expect(t.cancel()).toBe(true);
      try {
        yield t;
        throw new Error("not cancelled");
      } catch (e) {
        expect(e).toBeInstanceOf(CancelledError);
      }
      expect(t.cancelled()).toBe(true);
      expect(lock._waiters.length).toBe(0);
      expect(lock.locked()).toBe(true); // still ours
      lock.release();
      expect(lock.locked()).toBe(false);
    });
  });

  it("a waiter woken and then cancelled before it resumes passes the lock on", () => {
    const { main } = setup();
    const lock = new Lock();
    const log: string[] = [];
    main(function* () {
      yield lock.acquire();
      const b = spawn(function* () {
        yield lock.acquire();
        log.push("b got it");
      });
      const c = spawn(function* () {
        yield lock.acquire();
        log.push("c got it");
        lock.release();
      });
      lock.release(); // b's waiter is set: b is woken
      b.cancel(); // ...and cancelled before it ran
      yield c;
      expect(outcome(b)).toBe("cancelled");
      expect(lock.locked()).toBe(false);
      expect(lock._waiters.length).toBe(0);
    });
    expect(log).toEqual(["c got it"]);
  });

  it("a woken and cancelled waiter with nobody behind it leaves the lock free", () => {
    const { main } = setup();
    const lock = new Lock();
    main(function* () {
      yield lock.acquire();
      const b = lock.acquire();
      lock.release();
      b.cancel();
      yield tick();
      expect(b.cancelled()).toBe(true);
      expect(lock.locked()).toBe(false);
      // and it can be taken at once again
      const again = lock.acquire();
      expect(again.done()).toBe(true);
      expect(lock.locked()).toBe(true);
    });
  });

  it("cancel of a waiter racing with a release does not hang the next waiter (asyncio test_cancel_race)", () => {
    const { loop, main } = setup();
    const lock = new Lock();
    const lockit = (blocker: any) =>
      spawn(function* () {
        yield lock.acquire();
        try {
          if (blocker !== null) yield blocker;
        } finally {
          lock.release();
        }
      });
    main(function* () {
      const fa = loop.createFuture<undefined>();
      const ta = lockit(fa);
      yield tick();
      expect(lock.locked()).toBe(true);
      const tb = lockit(null);
      yield tick();
      expect(lock._waiters.length).toBe(1);
      const tc = lockit(null);
      yield tick();
      expect(lock._waiters.length).toBe(2);
      fa.setResult(undefined);
      tb.cancel();
      expect(lock._waiters[0].cancelled()).toBe(true);
      yield tc;
      expect(ta.done() && !ta.cancelled()).toBe(true);
      expect(tb.cancelled()).toBe(true);
      expect(lock.locked()).toBe(false);
    });
  });

  it("cancel then release: only one waiter takes the lock (asyncio test_cancel_release_race)", () => {
    const { loop, main } = setup();
    const lock = new Lock();
    let lockCount = 0;
    let callCount = 0;
    const lockit = () =>
      spawn(function* () {
        callCount++;
        yield lock.acquire();
        lockCount++;
      });
    main(function* () {
      yield lock.acquire();
      const t1 = lockit();
      const t2 = lockit();
      const t3 = lockit();
      yield tick();
      loop.callSoon(() => {
        t1.cancel();
        lock.release();
      });
      try {
        yield t1;
        throw new Error("t1 not cancelled");
      } catch (e) {
        expect(e).toBeInstanceOf(CancelledError);
      }
      yield tick();
      expect(lockCount).toBe(1);
      expect(callCount).toBe(3);
      expect(t1.cancelled()).toBe(true);
      expect(t2.done()).toBe(true);
      expect(t3.done()).toBe(false);
      lock.release();
      yield tick();
      expect(t3.done()).toBe(true);
      expect(lockCount).toBe(2);
    });
  });

  it("a cancelled first waiter does not swallow the next release (asyncio test_finished_waiter_cancelled)", () => {
    const { main } = setup();
    const lock = new Lock();
    main(function* () {
      yield lock.acquire();
      const tb = lock.acquire();
      yield tick();
      expect(lock._waiters.length).toBe(1);
      const tc = lock.acquire();
      tb.cancel();
      lock.release();
      yield tick();
      expect(tb.cancelled()).toBe(true);
      expect(tc.result()).toBe(true);
      expect(lock.locked()).toBe(true);
      lock.release();
      expect(lock.locked()).toBe(false);
    });
  });

  it("a newcomer takes a free lock at once when every queued waiter is cancelled", () => {
    const { main } = setup();
    const lock = new Lock();
    main(function* () {
      yield lock.acquire();
      const b = lock.acquire();
      b.cancel(); // its waiter future is cancelled, b has not resumed yet
      lock.release();
      const n = lock.acquire();
      expect(n.done()).toBe(true);
      expect(lock.locked()).toBe(true);
      yield tick();
      expect(b.cancelled()).toBe(true);
      expect(lock.locked()).toBe(true); // b's clean-up did not touch the newcomer's lock
      lock.release();
    });
  });

  it("cancelling the task that awaits acquire() cancels the acquire (cascade)", () => {
    const { main } = setup();
    const lock = new Lock();
    main(function* () {
      yield lock.acquire();
      const outer = spawn(function* () {
        yield lock.acquire();
        return "got it";
      });
      yield tick();
      outer.cancel();
      yield tick();
      expect(outer.cancelled()).toBe(true);
      expect(lock._waiters.length).toBe(0);
      lock.release();
      expect(lock.locked()).toBe(false);
    });
  });

  it("binds to the loop of its first wait and refuses another loop", () => {
    const lock = new Lock();
    const loop1 = new EventLoop({ clock: new VirtualClock() });
    const loop2 = new EventLoop({ clock: new VirtualClock() });
    loop1.runUntilComplete(() =>
      spawn(function* () {
        yield lock.acquire();
        const w = lock.acquire(); // binds the lock to loop1
        lock.release();
        yield w;
        lock.release();
      }),
    );
    expect(lock._loop).toBe(loop1);
    // the fast path needs no loop; a wait on loop2 does
    loop2.runUntilComplete(() =>
      spawn(function* () {
        yield lock.acquire();
        const w = lock.acquire();
        try {
          yield w;
          throw new Error("not refused");
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidStateError);
        }
        lock.release();
      }),
    );
  });
});
