/**
 * Hand-written protocol coroutines (the shape the Babel plugin emits), shared
 * by the task, cancellation and inspection suites.
 */
import { startCoroutine, type Task } from "../../packages/runtime/src/index";
import type { CoroutineMeta } from "../../packages/runtime/src/protocol";

/**
 *     async function guarded(a, b, c) {
 *       log("start");
 *       try {
 *         await a;                       // resume point 1
 *         log("after a");
 *       } catch (e) {                    // landing 2
 *         log("caught " + e.name);
 *         await b;                       // 3
 *       } finally {                      // landing 4
 *         log("finally");
 *         await c;                       // 5
 *       }
 *       return "end";
 *     }
 */
export const GUARDED_META: CoroutineMeta = {
  n: "guarded",
  f: "guarded.js",
  r: [1, 2, 4, 6],
  a: [1, 4, 11, "a", 3, 8, 11, "b", 5, 11, 11, "c"],
};

export function guarded(log: (s: string) => void, a: unknown, b: unknown, c: unknown): Task<string> {
  let ck = 0;
  let cv: unknown;
  return startCoroutine<string>(function (co, v) {
    for (;;)
      switch (co.s) {
        case 0:
          log("start");
          co.s = 1;
          return a;
        case 1:
          log("after a");
          co.k = 0;
          co.s = 4;
          break;
        case 2:
          log("caught " + (v && (v as Error).name));
          co.s = 3;
          return b;
        case 3:
          co.k = 0;
          co.s = 4;
          break;
        case 4:
          ck = co.k;
          cv = v;
          log("finally");
          co.s = 5;
          return c;
        case 5:
          if (ck === 2) throw cv;
          if (ck === 1) {
            co.s = -1;
            return cv;
          }
          co.s = 6;
          break;
        case 6:
          co.s = -1;
          return "end";
      }
  }, GUARDED_META);
}

/**
 *     async function nested(x, y, z) {
 *       try {
 *         try {
 *           await x;                     // 1
 *         } finally {                    // landing 2
 *           log("inner finally");
 *           await y;                     // 3
 *         }
 *         await z;                       // 4
 *       } catch (e) {                    // landing 5
 *         log("outer caught " + e.message);
 *       }
 *       return "done";
 *     }
 */
export const NESTED_META: CoroutineMeta = { n: "nested", r: [1, -1, 2, 4, 1, 5, -1, 6] };

export function nested(log: (s: string) => void, x: unknown, y: unknown, z: unknown): Task<string> {
  let ck = 0;
  let cv: unknown;
  return startCoroutine<string>(function (co, v) {
    for (;;)
      switch (co.s) {
        case 0:
          co.s = 1;
          return x;
        case 1:
          co.k = 0;
          co.s = 2;
          break;
        case 2:
          ck = co.k;
          cv = v;
          log("inner finally");
          co.s = 3;
          return y;
        case 3:
          if (ck === 2) throw cv;
          if (ck === 1) {
            co.s = -1;
            return cv;
          }
          co.s = 4;
          return z;
        case 4:
          co.s = 6;
          break;
        case 5:
          log("outer caught " + (v && (v as Error).message));
          co.s = 6;
          break;
        case 6:
          co.s = -1;
          return "done";
      }
  }, NESTED_META);
}

/** `async function (x) { return await x; }` with one await site. */
export function awaiter(x: unknown, meta?: CoroutineMeta): Task<any> {
  return startCoroutine(function (co, v) {
    if (co.s === 0) {
      co.s = 1;
      return x;
    }
    co.s = -1;
    return v;
  }, meta || { n: "awaiter", f: "awaiter.js", a: [1, 1, 20, "x"] });
}
