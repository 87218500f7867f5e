import { describe, expect, it } from "vitest";
import { EventLoop, VirtualClock, formatAsyncStack, getAsyncStack, sleep } from "../../packages/runtime/src/index";
import { spawn } from "./helpers";

/** A protocol meta with one await site per resume point. */
function meta(name: string, sites: Array<[number, number, string]>) {
  const a: Array<number | string> = [];
  for (const [resume, line, text] of sites) a.push(resume, line, 5, text);
  return { n: name, f: "app.js", a };
}

describe("async stacks", () => {
  it("a failing task records the chain of awaiting tasks and their await sites on the error", () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    const error = loop.runUntilComplete(() => {
      // query fails after an await; fetchUser awaits query; main awaits fetchUser
      const query = (loop.createTask as any)({
        body(co: any) {
          if (co.s === 0) {
            co.s = 1;
            return sleep(1);
          }
          throw new Error("db down");
        },
        meta: meta("query", [[1, 3, "sleep(1)"]]),
      });
      const fetchUser = spawn(function* () {
        return yield query;
      });
      (fetchUser as any)._meta = meta("fetchUser", [[0, 8, "query()"]]);
      return spawn(function* () {
        try {
          yield fetchUser;
        } catch (e) {
          return e;
        }
      });
    }) as Error;
    const frames = getAsyncStack(error)!;
    expect(frames.map((f) => f.coroutine)).toEqual(["query", "fetchUser", expect.any(String)]);
    expect(frames[0].site).toEqual({ file: "app.js", line: 3, column: 5, text: "sleep(1)" });
    expect(frames[1].site).toEqual({ file: "app.js", line: 8, column: 5, text: "query()" });
    expect(Object.keys(error)).toEqual([]); // not enumerable
    const text = formatAsyncStack(frames);
    expect(text).toContain("in Task-1 (query) at app.js:3:5 `await sleep(1)`");
    expect(text).toContain("awaited by Task-2 (fetchUser) at app.js:8:5 `await query()`");
  });

  it("cancellation records nothing, and a rethrown error keeps the stack of its origin", () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    const inner = new Error("origin");
    const result = loop.runUntilComplete(() => {
      const first = spawn(function* () {
        yield sleep(1);
        throw inner;
      });
      return spawn(function* () {
        try {
          yield first;
        } catch (e) {
          throw e; // rethrown by a second task: the origin's stack stays
        }
      }).then(undefined, (e: unknown) => e);
    });
    expect(result).toBe(inner);
    expect(getAsyncStack(inner)!.length).toBe(2);
    expect(getAsyncStack(null)).toBeNull();
  });
});

describe("loop.on", () => {
  it("reports task life-cycle events and callbacks, and removes listeners", () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    const seen: string[] = [];
    const off = [
      loop.on("taskCreated", (t) => seen.push("created " + t.getName())),
      loop.on("taskSuspended", (t) => seen.push("suspended " + t.getName())),
      loop.on("taskResumed", (t) => seen.push("resumed " + t.getName())),
      loop.on("taskDone", (t) => seen.push("done " + t.getName())),
      loop.on("callback", (name, ms) => seen.push("callback " + name + " " + typeof ms)),
    ];
    loop.runUntilComplete(() =>
      spawn(function* () {
        yield null;
        return 1;
      }),
    );
    loop.callSoon(function tick() {});
    loop.runUntilIdle();
    expect(seen).toEqual(["created Task-1", "suspended Task-1", "resumed Task-1", "done Task-1", "callback tick number"]);
    off.forEach((f) => f());
    seen.length = 0;
    loop.runUntilComplete(() => spawn(function* () { yield null; }));
    expect(seen).toEqual([]);
    expect((loop as any)._hooks).toBeNull();
  });

  it("a listener that throws is removed and reported", () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    const reports: string[] = [];
    loop.setExceptionHandler((_l, ctx) => reports.push(ctx.message));
    let calls = 0;
    loop.on("callback", () => {
      calls++;
      throw new Error("listener bug");
    });
    loop.callSoon(() => {});
    loop.callSoon(() => {});
    loop.runUntilIdle();
    expect(calls).toBe(1);
    expect(reports).toEqual(["A callback listener failed and was removed"]);
    expect(() => loop.on("nope" as any, () => {})).toThrow(TypeError);
  });
});
