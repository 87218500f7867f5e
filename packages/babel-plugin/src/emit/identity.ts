/**
 * How a compiled async function presents itself to code that inspects it:
 * as an async function (`fn[Symbol.toStringTag] === "AsyncFunction"`,
 * `fn.constructor.name === "AsyncFunction"`, which libraries use to tell
 * async functions apart), not constructible and without a `prototype`
 * where that costs nothing per call, and under its own name.
 *
 * The runtime's `asAsyncFunction(fn)` gives a function the AsyncFunction
 * prototype, once per function object, never per call:
 * - a declaration is marked by a statement at the start of its scope,
 *   where the declaration itself is initialised, and guards against `new`
 *   with `new.target` (it keeps its `prototype`: see the README);
 * - an expression is wrapped where it is created; a non-arrow one becomes
 *   a method (`{ f() {…} }.f`: not a constructor, no prototype), whose key
 *   also gives it the name the language would infer from its context;
 * - object and class methods are marked once their object or class exists:
 *   `asAsyncMethods(obj, keys)`, and for a class in a static block placed
 *   first in its body (so no static initialiser sees them unmarked).
 *
 * Declarations, objects and classes are prepared before analysis (their
 * markers take part in renames and per-iteration rewrites like any code);
 * expressions and declarations' guards are done as each function compiles.
 */
import * as t from "@babel/types";
import type { NodePath } from "@babel/traverse";
import type { FileContext } from "./file";

export class AsyncIdentity {
  constructor(private readonly file: FileContext) {}

  /**
   * Before analysis: the markers of declarations, object methods and class
   * methods. True when object literals were wrapped (the paths of their
   * methods are then stale: collect the functions again).
   */
  prepare(functions: Array<NodePath<t.Function>>): boolean {
    const declarations = new Map<t.Node, { container: NodePath<t.Node>; names: t.Identifier[] }>();
    const objects = new Map<t.Node, { object: NodePath<t.ObjectExpression>; keys: string[] }>();
    const classes = new Map<t.Node, { body: NodePath<t.ClassBody>; own: string[]; statics: string[] }>();
    for (const fn of functions) {
      if (fn.isFunctionDeclaration()) {
        const container = declarationContainer(fn);
        if (!container) continue;
        let entry = declarations.get(container.node);
        if (!entry) declarations.set(container.node, (entry = { container, names: [] }));
        entry.names.push(declarationId(fn));
        continue;
      }
      if (!(fn.isObjectMethod() || fn.isClassMethod()) || fn.node.computed) continue; // computed keys: see the README
      const key = staticKey(fn.node.key as t.Expression);
      if (key === null) continue;
      if (fn.isObjectMethod()) {
        const object = fn.parentPath as NodePath<t.ObjectExpression>;
        let entry = objects.get(object.node);
        if (!entry) objects.set(object.node, (entry = { object, keys: [] }));
        entry.keys.push(key);
      } else {
        const body = fn.parentPath as NodePath<t.ClassBody>;
        let entry = classes.get(body.node);
        if (!entry) classes.set(body.node, (entry = { body, own: [], statics: [] }));
        ((fn.node as t.ClassMethod).static ? entry.statics : entry.own).push(key);
      }
    }
    declarations.forEach(({ container, names }) => this.markDeclarations(container, names));
    classes.forEach(({ body, own, statics }) => this.markClass(body, own, statics));
    objects.forEach(({ object, keys }) => {
      object.replaceWith(t.callExpression(this.file.helper("asAsyncMethods"), [object.node, stringList(keys)]));
    });
    return objects.size > 0;
  }

