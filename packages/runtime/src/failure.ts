/**
 * What the scheduling core knows of a failed future whose outcome nobody
 * retrieved (base-future.ts implements it), and how it prints an error.
 * A leaf: the loop, the host's rejection path and the futures all use it.
 */

/** A failure the loop checks at the end of its job drain. */
export interface Failure {
  /** @internal someone took the outcome (await, then, result()/exception()) */
  _observed: boolean;
  /** @internal the error */
  _value: unknown;
  /** @internal the exception handler's context for it: message, exception, and the future (and task) */
  _unobservedContext(): { message: string; exception?: unknown; [key: string]: unknown };
}

/** An error as one or more lines: its stack where the engine keeps one. */
export function describeError(e: unknown): string {
  if (e !== null && typeof e === "object") {
    const err = e as { name?: unknown; message?: unknown; stack?: unknown };
    const head = String(err.name || "Error") + (err.message ? ": " + String(err.message) : "");
    if (typeof err.stack === "string" && err.stack.length > 0) {
      return err.stack.indexOf(head) >= 0 ? err.stack : head + "\n" + err.stack;
    }
    return head;
  }
  return "thrown value: " + String(e);
}
