/**
 * Parameters with expressions (defaults) have a scope of their own,
 * separate from the body's (FunctionDeclarationInstantiation): a closure in
 * a default sees the parameter, not a body `var` of the same name, and a
 * default never sees the body's declarations. Babel models one scope for
 * both; once the parameters are bound inside the coroutine next to the
 * hoisted body declarations, the difference would show. So, before hoisting:
 * - a body `var` (or function) named like a parameter is renamed in the
 *   body and starts with the parameter's value (a copy in the prologue);
 * - a body declaration whose name a parameter expression uses for an outer
 *   binding is renamed in the body.
 */
import * as t from "@babel/types";
import type { Binding, NodePath } from "@babel/traverse";

export interface ParameterScope {
  /** body variables that start as a copy of a parameter: [body name, parameter name] */
  copies: Array<[string, string]>;
}

export function separateParameterScope(fn: NodePath<t.Function>): ParameterScope {
  const result: ParameterScope = { copies: [] };
  if (!hasParameterExpressions(fn.node.params)) return result;
  const body = fn.get("body");
  const paramNames = new Set<string>();
  for (const p of fn.node.params) for (const n of Object.keys(t.getBindingIdentifiers(p))) paramNames.add(n);
  const usedInParams = new Set<string>();
  for (const p of fn.get("params")) {
    p.traverse({
      Identifier(ip) {
        if (ip.isReferencedIdentifier()) usedInParams.add(ip.node.name);
      },
      // an assignment in a default writes the outer binding too (`(p = (x &&= 3)) => …`: fuzz 20261205:3585)
      AssignmentExpression(ap) {
        for (const n of Object.keys(t.getBindingIdentifiers(ap.node.left as t.Node))) usedInParams.add(n);
      },
      UpdateExpression(up) {
        if (t.isIdentifier(up.node.argument)) usedInParams.add(up.node.argument.name);
      },
    });
  }
  let renamed = false;
  for (const name of Object.keys(fn.scope.bindings)) {
    const binding = fn.scope.bindings[name];
    const declaredInBody = bodyDeclares(body, name);
    if (declaredInBody === null) continue;
    const isParam = paramNames.has(name);
    if (!isParam && !usedInParams.has(name)) continue;
    const fresh = fn.scope.generateUid(name);
    renameInBody(body, binding, name, fresh);
    // a body var named like a parameter starts with its value; a body function replaces it
    if (isParam && declaredInBody !== "function") result.copies.push([fresh, name]);
    renamed = true;
  }
  if (renamed) fn.scope.crawl();
  return result;
}

function hasParameterExpressions(params: t.Node[]): boolean {
  let found = false;
  for (const p of params) {
    t.traverseFast(p, (n) => {
      if (t.isAssignmentPattern(n) || (t.isObjectProperty(n) && n.computed)) found = true;
    });
  }
  return found;
}

/**
 * How the body (not a nested function) declares `name`: with a function
 * declaration at its top level (which wins over a var), with var, let,
 * const or class ("variable"), or not at all (null).
 */
function bodyDeclares(body: NodePath<t.Node>, name: string): "function" | "variable" | null {
  let found: "function" | "variable" | null = null;
  body.traverse({
    Function(p) {
      if (p.isFunctionDeclaration() && p.node.id && p.node.id.name === name && p.parentPath === body) found = "function";
      p.skip();
    },
    VariableDeclarator(p) {
      if (Object.prototype.hasOwnProperty.call(t.getBindingIdentifiers(p.node.id), name)) {
        const decl = p.parentPath.node as t.VariableDeclaration;
        if ((decl.kind === "var" || p.parentPath.parentPath === body) && found === null) found = "variable";
      }
    },
    ClassDeclaration(p) {
      if (p.node.id && p.node.id.name === name && p.parentPath === body && found === null) found = "variable";
    },
  });
  return found;
}

/** Renames every identifier in the body that resolves to `binding` (declarations included). */
function renameInBody(body: NodePath<t.Node>, binding: Binding, name: string, fresh: string): void {
  body.traverse({
    Identifier(ip) {
      if (ip.node.name === name && ip.scope.getBinding(name) === binding) ip.node.name = fresh;
    },
  });
}
