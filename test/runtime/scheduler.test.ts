import { describe, expect, it } from "vitest";
import {
  EventLoop,
  InvalidStateError,
  LoopPromise,
  VirtualClock,
  fifo,
  recording,
  replay,
  seededRandom,
  sleep,
  type Scheduler,
} from "../../packages/runtime/src/index";
import { asyncFn } from "./helpers";

/**
 * A program with real choices at both levels: three workers awaiting values
 * (jobs), callSoon callbacks, promise chains, and timers.
 */
function program(scheduler: Scheduler): string[] {
  const loop = new EventLoop({ clock: new VirtualClock(), scheduler });
  const log: string[] = [];
  const worker = asyncFn(function* (name: string) {
    for (let i = 0; i < 3; i++) {
      yield null;
      log.push(name + i);
    }
    yield sleep(5);
    log.push(name + " slept");
  });
  loop.callSoon(() => {
    worker("a");
    worker("b");
    worker("c");
    for (const name of ["x", "y", "z"]) loop.callSoon(() => log.push("cb " + name));
    LoopPromise.resolve().then(() => log.push("p1")).then(() => log.push("p2"));
  });
  loop.runUntilIdle();
  return log;
}

describe("fifo", () => {
  it("is the default and keeps the host's order", () => {
    expect(fifo.fifo).toBe(true);
    expect(fifo.pick(0, 5)).toBe(0);
    const loop = new EventLoop({ clock: new VirtualClock() });
    expect(loop.getScheduler()).toBe(fifo);
    expect(program(fifo)).toEqual(program(fifo));
    expect(program(fifo)).toEqual([
      "a0", "b0", "c0", "p1", "a1", "b1", "c1", "p2", "a2", "b2", "c2",
      "cb x", "cb y", "cb z", "a slept", "b slept", "c slept",
    ]);
  });
});

describe("seededRandom", () => {
  it("is reproducible: the same seed gives the same interleaving", () => {
    const s = seededRandom(42);
    expect(s.seed).toBe(42);
    expect(program(seededRandom(42))).toEqual(program(seededRandom(42)));
    expect(program(seededRandom(7))).toEqual(program(seededRandom(7)));
  });

  it("different seeds give different interleavings", () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 10; seed++) seen.add(program(seededRandom(seed)).join());
    expect(seen.size).toBeGreaterThan(3);
  });

  it("only reorders within a level: every job drains before the next callback", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const loop = new EventLoop({ clock: new VirtualClock(), scheduler: seededRandom(seed) });
      let pendingJobs = 0;
      let violations = 0;
      for (let i = 0; i < 10; i++) {
        loop.callSoon(() => {
          if (pendingJobs !== 0) violations++;
          for (let j = 0; j < 3; j++) {
            pendingJobs++;
            LoopPromise.resolve().then(() => pendingJobs--);
          }
        });
      }
      loop.runUntilIdle();
      expect(violations).toBe(0);
      expect(pendingJobs).toBe(0);
    }
  });

  it("never runs a timer before an earlier one that is not yet due", () => {
    const loop = new EventLoop({ clock: new VirtualClock(), scheduler: seededRandom(3) });
    const seen: number[] = [];
    for (const t of [50, 10, 40, 20, 30]) loop.callLater(t, () => seen.push(loop.time()));
    loop.runUntilIdle();
    expect(seen).toEqual([10, 20, 30, 40, 50]);
  });
});

describe("recording and replay", () => {
  it("recording keeps every choice; replay reproduces the run", () => {
    const rec = recording(seededRandom(99));
    const first = program(rec);
    expect(rec.choices.length).toBeGreaterThan(5);
    expect(program(replay(rec.choices.slice()))).toEqual(first);
  });

  it("replay fails clearly when the recording runs out or no longer fits", () => {
    const rec = recording(seededRandom(5));
    program(rec);
    expect(() => program(replay(rec.choices.slice(0, 2)))).toThrow(InvalidStateError);
    expect(() => program(replay(rec.choices.slice(0, 2)))).toThrow(/no more choices/);
    expect(() => program(replay([99]))).toThrow(/no longer matches/);
  });

  it("replay can fall back to FIFO after the recording", () => {
    expect(program(replay([], { thenFifo: true }))).toEqual(program(fifo));
  });
});
