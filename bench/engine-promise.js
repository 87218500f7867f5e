// A small Promise/A+ polyfill (plus setTimeout) for engines without Promise
// (duk, mujs), so that regenerator's and TypeScript's output can run there.
// ES5, loaded as a plain script before the program.
//
// - Reactions run as jobs from one FIFO queue (the host's microtasks): a
//   (fn, arg) pair per job in one array, consumed from a head index.
// - A promise keeps its first reaction in a field and only makes an array
//   for a second one (one waiter is the common case).
// - Resolving with one of our own promises adopts its state without calling
//   `then` (allowed by A+ 2.3.2; popular polyfills do the same); another
//   thenable's `then` is called at once with once-only functions (A+ 2.3.3).
// - setTimeout callbacks wait in a small list on virtual time (the host's
//   macrotasks); __drain(), called at the end of the script, runs the jobs,
//   then the next timer and its jobs, until nothing is left.
// - Only arrays are accepted by Promise.all/race; unhandled rejections are
//   dropped silently.
var Promise, setTimeout, clearTimeout, __drain;
(function () {
  var PENDING = 0;
  var FULFILLED = 1;
  var REJECTED = 2;

  var jobs = [];
  var head = 0;
  function enqueue(fn, arg) {
    jobs.push(fn, arg);
  }
  function runJobs() {
    while (head < jobs.length) {
      var fn = jobs[head];
      var arg = jobs[head + 1];
      jobs[head] = jobs[head + 1] = undefined;
      head += 2;
      // keep the array from growing without bound while jobs queue more jobs
      if (head > 8192 && head * 2 > jobs.length) {
        jobs.splice(0, head);
        head = 0;
      }
      fn(arg);
    }
    jobs.length = 0;
    head = 0;
  }

  function INTERNAL() {}

  function P(executor) {
    if (typeof executor !== "function") throw new TypeError("Promise resolver is not a function");
    this._state = PENDING;
    this._value = undefined;
    this._first = null;
    this._more = null;
    if (executor === INTERNAL) return;
    var self = this;
    var done = false;
    try {
      executor(
        function (value) {
          if (done) return;
          done = true;
          resolve(self, value);
        },
        function (reason) {
          if (done) return;
          done = true;
          settle(self, REJECTED, reason);
        }
      );
    } catch (e) {
      if (!done) {
        done = true;
        settle(self, REJECTED, e);
      }
    }
  }

  function Reaction(source, onFulfilled, onRejected, target) {
    this.source = source;
    this.onFulfilled = onFulfilled;
    this.onRejected = onRejected;
    this.target = target;
  }

  function settle(p, state, value) {
    if (p._state !== PENDING) return;
    p._state = state;
    p._value = value;
    var first = p._first;
    var more = p._more;
    p._first = p._more = null;
    if (first !== null) enqueue(runReaction, first);
    if (more !== null) for (var i = 0; i < more.length; i++) enqueue(runReaction, more[i]);
  }

  function resolve(p, x) {
    if (x === p) return settle(p, REJECTED, new TypeError("Chaining cycle detected for promise"));
    if (x instanceof P) {
      if (x._state === PENDING) addReaction(x, new Reaction(x, undefined, undefined, p));
      else settle(p, x._state, x._value);
      return;
    }
    if (x !== null && (typeof x === "object" || typeof x === "function")) {
      var then;
      try {
        then = x.then;
      } catch (e) {
        return settle(p, REJECTED, e);
      }
      if (typeof then === "function") return callThen(p, x, then);
    }
    settle(p, FULFILLED, x);
  }

  function callThen(p, x, then) {
    var done = false;
    try {
      then.call(
        x,
        function (y) {
          if (done) return;
          done = true;
          resolve(p, y);
        },
        function (r) {
          if (done) return;
          done = true;
          settle(p, REJECTED, r);
        }
      );
    } catch (e) {
      if (!done) {
        done = true;
        settle(p, REJECTED, e);
      }
    }
  }

  function addReaction(p, r) {
    if (p._state !== PENDING) enqueue(runReaction, r);
    else if (p._first === null) p._first = r;
    else if (p._more === null) p._more = [r];
    else p._more.push(r);
  }

  function runReaction(r) {
    var source = r.source;
    var ok = source._state === FULFILLED;
    var handler = ok ? r.onFulfilled : r.onRejected;
    if (typeof handler !== "function") return settle(r.target, source._state, source._value);
    var result;
    try {
      result = handler(source._value);
    } catch (e) {
      return settle(r.target, REJECTED, e);
    }
    resolve(r.target, result);
  }

  P.prototype.then = function (onFulfilled, onRejected) {
    var derived = new P(INTERNAL);
    addReaction(this, new Reaction(this, onFulfilled, onRejected, derived));
    return derived;
  };
  P.prototype["catch"] = function (onRejected) {
    return this.then(undefined, onRejected);
  };
  P.prototype["finally"] = function (onFinally) {
    return this.then(
      function (value) {
        return P.resolve(onFinally()).then(function () {
          return value;
        });
      },
      function (reason) {
        return P.resolve(onFinally()).then(function () {
          throw reason;
        });
      }
    );
  };
  P.resolve = function (value) {
    if (value instanceof P) return value;
    var p = new P(INTERNAL);
    resolve(p, value);
    return p;
  };
  P.reject = function (reason) {
    var p = new P(INTERNAL);
    settle(p, REJECTED, reason);
    return p;
  };
  P.all = function (list) {
    var p = new P(INTERNAL);
    var n = list.length;
    var results = new Array(n);
    var left = n;
    var fail = function (e) {
      settle(p, REJECTED, e);
    };
    if (n === 0) settle(p, FULFILLED, results);
    for (var i = 0; i < n; i++) {
      P.resolve(list[i]).then(element(i), fail);
    }
    function element(i) {
      return function (value) {
        results[i] = value;
        if (--left === 0) settle(p, FULFILLED, results);
      };
    }
    return p;
  };
  P.race = function (list) {
    var p = new P(INTERNAL);
    var win = function (v) {
      settle(p, FULFILLED, v);
    };
    var fail = function (e) {
      settle(p, REJECTED, e);
    };
    for (var i = 0; i < list.length; i++) P.resolve(list[i]).then(win, fail);
    return p;
  };
  Promise = P;

  // timers on virtual time, kept sorted by (deadline, order of scheduling)
  var now = 0;
  var seq = 0;
  var timers = [];
  setTimeout = function (fn, ms) {
    var args = Array.prototype.slice.call(arguments, 2);
    var timer = { at: now + (ms > 0 ? ms : 0), seq: seq++, fn: fn, args: args };
    var i = timers.length;
    while (i > 0 && timers[i - 1].at > timer.at) i--;
    timers.splice(i, 0, timer);
    return timer;
  };
  clearTimeout = function (timer) {
    var i = timers.indexOf(timer);
    if (i >= 0) timers.splice(i, 1);
  };
  __drain = function () {
    for (;;) {
      runJobs();
      if (timers.length === 0) return;
      var timer = timers.shift();
      now = timer.at;
      timer.fn.apply(undefined, timer.args);
    }
  };
})();
