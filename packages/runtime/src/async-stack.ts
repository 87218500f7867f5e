/**
 * Async stacks: when a task's coroutine fails, the error gets the chain of
 * tasks it was failing through — the failing task at the await it last
 * passed, then the task awaiting it at that await, and so on up — as a
 * non-enumerable `coloopAsyncStack` property. The first recording wins, so
 * an error rethrown up the chain keeps the stack of its origin. When a task
 * awaits the failing one, the error's `stack` also gets V8's
 * `at async caller (file:line:col)` lines (error-stack.ts).
 */
import { CancelledError } from "./errors";
import { SITE_SIZE, type AwaitSite, type CoroutineMeta } from "./protocol";
import { appendAsyncFrames, type AsyncFrame } from "./error-stack";

/** What a frame is read from: a task (task.ts), at its resume point, and the waiters registered on it. */
export interface StackTask {
  s: number;
  _meta: CoroutineMeta;
  getName(): string;
  _callbacks(): unknown[];
}

export type { AsyncFrame };

const KEY = "coloopAsyncStack";
const MAX_FRAMES = 64;

/** The await site of a coroutine at resume point s, or null. */
export function siteAt(t: StackTask, s: number): AwaitSite | null {
  const a = t._meta.a;
  if (!a) return null;
  for (let i = 0; i < a.length; i += SITE_SIZE) {
    if (a[i] === s) return { file: t._meta.f || null, line: a[i + 1] as number, column: a[i + 2] as number, text: a[i + 3] as string };
  }
  return null;
}

function awaitedBy(t: StackTask): StackTask | null {
  const cbs = t._callbacks();
  for (let i = 0; i < cbs.length; i++) {
    const cb: any = cbs[i];
    if (cb && typeof cb === "object" && typeof cb.getName === "function" && cb._meta) return cb as StackTask;
  }
  return null;
}

/** Records the async stack on `error` as task `t` fails with it at resume point s. */
export function recordAsyncStack(t: StackTask, error: unknown, s: number): void {
  if (error === null || typeof error !== "object" || error instanceof CancelledError) return;
  if (Object.prototype.hasOwnProperty.call(error, KEY)) return;
  const frames: AsyncFrame[] = [{ task: t.getName(), coroutine: t._meta.n || "<anonymous>", site: siteAt(t, s) }];
  for (let cur = awaitedBy(t); cur !== null && frames.length < MAX_FRAMES; cur = awaitedBy(cur)) {
    frames.push({ task: cur.getName(), coroutine: cur._meta.n || "<anonymous>", site: siteAt(cur, cur.s) });
  }
  try {
    Object.defineProperty(error, KEY, { value: frames, configurable: true, writable: true, enumerable: false });
  } catch (e) {
    return; // a frozen error keeps no stack
  }
  // the error leaves the task to an awaiter: its stack gets `at async` lines
  if (frames.length > 1) appendAsyncFrames(error, frames, frames[0].coroutine);
}

/** The async stack recorded on an error by a failing task, or null. */
export function getAsyncStack(error: unknown): AsyncFrame[] | null {
  if (error === null || typeof error !== "object") return null;
  const frames = (error as any)[KEY];
  return frames && typeof frames.length === "number" ? frames : null;
}

function describeSite(site: AwaitSite | null): string {
  if (site === null) return "";
  return " at " + (site.file ? site.file + ":" : "") + site.line + ":" + site.column + " `await " + site.text + "`";
}

/** The async stack as lines: the failing task first, then who awaited it. */
export function formatAsyncStack(frames: AsyncFrame[]): string {
  const lines: string[] = ["async stack:"];
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i];
    const who = f.task + (f.coroutine !== f.task ? " (" + f.coroutine + ")" : "");
    lines.push("    " + (i === 0 ? "in " : "awaited by ") + who + describeSite(f.site));
  }
  return lines.join("\n");
}
