/**
 * Bindings of one async function, prepared before lowering.
 *
 * The body becomes a closure that runs once per resume, so every binding
 * that lives across an await moves to the outer function:
 * - `var`s anywhere, and `let`/`const`/`class` of the top-level block, are
 *   declared with `var` in the outer function (declarations become
 *   assignments);
 * - block-scoped bindings of nested blocks that are lowered (contain an
 *   await) are hoisted the same way, renamed first when the name is taken;
 * - such a binding declared inside a lowered loop and captured by a closure
 *   needs a fresh instance per iteration: it lives in an environment object
 *   (`env = { x: undefined }`, created per iteration or block entry) and
 *   every reference becomes `env.x`; closures that use it are wrapped so they
 *   keep the environment of their own iteration (see wrapEnvClosures).
 */
import * as t from "@babel/types";
import type { Binding, NodePath, Scope } from "@babel/traverse";
import { containsAwait, isLoweredStatement } from "../analysis/await-facts";
import { separateParameterScope } from "./param-scope";

export interface EnvInfo {
  env: t.Identifier;
  names: string[];
}

export class FunctionBindings {
  /** body variables that start as a copy of a parameter (see param-scope.ts) */
  parameterCopies: Array<[string, string]> = [];
  /** names the outer function declares with var */
  readonly hoisted: string[] = [];
  /** env-bound binding name -> its environment variable */
  readonly envOf = new Map<string, t.Identifier>();
  /** declaring node (block or loop) -> its environment */
  readonly envByOwner = new Map<t.Node, EnvInfo>();
  /** names given to block bindings renamed on their way to the function scope */
  readonly renamed = new Set<string>();
  /** renamed function/class declarations: new name -> source name (kept for .name) */
  readonly sourceName = new Map<string, string>();
  private readonly constant = new Set<string>();

  isConstant(name: string): boolean {
    return this.constant.has(name);
  }

  markConstant(name: string): void {
    this.constant.add(name);
  }

  /** the assignment target for a declared name: `x`, or `env.x` when env-bound */
  target(id: t.Identifier): t.Identifier | t.MemberExpression {
    const env = this.envOf.get(id.name);
    return env ? t.memberExpression(t.cloneNode(env), t.identifier(id.name)) : t.identifier(id.name);
  }

  /** Rewrites the identifiers a pattern declares into assignment targets. */
  patternTarget(pattern: t.LVal): t.LVal {
    if (t.isIdentifier(pattern)) return this.target(pattern);
    const copy = t.cloneNode(pattern, true);
    stripTypes(copy);
    const self = this;
    replaceDeclaredIdentifiers(copy, function (id) {
      return self.target(id);
    });
    return copy;
  }

  /**
   * Whether code refers to a binding whose name the compiled code changed
   * (renamed, or read through a per-iteration environment): inside `with`
   * its original name would first be looked up on the object.
   */
  refersToMovedBinding(node: t.Node): boolean {
    const envs = this.envNames();
    let found = false;
    t.traverseFast(node, (n) => {
      if (t.isIdentifier(n) && (this.renamed.has(n.name) || envs.has(n.name))) found = true;
    });
    return found;
  }

  envNames(): Set<string> {
    const out = new Set<string>();
    this.envByOwner.forEach((info) => out.add(info.env.name));
    return out;
  }
}

const LOOP_TYPES = new Set(["ForStatement", "ForInStatement", "ForOfStatement", "WhileStatement", "DoWhileStatement"]);

export interface AnalysisOptions {
  /** the fuzzer self-test's planted bug: env rewrites resolve references by name */
  renameByName?: boolean;
}

