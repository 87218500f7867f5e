/**
 * Condition: asyncio 3.13's test_locks.ConditionTests, including the
 * cancellation races (cancelled while waiting, while re-acquiring, and
 * right after being notified: no lost wake-up).
 */
import { describe, expect, it } from "vitest";
import { CancelledError, Condition, InvalidStateError, Lock, TimeoutError, sleep, timeout } from "../../packages/runtime/src/index";
import { spawn } from "./helpers";
import { inNextJob, outcome, setup, tick } from "./sync-helpers";

describe("Condition", () => {
  it("wait() releases the lock; notify(n) wakes n waiters, each re-acquiring in turn (asyncio test_wait)", () => {
    const { main } = setup();
    const cond = new Condition();
    const result: number[] = [];
    const c = (n: number) =>
      spawn(function* () {
        yield cond.acquire();
        if (yield cond.wait()) result.push(n);
        return true; // keeps the lock: the main task releases it
      });
    main(function* () {
      const t1 = c(1);
      const t2 = c(2);
      const t3 = c(3);
      yield tick();
      expect(result).toEqual([]);
      expect(cond.locked()).toBe(false);

      expect(yield cond.acquire()).toBe(true);
      cond.notify();
      yield tick();
      expect(result).toEqual([]);
      expect(cond.locked()).toBe(true);

      cond.release();
      yield tick();
      expect(result).toEqual([1]);
      expect(cond.locked()).toBe(true);

      cond.notify(2);
      yield tick();
      expect(result).toEqual([1]);
      expect(cond.locked()).toBe(true);

      cond.release();
      yield tick();
      expect(result).toEqual([1, 2]);
      expect(cond.locked()).toBe(true);

      cond.release();
      yield tick();
      expect(result).toEqual([1, 2, 3]);
      expect(cond.locked()).toBe(true);
      expect([t1, t2, t3].map(outcome)).toEqual(["ok:true", "ok:true", "ok:true"]);
    });
  });

  it("wait() and notify() without the lock throw InvalidStateError", () => {
    const { main } = setup();
    const cond = new Condition();
    expect(() => cond.notify()).toThrow(InvalidStateError);
    expect(() => cond.notifyAll()).toThrow(InvalidStateError);
    main(function* () {
      try {
        yield cond.wait();
        throw new Error("no error");
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidStateError);
      }
      expect(cond._waiters.length).toBe(0);
    });
  });

  it("a wait cancelled while waiting re-acquires the lock before it raises (asyncio test_wait_cancel)", () => {
    const { loop, main } = setup();
    const cond = new Condition();
    main(function* () {
      yield cond.acquire();
      const w = cond.wait();
      expect(cond.locked()).toBe(false);
      loop.callSoon(() => w.cancel());
      try {
        yield w;
        throw new Error("not cancelled");
      } catch (e) {
        expect(e).toBeInstanceOf(CancelledError);
      }
      expect(cond._waiters.length).toBe(0);
      expect(cond.locked()).toBe(true);
    });
  });

  it("a cancelled wait waits for a contested lock before raising", () => {
    const { loop, main } = setup();
    const cond = new Condition();
    const log: string[] = [];
    main(function* () {
      yield cond.acquire();
      const w = spawn(function* () {
        try {
          yield cond.wait();
        } catch (e) {
          log.push("cancelled, holding the lock: " + cond.locked() + " @" + loop.time());
          cond.release();
          throw e;
        }
      });
      yield tick();
      yield cond.acquire(); // contest the lock
      w.cancel();
      yield sleep(10);
      expect(w.done()).toBe(false); // still waiting for the lock
      cond.release();
      yield tick();
      expect(w.cancelled()).toBe(true);
    });
    expect(log).toEqual(["cancelled, holding the lock: true @10"]);
  });

  it("notify, contest, then cancel: the wait still ends holding the lock (asyncio test_wait_cancel_contested)", () => {
    const { loop, main } = setup();
    const cond = new Condition();
    main(function* () {
      yield cond.acquire();
      expect(cond.locked()).toBe(true);
      const waitTask = cond.wait();
      yield tick();
      expect(cond.locked()).toBe(false);
      yield cond.acquire();
      expect(cond.locked()).toBe(true);
      cond.notify();
      loop.callSoon(() => waitTask.cancel());
      loop.callSoon(() => cond.release());
      try {
        yield waitTask;
      } catch (e) {
        expect(e).toBeInstanceOf(CancelledError);
      }
      expect(cond.locked()).toBe(true);
    });
  });

  it("cancelled after notify, while re-acquiring (asyncio test_wait_cancel_after_notify)", () => {
    const { main } = setup();
    const cond = new Condition();
    let waited = false;
    main(function* () {
      const waiter = spawn(function* () {
        yield cond.acquire();
        try {
          waited = true;
          yield cond.wait();
        } finally {
          cond.release();
        }
      });
      yield sleep(1000);
      yield cond.acquire();
      cond.notify();
      yield tick(); // the waiter is now in acquire()
      waiter.cancel();
      yield tick();
      cond.release();
      yield tick();
      expect(waiter.cancelled()).toBe(true);
      expect(waited).toBe(true);
      expect(cond.locked()).toBe(false);
    });
  });

  it("waitFor(predicate) waits until the predicate holds and returns its value (asyncio test_wait_for)", () => {
    const { main } = setup();
    const cond = new Condition();
    let presult: number | false = false;
    const result: number[] = [];
    main(function* () {
      const t = spawn(function* () {
        yield cond.acquire();
        const r = yield cond.waitFor(() => presult);
        if (r) {
          result.push(r);
          cond.release();
        }
        return true;
      });
      yield tick();
      expect(result).toEqual([]);
      yield cond.acquire();
      cond.notify();
      cond.release();
      yield tick();
      expect(result).toEqual([]);
      presult = 7;
      yield cond.acquire();
      cond.notify();
      cond.release();
      yield tick();
      expect(result).toEqual([7]);
      expect(outcome(t)).toBe("ok:true");
    });
  });

  it("waitFor returns at once when the predicate already holds", () => {
    const { main } = setup();
    const cond = new Condition();
    main(function* () {
      yield cond.acquire();
      const t = cond.waitFor(() => "yes");
      expect(t.done()).toBe(true);
      expect(t.result()).toBe("yes");
      expect(cond.locked()).toBe(true);
    });
  });

  it("notify() wakes waiters one at a time in FIFO order (asyncio test_notify)", () => {
    const { main } = setup();
    const cond = new Condition();
    const result: number[] = [];
    const c = (n: number) =>
      spawn(function* () {
        yield cond.acquire();
        if (yield cond.wait()) {
          result.push(n);
          cond.release();
        }
        return true;
      });
    main(function* () {
      const ts = [c(1), c(2), c(3)];
      yield tick();
      expect(result).toEqual([]);
      yield cond.acquire();
      cond.notify(1);
      cond.release();
      yield tick();
      expect(result).toEqual([1]);
      yield cond.acquire();
      cond.notify(1);
      cond.notify(2048);
      cond.release();
      yield tick();
      expect(result).toEqual([1, 2, 3]);
      expect(ts.map(outcome)).toEqual(["ok:true", "ok:true", "ok:true"]);
    });
  });

  it("notifyAll() wakes every waiter (asyncio test_notify_all)", () => {
    const { main } = setup();
    const cond = new Condition();
    const result: number[] = [];
    const c = (n: number) =>
      spawn(function* () {
        yield cond.acquire();
        if (yield cond.wait()) {
          result.push(n);
          cond.release();
        }
        return true;
      });
    main(function* () {
      const ts = [c(1), c(2)];
      yield tick();
      expect(result).toEqual([]);
      yield cond.acquire();
      cond.notifyAll();
      cond.release();
      yield tick();
      expect(result).toEqual([1, 2]);
      expect(ts.map(outcome)).toEqual(["ok:true", "ok:true"]);
    });
  });

  it("shares an explicit lock (asyncio test_explicit_lock)", () => {
    const { main } = setup();
    const lock = new Lock();
    const cond = new Condition(lock);
    expect(cond._lock).toBe(lock);
    expect(() => new Condition({} as any)).toThrow(TypeError);
    main(function* () {
      yield lock.acquire();
      expect(cond.locked()).toBe(true);
      cond.release();
      expect(lock.locked()).toBe(false);
      yield cond.acquire();
      expect(lock.locked()).toBe(true);
      lock.release();
    });
  });

  it("a cancellation while waiting is re-raised unchanged, message included (asyncio test_cancelled_error_wakeup)", () => {
    const { main } = setup();
    const cond = new Condition();
    let raised: unknown = null;
    main(function* () {
      const task = spawn(function* () {
        yield cond.acquire();
        try {
          yield cond.waitFor(() => false);
        } catch (e) {
          raised = e;
          throw e;
        } finally {
          cond.release();
        }
      });
      yield tick();
      task.cancel("foo");
      try {
        yield task;
        throw new Error("not cancelled");
      } catch (e) {
        expect(e).toBeInstanceOf(CancelledError);
        expect((e as Error).message).toBe("foo");
        expect(e).toBe(raised);
      }
    });
  });

  it("a cancellation while re-acquiring is re-raised unchanged (asyncio test_cancelled_error_re_aquire)", () => {
    const { main } = setup();
    const cond = new Condition();
    let wake = false;
    let raised: unknown = null;
    main(function* () {
      const task = spawn(function* () {
        yield cond.acquire();
        try {
          yield cond.waitFor(() => wake);
        } catch (e) {
          raised = e;
          throw e;
        } finally {
          cond.release();
        }
      });
      yield tick();
      yield cond.acquire();
      wake = true;
      cond.notify();
      yield tick(); // the task is now re-acquiring
      task.cancel("foo");
      cond.release();
      try {
        yield task;
        throw new Error("not cancelled");
      } catch (e) {
        expect((e as Error).message).toBe("foo");
        expect(e).toBe(raised);
      }
      expect(cond.locked()).toBe(false);
    });
  });

  const consumerScenario = (cancelWhileRelocking: boolean) => {
    const { main } = setup();
    const cond = new Condition();
    let state = 0;
    const consumer = () =>
      spawn(function* () {
        yield cond.acquire();
        try {
          for (;;) {
            yield cond.waitFor(() => state !== 0);
            if (state < 0) return;
            state -= 1;
          }
        } finally {
          cond.release();
        }
      });
    main(function* () {
      const c = [consumer(), consumer()];
      yield tick();
      yield cond.acquire();
      try {
        state += 1;
        cond.notify(1);
        if (cancelWhileRelocking) yield tick(); // c[0] wakes and queues for the lock
        c[0].cancel(); // from outside, racing with the notification
        try {
          yield timeout(10, () => cond.waitFor(() => state === 0));
        } catch (e) {
          if (!(e instanceof TimeoutError)) throw e;
        }
        expect(state).toBe(0); // the item was consumed: the wake-up was not lost
        state = -1;
        cond.notifyAll();
      } finally {
        cond.release();
      }
      yield c[1];
      expect(c[0].cancelled()).toBe(true);
    });
  };

  it("a waiter cancelled right after notify() passes the wake-up on (asyncio test_cancelled_wakeup)", () => {
    consumerScenario(false);
  });

  it("a waiter cancelled while re-acquiring passes the wake-up on (asyncio test_cancelled_wakeup_relock)", () => {
    consumerScenario(true);
  });

  it("cancelled after its re-acquire succeeded but before it resumed: holds the lock, no deadlock", () => {
    const { loop, main } = setup();
    const cond = new Condition();
    main(function* () {
      let holding: boolean | null = null;
      const w = spawn(function* () {
        yield cond.acquire();
        try {
          yield cond.wait();
        } catch (e) {
          holding = cond.locked();
          cond.release();
          throw e;
        }
      });
      yield tick();
      yield cond.acquire();
      cond.notify();
      cond.release();
      // Jobs from here: (1) the wait resumes and takes the free lock (its
      // acquire task is done at once, the wait's resumption is queued);
      // (2) the cancel below; (3) the wait resumes with the cancellation.
      inNextJob(loop, () => w.cancel());
      yield sleep(5);
      expect(w.cancelled()).toBe(true);
      expect(holding).toBe(true);
      expect(cond.locked()).toBe(false);
      expect(cond._lock._waiters.length).toBe(0);
    });
  });
});
