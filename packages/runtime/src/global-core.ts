/**
 * Entry of dist/coloop.core.global.js: the core entry (core.ts) plus the
 * LoopPromise statics and VirtualClock, as one ES5 script defining the global `coloop`, for
 * embedded hosts that run compiled code (`moduleType: "global"`) and drive
 * the loop with runOnce/runUntilIdle. dist/coloop.global.js has everything.
 */
import * as core from "./core";
import { installPromise } from "./promise";
import { VirtualClock } from "./clock";
import { globalObject } from "./host";

const coloop: { [name: string]: unknown } = {};
for (const name in core) coloop[name] = (core as { [name: string]: unknown })[name];
coloop.installPromise = installPromise;
coloop.VirtualClock = VirtualClock;
globalObject.coloop = coloop;
