/**
 * Which loop is running now, and how to make the default one. Kept apart
 * from loop.ts so that futures and tasks can find their loop without
 * importing the loop module (no import cycles, no order-of-evaluation traps).
 */
import type { EventLoop } from "./loop";

let running: EventLoop | null = null;
let defaultLoop: EventLoop | null = null;
let makeDefault: (() => EventLoop) | null = null;

/** The loop new tasks and futures belong to: the running loop, else the default loop. */
export function currentLoop(): EventLoop {
  return running !== null ? running : getEventLoop();
}

/** The loop running right now (inside one of its passes), or null. */
export function runningLoop(): EventLoop | null {
  return running;
}

/** @internal the loop marks itself running for the duration of a pass; returns the previous one */
export function enterLoop(loop: EventLoop | null): EventLoop | null {
  const prev = running;
  running = loop;
  return prev;
}

/** The running loop, else the default loop (created on first use). */
export function getEventLoop(): EventLoop {
  if (running !== null) return running;
  if (defaultLoop === null) defaultLoop = makeDefault!();
  return defaultLoop;
}

/** @internal the default loop as set, without creating one */
export function peekDefaultLoop(): EventLoop | null {
  return defaultLoop;
}

/** Sets the default loop (what getEventLoop() returns outside a running loop). */
export function setEventLoop(loop: EventLoop | null): void {
  defaultLoop = loop;
}

/** @internal loop.ts registers how the default loop is made */
export function setDefaultLoopFactory(factory: () => EventLoop): void {
  makeDefault = factory;
}
