/**
 * explore(testFn, { runs, seed }): runs an async test under many seeded
 * random schedules (virtual clock), each on a fresh loop. The first run that
 * fails throws an ExploreError carrying the seed and the recorded schedule;
 * replaySchedule(testFn, choices) runs that exact schedule again.
 */
import "./loop-run";
import "./loop-tasks";
import { EventLoop, peekDefaultLoop, setEventLoop } from "./loop";
import { VirtualClock } from "./clock";
import { recording, replay, seededRandom, type Scheduler } from "./scheduler";
import { ExploreError } from "./errors";

export interface ExploreOptions {
  /** how many schedules to try (default 100) */
  runs?: number;
  /** seed of the first run; run i uses seed + i (default 1) */
  seed?: number;
}

export interface ExploreResult {
  runs: number;
}

type TestFn = () => unknown;

/** Runs testFn once on a fresh virtual-clock loop with `scheduler`; throws what it throws. */
function runOnce(testFn: TestFn, scheduler: Scheduler): void {
  const loop = new EventLoop({ clock: new VirtualClock(), scheduler });
  const previous = peekDefaultLoop();
  setEventLoop(loop);
  loop.setExceptionHandler(function () {}); // leftovers of a failed run are expected
  try {
    loop.runUntilComplete(testFn as () => PromiseLike<unknown>);
  } finally {
    const left = loop.allTasks();
    for (let i = 0; i < left.length; i++) left[i].cancel();
    try {
      loop.runUntilIdle();
    } catch (e) {}
    loop.close();
    setEventLoop(previous);
  }
}

export function explore(testFn: TestFn, options?: ExploreOptions): ExploreResult {
  const runs = options && options.runs !== undefined ? options.runs : 100;
  const seed = options && options.seed !== undefined ? options.seed : 1;
  for (let i = 0; i < runs; i++) {
    const rec = recording(seededRandom(seed + i));
    try {
      runOnce(testFn, rec);
    } catch (error) {
      const e = new ExploreError(
        "explore: run " + (i + 1) + " of " + runs + " failed (seed " + (seed + i) + ", " + rec.choices.length + " scheduling choices): " + describe(error),
      );
      e.seed = seed + i;
      e.run = i;
      e.choices = rec.choices.slice();
      e.cause = error;
      throw e;
    }
  }
  return { runs };
}

/** Runs testFn again under a recorded schedule (ExploreError.choices). */
export function replaySchedule(testFn: TestFn, choices: number[]): void {
  runOnce(testFn, replay(choices, { thenFifo: true }));
}

function describe(error: unknown): string {
  if (error && typeof error === "object" && "message" in (error as any)) return String((error as any).name || "Error") + ": " + (error as any).message;
  return String(error);
}
