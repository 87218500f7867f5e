/**
 * An async function declaration nested in a block is lexically scoped to
 * the block natively, in sloppy mode too: the web-compatibility hoisting of
 * Annex B.3.3 (which also assigns a `var` of the same name in the enclosing
 * function) applies to plain function declarations only. Compiled as an
 * ordinary function declaration it would gain that hoisting, and overwrite
 * an outer variable of the same name.
 *
 *   { g(); async function g() {…} }   →   { let g = async function () {…}; g(); }
 *
 * The `let` goes first in the block, where the declaration was initialised,
 * so calls before its place in the source still work; the expression is
 * then compiled as one: named `g` by its declarator, not constructible and
 * without a `prototype`, as natively. Declarations directly in a function
 * body or at the top of a file keep their hoisting to the whole scope, and
 * stay declarations. (A declaration in a `switch` case is left as it is:
 * see the README.)
 */
import * as t from "@babel/types";
import type { NodePath } from "@babel/traverse";

/** Rewrites the nested-block declarations among functions; true when any was. */
export function blockDeclarationsToLet(program: NodePath<t.Program>, functions: Array<NodePath<t.Function>>): boolean {
  const inserted = new Map<t.Node, number>();
  let changed = false;
  for (const fn of functions) {
    if (!fn.isFunctionDeclaration()) continue;
    const node = fn.node as t.FunctionDeclaration;
    const id = node.id;
    const block = fn.parentPath;
    if (!id || !block || !block.isBlockStatement() || isFunctionBody(block)) continue;
    const expression = t.functionExpression(null, node.params, node.body, false, true);
    expression.loc = node.loc;
    expression.returnType = node.returnType;
    expression.typeParameters = node.typeParameters;
    const declaration = t.variableDeclaration("let", [t.variableDeclarator(t.cloneNode(id), expression)]);
    declaration.loc = node.loc;
    fn.remove();
    // in source order, before the block's first statement
    const at = inserted.get(block.node) || 0;
    block.node.body.splice(at, 0, declaration);
    inserted.set(block.node, at + 1);
    changed = true;
  }
  // bindings change kind (hoisted → let) and the paths moved: the scopes are read again
  if (changed) program.scope.crawl();
  return changed;
}

function isFunctionBody(block: NodePath<t.BlockStatement>): boolean {
  const parent = block.parentPath;
  return !!parent && (parent.isFunction() || parent.isStaticBlock());
}
