/**
 * Which loop is current. The state lives with the scheduling core
 * (loop.ts); this module names it for the layers above.
 */
export { currentLoop, runningLoop, enterLoop, getEventLoop, peekDefaultLoop, setEventLoop } from "./loop";
