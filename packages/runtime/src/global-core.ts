/**
 * Entry of dist/coloop.core.global.js: the core entry (core.ts) plus the
 * LoopPromise statics, as one ES5 script defining the global `coloop`, for
 * embedded hosts that run compiled code (`moduleType: "global"`) and drive
 * the loop with runOnce/runUntilIdle. dist/coloop.global.js has everything.
 */
import * as core from "./core";
import { installPromise } from "./promise";
import { globalObject } from "./host";

const coloop: { [name: string]: unknown } = {};
for (const name in core) coloop[name] = (core as { [name: string]: unknown })[name];
coloop.installPromise = installPromise;
globalObject.coloop = coloop;