export function analyzeBindings(fn: NodePath<t.Function>, uid: (name: string) => t.Identifier, options: AnalysisOptions = {}): FunctionBindings {
  const out = new FunctionBindings();
  out.parameterCopies = separateParameterScope(fn).copies;
  const fnScope = fn.scope;
  const programScope = fnScope.getProgramParent();
  const taken = new Set<string>();
  // env-bound bindings, by their Babel binding: never by name, which an inner
  // parameter, catch parameter or block binding may reuse
  const envBound: Array<{ binding: Binding; name: string; env: t.Identifier }> = [];

  // scopes of this function's own blocks, loops and catch clauses
  const scopes: Scope[] = [];
  fn.get("body").traverse({
    Scopable(p) {
      if (p.isFunction() || p.isClass() || p.isStaticBlock()) {
        p.skip();
        return;
      }
      if (p.scope !== fnScope && scopes.indexOf(p.scope) < 0) scopes.push(p.scope);
    },
  });

  for (const name of Object.keys(fnScope.bindings)) {
    const b = fnScope.bindings[name];
    taken.add(name);
    if (b.kind === "var" || b.kind === "let" || b.kind === "const") out.hoisted.push(name);
  }

  for (const scope of scopes) {
    if (!isLowered(scope.block, scope)) continue; // stays native: its bindings keep their own semantics
    for (const name of Object.keys(scope.bindings)) {
      const b = scope.bindings[name];
      if (b.scope !== scope || b.kind === "var" || b.kind === "param") continue;
      let finalName = name;
      // hoisting to the function scope must not capture another binding's uses
      if (taken.has(name) || fnScope.hasBinding(name) || programScope.hasGlobal(name)) {
        finalName = fnScope.generateUid(name);
        scope.rename(name, finalName);
        out.renamed.add(finalName);
      }
      if (b.path.isFunctionDeclaration() || b.path.isClassDeclaration()) out.sourceName.set(finalName, name);
      taken.add(finalName);
      out.hoisted.push(finalName);
      if (isCaptured(b, fn) && insideLoweredLoop(scope.block, fn.node)) {
        let info = out.envByOwner.get(scope.block);
        if (!info) {
          info = { env: uid("env"), names: [] };
          out.envByOwner.set(scope.block, info);
        }
        info.names.push(finalName);
        out.envOf.set(finalName, info.env);
        envBound.push({ binding: b, name: finalName, env: info.env });
      }
    }
  }

  // a hoisted const becomes a var: keep its writes failing as natively
  for (const scope of [fnScope, ...scopes]) {
    if (scope !== fnScope && !isLowered(scope.block, scope)) continue;
    for (const name of Object.keys(scope.bindings)) {
      const b = scope.bindings[name];
      if (b.scope === scope && b.kind === "const") for (const v of b.constantViolations) failConstWrite(v);
    }
  }

  // rewrite uses of env-bound bindings into `env.x`
  for (const { binding, name, env } of envBound) {
    rewriteUses(options.renameByName ? findBindingByName(fn, name) : binding, name, env);
  }

  collectConstants(fn, scopes, out);
  return out;
}

/**
 * `c = v` on a const: natively a TypeError once the right side is
 * evaluated. The write is replaced by the evaluation and the throw.
 */
function failConstWrite(violation: NodePath): void {
  const node = violation.node;
  const thrower = t.callExpression(
    t.arrowFunctionExpression(
      [],
      t.blockStatement([t.throwStatement(t.newExpression(t.identifier("TypeError"), [t.stringLiteral("Assignment to constant variable.")]))]),
    ),
    [],
  );
  if (t.isAssignmentExpression(node)) {
    const reads = node.operator === "=" ? [] : [t.cloneNode(node.left as t.Expression)];
    violation.replaceWith(t.sequenceExpression([...reads, node.right, thrower]));
  } else if (t.isUpdateExpression(node)) {
    violation.replaceWith(t.sequenceExpression([t.unaryExpression("+", node.argument), thrower]));
  }
}

/** A scope whose code is split into cases: its block awaits, or it is the catch clause of a try that does. */
function isLowered(block: t.Node, scope: Scope): boolean {
  if (isLoweredStatement(block)) return true;
  if (t.isCatchClause(block)) {
    const parent = scope.path.parentPath;
    return !!parent && containsAwait(parent.node);
  }
  return false;
}

function isCaptured(b: Binding, fn: NodePath<t.Function>): boolean {
  const uses: NodePath[] = [...b.referencePaths, ...b.constantViolations];
  for (const u of uses) if (u.getFunctionParent() !== fn) return true;
  return false;
}

function insideLoweredLoop(block: t.Node, fnNode: t.Function): boolean {
  if (LOOP_TYPES.has(block.type) && isLoweredStatement(block)) return true;
  let found = false;
  const visit = (node: t.Node, ancestors: t.Node[]): boolean => {
    if (node === block) {
      found = ancestors.some((a) => LOOP_TYPES.has(a.type) && isLoweredStatement(a));
      return true;
    }
    if (node !== fnNode && t.isFunction(node)) return false;
    const keys = t.VISITOR_KEYS[node.type] || [];
    ancestors.push(node);
    for (const key of keys) {
      const child = (node as any)[key];
      const list = Array.isArray(child) ? child : [child];
      for (const c of list) if (c && typeof c.type === "string" && visit(c, ancestors)) return true;
    }
    ancestors.pop();
    return false;
  };
  visit(fnNode.body, []);
  return found;
}

/** Replaces every use (read or write, in closures too) of a binding by `env.name`. */
function rewriteUses(binding: Binding | null, name: string, env: t.Identifier): void {
  if (!binding) return;
  const member = () => t.memberExpression(t.cloneNode(env), t.identifier(name));
  for (const ref of binding.referencePaths) {
    const parent = ref.parentPath;
    if (parent && parent.isObjectProperty() && parent.node.shorthand && parent.node.value === ref.node) {
      parent.node.shorthand = false;
    }
    ref.replaceWith(member());
  }
  for (const violation of binding.constantViolations) {
    const node = violation.node;
    if (t.isAssignmentExpression(node)) node.left = replaceIn(node.left, name, member) as t.LVal;
    else if (t.isUpdateExpression(node)) node.argument = replaceIn(node.argument, name, member) as t.Expression;
    else if ((t.isForInStatement(node) || t.isForOfStatement(node)) && !t.isVariableDeclaration(node.left)) {
      node.left = replaceIn(node.left, name, member) as t.LVal;
    }
  }
}

