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

/**
 * The constructor of an error class named `name` whose prototype inherits
 * from Base's. `init(error, a, b)` takes the constructor's arguments and
 * returns the message (by default the first argument is the message).
 */
function defineError<T extends Error, C = ErrorClass<T>>(
  name: string,
  Base: Function = Error,
  init?: (error: T, a: unknown, b: unknown) => unknown,
): C {
  const ctor = function (this: T, a?: unknown, b?: unknown): T | void {
    if (!(this instanceof ctor)) return new (ctor as unknown as new (a: unknown, b: unknown) => T)(a, b);
    const message = init ? init(this, a, b) : a;
    // own and not enumerable, as a native error's message
    Object.defineProperty(this, "message", { value: message === undefined ? "" : String(message), writable: true, configurable: true });
    if (V8Error.captureStackTrace) V8Error.captureStackTrace(this, ctor);
    else {
      const stack = new Error(this.message).stack;
      if (stack !== undefined) this.stack = stack;
    }
  };
  const proto = Object.create(Base.prototype);
  // not enumerable, as on Error.prototype: printers (Node's util.inspect) list enumerable ones
  Object.defineProperty(proto, "constructor", { value: ctor, writable: true, configurable: true });
  Object.defineProperty(proto, "name", { value: name, writable: true, configurable: true });
  ctor.prototype = proto;
  try {
    // what Node prints the error as (`InvalidStateError: …`, not `ctor [InvalidStateError]`)
    Object.defineProperty(ctor, "name", { value: name, configurable: true });
  } catch (e) {
    // ES5 hosts: a function's name is not configurable; they print `name` from the prototype
  }
  return ctor as unknown as C;
}

/** Thrown into a task at its current await when it is cancelled. */
export interface CancelledError extends Error {}
export const CancelledError = /* @__PURE__ */ defineError<CancelledError>("CancelledError");

/** Raised by waitFor/timeout when the deadline passes. */
export interface TimeoutError extends Error {}
export const TimeoutError = /* @__PURE__ */ defineError<TimeoutError>("TimeoutError");

/** API misuse: setting a done future, reading a pending one, using a closed loop. */
export interface InvalidStateError extends Error {}
export const InvalidStateError = /* @__PURE__ */ defineError<InvalidStateError>("InvalidStateError");

/** Queue.getNowait() on an empty queue. */
export interface QueueEmpty extends Error {}
export const QueueEmpty = /* @__PURE__ */ defineError<QueueEmpty>("QueueEmpty");

/** Queue.putNowait() on a full queue. */
export interface QueueFull extends Error {}
export const QueueFull = /* @__PURE__ */ defineError<QueueFull>("QueueFull");

/** put/get on a queue that was shut down (asyncio 3.13's Queue.shutdown). */
export interface QueueShutDown extends Error {}
export const QueueShutDown = /* @__PURE__ */ defineError<QueueShutDown>("QueueShutDown");

/** Several errors at once: TaskGroup failures, and LoopPromise.any where AggregateError is missing. */
export interface AggregateErrorLike extends Error {
  errors: unknown[];
}

declare const AggregateError: unknown;

/** The host's AggregateError (ES2021), or null (ES5 hosts: Duktape, MuJS). */
const HostAggregateError: Function | null = typeof AggregateError === "function" ? (AggregateError as Function) : null;

/**
 * What a TaskGroup fails with: every error of its children (and of its
 * body), in the order they occurred, in `.errors`. An AggregateError where
 * the host has one (`instanceof AggregateError` holds, and Node prints its
 * errors as it prints an AggregateError's); on ES5 hosts an Error with the
 * same shape. Constructed as AggregateError is: `new TaskGroupError(errors,
 * message?)` (or without new).
 */
export interface TaskGroupError extends AggregateErrorLike {}

export interface TaskGroupErrorClass {
  new (errors: readonly unknown[], message?: string): TaskGroupError;
  (errors: readonly unknown[], message?: string): TaskGroupError;
  readonly prototype: TaskGroupError;
}

export const TaskGroupError = /* @__PURE__ */ defineError<TaskGroupError, TaskGroupErrorClass>("TaskGroupError", HostAggregateError || Error, function (e, errors, message) {
  setErrors(e, errors as ArrayLike<unknown>);
  return message === undefined ? defaultTaskGroupMessage(errors as ArrayLike<unknown>) : message;
});

function defaultTaskGroupMessage(errors: ArrayLike<unknown>): string {
  const n = errors.length;
  return "unhandled errors in a TaskGroup (" + n + " sub-exception" + (n === 1 ? ")" : "s)");
}

/**
 * `errors` as an AggregateError has it: an own array (a copy), not
 * enumerable. An array or array-like object; a string is refused (Python's
 * ExceptionGroup takes the message first: a likely slip).
 */
function setErrors(e: AggregateErrorLike, errors: ArrayLike<unknown>): void {
  if (errors === null || typeof errors !== "object" || typeof errors.length !== "number") {
    throw new TypeError(e.name + "(errors, message): errors must be an array");
  }
  const list: unknown[] = [];
  for (let i = 0; i < errors.length; i++) list.push(errors[i]);
  Object.defineProperty(e, "errors", { value: list, writable: true, configurable: true });
}

/** explore() found a schedule under which the test fails: its seed and recorded choices reproduce it. */
export interface ExploreError extends Error {
  seed: number;
  run: number;
  choices: number[];
  cause: unknown;
}
export const ExploreError = /* @__PURE__ */ defineError<ExploreError>("ExploreError");

const AnyAggregate = /* @__PURE__ */ defineError<AggregateErrorLike>("AggregateError");

/** An AggregateError: the host's when it has one, else a look-alike. */
export function aggregateError(errors: unknown[], message: string): AggregateErrorLike {
  if (HostAggregateError !== null) return new (HostAggregateError as new (errors: unknown[], message: string) => AggregateErrorLike)(errors, message);
  const e = new AnyAggregate(message);
  setErrors(e, errors);
  return e;
}

/** The TaskGroupError of a group's failures, in the order they occurred. */
export function taskGroupError(errors: unknown[]): TaskGroupError {
  return new TaskGroupError(errors);
}

export function isCancelledError(e: unknown): e is CancelledError {
  return e instanceof CancelledError;
}