  /** After one function compiled: expressions are wrapped, declarations guarded. */
  present(fn: NodePath<t.Function>): void {
    const node = fn.node;
    if (fn.isFunctionDeclaration()) guardAgainstNew(node as t.FunctionDeclaration);
    else if (fn.isArrowFunctionExpression()) {
      const name = inferredName(fn);
      const value = name === null ? (node as t.Expression) : keyed(name, t.objectProperty(t.stringLiteral(name), node as t.Expression));
      fn.replaceWith(t.callExpression(this.file.helper("asAsyncFunction"), [value]));
    } else if (fn.isFunctionExpression()) {
      if (assignsOwnName(fn)) {
        // `g = …` inside `async function g` is ignored (sloppy) or throws (strict):
        // only the expression's own immutable binding does both
        guardAgainstNew(node as t.FunctionExpression);
        fn.replaceWith(t.callExpression(this.file.helper("asAsyncFunction"), [node as t.FunctionExpression]));
      } else {
        fn.replaceWith(t.callExpression(this.file.helper("asAsyncFunction"), [asMethod(fn)]));
      }
    }
  }

  /**
   * `asAsyncFunction(f, g)` first in the container, its arguments registered
   * as references of the declarations' bindings.
   */
  private markDeclarations(container: NodePath<t.Node>, names: t.Identifier[]): void {
    const call = t.expressionStatement(t.callExpression(this.file.helper("asAsyncFunction"), names.map((n) => t.cloneNode(n))));
    const inserted = insertFirst(container, call);
    const args = (inserted.get("expression") as NodePath<t.CallExpression>).get("arguments");
    for (const arg of args) {
      const binding = arg.scope.getBinding((arg.node as t.Identifier).name);
      if (binding) binding.reference(arg);
    }
  }

  /** `static { asAsyncMethods(this.prototype, [...]); asAsyncMethods(this, [...]); }` first in the class */
  private markClass(body: NodePath<t.ClassBody>, own: string[], statics: string[]): void {
    const marks: t.Statement[] = [];
    const mark = (target: t.Expression, keys: string[]) =>
      marks.push(t.expressionStatement(t.callExpression(this.file.helper("asAsyncMethods"), [target, stringList(keys)])));
    if (own.length > 0) mark(t.memberExpression(t.thisExpression(), t.identifier("prototype")), own);
    if (statics.length > 0) mark(t.thisExpression(), statics);
    body.unshiftContainer("body", t.staticBlock(marks));
  }
}

/** The statement list a declaration is initialised in (its block, case, module or script). */
function declarationContainer(fn: NodePath<t.FunctionDeclaration>): NodePath<t.Node> | null {
  let decl: NodePath<t.Node> = fn;
  const parent = decl.parentPath;
  if (parent && (parent.isExportNamedDeclaration() || parent.isExportDefaultDeclaration())) decl = parent;
  const container = decl.parentPath;
  if (!container) return null;
  if (container.isBlockStatement() || container.isProgram() || container.isSwitchCase() || container.isStaticBlock() || container.isTSModuleBlock()) {
    return container;
  }
  return null; // a declaration as the body of an if (sloppy mode): left unmarked
}

/**
 * The binding name of a declaration; `export default async function () {}`
 * gets one, as Babel's other function transforms give it (its `.name` is
 * then "_default", not "default").
 */
function declarationId(fn: NodePath<t.FunctionDeclaration>): t.Identifier {
  if (fn.node.id) return fn.node.id;
  const id = fn.scope.parent!.generateUidIdentifier("default");
  fn.node.id = id;
  fn.scope.parent!.registerDeclaration(fn);
  return id;
}

function insertFirst(container: NodePath<t.Node>, stmt: t.Statement): NodePath<t.ExpressionStatement> {
  if (container.isSwitchCase()) return container.unshiftContainer("consequent", stmt)[0] as NodePath<t.ExpressionStatement>;
  const body = container.get("body") as NodePath<t.Statement>[];
  // after imports: they are hoisted anyway, and module transforms expect them first
  let lastImport: NodePath<t.Statement> | null = null;
  for (const s of body) {
    if (s.isImportDeclaration()) lastImport = s;
    else break;
  }
  if (lastImport) return lastImport.insertAfter(stmt)[0] as NodePath<t.ExpressionStatement>;
  return (container as NodePath<t.BlockStatement>).unshiftContainer("body", stmt)[0] as NodePath<t.ExpressionStatement>;
}

/**
 * `{ "name"(…) {…} }["name"]`: the function as a method (no [[Construct]],
 * no prototype), named as the expression would be. A named expression that
 * refers to itself keeps its own binding:
 * `(() => { const h = { h(…) {…} }.h; return h; })()`.
 */
