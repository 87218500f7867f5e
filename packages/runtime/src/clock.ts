/**
 * The loop's one source of time, in milliseconds. A real clock reads the
 * host; a VirtualClock only moves when the loop (or the test) moves it.
 */
import { globalObject } from "./host";

export interface Clock {
  /** current time in ms */
  now(): number;
  /**
   * True for clocks the loop may move itself: when nothing is ready and a
   * timer is pending, the loop jumps the clock to that timer's deadline
   * instead of waiting.
   */
  readonly autoJump: boolean;
  /** Move the time forward to `t` (virtual clocks only; never backwards). */
  jumpTo?(t: number): void;
}

/** Host time: performance.now() where available, else Date.now(). */
export class RealClock implements Clock {
  readonly autoJump = false;
  private readonly read: () => number;
  constructor() {
    const perf = globalObject.performance;
    if (perf && typeof perf.now === "function") this.read = () => perf.now();
    else this.read = () => new Date().getTime();
  }
  now(): number {
    return this.read();
  }
}

export interface VirtualClockOptions {
  /** start time (default 0) */
  start?: number;
  /** jump to the next timer when nothing is ready (default true) */
  autoJump?: boolean;
}

/** Virtual time: starts at `start` and only moves by jumps and advance(). */
export class VirtualClock implements Clock {
  readonly autoJump: boolean;
  private t: number;
  constructor(options?: VirtualClockOptions) {
    this.t = options && options.start !== undefined ? options.start : 0;
    this.autoJump = !(options && options.autoJump === false);
  }
  now(): number {
    return this.t;
  }
  jumpTo(t: number): void {
    if (t > this.t) this.t = t;
  }
}
