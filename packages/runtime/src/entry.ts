/**
 * The entry of a compiled async function call, in two halves so that the
 * body runs directly in the caller's function: a call costs two frames (the
 * function and its body) on top of its caller, and deep synchronous async
 * recursion goes as far as it can. The compiled function is
 *
 *     function f(a) {
 *       var x, body = (co, v) => {
 *         for (;;) try { switch (co.s) { … } }
 *         catch (e) { if (!caught(co, e)) return e; v = e; }
 *       }, task = enterCoroutine(body, meta);
 *       return leaveCoroutine(task, body(task));
 *     }
 *
 * The body catches its own exceptions: `caught` lands them in a region (the
 * body goes on at the landing with the error as `v`) or records the failure
 * (`co.s = FAILED`; the body returns the error).
 */
import { Task, land, suspended } from "./task";
import { recordAsyncStack } from "./async-stack";
import { DONE, FAILED, LAND_THROW, type CoroutineBody, type CoroutineMeta, type Frame } from "./protocol";

/** Creates the task of a call on the running (or default) loop and makes it current. */
export function enterCoroutine<T = unknown>(body: CoroutineBody, meta?: CoroutineMeta): Task<T> {
  const t = new Task<T>(body, meta);
  const loop = t._loop;
  t._caller = loop._current as Task<any> | null;
  loop._current = t;
  return t;
}

/** After the first step: the caller is current again; the task finishes, fails or suspends. */
export function leaveCoroutine<T>(t: Task<T>, r: unknown): Task<T> {
  t._loop._current = t._caller;
  t._caller = null;
  if (t.s === DONE) t._return(r);
  else if (t.s === FAILED) t._throw(r);
  else {
    // the first suspension: from now on the task is live (listed by allTasks)
    t._loop._registerTask(t);
    suspended(t, r);
  }
  return t;
}

/** A compiled body's catch: true when a region takes the error (co.s is its landing). */
export function caught(co: Frame, e: unknown): boolean {
  if (land(co as Task<any>, LAND_THROW)) return true;
  recordAsyncStack(co as Task<any>, e, co.s);
  co.s = FAILED;
  return false;
}

/**
 * A call whose parameters failed to bind (a default threw, a destructured
 * argument was undefined, a parameter was read in its dead zone): natively
 * the async function's promise rejects and the call returns normally. Here:
 * a task that has failed with the error.
 */
export function failedCall<T = unknown>(error: unknown, meta?: CoroutineMeta): Task<T> {
  const t = new Task<T>(noBody, meta);
  t._throw(error);
  return t;
}

function noBody(): never {
  throw new Error("coloop internal error: the body of a failed call ran");
}
