/**
 * Statements without await stay as written ("script"), with three
 * rewrites so they can run inside one case of the state machine:
 * - `return x` finishes the coroutine (or enters a pending finally);
 * - `break`/`continue` whose target is a lowered statement outside become
 *   jumps (running pending finally blocks first); those whose target is a
 *   native loop, switch or label inside the statement stay native;
 * - `var` declarations become assignments (the names are hoisted).
 * Nested functions are left alone: their returns and vars are their own.
 */
import * as t from "@babel/types";
import type { NodePath } from "@babel/traverse";
import { E_UNSUPPORTED_NODE, E_WITH, fail } from "../diagnostics";
import type { FunctionBuilder } from "./builder";
import type { FunctionBindings } from "./bindings";
import type { Label } from "./ir";

interface NativeContext {
  /** native loops enclosing the current statement (inside the script root) */
  loops: number;
  /** native loops and switches (targets of an unlabelled break) */
  breakables: number;
  /** labels of native statements in scope */
  labels: string[];
  /** labels of native loops in scope (targets of a labelled continue) */
  loopLabels: string[];
  /** native try statements with a finally around the current statement */
  finallies: number;
}

const ROOT: NativeContext = { loops: 0, breakables: 0, labels: [], loopLabels: [], finallies: 0 };

/**
 * An exit (return, break, continue) from inside a native try…finally: it
 * first moves to a case of its own placed right after the statement (so
 * `co.s` still says where the code is while the native finally runs — it
 * may throw), and that case makes the exit.
 */
export interface Trampoline {
  label: Label;
  /** the statements the trampoline case runs */
  exit: () => t.Statement[];
}

export class ScriptRewriter {
  private trampolines: Trampoline[] = [];

  constructor(
    private readonly b: FunctionBuilder,
    private readonly bindings: FunctionBindings,
  ) {}

  /**
   * Rewrites an await-free statement in place; returns what to emit.
   * `labels` are labels of the statement that were taken off it while
   * lowering: they are put back, native.
   */
  rewrite(path: NodePath<t.Statement>, labels: string[] = []): t.Statement {
    let stmt: t.Statement = path.node;
    for (let i = labels.length - 1; i >= 0; i--) stmt = t.labeledStatement(t.identifier(labels[i]), stmt);
    return this.visit(stmt, ROOT, path);
  }

  /** The trampolines the last rewrite needed (the caller places them after the statement). */
  takeTrampolines(): Trampoline[] {
    const out = this.trampolines;
    this.trampolines = [];
    return out;
  }

  /** `{ co.s = T; continue }` now; T's case makes the exit once the native finally blocks ran */
  private viaTrampoline(nested: boolean, exit: () => t.Statement[], before: t.Statement[] = []): t.Statement {
    const label = this.b.newLabel();
    this.trampolines.push({ label, exit });
    return t.blockStatement([...before, ...this.b.gotoStatements(label, nested)]);
  }

  /** `let`/`const`/`var` at the level of a lowered block: assignments to the hoisted names. */
  declarationToAssignments(decl: t.VariableDeclaration): t.Statement {
    const exprs: t.Expression[] = [];
    for (const d of decl.declarations) {
      if (d.init) exprs.push(t.assignmentExpression("=", this.bindings.patternTarget(d.id as t.LVal), rightSideFirst(d.id, d.init)));
      else if (decl.kind !== "var" && t.isIdentifier(d.id)) {
        // a fresh `let x;` is undefined again on every entry (loops)
        exprs.push(t.assignmentExpression("=", this.bindings.target(d.id), t.identifier("undefined")));
      }
    }
    return statementOf(exprs, decl.loc);
  }

