/**
 * The host's async context (Node's AsyncLocalStorage) across the loop.
 *
 * Natively every `await` continuation, promise reaction and timer runs in the
 * context that was current where it was scheduled. The loop runs all of them
 * from its own host callbacks, so without help a resumed task would see
 * whatever context woke the loop (request 1's store leaking into request 2).
 * Where node:async_hooks exists, the runtime captures an AsyncResource where
 * work is scheduled (a task at each await, a `then`, a callSoon/timer) and
 * runs the work inside it; the loop's own host callbacks run in the context
 * of the moment the runtime loaded (no store), so nothing leaks between them.
 *
 * Capturing costs an AsyncResource each time, so it starts only once an
 * AsyncLocalStorage is in use: until then `AsyncLocalStorage.prototype.run`
 * and `enterWith` are wrapped to notice the first use, and the wrappers put
 * the originals back at once. Programs that never use one pay a null test.
 * A store entered before the runtime loaded is not seen (documented limit).
 */
import { globalObject } from "./host";

/** A captured context: node's AsyncResource (only runInAsyncScope is used). */
export interface AsyncContext {
  runInAsyncScope(fn: Function, thisArg: unknown, ...args: unknown[]): any;
}

/** null while no AsyncLocalStorage is in use; else captures the current context. */
export let captureContext: (() => AsyncContext) | null = null;

/** The context the loop's host callbacks run in (null while nothing is captured). */
export let rootContext: AsyncContext | null = null;

/** @internal the async_hooks module, for the tests and the task's reuse check */
export let asyncHooks: any = null;

/**
 * process.getBuiltinModule (Node >= 20.16): no `require` in the runtime, which
 * would make browser bundlers look for async_hooks.
 */
function loadAsyncHooks(): any {
  const proc = globalObject.process;
  try {
    if (proc && typeof proc.getBuiltinModule === "function") return proc.getBuiltinModule("node:async_hooks");
  } catch (e) {}
  return null;
}

function install(): void {
  const hooks = loadAsyncHooks();
  if (!hooks || typeof hooks.AsyncLocalStorage !== "function" || typeof hooks.AsyncResource !== "function") return;
  const Resource = hooks.AsyncResource;
  const proto = hooks.AsyncLocalStorage.prototype;
  const run = proto.run;
  const enterWith = proto.enterWith;
  if (typeof run !== "function" || typeof enterWith !== "function" || typeof hooks.executionAsyncResource !== "function") return;
  asyncHooks = hooks;
  // made now, while no store is entered: the empty context
  const root: AsyncContext = new Resource("coloop.loop");
  const activate = function () {
    if (proto.run === wrappedRun) proto.run = run;
    if (proto.enterWith === wrappedEnterWith) proto.enterWith = enterWith;
    if (captureContext !== null) return;
    rootContext = root;
    captureContext = function () {
      return new Resource("coloop");
    };
  };
  const wrappedRun = function (this: unknown) {
    activate();
    return run.apply(this, arguments);
  };
  const wrappedEnterWith = function (this: unknown) {
    activate();
    return enterWith.apply(this, arguments);
  };
  proto.run = wrappedRun;
  proto.enterWith = wrappedEnterWith;
}

install();

/** The current execution resource (a task reuses its context while it is still the current one). */
export function currentResource(): unknown {
  return asyncHooks.executionAsyncResource();
}
