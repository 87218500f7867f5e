/**
 * @coloop/runtime/promise: LoopPromise with every static (all, allSettled,
 * any, race, withResolvers) and installPromise. Compiled code with the
 * plugin's `promise: "loop"` takes `Promise` from here.
 */
export { LoopPromise } from "./loop-promise";
export { installPromise } from "./loop-promise-statics";
export type { Values } from "./loop-promise-statics";