  private visit(node: t.Statement, ctx: NativeContext, anchor: NodePath<t.Node>): t.Statement {
    const nested = ctx.loops > 0;
    switch (node.type) {
      case "ReturnStatement": {
        if (ctx.finallies > 0) {
          // the value is taken now, as natively (before the finally blocks run)
          const value = this.b.longTemp("rv");
          const take = t.expressionStatement(t.assignmentExpression("=", value, node.argument || t.identifier("undefined")));
          return this.viaTrampoline(nested, () => this.b.returnStatements(t.cloneNode(value), false, node.loc), [take]);
        }
        return t.blockStatement(this.b.returnStatements(node.argument || null, nested, node.loc));
      }
      case "BreakStatement": {
        const label = node.label ? node.label.name : null;
        if (label !== null ? ctx.labels.indexOf(label) >= 0 : ctx.breakables > 0) return node;
        const entry = this.b.findBreak(label);
        if (!entry) return fail(anchor, E_UNSUPPORTED_NODE, "coloop internal error: no target for break");
        if (ctx.finallies > 0) return this.viaTrampoline(nested, () => this.b.jumpStatements(entry.breakLabel, entry, false));
        return t.blockStatement(this.b.jumpStatements(entry.breakLabel, entry, nested));
      }
      case "ContinueStatement": {
        const label = node.label ? node.label.name : null;
        if (label !== null ? ctx.loopLabels.indexOf(label) >= 0 : ctx.loops > 0) return node;
        const entry = this.b.findContinue(label);
        if (!entry) return fail(anchor, E_UNSUPPORTED_NODE, "coloop internal error: no target for continue");
        if (ctx.finallies > 0) return this.viaTrampoline(nested, () => this.b.jumpStatements(entry.continueLabel, entry, false));
        return t.blockStatement(this.b.jumpStatements(entry.continueLabel, entry, nested));
      }
      case "VariableDeclaration":
        return node.kind === "var" ? this.declarationToAssignments(node) : node;
      case "BlockStatement":
        node.body = node.body.map((s) => this.visit(s, ctx, anchor));
        return node;
      case "IfStatement":
        node.consequent = this.visit(node.consequent, ctx, anchor);
        if (node.alternate) node.alternate = this.visit(node.alternate, ctx, anchor);
        return node;
      case "ForStatement":
        if (t.isVariableDeclaration(node.init) && node.init.kind === "var") node.init = varInit(node.init, this.bindings);
        node.body = this.visit(node.body, loop(ctx), anchor);
        return node;
      case "ForInStatement":
      case "ForOfStatement":
        if (t.isVariableDeclaration(node.left) && node.left.kind === "var") {
          node.left = this.bindings.patternTarget(node.left.declarations[0].id as t.LVal) as any;
        }
        node.body = this.visit(node.body, loop(ctx), anchor);
        return node;
      case "WhileStatement":
      case "DoWhileStatement":
        node.body = this.visit(node.body, loop(ctx), anchor);
        return node;
      case "SwitchStatement": {
        const inner = { ...ctx, breakables: ctx.breakables + 1 };
        for (const c of node.cases) c.consequent = c.consequent.map((s) => this.visit(s, inner, anchor));
        return node;
      }
      case "LabeledStatement": {
        const name = node.label.name;
        const inner = { ...ctx, labels: ctx.labels.concat(name) };
        if (isLoopBody(node.body)) inner.loopLabels = ctx.loopLabels.concat(name);
        node.body = this.visit(node.body, inner, anchor);
        return node;
      }
      case "TryStatement": {
        const guarded = node.finalizer ? { ...ctx, finallies: ctx.finallies + 1 } : ctx;
        node.block = this.visit(node.block, guarded, anchor) as t.BlockStatement;
        if (node.handler) node.handler.body = this.visit(node.handler.body, guarded, anchor) as t.BlockStatement;
        if (node.finalizer) node.finalizer = this.visit(node.finalizer, ctx, anchor) as t.BlockStatement;
        return node;
      }
      case "WithStatement":
        // native, unless it names a binding the compiled code renamed: `with`
        // would look the original name up on its object first
        if (this.bindings.refersToMovedBinding(node.body)) {
          return fail(anchor, E_WITH, "`with` around a block-scoped binding that lives across an await is not supported in async functions");
        }
        node.body = this.visit(node.body, ctx, anchor);
        return node;
      default:
        return node;
    }
  }
}

function loop(ctx: NativeContext): NativeContext {
  return { ...ctx, loops: ctx.loops + 1, breakables: ctx.breakables + 1 };
}

function isLoopBody(node: t.Statement): boolean {
  if (t.isLabeledStatement(node)) return isLoopBody(node.body);
  return t.isLoop(node);
}

function varInit(decl: t.VariableDeclaration, bindings: FunctionBindings): t.Expression | null {
  const exprs: t.Expression[] = [];
  for (const d of decl.declarations) if (d.init) exprs.push(t.assignmentExpression("=", bindings.patternTarget(d.id as t.LVal), d.init));
  return exprs.length === 0 ? null : exprs.length === 1 ? exprs[0] : t.sequenceExpression(exprs);
}

function statementOf(exprs: t.Expression[], loc: t.SourceLocation | null | undefined): t.Statement {
  if (exprs.length === 0) return t.emptyStatement();
  const s = t.expressionStatement(exprs.length === 1 ? exprs[0] : t.sequenceExpression(exprs));
  if (loc) s.loc = loc;
  return s;
}

/**
 * preset-env unpacks `[a = x, b] = [p, q]` element by element, running a
 * default before later elements of the literal: a declaration turned into
 * an assignment must keep the literal evaluated first. A sequence
 * expression is not unpacked.
 */
export function rightSideFirst(pattern: t.Node, init: t.Expression): t.Expression {
  if (!t.isArrayPattern(pattern) || !t.isArrayExpression(init)) return init;
  let hasDefault = false;
  t.traverseFast(pattern, (n) => {
    if (t.isAssignmentPattern(n)) hasDefault = true;
  });
  return hasDefault ? t.sequenceExpression([t.numericLiteral(0), init]) : init;
}
