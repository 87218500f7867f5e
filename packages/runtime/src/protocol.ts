/**
 * The coroutine protocol: the one interface through which a Task drives a
 * coroutine. The Babel plugin emits code that implements it; hand-written
 * state machines (and test adapters for generator objects) implement it too.
 *
 * A coroutine is a *body* function plus a static *meta* descriptor:
 *
 *     function body(co, v) {            // co: the frame (in practice the Task)
 *       for (;;) switch (co.s) {        // co.s: the resume point
 *         case 0: ...; co.s = 1; return awaited;   // suspend at an await
 *         case 1: x = v; ...                       // v: the awaited value
 *                 co.s = DONE; return result;      // finish
 *       }
 *     }
 *
 * - Start: the driver calls `body(co, undefined)` with `co.s === 0`.
 * - Resume with a value: `body(co, value)`; `co.s` is the point the body
 *   stored before it returned.
 * - Suspend: the body stores the resume point in `co.s` (>= 0) and returns
 *   the value it awaits. Nothing else is allocated per suspension.
 * - Finish: the body sets `co.s = DONE` and returns its result. If the result
 *   is a thenable the task adopts it, as `return promise` does natively.
 * - Throw in (an awaited future failed, or the task is cancelled) and
 *   exceptions thrown by the body itself: the driver looks `co.s` up in the
 *   region table `meta.r` (below). If a `catch` or `finally` region covers
 *   that point, the driver sets `co.s` to its landing point (and `co.k`, the
 *   landing kind, for a finally) and calls the body with the error as `v`.
 *   Otherwise the error is the coroutine's outcome.
 * - Close: like throw-in with kind LAND_RETURN: only `finally` regions are
 *   entered, and the body finishes with the value it is given.
 *
 * Because the resume point is always stored before the body returns or
 * throws, `co.s` is also where the coroutine "is": inspection reads the
 * await site for a resume point from `meta.a`.
 */

/** `co.s` once the coroutine has finished: the body's return value is its result. */
export const DONE = -1;

/**
 * `co.s` once the coroutine has failed: the body caught an error no region
 * takes (see `caught` in entry.ts) and returns it as its outcome.
 */
export const FAILED = -2;

/** Landing kinds written to `co.k` before the driver enters a finally region. */
export const LAND_RETURN = 1;
export const LAND_THROW = 2;

/**
 * Completion kinds a compiled body keeps for a pending `finally`. The landing
 * kinds above are chosen to be the same numbers, so a landing case can copy
 * `co.k` straight into its completion record.
 */
export const COMPLETION_NORMAL = 0;
export const COMPLETION_RETURN = LAND_RETURN;
export const COMPLETION_THROW = LAND_THROW;
export const COMPLETION_JUMP = 3;

/**
 * Region table: a flat array with one quad per try statement that contains an
 * await, innermost first (a try statement appears before every try statement
 * that encloses it):
 *
 *     [tryStart, catchStart, finallyStart, end, ...]
 *
 * Resume points are numbered in source order, so a try statement owns the
 * contiguous range [tryStart, end): its try block is [tryStart, catchStart)
 * (or up to finallyStart when there is no catch), its catch block
 * [catchStart, finallyStart or end), its finally block [finallyStart, end).
 * A missing catch or finally is -1. `finallyStart` is the landing point: the
 * code there records the completion `(co.k, v)` and runs the finally body.
 */
export const REGION_SIZE = 4;

/** The frame a body receives: the fields of the Task the protocol uses. */
export interface Frame {
  /** resume point; DONE once finished */
  s: number;
  /** landing kind when the driver enters a finally region */
  k: number;
}

/** A coroutine body: `v` is the value (or error) it resumes with; it returns what it awaits, its result or its error. */
export type CoroutineBody = (co: Frame, v: unknown) => unknown;

/**
 * Static facts about one coroutine body, emitted once per function (not per
 * call). Keys are short because compiled output carries one per function.
 */
export interface CoroutineMeta {
  /** function name, for task names and inspection */
  n?: string;
  /** source file of the await sites */
  f?: string;
  /** region table, see REGION_SIZE */
  r?: number[];
  /**
   * await sites, flat quads: [resumePoint, line, column, sourceText, ...].
   * The resume point is the one stored in `co.s` while suspended there.
   */
  a?: Array<number | string>;
}

export const SITE_SIZE = 4;

/** An await site, read from `meta.a`: where a task is suspended. */
export interface AwaitSite {
  file: string | null;
  line: number;
  column: number;
  /** source text of the awaited expression */
  text: string;
}

/**
 * The runtime exports compiled code uses, by the entry it takes them from:
 * the Babel plugin emits no other name, and the runtime's tests check that
 * each entry exports them. From the package, `@coloop/runtime/core` has the
 * core helpers and `@coloop/runtime/promise` LoopPromise (with its statics,
 * for `promise: "loop"`).
 */
export const CORE_HELPERS = [
  "enterCoroutine",
  "leaveCoroutine",
  "caught",
  "failedCall",
  "asAsyncFunction",
  "asAsyncMethods",
  "iteratorOf",
  "iteratorStep",
  "closeIterator",
  "forInKeys",
  "objectRest",
  "templateObject",
  "queueMicrotask",
];
export const PROMISE_HELPERS = ["LoopPromise"];
