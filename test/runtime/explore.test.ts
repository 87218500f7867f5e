import { describe, expect, it } from "vitest";
import { ExploreError, explore, gather, replaySchedule } from "../../packages/runtime/src/index";
import { spawn } from "./helpers";

/**
 * A lost update that native (FIFO) order never shows: b reads the counter
 * two awaits in and writes it back one await later; only if a's increment
 * falls between b's read and write does it get lost.
 */
function racyTest() {
  let counter = 0;
  const a = spawn(function* () {
    yield null;
    counter += 1;
  });
  const b = spawn(function* () {
    yield null;
    yield null;
    const v = counter;
    yield null;
    counter = v + 10;
  });
  return spawn(function* () {
    yield gather(a, b);
    if (counter !== 11) throw new Error("lost update: counter is " + counter);
    return counter;
  });
}

describe("explore", () => {
  it("passes when every schedule passes", () => {
    const safe = () => spawn(function* () { yield null; return 1; });
    expect(explore(safe, { runs: 20, seed: 7 })).toEqual({ runs: 20 });
  });

  it("finds the schedule that loses an update, and replays it", () => {
    let failure: ExploreError | null = null;
    try {
      explore(racyTest, { runs: 200, seed: 1 });
    } catch (e) {
      failure = e as ExploreError;
    }
    expect(failure).toBeInstanceOf(ExploreError);
    expect(failure!.message).toMatch(/seed \d+/);
    expect((failure!.cause as Error).message).toMatch(/lost update/);
    expect(failure!.choices.length).toBeGreaterThan(0);
    // the recorded schedule fails again, the same way
    expect(() => replaySchedule(racyTest, failure!.choices)).toThrow(/lost update/);
    // and the same seed alone reproduces it as the first run
    expect(() => explore(racyTest, { runs: 1, seed: failure!.seed })).toThrow(ExploreError);
  });
});
