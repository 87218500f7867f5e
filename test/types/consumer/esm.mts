/**
 * An ES module consumer (node16/nodenext: an .mts file imports the package
 * through its "exports"), with a lib that has Promise: a compiled function
 * declared `async (): Promise<T>` used as a Task<T>.
 */
import { asTask, gather, type Task } from "@coloop/runtime";
import { assertType, type Equal } from "./expect-type.js";

async function load(id: number): Promise<{ id: number }> {
  return { id };
}

export function compiled(): Task<{ id: number }> {
  const t = asTask(load(1));
  assertType<Equal<typeof t, Task<{ id: number }>>>();
  const both = gather(load(1), Promise.resolve("x"));
  both.then((r) => assertType<Equal<typeof r, [{ id: number }, string]>>());
  return t;
}
