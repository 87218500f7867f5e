import { afterEach, describe, expect, it } from "vitest";
import {
  EventLoop,
  InvalidStateError,
  VirtualClock,
  getEventLoop,
  run,
  runningLoop,
  setEventLoop,
  sleep,
  type Task,
} from "../../packages/runtime/src/index";
import { spawn } from "./helpers";

afterEach(() => setEventLoop(null));

describe("getEventLoop and setEventLoop", () => {
  it("the default loop is made on first use and kept; setEventLoop replaces it", () => {
    const a = getEventLoop();
    expect(a).toBeInstanceOf(EventLoop);
    expect(getEventLoop()).toBe(a);
    const b = new EventLoop({ clock: new VirtualClock() });
    setEventLoop(b);
    expect(getEventLoop()).toBe(b);
    setEventLoop(null);
    expect(getEventLoop()).not.toBe(b);
  });

  it("inside a running loop, getEventLoop is the running loop", () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    let inside: EventLoop | null = null;
    let running: EventLoop | null = null;
    loop.callSoon(() => {
      inside = getEventLoop();
      running = runningLoop();
    });
    loop.runUntilIdle();
    expect(inside).toBe(loop);
    expect(running).toBe(loop);
    expect(runningLoop()).toBeNull();
  });
});

describe("run(main)", () => {
  it("runs main on a fresh loop to completion and closes the loop", () => {
    let loop: EventLoop | null = null;
    const before = getEventLoop();
    const result = run(
      () =>
        spawn(function* () {
          loop = getEventLoop();
          yield sleep(100);
          return "result at " + loop.time();
        }),
      { clock: new VirtualClock() },
    );
    expect(result).toBe("result at 100");
    expect(loop).not.toBe(before);
    expect(loop!.isClosed()).toBe(true);
    expect(getEventLoop()).toBe(before); // the default loop is restored
  });

  it("cancels the tasks main left behind (their finally blocks run) before closing", () => {
    const log: string[] = [];
    let leftover: Task<unknown> | null = null;
    run(
      () =>
        spawn(function* () {
          leftover = spawn(function* () {
            try {
              yield sleep(1000);
            } finally {
              log.push("leftover finally");
            }
          });
          yield sleep(1);
          return "main done";
        }),
      { clock: new VirtualClock() },
    );
    expect(log).toEqual(["leftover finally"]);
    expect(leftover!.cancelled()).toBe(true);
  });

  it("rethrows main's exception, after the same clean-up", () => {
    let loop: EventLoop | null = null;
    expect(() =>
      run(
        () =>
          spawn(function* () {
            loop = getEventLoop();
            yield sleep(1);
            throw new RangeError("main failed");
          }),
        { clock: new VirtualClock() },
      ),
    ).toThrow(RangeError);
    expect(loop!.isClosed()).toBe(true);
  });

  it("reports leftovers that fail while being cancelled", () => {
    const reports: string[] = [];
    run(() =>
      spawn(function* () {
        getEventLoop().setExceptionHandler((_l, c) => reports.push(c.message));
        spawn(function* () {
          try {
            yield sleep(1000);
          } catch (e) {
            throw new Error("refused");
          }
        });
        yield null;
      }),
    );
    expect(reports).toEqual(["unhandled exception during run() shutdown"]);
  });

  it("runs on real time by default (hostSleep/Atomics.wait), without a host driving it", () => {
    expect(run(() => spawn(function* () {
      return yield sleep(1, "real");
    }))).toBe("real");
  });

  it("a closed loop's methods keep failing clearly after run", () => {
    let loop: EventLoop | null = null;
    run(() => {
      loop = getEventLoop();
      return 1;
    });
    expect(() => loop!.callSoon(() => {})).toThrow(InvalidStateError);
  });
});
