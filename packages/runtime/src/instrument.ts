/**
 * Instrumentation: loop.on(event, fn). Listeners are kept per event; the
 * loop's hot paths only test whether any listener exists at all. A listener
 * that throws is removed and reported through the exception handler.
 * Adds `on` to the scheduling core, which only holds the nullable slot.
 */
import { EventLoop } from "./loop";

export type LoopEvent = "taskCreated" | "taskSuspended" | "taskResumed" | "taskDone" | "callback";

const EVENTS: LoopEvent[] = ["taskCreated", "taskSuspended", "taskResumed", "taskDone", "callback"];

/**
 * A listener: the task ("taskCreated", "taskSuspended", "taskResumed",
 * "taskDone"), or the callback's name and its duration in ms ("callback").
 */
export type Listener = (subject: any, detail?: number) => void;

export class Hooks {
  private readonly listeners: { [event: string]: Listener[] } = {};

  constructor(private readonly onListenerError: (event: LoopEvent, error: unknown) => void) {}

  add(event: LoopEvent, fn: Listener): () => void {
    if (EVENTS.indexOf(event) < 0) throw new TypeError("loop.on: unknown event " + String(event) + " (one of " + EVENTS.join(", ") + ")");
    if (typeof fn !== "function") throw new TypeError("loop.on: the listener must be a function");
    const list = this.listeners[event] || (this.listeners[event] = []);
    list.push(fn);
    const self = this;
    return function off() {
      self.remove(event, fn);
    };
  }

  remove(event: LoopEvent, fn: Listener): void {
    const list = this.listeners[event];
    if (!list) return;
    for (let i = 0; i < list.length; i++) {
      if (list[i] === fn) {
        list.splice(i, 1);
        return;
      }
    }
  }

  isEmpty(): boolean {
    for (let i = 0; i < EVENTS.length; i++) {
      const list = this.listeners[EVENTS[i]];
      if (list && list.length > 0) return false;
    }
    return true;
  }

  emit(event: string, subject: unknown, detail?: unknown): void {
    const list = this.listeners[event];
    if (!list || list.length === 0) return;
    const snapshot = list.slice();
    for (let i = 0; i < snapshot.length; i++) {
      try {
        snapshot[i](subject, detail as number | undefined);
      } catch (e) {
        this.remove(event as LoopEvent, snapshot[i]);
        this.onListenerError(event as LoopEvent, e);
      }
    }
  }
}

declare module "./loop" {
  interface EventLoop {
    /**
     * Calls fn on an event: "taskCreated", "taskSuspended", "taskResumed",
     * "taskDone" (with the task) or "callback" (with the callback's name and
     * its duration in ms). Returns a function that removes the listener.
     */
    on(event: LoopEvent, fn: Listener): () => void;
  }
}

EventLoop.prototype.on = function (this: EventLoop, event: LoopEvent, fn: Listener): () => void {
  const self = this;
  let hooks = this._hooks as Hooks | null;
  if (hooks === null) {
    hooks = new Hooks(function (ev, error) {
      self.callExceptionHandler({ message: "A " + ev + " listener failed and was removed", exception: error });
    });
    this._hooks = hooks;
  }
  const mine = hooks;
  const off = mine.add(event, fn);
  return function () {
    off();
    if (self._hooks === mine && mine.isEmpty()) self._hooks = null;
  };
};
