/**
 * `promise: "loop"`: free references to the global `Promise` become the
 * runtime's LoopPromise, so `new Promise`, `Promise.all` and friends run on
 * the loop too (and exist on engines without a native Promise). Type
 * positions and locally bound names are left alone.
 *
 * `queueMicrotask` goes with it: a free `queueMicrotask` (or
 * `globalThis.queueMicrotask`) becomes the runtime's, which queues a loop
 * job, so a microtask keeps its place among LoopPromise reactions and task
 * wake-ups as it does natively among promise reactions. Node's
 * `process.nextTick` is a host queue of its own and stays as written.
 */
import * as t from "@babel/types";
import type { NodePath } from "@babel/traverse";
import type { FileContext } from "./emit/file";

const TYPE_PARENTS = new Set([
  "TSTypeReference",
  "TSQualifiedName",
  "TSTypeQuery",
  "TSExpressionWithTypeArguments",
  "TSClassImplements",
  "TSInterfaceHeritage",
  "GenericTypeAnnotation",
]);

/** The global names taken onto the loop, and the runtime export each one becomes. */
const LOOP_GLOBALS: Record<string, string> = { Promise: "LoopPromise", queueMicrotask: "queueMicrotask" };

export function rewritePromiseReferences(program: NodePath<t.Program>, file: FileContext): void {
  const refs: Array<{ path: NodePath<t.Expression>; name: string }> = [];
  program.traverse({
    ReferencedIdentifier(p) {
      const node = p.node as t.Identifier;
      if (!Object.prototype.hasOwnProperty.call(LOOP_GLOBALS, node.name) || p.scope.hasBinding(node.name, true)) return;
      if (p.parentPath && TYPE_PARENTS.has(p.parentPath.node.type)) return;
      refs.push({ path: p as NodePath<t.Identifier>, name: node.name });
    },
    MemberExpression(p) {
      // globalThis.queueMicrotask, read (not assigned or deleted)
      const node = p.node;
      if (node.computed || !t.isIdentifier(node.object, { name: "globalThis" }) || !t.isIdentifier(node.property, { name: "queueMicrotask" })) return;
      if (p.scope.hasBinding("globalThis", true) || !p.isReferenced()) return;
      const parent = p.parentPath.node;
      if (t.isUnaryExpression(parent, { operator: "delete" }) || t.isUpdateExpression(parent)) return;
      refs.push({ path: p, name: "queueMicrotask" });
    },
  });
  for (const r of refs) r.path.replaceWith(file.helper(LOOP_GLOBALS[r.name]));
}