function asMethod(fn: NodePath<t.FunctionExpression>): t.Expression {
  const node = fn.node;
  const ownName = node.id ? node.id.name : null;
  const name = ownName !== null ? ownName : inferredName(fn) || "";
  const method = t.objectMethod("method", t.stringLiteral(name), node.params, node.body);
  method.loc = node.loc;
  const value = keyed(name, method);
  if (ownName === null || !refersToItself(fn, ownName)) return value;
  const self = t.identifier(ownName);
  const declare = t.variableDeclaration("const", [t.variableDeclarator(self, value)]);
  return t.callExpression(t.arrowFunctionExpression([], t.blockStatement([declare, t.returnStatement(t.identifier(ownName))])), []);
}

function keyed(name: string, member: t.ObjectMethod | t.ObjectProperty): t.Expression {
  return t.memberExpression(t.objectExpression([member]), t.stringLiteral(name), true);
}

function assignsOwnName(fn: NodePath<t.FunctionExpression>): boolean {
  const id = fn.node.id;
  if (!id) return false;
  const binding = fn.scope.getBinding(id.name);
  return !!binding && binding.scope === fn.scope && binding.kind === "local" && binding.constantViolations.length > 0;
}

function refersToItself(fn: NodePath<t.FunctionExpression>, name: string): boolean {
  const binding = fn.scope.getBinding(name);
  if (!binding || binding.scope !== fn.scope) return false;
  return binding.referencePaths.length > 0 || binding.constantViolations.length > 0;
}

/**
 * `if (new.target !== undefined) throw new TypeError("f is not a constructor")`
 * first in a compiled declaration: an async function is not a constructor.
 */
function guardAgainstNew(node: t.FunctionDeclaration | t.FunctionExpression): void {
  const check = t.binaryExpression("!==", t.metaProperty(t.identifier("new"), t.identifier("target")), t.identifier("undefined"));
  const error = t.newExpression(t.identifier("TypeError"), [t.stringLiteral(node.id!.name + " is not a constructor")]);
  node.body.body.unshift(t.ifStatement(check, t.throwStatement(error)));
}

function staticKey(key: t.Expression): string | null {
  if (t.isIdentifier(key)) return key.name;
  if (t.isStringLiteral(key)) return key.value;
  if (t.isNumericLiteral(key)) return String(key.value);
  return null;
}

function stringList(keys: string[]): t.ArrayExpression {
  return t.arrayExpression(keys.map((k) => t.stringLiteral(k)));
}

/**
 * The name NamedEvaluation gives an anonymous function in this position:
 * `const f = …`, `f = …`, `{ f: … }`, a class field `f = …`, a default
 * `(f = …)`, `export default …`; null where there is none (or it is
 * computed at run time).
 */
export function inferredName(fn: NodePath<t.Node>): string | null {
  let child: NodePath<t.Node> = fn;
  let parent = fn.parentPath;
  // TypeScript wrappers and parentheses are transparent
  while (parent && (parent.isTSAsExpression() || parent.isTSSatisfiesExpression() || parent.isTSNonNullExpression() || parent.isTSTypeAssertion() || parent.isParenthesizedExpression())) {
    child = parent;
    parent = parent.parentPath;
  }
  if (!parent) return null;
  const node = parent.node;
  if (t.isVariableDeclarator(node) && node.init === child.node && t.isIdentifier(node.id)) return node.id.name;
  if (t.isAssignmentExpression(node) && node.right === child.node && t.isIdentifier(node.left) && ["=", "||=", "&&=", "??="].indexOf(node.operator) >= 0) {
    return node.left.name;
  }
  if (t.isAssignmentPattern(node) && node.right === child.node && t.isIdentifier(node.left)) return node.left.name;
  if ((t.isObjectProperty(node) || t.isClassProperty(node)) && node.value === child.node && !node.computed) return staticKey(node.key as t.Expression);
  if (t.isClassPrivateProperty(node) && node.value === child.node) return "#" + node.key.id.name;
  if (t.isExportDefaultDeclaration(node)) return "default";
  return null;
}
