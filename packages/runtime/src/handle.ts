/**
 * Handles for scheduled callbacks (callSoon) and timers (callLater/callAt).
 * Cancelling a handle drops its function and arguments at once, so a
 * cancelled timer holds nothing alive while it waits to be pruned.
 */
import { captureContext, type AsyncContext } from "./async-context";

export interface HandleOwner {
  /** told when a timer is cancelled, to prune the heap lazily */
  _timerCancelled(handle: TimerHandle): void;
}

export class Handle {
  /** @internal */ _fn: Function | null;
  /** @internal */ _args: unknown[] | null;
  /** @internal */ _cancelled = false;
  /** @internal the host's async context where it was scheduled (as setTimeout keeps it) */
  _ctx: AsyncContext | null;

  constructor(fn: Function, args: unknown[] | null) {
    this._fn = fn;
    this._args = args;
    this._ctx = captureContext !== null ? captureContext() : null;
  }

  cancel(): void {
    if (this._cancelled) return;
    this._cancelled = true;
    this._fn = null;
    this._args = null;
    this._ctx = null;
  }

  cancelled(): boolean {
    return this._cancelled;
  }

  /** name of the callback, for step() reports and debug messages */
  describe(): string {
    const fn: any = this._fn;
    return fn ? fn.name || "<anonymous>" : "<cancelled>";
  }

  /** @internal runs the callback; exceptions reach the caller (the loop) */
  _run(): void {
    const fn = this._fn!;
    const args = this._args;
    const ctx = this._ctx;
    this._fn = null;
    this._args = null;
    if (ctx !== null) {
      this._ctx = null;
      ctx.runInAsyncScope(applyTo, undefined, fn, args);
    } else if (args === null) fn();
    else fn.apply(undefined, args);
  }
}

function applyTo(fn: Function, args: unknown[] | null): void {
  if (args === null) fn();
  else fn.apply(undefined, args);
}

export class TimerHandle extends Handle {
  /** @internal */ readonly _owner: HandleOwner;
  /** @internal insertion order: equal deadlines run first-scheduled first */
  readonly _seq: number;
  /** @internal true while the timer sits in the loop's heap */
  _inHeap = false;
  private readonly _when: number;

  constructor(when: number, seq: number, fn: Function, args: unknown[] | null, owner: HandleOwner) {
    super(fn, args);
    this._when = when;
    this._seq = seq;
    this._owner = owner;
  }

  /** the deadline, in the loop's time */
  when(): number {
    return this._when;
  }

  cancel(): void {
    if (this._cancelled) return;
    super.cancel();
    this._owner._timerCancelled(this);
  }
}
