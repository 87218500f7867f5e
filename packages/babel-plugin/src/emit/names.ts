/**
 * Names a compiled function carries at run time: the coroutine name in its
 * meta (task names, inspection, async stacks: `Store.load` for a class
 * method, as Python's __qualname__), and the name of its body's frame in
 * stack traces, which V8 prints for the frame of a resumed async function
 * (`failing`, `Store.load`, `Object.m`).
 */
import * as t from "@babel/types";
import type { NodePath } from "@babel/traverse";
import { inferredName } from "./identity";

/** The name inspection shows: declared or inferred, a method qualified by its class. */
export function coroutineName(fn: NodePath<t.Function>): string {
  const own = ownName(fn);
  if (own === null) return "<anonymous>";
  const owner = classOf(fn);
  return owner !== null ? owner + "." + own : own;
}

/** The name of the body's frame: the coroutine name; an object method's as V8 prints it (`Object.m`). */
export function frameName(fn: NodePath<t.Function>): string | null {
  const name = coroutineName(fn);
  if (name === "<anonymous>") return null;
  return fn.isObjectMethod() ? "Object." + name : name;
}

function ownName(fn: NodePath<t.Function>): string | null {
  const node = fn.node as t.Function & { id?: t.Identifier | null; key?: t.Node; computed?: boolean };
  if (node.id && node.id.name) return node.id.name;
  if ((t.isObjectMethod(node) || t.isClassMethod(node) || t.isClassPrivateMethod(node)) && !node.computed) {
    const key = node.key;
    if (t.isIdentifier(key)) return key.name;
    if (t.isStringLiteral(key) || t.isNumericLiteral(key)) return String(key.value);
    if (t.isPrivateName(key)) return "#" + key.id.name;
    return null;
  }
  return inferredName(fn);
}

/** The name of the class a method belongs to, when it has one. */
function classOf(fn: NodePath<t.Function>): string | null {
  if (!(fn.isClassMethod() || fn.isClassPrivateMethod())) return null;
  const cls = fn.parentPath.parentPath;
  if (!cls || !(cls.isClassDeclaration() || cls.isClassExpression())) return null;
  if (cls.node.id) return cls.node.id.name;
  return inferredName(cls);
}

/**
 * How the body closure gets the name of its frame. V8 names an arrow after
 * the variable it initialises, for free: the body variable takes the name
 * when the function never mentions it. A declaration keeps its own name
 * reachable in its top scope (the new.target guard refers to it once
 * preset-env lowers it), so there the named variable is a `let` in a block
 * of its own. Otherwise the name is a property key,
 * `{ "Store.load": (…) => {…} }["Store.load"]`, which costs an object per call.
 */
export type BodyNaming =
  | { kind: "variable"; id: t.Identifier }
  | { kind: "block"; id: t.Identifier; name: t.Identifier }
  | { kind: "key"; id: t.Identifier; key: string }
  | { kind: "none"; id: t.Identifier };

export function bodyNaming(fn: NodePath<t.Function>, frame: string | null, uid: () => t.Identifier): BodyNaming {
  if (frame === null) return { kind: "none", id: uid() };
  if (t.isValidIdentifier(frame) && !GENERATED_CODE_USES.has(frame) && !mentions(fn, frame)) {
    return fn.isFunctionDeclaration() ? { kind: "block", id: uid(), name: t.identifier(frame) } : { kind: "variable", id: t.identifier(frame) };
  }
  return { kind: "key", id: uid(), key: frame };
}

/**
 * Statements that set the body variable (already declared) to the
 * coroutine, named as `naming` says; for "variable" and "none" the caller
 * may instead declare it with the coroutine as initialiser.
 */
export function assignBody(naming: BodyNaming, coroutine: t.Expression): t.Statement[] {
  const set = (value: t.Expression) => t.expressionStatement(t.assignmentExpression("=", t.cloneNode(naming.id), value));
  if (naming.kind === "block") {
    const named = t.variableDeclaration("let", [t.variableDeclarator(t.cloneNode(naming.name), coroutine)]);
    return [named, set(t.cloneNode(naming.name))];
  }
  return [set(namedValue(naming, coroutine))];
}

/** The coroutine as the initialiser of the body variable ("variable", "key" and "none" namings). */
export function namedValue(naming: BodyNaming, coroutine: t.Expression): t.Expression {
  if (naming.kind !== "key") return coroutine;
  return t.memberExpression(t.objectExpression([t.objectProperty(t.stringLiteral(naming.key), coroutine)]), t.stringLiteral(naming.key), true);
}

/** Free names the generated code itself refers to: a body variable must not shadow them. */
const GENERATED_CODE_USES = new Set(["coloop", "require", "undefined", "arguments", "eval", "Object", "Array", "Symbol", "TypeError", "ReferenceError"]);

/** Whether an identifier `name` occurs anywhere in the function (or a direct eval could reach it). */
function mentions(fn: NodePath<t.Function>, name: string): boolean {
  let found = false;
  // the parameters and the body: the function's own id is not a use
  for (const part of [...fn.node.params, fn.node.body]) {
    t.traverseFast(part, (n) => {
      if (t.isIdentifier(n) && (n.name === name || n.name === "eval")) found = true;
    });
  }
  return found;
}
