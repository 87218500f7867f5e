/**
 * Where the awaits are. `containsAwait` answers, per node, whether an await
 * of *this* function is inside it: nested functions are opaque (their awaits
 * are their own), and of a class only the parts evaluated in the enclosing
 * function count (extends, computed keys). Answers are memoised per node.
 */
import * as t from "@babel/types";

const memo = new WeakMap<t.Node, boolean>();

export function containsAwait(node: t.Node | null | undefined): boolean {
  if (!node) return false;
  const known = memo.get(node);
  if (known !== undefined) return known;
  const result = computeContainsAwait(node);
  memo.set(node, result);
  return result;
}

function computeContainsAwait(node: t.Node): boolean {
  if (node.type === "AwaitExpression") return true;
  if (node.type === "ForOfStatement" && node.await) return true;
  if (node.type === "VariableDeclaration" && node.kind === "await using") return true;
  if (t.isFunction(node)) return false;
  if (node.type === "ClassBody") {
    for (const member of node.body) {
      if ((member as any).computed && containsAwait((member as any).key)) return true;
      if ((member as any).decorators) for (const d of (member as any).decorators) if (containsAwait(d)) return true;
    }
    return false;
  }
  if (t.isTSType(node) || node.type === "TSTypeAnnotation" || node.type === "TSTypeParameterInstantiation") return false;
  const keys = t.VISITOR_KEYS[node.type];
  if (!keys) return false;
  for (const key of keys) {
    const child = (node as any)[key];
    if (Array.isArray(child)) {
      for (const c of child) if (c && containsAwait(c)) return true;
    } else if (child && typeof child === "object" && typeof child.type === "string") {
      if (containsAwait(child)) return true;
    }
  }
  return false;
}

/** Forget memoised answers for a subtree (after the lowering rewrote it). */
export function forgetAwaitFacts(node: t.Node): void {
  memo.delete(node);
}

/**
 * Whether a statement is split into cases, or stays native around awaits
 * that are only in its head: a for-in/of whose body and target do not await,
 * a switch whose cases do not await. Analysis and lowering must agree.
 */
export function isLoweredStatement(node: t.Node): boolean {
  if (!containsAwait(node)) return false;
  if (t.isForInStatement(node) || t.isForOfStatement(node)) {
    return (t.isForOfStatement(node) && node.await) || containsAwait(node.left) || containsAwait(node.body);
  }
  if (t.isSwitchStatement(node)) return node.cases.some((c) => containsAwait(c.test) || c.consequent.some((s) => containsAwait(s)));
  return true;
}
