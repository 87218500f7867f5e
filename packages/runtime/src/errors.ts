/**
 * Error classes. They are built as ES5 constructor functions rather than
 * `class X extends Error`: a down-levelled subclass of a built-in needs
 * Reflect.construct or __proto__ tricks that Duktape and MuJS do not have.
 */

export interface ErrorClass<T extends Error> {
  new (message?: string): T;
  (message?: string): T;
  readonly prototype: T;
}

const V8Error = Error as ErrorConstructor & {
  captureStackTrace?: (target: object, ctor: Function) => void;
};

function defineError<T extends Error>(name: string, Base: Function = Error): ErrorClass<T> {
  const ctor = function (this: any, message?: string): any {
    if (!(this instanceof ctor)) return new (ctor as any)(message);
    // own and not enumerable, as a native error's message
    Object.defineProperty(this, "message", { value: message === undefined ? "" : String(message), writable: true, configurable: true });
    if (V8Error.captureStackTrace) V8Error.captureStackTrace(this, ctor);
    else {
      const stack = new Error(this.message).stack;
      if (stack !== undefined) this.stack = stack;
    }
  } as unknown as ErrorClass<T>;
  const proto = Object.create(Base.prototype);
  // not enumerable, as on Error.prototype: printers (Node's util.inspect) list enumerable ones
  Object.defineProperty(proto, "constructor", { value: ctor, writable: true, configurable: true });
  Object.defineProperty(proto, "name", { value: name, writable: true, configurable: true });
  (ctor as any).prototype = proto;
  try {
    // what Node prints the error as (`InvalidStateError: …`, not `ctor [InvalidStateError]`)
    Object.defineProperty(ctor, "name", { value: name, configurable: true });
  } catch (e) {
    // ES5 hosts: a function's name is not configurable; they print `name` from the prototype
  }
  return ctor;
}

/** Thrown into a task at its current await when it is cancelled. */
export interface CancelledError extends Error {}
export const CancelledError = defineError<CancelledError>("CancelledError");

/** Raised by waitFor/timeout when the deadline passes. */
export interface TimeoutError extends Error {}
export const TimeoutError = defineError<TimeoutError>("TimeoutError");

/** API misuse: setting a done future, reading a pending one, using a closed loop. */
export interface InvalidStateError extends Error {}
export const InvalidStateError = defineError<InvalidStateError>("InvalidStateError");

/** Queue.getNowait() on an empty queue. */
export interface QueueEmpty extends Error {}
export const QueueEmpty = defineError<QueueEmpty>("QueueEmpty");

/** Queue.putNowait() on a full queue. */
export interface QueueFull extends Error {}
export const QueueFull = defineError<QueueFull>("QueueFull");

/** put/get on a queue that was shut down (asyncio 3.13's Queue.shutdown). */
export interface QueueShutDown extends Error {}
export const QueueShutDown = defineError<QueueShutDown>("QueueShutDown");

/** Several errors at once: TaskGroup failures, and LoopPromise.any where AggregateError is missing. */
export interface AggregateErrorLike extends Error {
  errors: unknown[];
}
export interface TaskGroupError extends AggregateErrorLike {}
export const TaskGroupError = defineError<TaskGroupError>("TaskGroupError");

/** explore() found a schedule under which the test fails: its seed and recorded choices reproduce it. */
export interface ExploreError extends Error {
  seed: number;
  run: number;
  choices: number[];
  cause: unknown;
}
export const ExploreError = defineError<ExploreError>("ExploreError");

const AnyAggregate = defineError<AggregateErrorLike>("AggregateError");

/** An AggregateError: the host's when it has one, else a look-alike. */
export function aggregateError(errors: unknown[], message: string): AggregateErrorLike {
  const G: any = typeof AggregateError === "function" ? AggregateError : null;
  if (G !== null) return new G(errors, message);
  const e = new AnyAggregate(message);
  e.errors = errors;
  return e;
}

declare const AggregateError: unknown;

export function taskGroupError(errors: unknown[]): TaskGroupError {
  const e = new TaskGroupError(
    "unhandled errors in a TaskGroup (" + errors.length + " sub-exception" + (errors.length === 1 ? ")" : "s)"),
  );
  e.errors = errors;
  return e;
}

export function isCancelledError(e: unknown): e is CancelledError {
  return e instanceof CancelledError;
}
