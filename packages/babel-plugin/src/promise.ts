/**
 * `promise: "loop"`: free references to the global `Promise` become the
 * runtime's LoopPromise, so `new Promise`, `Promise.all` and friends run on
 * the loop too (and exist on engines without a native Promise). Type
 * positions and locally bound names are left alone.
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

export function rewritePromiseReferences(program: NodePath<t.Program>, file: FileContext): void {
  const refs: Array<NodePath<t.Identifier>> = [];
  program.traverse({
    ReferencedIdentifier(p) {
      const node = p.node as t.Identifier;
      if (node.name !== "Promise" || p.scope.hasBinding("Promise", true)) return;
      if (p.parentPath && TYPE_PARENTS.has(p.parentPath.node.type)) return;
      refs.push(p as NodePath<t.Identifier>);
    },
  });
  for (const p of refs) p.replaceWith(file.helper("LoopPromise"));
}
