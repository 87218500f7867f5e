/**
 * The one decision point: whenever more than one entry of a level (jobs, or
 * ready callbacks) could run next, the loop asks its scheduler which. FIFO
 * keeps the host's order; other schedulers reorder within a level to explore
 * interleavings, reproducibly.
 */
import { Prng } from "./prng";
import { InvalidStateError } from "./errors";

/** Levels the loop asks about. */
export const LEVEL_JOBS = 0;
export const LEVEL_CALLBACKS = 1;

export interface Scheduler {
  /** Index in [0, count) of the entry of `level` to run next; count >= 2. */
  pick(level: number, count: number): number;
  /** True when pick always answers 0: the loop then never calls it. */
  readonly fifo?: boolean;
}

/** First in, first out: native order. The default. */
export const fifo: Scheduler = {
  fifo: true,
  pick() {
    return 0;
  },
};

export interface RandomScheduler extends Scheduler {
  readonly seed: number;
}

/** Picks among the ready entries of a level at random, reproducibly from `seed`. */
export function seededRandom(seed: number): RandomScheduler {
  const prng = new Prng(seed);
  return {
    seed,
    pick(_level: number, count: number) {
      return prng.below(count);
    },
  };
}

export interface RecordingScheduler extends Scheduler {
  /** every choice made so far, in order */
  readonly choices: number[];
}

/** Wraps a scheduler and records every choice it makes, for replay(). */
export function recording(inner: Scheduler): RecordingScheduler {
  const choices: number[] = [];
  return {
    choices,
    pick(level: number, count: number) {
      const i = inner.pick(level, count);
      choices.push(i);
      return i;
    },
  };
}

/**
 * Replays recorded choices. A choice that no longer fits (the program
 * changed) or running out of choices throws InvalidStateError; after the
 * recording, it falls back to FIFO when `{ thenFifo: true }`.
 */
export function replay(choices: number[], options?: { thenFifo?: boolean }): Scheduler {
  let next = 0;
  const thenFifo = !!(options && options.thenFifo);
  return {
    pick(_level: number, count: number) {
      if (next >= choices.length) {
        if (thenFifo) return 0;
        throw new InvalidStateError("replay: the recorded schedule has no more choices");
      }
      const i = choices[next++];
      if (i >= count) {
        throw new InvalidStateError(
          "replay: choice " + (next - 1) + " picks entry " + i + " of " + count + ": the program no longer matches the recording",
        );
      }
      return i;
    },
  };
}
