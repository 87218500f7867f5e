/**
 * Event: asyncio's test_locks.EventTests.
 */
import { describe, expect, it } from "vitest";
import { CancelledError, Event, sleep } from "../../packages/runtime/src/index";
import { spawn } from "./helpers";
import { outcome, setup, tick } from "./sync-helpers";

describe("Event", () => {
  it("starts unset; set() and clear() flip isSet()", () => {
    const ev = new Event();
    expect(ev.isSet()).toBe(false);
    ev.set();
    expect(ev.isSet()).toBe(true);
    ev.clear();
    expect(ev.isSet()).toBe(false);
  });

  it("set() wakes every waiter, in the order they waited (asyncio test_wait)", () => {
    const { main } = setup();
    const ev = new Event();
    const result: number[] = [];
    const waiter = (n: number) =>
      spawn(function* () {
        if (yield ev.wait()) result.push(n);
        return true;
      });
    main(function* () {
      const t1 = waiter(1);
      const t2 = waiter(2);
      yield tick();
      expect(result).toEqual([]);
      const t3 = waiter(3);
      ev.set();
      yield tick();
      expect(result).toEqual([1, 2, 3]);
      expect([t1, t2, t3].map(outcome)).toEqual(["ok:true", "ok:true", "ok:true"]);
      expect(ev._waiters.length).toBe(0);
    });
  });

  it("wait() on a set event finishes at once", () => {
    const { loop } = setup();
    const ev = new Event();
    ev.set();
    const t = loop.createTask(() => ev.wait());
    expect(t.done()).toBe(true);
    expect(t.result()).toBe(true);
  });

  it("wakes waiters at the virtual time set() is called", () => {
    const { loop, main } = setup();
    const ev = new Event();
    const woke: number[] = [];
    loop.callLater(25, () => ev.set());
    main(function* () {
      const a = spawn(function* () {
        yield ev.wait();
        woke.push(loop.time());
      });
      const b = spawn(function* () {
        yield sleep(5);
        yield ev.wait();
        woke.push(loop.time());
      });
      yield b;
      yield a;
    });
    expect(woke).toEqual([25, 25]);
  });

  it("a cancelled waiter leaves the list (asyncio test_wait_cancel)", () => {
    const { loop, main } = setup();
    const ev = new Event();
    main(function* () {
      const w = ev.wait();
      loop.callSoon(() => w.cancel());
      try {
        yield w;
        throw new Error("not cancelled");
      } catch (e) {
        expect(e).toBeInstanceOf(CancelledError);
      }
      expect(ev._waiters.length).toBe(0);
    });
  });

  it("clear() right after set() does not un-wake the waiters (asyncio test_clear_with_waiters)", () => {
    const { main } = setup();
    const ev = new Event();
    const result: number[] = [];
    main(function* () {
      const t = spawn(function* () {
        if (yield ev.wait()) result.push(1);
        return true;
      });
      yield tick();
      expect(result).toEqual([]);
      ev.set();
      ev.clear();
      expect(ev.isSet()).toBe(false);
      ev.set();
      ev.set();
      expect(ev._waiters.length).toBe(1);
      yield tick();
      expect(result).toEqual([1]);
      expect(ev._waiters.length).toBe(0);
      expect(outcome(t)).toBe("ok:true");
    });
  });

  it("after clear() new waiters block until the next set()", () => {
    const { loop, main } = setup();
    const ev = new Event();
    const log: string[] = [];
    main(function* () {
      ev.set();
      ev.clear();
      const t = spawn(function* () {
        yield ev.wait();
        log.push("woke @" + loop.time());
      });
      yield sleep(10);
      expect(t.done()).toBe(false);
      ev.set();
      yield t;
    });
    expect(log).toEqual(["woke @10"]);
  });
});
