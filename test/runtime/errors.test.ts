import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { CancelledError, InvalidStateError, TimeoutError } from "../../packages/runtime/src/index";

describe("the three errors", () => {
  for (const [name, E] of [
    ["CancelledError", CancelledError],
    ["TimeoutError", TimeoutError],
    ["InvalidStateError", InvalidStateError],
  ] as const) {
    it(name + " is an Error with a name, a message and a stack; works with or without new", () => {
      const e = new E("msg");
      expect(e).toBeInstanceOf(Error);
      expect(e).toBeInstanceOf(E);
      expect(e.name).toBe(name);
      expect(e.message).toBe("msg");
      expect(String(e)).toBe(name + ": msg");
      expect(typeof e.stack).toBe("string");
      expect(new E().message).toBe("");
      const called = (E as any)("x");
      expect(called).toBeInstanceOf(E);
      expect(called.message).toBe("x");
    });
  }

  it("are distinct classes", () => {
    expect(new CancelledError()).not.toBeInstanceOf(TimeoutError);
    expect(new TimeoutError()).not.toBeInstanceOf(CancelledError);
    expect(new InvalidStateError()).not.toBeInstanceOf(CancelledError);
  });

  it("print as native errors do in Node: by their name, with no enumerable own properties", () => {
    for (const E of [CancelledError, TimeoutError, InvalidStateError]) {
      const e = new E("why");
      expect(E.name).toBe(e.name);
      expect(inspect(e).split("\n")[0]).toBe(e.name + ": why");
      expect(Object.keys(e)).toEqual([]);
      expect(Object.keys(E.prototype)).toEqual([]);
    }
  });
});
