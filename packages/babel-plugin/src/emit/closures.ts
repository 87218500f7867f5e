/**
 * Closures over per-iteration bindings. Such a binding lives in an
 * environment object held by a hoisted variable that each iteration
 * replaces; a closure must keep the object of the iteration that created it.
 * Each function (or class, or object literal with methods) that mentions an
 * environment variable is wrapped so that it captures the current object in
 * a parameter of the same name:
 *
 *   () => env.x        becomes        ((env) => () => env.x)(env)
 */
import * as t from "@babel/types";

export function wrapEnvClosures(stmt: t.Statement, envNames: Set<string>): t.Statement {
  if (envNames.size === 0) return stmt;
  rewrite(stmt, envNames);
  return stmt;
}

function rewrite(node: t.Node, envNames: Set<string>): void {
  const keys = t.VISITOR_KEYS[node.type] || [];
  for (const key of keys) {
    const child = (node as any)[key];
    if (Array.isArray(child)) {
      for (let i = 0; i < child.length; i++) if (child[i]) child[i] = visitChild(child[i], envNames);
    } else if (child && typeof child.type === "string") (node as any)[key] = visitChild(child, envNames);
  }
}

function visitChild(child: t.Node, envNames: Set<string>): t.Node {
  const isClosure = t.isFunctionExpression(child) || t.isArrowFunctionExpression(child) || t.isClassExpression(child) || (t.isObjectExpression(child) && child.properties.some((p) => t.isObjectMethod(p)));
  if (isClosure) {
    const used = mentionedEnvs(child, envNames);
    if (used.length > 0) {
      const params = used.map((n) => t.identifier(n));
      const args = used.map((n) => t.identifier(n));
      return t.callExpression(t.arrowFunctionExpression(params, child as t.Expression), args);
    }
    return child;
  }
  if (t.isFunctionDeclaration(child) || t.isClassDeclaration(child)) {
    const used = mentionedEnvs(child, envNames);
    if (used.length > 0) {
      // a declaration inside native code: bind it to the wrapped expression instead
      const expr = t.isFunctionDeclaration(child)
        ? t.functionExpression(child.id, child.params, child.body, child.generator, child.async)
        : t.classExpression(child.id, child.superClass, child.body, child.decorators);
      const wrapped = t.callExpression(t.arrowFunctionExpression(used.map((n) => t.identifier(n)), expr), used.map((n) => t.identifier(n)));
      return t.variableDeclaration("let", [t.variableDeclarator(t.identifier(child.id!.name), wrapped)]);
    }
    return child;
  }
  rewrite(child, envNames);
  return child;
}

function mentionedEnvs(node: t.Node, envNames: Set<string>): string[] {
  const found: string[] = [];
  t.traverseFast(node, (n) => {
    if (t.isIdentifier(n) && envNames.has(n.name) && found.indexOf(n.name) < 0) found.push(n.name);
  });
  return found;
}
