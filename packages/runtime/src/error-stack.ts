/**
 * `at async` lines: when a task fails with an error captured in its body and
 * another task awaits it, the error's `stack` gets one line per awaiting
 * task, `    at async load (file:line:col)` at the await it is suspended
 * at, as V8 prints them for native async functions. It is done once per
 * error, as the error leaves the failing task (async-stack.ts), and only
 * where `stack` is the error's own string that can be written: Duktape's
 * inherited accessor and MuJS's missing `stack` are left alone.
 *
 * The cost: the first read of a V8 error's `stack` formats it, here when
 * the error leaves its task, natively only when someone reads it. Setting
 * `Error.stackTraceLimit = 0` turns both off.
 */
import type { AwaitSite } from "./protocol";

/** One frame of an async stack (async-stack.ts). */
export interface AsyncFrame {
  /** task name */
  task: string;
  /** the async function's name */
  coroutine: string;
  /** the await the task was at */
  site: AwaitSite | null;
}

const ASYNC_LINE = "\n    at async ";

/**
 * Appends the awaiting tasks (frames[1..]) to error.stack. `failing` is the
 * failing coroutine's name: a named coroutine's frame must be in the stack
 * (the error was captured in its body, not handed over from elsewhere).
 */
export function appendAsyncFrames(error: object, frames: AsyncFrame[], failing: string): void {
  // V8 records no frame at all, async ones included, with a limit of 0
  if ((Error as any).stackTraceLimit === 0) return;
  let stack: unknown;
  try {
    const d = Object.getOwnPropertyDescriptor(error, "stack");
    if (d === undefined) return;
    if (d.get !== undefined || d.set !== undefined) {
      if (d.get === undefined || d.set === undefined) return;
      stack = (error as any).stack;
    } else {
      if (!d.writable) return;
      stack = d.value;
    }
    if (typeof stack !== "string") return;
    // once: native async frames, or ours already
    if (stack.indexOf(ASYNC_LINE) >= 0) return;
    if (failing !== "<anonymous>" && !hasFrame(stack, failing)) return;
    let out = stack;
    for (let i = 1; i < frames.length; i++) out += ASYNC_LINE + describe(frames[i]);
    (error as any).stack = out;
  } catch (e) {
    // a stack that cannot be read or written stays as it is
  }
}

/** `name` as a frame's function name: after "at " or a receiver's ".", before " (" or " [as". */
function hasFrame(stack: string, name: string): boolean {
  for (let i = stack.indexOf(name); i >= 0; i = stack.indexOf(name, i + 1)) {
    const before = stack.charAt(i - 1);
    const after = stack.substr(i + name.length, 2);
    if ((before === " " || before === ".") && (after === " (" || after === " [")) return true;
  }
  return false;
}

function describe(f: AsyncFrame): string {
  const name = f.coroutine !== "<anonymous>" ? f.coroutine : "";
  const site = f.site;
  if (site === null) return name || "<anonymous>";
  const where = (site.file || "<anonymous>") + ":" + site.line + ":" + site.column;
  return name ? name + " (" + where + ")" : where;
}
