/**
 * Host modes: in Node the loop drives itself (jobs through queueMicrotask,
 * callbacks through setImmediate, timers through setTimeout); an embedder
 * drives a "manual" loop; a HostDriver of one's own sees every request.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  EventLoop,
  VirtualClock,
  getEventLoop,
  setEventLoop,
  sleep,
  startCoroutine,
  type HostDriver,
} from "../../packages/runtime/src/index";
import { spawn } from "./helpers";

afterEach(() => setEventLoop(null));

describe("self-driving in Node", () => {
  it("runs callbacks and jobs with nobody calling the loop", async () => {
    const loop = new EventLoop();
    const seen: string[] = [];
    const f = loop.createFuture<string>();
    f.addDoneCallback(() => seen.push("done callback"));
    await new Promise<void>((resolve) => {
      loop.callSoon(() => {
        seen.push("callback");
        f.setResult("x");
        loop.callSoon(() => {
          seen.push("next callback");
          resolve();
        });
      });
    });
    expect(seen).toEqual(["callback", "done callback", "next callback"]);
    loop.close();
  });

  it("runs timers on host time", async () => {
    const loop = new EventLoop();
    const start = loop.time();
    const when = await new Promise<number>((resolve) => loop.callLater(2, () => resolve(loop.time())));
    expect(when).toBeGreaterThanOrEqual(start + 2);
    loop.close();
  });

  it("a compiled call with no loop set up runs on the default loop, and native code can await its task", async () => {
    const task = startCoroutine(function (co, v) {
      for (;;)
        switch (co.s) {
          case 0:
            co.s = 1;
            return sleep(1, "slept");
          case 1:
            co.s = -1;
            return v + " on the default loop";
        }
    });
    expect(task.getLoop()).toBe(getEventLoop());
    expect(await task).toBe("slept on the default loop");
  });

  it("does not drive a loop while it is closed", async () => {
    const loop = new EventLoop();
    let ran = false;
    loop.callLater(1, () => (ran = true));
    loop.close();
    await new Promise((r) => setTimeout(r, 5));
    expect(ran).toBe(false);
  });
});

describe("manual host", () => {
  it("runs nothing until the embedder drives it", async () => {
    const loop = new EventLoop({ host: "manual" });
    let ran = false;
    loop.callSoon(() => (ran = true));
    await new Promise((r) => setImmediate(r));
    expect(ran).toBe(false);
    loop.runOnce();
    expect(ran).toBe(true);
  });

  it("is the default for a virtual clock", async () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    let ran = false;
    loop.callSoon(() => (ran = true));
    await new Promise((r) => setImmediate(r));
    expect(ran).toBe(false);
  });
});

describe("a HostDriver of one's own", () => {
  function recordingHost() {
    const calls: string[] = [];
    const pending: Array<() => void> = [];
    const host: HostDriver = {
      wake(kind, run) {
        calls.push("wake " + (kind === 0 ? "jobs" : "callbacks"));
        pending.push(() => run(kind));
      },
      wakeAfter(ms, run) {
        calls.push("wakeAfter " + ms);
        pending.push(run);
      },
      cancelTimer() {
        calls.push("cancelTimer");
      },
    };
    return { host, calls, pending };
  }

  it("is asked once per kind of pending work, and its calls drive the loop", () => {
    const { host, calls, pending } = recordingHost();
    const clock = new VirtualClock({ autoJump: false });
    const loop = new EventLoop({ clock, host });
    const seen: string[] = [];
    loop.callSoon(() => seen.push("cb1"));
    loop.callSoon(() => seen.push("cb2"));
    const f = loop.createFuture();
    f.addDoneCallback(() => seen.push("job"));
    f.setResult(1);
    loop.callLater(30, () => seen.push("timer"));
    expect(calls).toEqual(["wake callbacks", "wake jobs", "wakeAfter 30"]);
    pending.shift()!(); // the callbacks wake-up: runs jobs first, then the callbacks
    expect(seen).toEqual(["job", "cb1", "cb2"]);
    pending.shift()!(); // the jobs wake-up: nothing left
    clock.jumpTo(30);
    pending.shift()!(); // the timer wake-up
    expect(seen).toEqual(["job", "cb1", "cb2", "timer"]);
    loop.callLater(5, () => {});
    loop.close();
    expect(calls.slice(3)).toEqual(["wakeAfter 5", "cancelTimer"]);
  });

  it("an earlier timer replaces the timer request; a later one does not", () => {
    const { host, calls } = recordingHost();
    const loop = new EventLoop({ clock: new VirtualClock({ autoJump: false }), host });
    loop.callLater(50, () => {});
    loop.callLater(80, () => {});
    loop.callLater(20, () => {});
    expect(calls).toEqual(["wakeAfter 50", "wakeAfter 20"]);
  });

  it("a synchronous run takes over: no host requests while running", () => {
    const { host, calls } = recordingHost();
    const loop = new EventLoop({ clock: new VirtualClock(), host });
    loop.runUntilComplete(() =>
      spawn(function* () {
        yield null;
        yield sleep(10);
      }),
    );
    expect(calls).toEqual([]);
    expect(loop.time()).toBe(10);
  });
});
