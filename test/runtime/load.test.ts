/**
 * Load: 100,000 tasks on one loop, each awaiting a sleep or a future, all
 * complete; afterwards the loop holds none of them (they are collected while
 * the loop is still alive) and the heap is back near where it started.
 * No timing assertions: only counts and memory.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EventLoop, VirtualClock, sleep, startCoroutine } from "../../packages/runtime/src/index";
const { workload } = require("./load-workload.cjs") as {
  workload: (rt: unknown, n: number, keepWeak: (t: object) => void) => { loop: EventLoop; counter: { done: number; sum: number } };
};

const N = 100_000;
const root = resolve(__dirname, "../..");
const dist = resolve(root, "packages/runtime/dist/index.cjs");
const workloadFile = resolve(__dirname, "load-workload.cjs");

describe("100,000 tasks on one loop", () => {
  it("all run and complete; the loop keeps no trace of them", () => {
    const rt = { EventLoop, VirtualClock, sleep, startCoroutine };
    const { loop, counter } = workload(rt, N, () => {});
    expect(counter.done).toBe(N);
    expect(counter.sum).toBe((N * (N - 1)) / 2);
    expect(loop.allTasks().length).toBe(0);
    expect(loop.tasks()).toEqual([]);
    expect(loop.time()).toBe(69);
    // nothing left queued anywhere: jobs, ready callbacks, timers, live-task list
    const l = loop as any;
    expect(l._jobTail - l._jobHead).toBe(0);
    expect(l._jobs.length).toBeLessThanOrEqual(1024); // a burst's slots are let go
    expect(l._ready.length - l._readyHead).toBe(0);
    expect(l._timers.size()).toBe(0);
    expect(l._liveHead).toBeNull();
    expect(l._current).toBeNull();
    expect(loop.runUntilIdle()).toBe(-1);
  });
});

describe("memory after 100,000 tasks (child process with --expose-gc)", () => {
  beforeAll(() => {
    if (!existsSync(dist)) execFileSync("npm", ["run", "build", "-w", "@coloop/runtime"], { cwd: root, stdio: "ignore" });
  }, 120_000);

  it("tasks are collected while the loop lives, and the heap returns near its start", () => {
    const script = `
      const rt = require(${JSON.stringify(dist)});
      const { workload } = require(${JSON.stringify(workloadFile)});
      const settle = () => new Promise((r) => setImmediate(r));
      (async () => {
        for (let i = 0; i < 3; i++) { global.gc(); await settle(); }
        const before = process.memoryUsage().heapUsed;
        const weak = [];
        let { loop, counter } = workload(rt, ${N}, (t) => weak.push(new WeakRef(t)));
        const peak = process.memoryUsage().heapUsed;
        const live = loop.allTasks().length;
        for (let i = 0; i < 3; i++) { global.gc(); await settle(); }
        const collected = weak.filter((w) => w.deref() === undefined).length;
        const withLoop = process.memoryUsage().heapUsed;
        loop = null;
        for (let i = 0; i < 3; i++) { global.gc(); await settle(); }
        const after = process.memoryUsage().heapUsed;
        console.log(JSON.stringify({ done: counter.done, live, weak: weak.length, collected, before, peak, withLoop, after }));
      })();
    `;
    const out = execFileSync(process.execPath, ["--expose-gc", "-e", script], { encoding: "utf8" });
    const r = JSON.parse(out.trim().split("\n").pop()!);
    console.log("load: heap before " + mb(r.before) + ", peak " + mb(r.peak) + ", after (loop alive) " + mb(r.withLoop) + ", after " + mb(r.after));
    expect(r.done).toBe(N);
    expect(r.live).toBe(0);
    expect(r.weak).toBe(N / 1000);
    expect(r.collected).toBe(r.weak); // the loop, still alive, references none of them
    expect(r.peak - r.before).toBeGreaterThan(5 * 1024 * 1024); // the workload was real
    expect(r.withLoop - r.before).toBeLessThan(5 * 1024 * 1024);
    expect(r.after - r.before).toBeLessThan(5 * 1024 * 1024);
  });
});

function mb(bytes: number): string {
  return (bytes / 1048576).toFixed(1) + " MB";
}
