/**
 * Parameters. A simple parameter list (plain names) stays on the outer
 * function. Otherwise the outer function takes plain placeholders (as many
 * as count towards `length`) and a rest array, and the parameters are bound
 * natively by a `let` declaration in a block of the outer function, around
 * the coroutine body:
 *
 *   async function f(a, {b}, c = b, ...d) { … }
 *   → function f(_p, _p2, ..._rest) {
 *       var …, _body;
 *       try {
 *         let a = _p, {b} = _p2, c = _rest[0] === undefined ? b : _rest[0], d = _rest.slice(1);
 *         _body = (_co, _v) => { … };             // sees b, c, d
 *       } catch (_e) {
 *         return failedCall(_e, meta);            // the task fails, the call does not throw
 *       }
 *       …
 *
 * `let` gives the parameters the scope the language gives them
 * (FunctionDeclarationInstantiation with parameter expressions): a
 * temporal dead zone (`(a = b, b)` and `(a = a)` throw ReferenceError),
 * closures in defaults sharing the bindings the body uses, a sloppy direct
 * `eval` in a default declaring its vars outside the parameters (so
 * `eval("var a")` for a parameter `a` is a SyntaxError). Where the `let`
 * becomes a `var` (preset-env for ES5), the direct uses of a parameter
 * before its binding are made to throw the same ReferenceError here. The
 * placeholders keep the list non-simple, so `arguments` stays unmapped
 * (a write to a parameter does not change it), also once preset-env has
 * turned the rest parameter into a loop over `arguments`.
 */
import * as t from "@babel/types";
import type { NodePath } from "@babel/traverse";
import { stripTypes } from "./bindings";

export interface LoweredParams {
  /** the outer function's parameter list */
  params: Array<t.Identifier | t.RestElement | t.Pattern>;
  /** the `let` binding the parameters from the placeholders; null when the list stays as written */
  binding: t.VariableDeclaration | null;
}

export function lowerParams(fn: NodePath<t.Function>, uid: (name: string) => t.Identifier): LoweredParams {
  const all = fn.node.params;
  // TypeScript's `this` parameter is a type annotation, not a parameter
  const thisParam = all.length > 0 && t.isIdentifier(all[0]) && all[0].name === "this" ? [all[0] as t.Identifier] : [];
  const params = all.slice(thisParam.length);
  if (params.every((p) => t.isIdentifier(p))) return { params: all as LoweredParams["params"], binding: null };

  markUsesBeforeBinding(fn, thisParam.length);

  let length = params.length;
  for (let i = 0; i < params.length; i++) {
    if (t.isAssignmentPattern(params[i]) || t.isRestElement(params[i])) {
      length = i;
      break;
    }
  }
  const outer: LoweredParams["params"] = [...thisParam];
  const declarators: t.VariableDeclarator[] = [];
  const declare = (pattern: t.LVal, value: t.Expression) => {
    const id = t.cloneNode(pattern as t.Node, true) as t.LVal;
    stripTypes(id);
    declarators.push(t.variableDeclarator(id, value));
  };
  for (let i = 0; i < length; i++) {
    const temp = uid("p");
    outer.push(temp);
    declare(params[i] as t.LVal, t.cloneNode(temp));
  }
  if (length < params.length) {
    const rest = uid("rest");
    outer.push(t.restElement(rest));
    for (let i = length; i < params.length; i++) {
      const p = params[i];
      const element = () => t.memberExpression(t.cloneNode(rest), t.numericLiteral(i - length), true);
      if (t.isRestElement(p)) {
        declare(p.argument, t.callExpression(t.memberExpression(t.cloneNode(rest), t.identifier("slice")), [t.numericLiteral(i - length)]));
      } else if (t.isAssignmentPattern(p)) {
        declare(p.left as t.LVal, t.conditionalExpression(t.binaryExpression("===", element(), t.identifier("undefined")), p.right, element()));
      } else declare(p as t.LVal, element());
    }
  }
  return { params: outer, binding: t.variableDeclaration("let", declarators) };
}

/** The names the `let` declares (for the outer function not to declare them again). */
export function boundNames(binding: t.VariableDeclaration | null): string[] {
  if (!binding) return [];
  const names: string[] = [];
  for (const d of binding.declarations) names.push(...Object.keys(t.getBindingIdentifiers(d.id)));
  return names;
}

/**
 * Replaces each direct read of a parameter in a parameter expression that
 * runs before that parameter is bound (`(a = b, b)`, `(a = a)`,
 * `({ [b]: a, b })`) by the ReferenceError a temporal dead zone throws.
 * Uses inside nested functions are left to the `let` (they may run later).
 */
function markUsesBeforeBinding(fn: NodePath<t.Function>, first: number): void {
  const bound = new Set<string>();
  const params = fn.get("params").slice(first) as NodePath<t.Node>[];
  const all = new Set<string>();
  for (const p of params) for (const n of Object.keys(t.getBindingIdentifiers(p.node))) all.add(n);
  const check = (expr: NodePath<t.Node>) => {
    const visit = (p: NodePath<t.Node>) => {
      if (p.isIdentifier() && (p as NodePath<t.Identifier>).isReferencedIdentifier()) {
        const name = p.node.name;
        const binding = p.scope.getBinding(name);
        if (all.has(name) && !bound.has(name) && binding && binding.kind === "param" && binding.scope === fn.scope) {
          p.replaceWith(tdzError(name));
        }
      }
    };
    visit(expr);
    expr.traverse({
      Function(inner) {
        inner.skip();
      },
      Identifier(ip) {
        visit(ip);
      },
    });
  };
  const bind = (p: NodePath<t.Node>): void => {
    if (p.isIdentifier()) bound.add(p.node.name);
    else if (p.isAssignmentPattern()) {
      check(p.get("right"));
      bind(p.get("left"));
    } else if (p.isArrayPattern()) {
      for (const e of p.get("elements")) if (e.node) bind(e as NodePath<t.Node>);
    } else if (p.isObjectPattern()) {
      for (const prop of p.get("properties")) {
        if (prop.isRestElement()) bind(prop.get("argument"));
        else if (prop.isObjectProperty()) {
          if (prop.node.computed) check(prop.get("key"));
          bind(prop.get("value") as NodePath<t.Node>);
        }
      }
    } else if (p.isRestElement()) bind(p.get("argument"));
  };
  for (const p of params) bind(p);
}

/** `(() => { throw new ReferenceError(…) })()`: V8's message for a binding in its dead zone */
function tdzError(name: string): t.Expression {
  const error = t.newExpression(t.identifier("ReferenceError"), [t.stringLiteral(`Cannot access '${name}' before initialization`)]);
  return t.callExpression(t.arrowFunctionExpression([], t.blockStatement([t.throwStatement(error)])), []);
}
