/**
 * The runtime's other entries (core: what compiled code imports; promise:
 * LoopPromise with its statics; protocol: the coroutine protocol the plugin
 * reads), resolved through "exports" (node16, bundler) or "typesVersions"
 * (node10): the same classes as the index's.
 */
import { EventLoop as CoreLoop, Task as CoreTask, startCoroutine } from "@coloop/runtime/core";
import { LoopPromise, installPromise } from "@coloop/runtime/promise";
import { DONE } from "@coloop/runtime/protocol";
import { EventLoop, LoopPromise as IndexLoopPromise, Task } from "@coloop/runtime";
import { assertType, type Equal } from "./expect-type";

assertType<Equal<CoreTask<number>, Task<number>>>();
assertType<Equal<CoreLoop, EventLoop>>();
assertType<Equal<LoopPromise<string>, IndexLoopPromise<string>>>();
assertType<Equal<typeof DONE, -1>>();

export const started: CoreTask<number> = startCoroutine<number>(function (co) {
  co.s = DONE;
  return 1;
});
export const all = LoopPromise.all([LoopPromise.resolve(1)]);
export const install: typeof installPromise = installPromise;
