import { describe, expect, it } from "vitest";
import { EventLoop, RealClock, VirtualClock, sleep } from "../../packages/runtime/src/index";
import { spawn } from "./helpers";

describe("VirtualClock", () => {
  it("starts at 0 (or start), jumps by itself by default, never moves backwards", () => {
    const c = new VirtualClock();
    expect(c.now()).toBe(0);
    expect(c.autoJump).toBe(true);
    c.jumpTo(50);
    c.jumpTo(20);
    expect(c.now()).toBe(50);
    expect(new VirtualClock({ start: 7, autoJump: false }).now()).toBe(7);
    expect(new VirtualClock({ autoJump: false }).autoJump).toBe(false);
  });

  it("autoJump: a loop jumps straight to each timer, so long sleeps take no real time", () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    const times: number[] = [];
    loop.runUntilComplete(() =>
      spawn(function* () {
        for (const ms of [1000, 60000, 3600000]) {
          yield sleep(ms);
          times.push(loop.time());
        }
      }),
    );
    expect(times).toEqual([1000, 61000, 3661000]);
  });

  it("without autoJump, time moves only through advance()", () => {
    const clock = new VirtualClock({ autoJump: false });
    const loop = new EventLoop({ clock });
    const seen: number[] = [];
    loop.callLater(10, () => seen.push(loop.time()));
    expect(loop.runUntilIdle()).toBe(10);
    expect(seen).toEqual([]);
    loop.advance(9);
    expect(seen).toEqual([]);
    loop.advance(1);
    expect(seen).toEqual([10]);
    clock.jumpTo(100); // a test may move the clock itself, too
    expect(loop.time()).toBe(100);
  });
});

describe("RealClock", () => {
  it("reads host time and never jumps", () => {
    const c = new RealClock();
    expect(c.autoJump).toBe(false);
    expect((c as any).jumpTo).toBeUndefined();
    const a = c.now();
    const b = c.now();
    expect(typeof a).toBe("number");
    expect(b).toBeGreaterThanOrEqual(a);
  });

  it("is the default clock", () => {
    const loop = new EventLoop({ host: "manual" });
    expect(loop.getClock()).toBeInstanceOf(RealClock);
  });
});
