/**
 * What a generated program does with names (issue #8), read back from its
 * text with Babel's scope analysis: which binding forms reuse the name of a
 * binding around them, and whether it holds the pattern a compiler renaming
 * by name instead of by binding gets wrong.
 */
import { parse } from "@babel/parser";
import traverseModule, { type Binding, type NodePath } from "@babel/traverse";
import * as t from "@babel/types";

const traverse: typeof traverseModule = (traverseModule as any).default || traverseModule;

export type BindingForm = "param" | "catch" | "loop" | "let" | "const" | "function" | "class" | "fnexpr";

export interface NameReuse {
  /** "inner>outer" for each binding whose name an enclosing scope also binds */
  shadows: Set<string>;
  /**
   * an async function with a block binding inside a loop that awaits,
   * captured by a closure, whose name another binding in the same function
   * also has (a parameter, a catch parameter, a block binding, a nested
   * function's local): renaming by name conflates the two
   */
  renameHazard: boolean;
  /** a loop that awaits creates closures over its own per-iteration bindings */
  loopClosures: boolean;
}

const LOOPS = ["ForStatement", "ForInStatement", "ForOfStatement", "WhileStatement", "DoWhileStatement"];

export function form(b: Binding): BindingForm | null {
  const p = b.path;
  if (b.kind === "param") return "param";
  if (p.isCatchClause()) return "catch";
  if (p.isFunctionDeclaration()) return "function";
  if (p.isClassDeclaration()) return "class";
  if (p.isFunctionExpression()) return "fnexpr";
  if (p.isVariableDeclarator()) {
    const decl = p.parentPath!;
    const kind = (decl.node as t.VariableDeclaration).kind;
    if (kind === "var") return null;
    if (decl.parentPath && LOOPS.includes(decl.parentPath.node.type) && decl.key !== "body") return "loop";
    return kind === "const" ? "const" : "let";
  }
  return null;
}

function isAsyncFunction(p: NodePath): p is NodePath<t.Function> {
  return p.isFunction() && !!(p.node as t.Function).async;
}

function containsOwnAwait(loop: NodePath, fn: NodePath): boolean {
  let found = false;
  loop.traverse({
    AwaitExpression(a) {
      if (a.getFunctionParent() === fn) {
        found = true;
        a.stop();
      }
    },
  });
  return found;
}

export function nameReuse(code: string): NameReuse {
  const ast = parse(code, { sourceType: "script" });
  const out: NameReuse = { shadows: new Set(), renameHazard: false, loopClosures: false };
  const all: Binding[] = [];
  traverse(ast, {
    Scopable(p: NodePath) {
      for (const name of Object.keys(p.scope.bindings)) {
        const b = p.scope.bindings[name];
        if (b.scope !== p.scope || all.includes(b)) continue;
        all.push(b);
        const outer = p.scope.parent && p.scope.parent.getBinding(name);
        const [fi, fo] = [form(b), outer && form(outer)];
        if (fi && fo) out.shadows.add(fi + ">" + fo);
      }
    },
  } as any);
  for (const b of all) {
    const f = form(b);
    if (f !== "loop" && f !== "let" && f !== "const" && f !== "class") continue;
    const fn = b.scope.path.getFunctionParent();
    if (!fn || !isAsyncFunction(fn)) continue;
    const loop = b.scope.path.find((a) => a === fn || LOOPS.includes(a.node.type));
    if (!loop || loop === fn || !containsOwnAwait(loop, fn)) continue;
    const captured = b.referencePaths.some((r) => r.getFunctionParent() !== fn);
    if (!captured) continue;
    out.loopClosures = true;
    const name = b.identifier.name;
    if (all.some((o) => o !== b && o.identifier.name === name && o.scope.path.findParent((a) => a === fn) && form(o))) out.renameHazard = true;
  }
  return out;
}

/**
 * In compiled code: the names P read as `_env.P` (a per-iteration
 * environment) where P resolves to a binding declared inside the scope
 * that binds `_env` (a parameter of an inner function, a catch parameter, a
 * block binding): that binding is what the source meant there, never the
 * loop's P. The planted rename-by-name bug writes these (an inner
 * binding's uses rewritten as the loop's binding of the same name); a
 * correct compiler does not. Returns "kind name" for each.
 */
export function envReadsOfInnerBindings(compiled: string): string[] {
  const ast = parse(compiled, { sourceType: "script" });
  const out: string[] = [];
  traverse(ast, {
    MemberExpression(p: NodePath<t.MemberExpression>) {
      const { object, property, computed } = p.node;
      if (computed || !t.isIdentifier(object) || !/^_env\d*$/.test(object.name) || !t.isIdentifier(property)) return;
      const env = p.scope.getBinding(object.name);
      const own = p.scope.getBinding(property.name);
      if (env && own && own.scope !== env.scope && own.scope.path.isDescendant(env.scope.path)) out.push(own.kind + " " + property.name);
    },
  } as any);
  return out;
}
