/**
 * Robustness: thousands of callbacks, timers and jobs scheduled in a random
 * (seeded) order, some cancelled, some throwing. Every one that is not
 * cancelled runs exactly once; none is lost or run twice; jobs always drain
 * before the next callback; timers run exactly at their deadline; every
 * exception reaches the handler and the loop keeps going.
 */
import { describe, expect, it } from "vitest";
import {
  EventLoop,
  LoopPromise,
  VirtualClock,
  fifo,
  seededRandom,
  type Handle,
  type Scheduler,
} from "../../packages/runtime/src/index";
import { captureExceptions } from "./helpers";

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind = "soon" | "timer" | "job";
interface Entry {
  id: number;
  kind: Kind;
  when: number;
  cancelled: boolean;
  runs: number;
}

function chaos(seed: number, scheduler: Scheduler, total: number) {
  const rnd = mulberry32(seed);
  const loop = new EventLoop({ clock: new VirtualClock(), scheduler });
  const reports = captureExceptions(loop);
  const entries: Entry[] = [];
  const order: Entry[] = [];
  let pendingJobs = 0;
  let jobsPendingAtCallback = 0;
  let thrown = 0;

  const schedule = () => {
    if (entries.length >= total) return;
    const r = rnd();
    const kind: Kind = r < 0.35 ? "soon" : r < 0.65 ? "timer" : "job";
    const e: Entry = { id: entries.length, kind, when: -1, cancelled: false, runs: 0 };
    entries.push(e);
    const body = () => {
      e.runs++;
      order.push(e);
      if (kind === "job") pendingJobs--;
      else if (pendingJobs !== 0) jobsPendingAtCallback++;
      const children = 1 + Math.floor(rnd() * 2); // grows until `total`
      for (let i = 0; i < children; i++) schedule();
      if (rnd() < 0.03) {
        thrown++;
        throw new Error("chaos " + e.id);
      }
    };
    let handle: Handle | null = null;
    if (kind === "soon") handle = loop.callSoon(body);
    else if (kind === "timer") {
      const delay = Math.floor(rnd() * 40);
      e.when = loop.time() + delay;
      handle = loop.callLater(delay, body);
    } else {
      pendingJobs++;
      if (rnd() < 0.5) {
        const f = loop.createFuture();
        f.addDoneCallback(body);
        f.setResult(null);
      } else LoopPromise.resolve().then(body);
    }
    if (handle !== null && rnd() < 0.1) {
      handle.cancel();
      e.cancelled = true;
    }
  };

  loop.callSoon(() => {
    for (let i = 0; i < 50; i++) schedule();
  });
  loop.runUntilIdle();
  return { loop, entries, order, reports, thrown, jobsPendingAtCallback };
}

describe("no callback is lost or run twice", () => {
  const cases: Array<[string, () => Scheduler]> = [
    ["fifo", () => fifo],
    ["seededRandom(1)", () => seededRandom(1)],
    ["seededRandom(2)", () => seededRandom(2)],
  ];
  for (const [name, makeScheduler] of cases) {
    for (const seed of [11, 22, 33]) {
      it(name + ", seed " + seed, () => {
        const r = chaos(seed, makeScheduler(), 4000);
        expect(r.entries.length).toBe(4000);
        const wrong = r.entries.filter((e) => e.runs !== (e.cancelled ? 0 : 1));
        expect(wrong).toEqual([]);
        expect(r.entries.filter((e) => e.cancelled).length).toBeGreaterThan(50);
        expect(r.entries.filter((e) => e.kind === "job").length).toBeGreaterThan(500);
        expect(r.jobsPendingAtCallback).toBe(0);
        expect(r.thrown).toBeGreaterThan(0);
        expect(r.reports.messages.length).toBe(r.thrown);
        // timers run exactly at their deadline on a virtual clock
        let late = 0;
        const times: number[] = [];
        for (const e of r.order) if (e.kind === "timer") times.push(e.when);
        for (let i = 1; i < times.length; i++) if (times[i] < times[i - 1]) late++;
        expect(late).toBe(0);
        expect(r.loop.runUntilIdle()).toBe(-1);
      });
    }
  }

  it("with fifo, callSoon callbacks keep their order and timers their (deadline, scheduling) order", () => {
    const r = chaos(44, fifo, 4000);
    const soon = r.order.filter((e) => e.kind === "soon").map((e) => e.id);
    expect(soon).toEqual(soon.slice().sort((a, b) => a - b));
    const timers = r.order.filter((e) => e.kind === "timer");
    for (let i = 1; i < timers.length; i++) {
      const a = timers[i - 1];
      const b = timers[i];
      expect(a.when < b.when || (a.when === b.when && a.id < b.id)).toBe(true);
    }
  });
});

describe("timers fire at their exact virtual time", () => {
  it("each callback sees loop.time() equal to its deadline", () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    const rnd = mulberry32(5);
    let wrong = 0;
    let count = 0;
    const arm = (depth: number) => {
      const delay = Math.floor(rnd() * 100);
      const when = loop.time() + delay;
      loop.callLater(delay, () => {
        count++;
        if (loop.time() !== when) wrong++;
        if (depth < 3) for (let i = 0; i < 3; i++) arm(depth + 1);
      });
    };
    for (let i = 0; i < 30; i++) arm(0);
    loop.runUntilIdle();
    expect(count).toBe(30 * (1 + 3 + 9 + 27));
    expect(wrong).toBe(0);
  });
});

describe("the loop keeps running after errors", () => {
  it("an exception handler that throws does not stop the loop", () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    const seen: number[] = [];
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => errors.push(String(line).split("\n")[0]);
    try {
      loop.setExceptionHandler(() => {
        throw new Error("handler");
      });
      for (let i = 0; i < 5; i++)
        loop.callSoon(() => {
          seen.push(i);
          if (i % 2 === 0) throw new Error("cb " + i);
        });
      loop.runUntilIdle();
    } finally {
      console.error = original;
    }
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(errors.filter((l) => l.indexOf("Unhandled error in exception handler") === 0).length).toBe(3);
  });
});
