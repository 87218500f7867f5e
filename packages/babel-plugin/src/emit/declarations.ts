/**
 * Async function declarations become variables holding async function
 * expressions, before anything is compiled, so that they are compiled as
 * expressions are: as methods, which natively async functions resemble (not
 * constructible, no `prototype`, no own `caller`/`arguments`), at no cost
 * per call.
 *
 * - At the top of a function body, a static block or a file, a declaration
 *   is initialised when the scope is entered and visible in all of it:
 *
 *     g(); async function g() {…}   →   var g = async function () {…}; g();
 *
 *   placed first in the scope (after imports and directives), in source order.
 * - In a nested block it is lexically scoped to the block, in sloppy mode too
 *   (Annex B.3.3's hoisting into the function is for plain functions only;
 *   compiled as a plain declaration it would gain it, and overwrite an outer
 *   variable of the same name): `let g = async function () {…}` first in the block.
 *
 * The expression is anonymous, so `g` inside it is the variable (mutable, as
 * a declaration's binding is) and its name `g` comes from the declarator.
 *
 * Left as declarations (marked and guarded by identity.ts): exported ones
 * (an importer in a module cycle may call them before this module runs),
 * those in a `switch` case or a TypeScript namespace, and names declared twice.
 */
import * as t from "@babel/types";
import type { NodePath } from "@babel/traverse";

/** Rewrites the declarations among functions; true when any was. */
export function declarationsToVariables(program: NodePath<t.Program>, functions: Array<NodePath<t.Function>>): boolean {
  const inserted = new Map<t.Node, number>();
  let changed = false;
  for (const fn of functions) {
    if (!fn.isFunctionDeclaration() || fn.node.generator) continue; // async generators are refused later
    const node = fn.node as t.FunctionDeclaration;
    const id = node.id;
    const container = fn.parentPath;
    if (!id || !container || id.name === "arguments") continue;
    let kind: "var" | "let";
    if (container.isProgram() || (container.isBlockStatement() && isScopeBody(container))) kind = "var";
    else if (container.isBlockStatement()) kind = "let";
    else continue;
    if (!declaredOnce(fn, id.name)) continue;

    const expression = t.functionExpression(null, node.params, node.body, false, true);
    expression.loc = node.loc;
    expression.returnType = node.returnType;
    expression.typeParameters = node.typeParameters;
    const declaration = t.variableDeclaration(kind, [t.variableDeclarator(t.cloneNode(id), expression)]);
    declaration.loc = node.loc;
    fn.remove();
    const body = (container.node as t.Program | t.BlockStatement).body;
    let at = inserted.get(container.node);
    if (at === undefined) at = firstAfterImports(body);
    body.splice(at, 0, declaration);
    inserted.set(container.node, at + 1);
    changed = true;
  }
  // bindings change kind (hoisted → var/let) and paths moved: the scopes are read again
  if (changed) program.scope.crawl();
  return changed;
}

/** A function's body or a class static block's: where a declaration is initialised for the whole scope. */
function isScopeBody(block: NodePath<t.BlockStatement>): boolean {
  const parent = block.parentPath;
  return !!parent && (parent.isFunction() || parent.isStaticBlock());
}

/**
 * Neither exported (directly or by `export { g }`) nor declared again in its
 * scope (the last declaration would win when the scope is entered).
 */
function declaredOnce(fn: NodePath<t.FunctionDeclaration>, name: string): boolean {
  const binding = fn.scope.parent ? fn.scope.parent.getOwnBinding(name) : undefined;
  if (!binding || binding.path !== fn) return false;
  if (binding.constantViolations.some((v) => v.node !== fn.node && (v.isFunctionDeclaration() || v.isClassDeclaration()))) return false;
  return !binding.referencePaths.some((r) => r.parentPath !== null && r.parentPath.isExportSpecifier());
}

function firstAfterImports(body: t.Statement[]): number {
  let i = 0;
  while (i < body.length && t.isImportDeclaration(body[i])) i++;
  return i;
}
