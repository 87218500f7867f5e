/**
 * Inspection is data, then formatting: snapshotTasks() turns live tasks into
 * plain records; dumpTasks() renders records as a tree (awaiter above the
 * task it awaits).
 */
import { BaseFuture, CANCELLED, PENDING, REJECTED } from "./base-future";
import { Future } from "./future";
import { LoopPromise } from "./loop-promise";
import { Task, type AwaitSite } from "./task";
import { EventLoop } from "./loop";

export type TaskState = "pending" | "running" | "done" | "cancelled" | "failed";

export interface AwaitTarget {
  kind: "task" | "future" | "timer" | "promise" | "value";
  /** task id, for kind "task" */
  id?: number;
  /** human-readable: "task Task-3 (worker)", "timer due at 100 ms", … */
  description: string;
}

export interface TaskInfo {
  id: number;
  name: string;
  /** the async function's name */
  coroutine: string;
  state: TaskState;
  /** the await it is suspended at (null while running, when done, or without locations) */
  site: AwaitSite | null;
  /** what it awaits (null unless suspended) */
  awaiting: AwaitTarget | null;
  /** ids of the tasks awaiting this one */
  awaitedBy: number[];
}

/** A future that a timer completes (sleep): inspection shows its deadline. */
export interface TimerLabelled {
  _timerWhen?: number;
}

export function taskState(t: Task<any>): TaskState {
  switch (t._state) {
    case PENDING:
      return t._loop._current === t ? "running" : "pending";
    case CANCELLED:
      return "cancelled";
    case REJECTED:
      return "failed";
    default:
      return "done";
  }
}

function describeTarget(w: BaseFuture | null, t: Task<any>): AwaitTarget | null {
  if (t._state !== PENDING || t._loop._current === t) return null;
  if (w === null) return { kind: "value", description: t._body === null ? "a returned thenable" : "a value (resuming)" };
  if (w instanceof Task) return { kind: "task", id: w._id, description: "task " + labelOf(w) };
  const when = (w as TimerLabelled)._timerWhen;
  if (when !== undefined) return { kind: "timer", description: "timer due at " + when + " ms" };
  if (w instanceof Future) return { kind: "future", description: "future" };
  if (w instanceof LoopPromise) return { kind: "promise", description: "promise" };
  return { kind: "future", description: "future" };
}

function labelOf(t: Task<any>): string {
  const coro = t._meta.n;
  return coro && coro !== t.getName() ? t.getName() + " (" + coro + ")" : t.getName();
}

export function snapshotTasks(tasks: Task<any>[], _loop: EventLoop): TaskInfo[] {
  const out: TaskInfo[] = [];
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i];
    const awaitedBy: number[] = [];
    const cbs = t._callbacks();
    for (let j = 0; j < cbs.length; j++) if (cbs[j] instanceof Task) awaitedBy.push((cbs[j] as Task<any>)._id);
    out.push({
      id: t._id,
      name: t.getName(),
      coroutine: t._meta.n || "<anonymous>",
      state: taskState(t),
      site: t.getSite(),
      awaiting: describeTarget(t._body === null ? t._adopted : t._w, t),
      awaitedBy,
    });
  }
  return out;
}

export function formatSite(site: AwaitSite): string {
  return (site.file ? site.file + ":" : "") + site.line + ":" + site.column + " `await " + site.text + "`";
}

/** Renders a snapshot: each root task, then (indented) the task it awaits, and so on. */
export function dumpTasks(infos: TaskInfo[], loop: EventLoop): string {
  const byId: { [id: number]: TaskInfo } = {};
  for (let i = 0; i < infos.length; i++) byId[infos[i].id] = infos[i];
  const lines: string[] = [];
  lines.push("Event loop at " + Math.round(loop.time() * 10) / 10 + " ms: " + infos.length + " live task" + (infos.length === 1 ? "" : "s"));
  const shown: { [id: number]: boolean } = {};
  const render = (info: TaskInfo, depth: number) => {
    let pad = "";
    for (let d = 0; d < depth; d++) pad += "    ";
    shown[info.id] = true;
    let line = pad + (depth > 0 ? "└─ " : "") + info.name;
    if (info.coroutine !== info.name) line += " (" + info.coroutine + ")";
    line += " [" + info.state + "]";
    if (info.site) line += " at " + formatSite(info.site);
    lines.push(line);
    if (info.awaiting && info.awaiting.kind !== "task") lines.push(pad + (depth > 0 ? "   " : "") + "   awaits " + info.awaiting.description);
    if (info.awaiting && info.awaiting.kind === "task") {
      const child = byId[info.awaiting.id!];
      if (child && !shown[child.id]) render(child, depth + 1);
      else lines.push(pad + "   awaits " + info.awaiting.description);
    }
  };
  // roots: tasks no live task awaits
  for (let i = 0; i < infos.length; i++) {
    const by = infos[i].awaitedBy;
    let awaited = false;
    for (let j = 0; j < by.length; j++) if (byId[by[j]]) awaited = true;
    if (!awaited) render(infos[i], 0);
  }
  for (let i = 0; i < infos.length; i++) if (!shown[infos[i].id]) render(infos[i], 0);
  return lines.join("\n");
}


declare module "./loop" {
  interface EventLoop {
    /** A snapshot of every live task: state, await site, what it awaits, who awaits it. */
    tasks(): TaskInfo[];
    /** The task snapshot as a readable tree. */
    dump(): string;
  }
}

// inspection, added to the scheduling core
EventLoop.prototype.tasks = function (this: EventLoop): TaskInfo[] {
  return snapshotTasks(this._liveTasks() as Task<unknown>[], this);
};

EventLoop.prototype.dump = function (this: EventLoop): string {
  return dumpTasks(this.tasks(), this);
};
