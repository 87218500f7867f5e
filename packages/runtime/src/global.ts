/**
 * Entry of dist/coloop.global.js: one ES5 script that defines the global
 * `coloop` holding every export (for plain scripts on embedded engines and
 * the plugin's `moduleType: "global"`).
 */
import * as coloop from "./index";
import { globalObject } from "./host";

globalObject.coloop = coloop;
