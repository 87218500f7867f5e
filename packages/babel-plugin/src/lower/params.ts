/**
 * Parameters. Simple parameter lists stay on the outer function. Otherwise
 * (defaults, destructuring, rest) the outer function keeps the parameters
 * that count towards `length` as plain names and collects the rest; the
 * real bindings are made in the coroutine's first step, so an error while
 * binding them fails the returned task instead of throwing at the call, as
 * it does natively.
 *
 *   async function f(a, {b}, c = 1, ...d)
 *   → function f(a, _p, ..._rest) { …  {b} = _p; c = _rest[0] === undefined ? 1 : _rest[0]; d = _rest.slice(1) … }
 */
import * as t from "@babel/types";
import type { NodePath } from "@babel/traverse";
import type { FunctionBindings } from "./bindings";

export interface LoweredParams {
  params: Array<t.Identifier | t.RestElement | t.Pattern>;
  /** statements binding the parameters, run first in the coroutine */
  prologue: t.Statement[];
  /** names the outer function must declare */
  declared: string[];
}

export function lowerParams(fn: NodePath<t.Function>, bindings: FunctionBindings, uid: (name: string) => t.Identifier): LoweredParams {
  const all = fn.node.params;
  // TypeScript's `this` parameter is a type annotation, not a parameter
  const thisParam = all.length > 0 && t.isIdentifier(all[0]) && all[0].name === "this" ? [all[0]] : [];
  const params = all.slice(thisParam.length);
  if (params.every((p) => t.isIdentifier(p))) return { params: all as any, prologue: [], declared: [] };

  let length = params.length;
  for (let i = 0; i < params.length; i++) {
    if (t.isAssignmentPattern(params[i]) || t.isRestElement(params[i])) {
      length = i;
      break;
    }
  }
  const outer: LoweredParams["params"] = [...(thisParam as t.Identifier[])];
  const prologue: t.Statement[] = [];
  const declared: string[] = [];
  const bind = (pattern: t.LVal, value: t.Expression) => {
    for (const name of Object.keys(t.getBindingIdentifiers(pattern))) declared.push(name);
    prologue.push(t.expressionStatement(t.assignmentExpression("=", bindings.patternTarget(pattern), value)));
  };

  for (let i = 0; i < length; i++) {
    const p = params[i];
    if (t.isIdentifier(p)) outer.push(p);
    else {
      const temp = uid("p");
      outer.push(temp);
      bind(p as t.LVal, t.cloneNode(temp));
    }
  }
  if (length < params.length) {
    const rest = uid("rest");
    outer.push(t.restElement(rest));
    for (let i = length; i < params.length; i++) {
      const p = params[i];
      const k = i - length;
      const element = () => t.memberExpression(t.cloneNode(rest), t.numericLiteral(k), true);
      if (t.isRestElement(p)) {
        bind(p.argument, t.callExpression(t.memberExpression(t.cloneNode(rest), t.identifier("slice")), [t.numericLiteral(k)]));
      } else if (t.isAssignmentPattern(p)) {
        const value = t.conditionalExpression(
          t.binaryExpression("===", element(), t.identifier("undefined")),
          p.right,
          element(),
        );
        bind(p.left as t.LVal, value);
      } else bind(p as t.LVal, element());
    }
  }
  return { params: outer, prologue, declared };
}