/**
 * The planted miscompile of the fuzzer's self-test (option __testMiscompile:
 * "rename-by-name"): the first binding called `name` in the function, which
 * may be an inner function's parameter. Never used otherwise.
 */
function findBindingByName(fn: NodePath<t.Function>, name: string): Binding | null {
  let found: Binding | null = null;
  fn.get("body").traverse({
    Scopable(p) {
      const b = p.scope.getOwnBinding(name);
      if (b) {
        found = b;
        p.stop();
      }
    },
  });
  return found;
}

function replaceIn(node: t.Node, name: string, make: () => t.Expression): t.Node {
  if (t.isIdentifier(node)) return node.name === name ? make() : node;
  replaceDeclaredIdentifiers(node, (id) => (id.name === name ? (make() as t.MemberExpression) : id));
  return node;
}

/**
 * Calls `replace` on each identifier a pattern binds or assigns (not on
 * default values or computed keys) and puts the result in its place.
 */
export function replaceDeclaredIdentifiers(pattern: t.Node, replace: (id: t.Identifier) => t.LVal): void {
  const visit = (node: t.Node | null | undefined, set: (n: t.LVal) => void): void => {
    if (!node) return;
    if (t.isIdentifier(node)) set(replace(node));
    else if (t.isArrayPattern(node)) node.elements.forEach((e, i) => visit(e, (n) => (node.elements[i] = n as any)));
    else if (t.isObjectPattern(node)) {
      for (const p of node.properties) {
        if (t.isRestElement(p)) visit(p.argument, (n) => (p.argument = n as any));
        else {
          const prop = p as t.ObjectProperty;
          visit(prop.value, (n) => {
            prop.value = n as any;
            prop.shorthand = false;
          });
        }
      }
    } else if (t.isAssignmentPattern(node)) visit(node.left, (n) => (node.left = n as any));
    else if (t.isRestElement(node)) visit(node.argument, (n) => (node.argument = n as any));
  };
  visit(pattern, () => {
    throw new Error("coloop internal error: cannot replace a bare identifier pattern in place");
  });
}

/** Removes TypeScript annotations from a pattern that becomes an assignment target. */
export function stripTypes(node: t.Node): void {
  t.traverseFast(node, (n) => {
    if ("typeAnnotation" in n && (n as any).typeAnnotation) (n as any).typeAnnotation = null;
    if ("optional" in n && t.isIdentifier(n)) (n as any).optional = false;
  });
}

/** Names whose binding is never reassigned and is the only binding of that name in reach. */
function collectConstants(fn: NodePath<t.Function>, scopes: Scope[], out: FunctionBindings): void {
  const counts = new Map<string, number>();
  const constant = new Map<string, boolean>();
  // sloppy-mode `arguments` aliases the parameters: a write through it changes them
  const aliased = !fn.isInStrictMode() && usesArguments(fn);
  const note = (name: string, b: Binding) => {
    counts.set(name, (counts.get(name) || 0) + 1);
    constant.set(name, b.constant && b.kind !== "hoisted" && !(aliased && b.kind === "param") ? true : false);
  };
  for (const scope of scopes) for (const name of Object.keys(scope.bindings)) note(name, scope.bindings[name]);
  // and, per name, the nearest binding from the function's scope outwards (the
  // ones it shadows are out of reach); an inner block or catch binding of the
  // same name never hides it (a catch parameter x made a reassigned parameter x
  // look constant: fuzz 20261205:3404)
  const outer = new Set<string>();
  for (let s: Scope | undefined = fn.scope; s; s = s.parent) {
    for (const name of Object.keys(s.bindings)) {
      if (outer.has(name)) continue;
      outer.add(name);
      note(name, s.bindings[name]);
    }
  }
  constant.forEach((isConst, name) => {
    if (isConst && counts.get(name) === 1 && !out.envOf.has(name)) out.markConstant(name);
  });
}

/** Whether the function's own `arguments` object is used (arrows inside share it). */
function usesArguments(fn: NodePath<t.Function>): boolean {
  let found = false;
  fn.get("body").traverse({
    Function(p) {
      if (!p.isArrowFunctionExpression()) p.skip();
    },
    Identifier(p) {
      if (p.node.name === "arguments" && p.isReferencedIdentifier()) found = true;
    },
  });
  return found;
}
