/**
 * Helpers for the primitive and TaskGroup suites (on top of ./helpers).
 */
import { CancelledError, sleep, type EventLoop, type Future, type Task } from "../../packages/runtime/src/index";
import { spawn, virtualLoop } from "./helpers";

type Gen<T> = Generator<unknown, T, any>;

/** A fresh virtual-time loop and a way to run a generator "main" on it to completion. */
export function setup(): { loop: EventLoop; main: <T>(genFn: () => Gen<T>) => T } {
  const loop = virtualLoop();
  return {
    loop,
    main<T>(genFn: () => Gen<T>): T {
      return loop.runUntilComplete(() => spawn(genFn, { n: "main" }));
    },
  };
}

/** `yield tick()`: lets every job and ready callback run (asyncio's sleep(0)). */
export function tick(): Future<undefined> {
  return sleep(0);
}

/** Runs fn in a job queued now: after the jobs already queued, before those queued later. */
export function inNextJob(loop: EventLoop, fn: () => void): void {
  const f = loop.createFuture<undefined>();
  f.addDoneCallback(() => fn());
  f.setResult(undefined);
}

/** How a task ended, as a short string: "ok:<value>", "cancelled", "error:<name>:<message>", "pending". */
export function outcome(t: Task<any>): string {
  if (!t.done()) return "pending";
  if (t.cancelled()) return "cancelled";
  const e = t.exception() as any;
  if (e !== null) return "error:" + e.name + ":" + e.message;
  return "ok:" + String(t.result());
}

/** Runs genFn as a task that records "<tag>:cancelled" in log if it is cancelled, then rethrows. */
export function spawnLogged<T>(log: string[], tag: string, genFn: () => Gen<T>): Task<T> {
  return spawn(function* () {
    try {
      return yield* genFn();
    } catch (e) {
      if (e instanceof CancelledError) log.push(tag + ":cancelled");
      throw e;
    }
  }, { n: tag });
}
